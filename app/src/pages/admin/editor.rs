//! `/admin/resources/new` and `/admin/resources/{slug}/edit`: every field of the catalog format
//! in one form. Lists (credits, schedule, items, quiz questions) are rows with a position and a
//! remove box plus a blank row for adding, so the form works as a plain post; problems come back
//! from the same rules as import, each shown beside its field; a save on an older version is
//! refused with the other admin's values beside the refused ones.

use super::{when, AdminShell};
use crate::api::{admin_editor, admin_render_markdown, AdminSaveResource, AdminTrash};
use crate::components::form::action_error;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::raw_text::raw_text;
use crate::error::UiError;
use crate::model::admin::{EditConflict, Editable, EditorChoices, Problem};
use crate::model::resource_form::ResourceForm;
use crate::model::Kind;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

const ITEM_KINDS: [&str; 7] = [
    "presentation",
    "video",
    "segment",
    "session",
    "reading",
    "case_guide",
    "quiz",
];
const FORMATS: [(&str, &str); 4] = [
    ("on_demand", "On demand"),
    ("live_online", "Live online"),
    ("in_person", "In person"),
    ("hybrid", "Hybrid"),
];

#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    // The query takes part so that the redirect after a save (`?saved=1`) loads the new version;
    // a later save redirects to that same address, so each successful save counts too.
    let saves = RwSignal::new(0u32);
    let data = Resource::new(
        move || (params.read().get("slug"), location.search.get(), saves.get()),
        |(slug, _, _)| admin_editor(slug),
    );
    let saved = move || location.search.get().contains("saved=1");
    view! {
        <AdminShell title="Edit resource">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok((editable, choices)) => view! { <Editor editable choices saved=saved() saves/> }.into_any(),
                    }
                })}
            </Transition>
        </AdminShell>
    }
}

/// The problems whose pointer is `pointer` or lies inside it.
fn problems_at(error: &Option<UiError>, pointer: &str) -> Vec<Problem> {
    match error {
        Some(UiError::Problems(problems)) => problems
            .iter()
            .filter(|p| p.pointer == pointer || p.pointer.starts_with(&format!("{pointer}/")))
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// `/items/2/quiz/questions/0/answer` → "Items › 3 › quiz › questions › 1 › answer": counted
/// from 1, as the form shows rows.
pub fn pointer_label(pointer: &str) -> String {
    if pointer.is_empty() {
        return "The record".into();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|seg| match seg.parse::<usize>() {
            Ok(n) => (n + 1).to_string(),
            Err(_) => seg.replace('_', " "),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

#[component]
fn Editor(editable: Option<Editable>, choices: EditorChoices, saved: bool, saves: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<AdminSaveResource>::new();
    let error = action_error(action);
    // Only a save that worked reloads the stored version; a refused one keeps what was typed.
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            saves.update(|n| *n += 1);
        }
    });
    let is_new = editable.is_none();
    let form = editable
        .as_ref()
        .map(|e| ResourceForm::from_record(&e.record))
        .unwrap_or_else(|| {
            ResourceForm {
                kind: "course".into(),
                status: "draft".into(),
                language: "en".into(),
                ..Default::default()
            }
            .with_blank_rows()
        });
    let original = editable.as_ref().map(|_| form.slug.clone()).unwrap_or_default();
    let trash_slug = form.slug.clone();
    let version = editable.as_ref().map(|e| e.version).unwrap_or(0);
    // After a refused save, the next one is made against the version now stored.
    let version_now = move || match error.get() {
        Some(UiError::EditConflict(c)) => c.version,
        _ => version,
    };
    let title = if is_new {
        "New resource".to_string()
    } else {
        format!("Edit: {}", form.title)
    };
    let at = move |pointer: &'static str| Signal::derive(move || problems_at(&error.get(), pointer));
    let ctx = StoredValue::new((form.clone(), choices.clone()));
    let body_preview = RwSignal::new(None::<String>);
    let typed = RwSignal::new(0u64);
    let trashed = editable.as_ref().and_then(|e| e.trashed_at.clone());
    let slug_for_links = form.slug.clone();

    view! {
        <div class="page-head">
            <h1>{title}</h1>
            {editable.as_ref().map(|e| view! {
                <p class="muted">{format!("Version {} · last saved {}", e.version, when(&e.updated_at))}</p>
            })}
            {saved.then(|| view! { <p class="notice" role="status">"Saved. The change is live in browse, the resource page and search."</p> })}
            {trashed.clone().map(|t| view! {
                <p class="notice notice--warn" role="status">{format!("This resource is in the trash (since {}). Restore it from the trash to edit it.", when(&t))}</p>
            })}
            {(!is_new).then(|| {
                let slug = slug_for_links.clone();
                view! {
                    <p class="actions">
                        <a class="button button--secondary" href=format!("/admin/resources/{slug}/preview")>"Preview the public page"</a>
                    </p>
                }
            })}
        </div>
        <ProblemsSummary error/>
        <ConflictPanel error/>
        <ActionForm action attr:class="editor" attr:novalidate=true>
            <input type="hidden" name="original" value=original.clone()/>
            <input type="hidden" name="version" prop:value=move || version_now().to_string() value=version.to_string()/>

            <fieldset class="panel">
                <legend>"The listing"</legend>
                <TextInput label="Title" name="title" value=form.title.clone() problems=at("/title") required=true/>
                <TextInput label="Slug" name="slug" value=form.slug.clone() problems=at("/slug") required=true readonly=!is_new
                    hint="The resource's address: lower-case words joined by hyphens. It cannot change once saved."/>
                <div class="field">
                    <label for="f-kind">"Kind"</label>
                    <select id="f-kind" name="form[kind]">
                        {Kind::ALL.iter().map(|k| {
                            let v = k.as_str();
                            view! { <option value=v selected=form.kind == v>{k.label()}</option> }
                        }).collect_view()}
                    </select>
                    <FieldProblems problems=at("/kind")/>
                </div>
                <TextArea label="Summary" name="summary" value=form.summary.clone() problems=at("/summary") rows=3 required=true
                    hint="One or two sentences shown on cards and in search results."/>
                <div class="field editor__body">
                    <label for="f-body">"Description (Markdown)"<span class="field__optional">" (optional)"</span></label>
                    <p class="field__hint" id="f-body-hint">"Headings with ##, **bold**, lists with -, links as [text](https://…). Scripts and unsafe links are removed when shown."</p>
                    <textarea id="f-body" name="form[body]" rows="10" aria-describedby="f-body-hint"
                        on:input=move |ev| {
                            // Rendered on the server (the one sanitizer), a moment after typing stops.
                            let text = event_target_value(&ev);
                            let ticket = typed.get_untracked() + 1;
                            typed.set(ticket);
                            set_timeout(
                                move || {
                                    if typed.get_untracked() != ticket {
                                        return;
                                    }
                                    leptos::task::spawn_local(async move {
                                        if let Ok(html) = admin_render_markdown(text).await {
                                            body_preview.set(Some(html));
                                        }
                                    });
                                },
                                std::time::Duration::from_millis(300),
                            );
                        }
                    >{raw_text(form.body.clone())}</textarea>
                    <FieldProblems problems=at("/body")/>
                    {move || body_preview.get().map(|html| view! {
                        <section class="editor__preview" aria-label="Description preview" aria-live="polite">
                            <h3 class="editor__preview-title">"Preview"</h3>
                            <div class="prose" inner_html=html></div>
                        </section>
                    })}
                </div>
                <TextInput label="Web address" name="url" value=form.url.clone() problems=at("/url") kind="url"
                    hint="The provider's page for it, starting with https://."/>
                <div class="field">
                    <label for="f-provider">"Provider"<span class="field__optional">" (optional)"</span></label>
                    <select id="f-provider" name="form[provider]">
                        <option value="">"No provider"</option>
                        {choices.organizations.iter().map(|(slug, title)| view! {
                            <option value=slug.clone() selected=form.provider == *slug>{title.clone()}</option>
                        }).collect_view()}
                    </select>
                    <FieldProblems problems=at("/provider")/>
                </div>
                <div class="field">
                    <label for="f-status">"Status"</label>
                    <select id="f-status" name="form[status]">
                        <option value="draft" selected=form.status == "draft">"Draft: only admins see it"</option>
                        <option value="published" selected=form.status == "published">"Published: live for everyone"</option>
                    </select>
                </div>
                <div class="check">
                    <input type="checkbox" id="f-featured" name="form[featured]" value="on" checked=form.featured.is_some()/>
                    <label for="f-featured">"Feature it on the home page"</label>
                </div>
            </fieldset>

            <fieldset class="panel">
                <legend>"Who it is for and what it covers"</legend>
                {move || ctx.with_value(|(form, choices)| {
                    [
                        ("audiences", "Audiences", &form.audiences),
                        ("disciplines", "Disciplines", &form.disciplines),
                        ("specialties", "Specialties", &form.specialties),
                        ("topics", "Topics", &form.topics),
                        ("tags", "Tags", &form.tags),
                    ]
                    .into_iter()
                    .map(|(name, label, value)| {
                        let vocabulary = name.trim_end_matches('s').replace("specialtie", "specialty");
                        let in_use = choices
                            .vocabularies
                            .iter()
                            .find(|(v, _)| *v == vocabulary)
                            .map(|(_, terms)| terms.clone())
                            .unwrap_or_default();
                        view! { <TermsInput name label value=value.clone() in_use problems=at_owned(error, format!("/{name}"))/> }
                    })
                    .collect_view()
                })}
            </fieldset>

            <fieldset class="panel">
                <legend>"When, where and how"</legend>
                <div class="field">
                    <label for="f-format">"Format"<span class="field__optional">" (optional)"</span></label>
                    <select id="f-format" name="form[format]">
                        <option value="">"Not stated"</option>
                        {FORMATS.iter().map(|(v, l)| view! { <option value=*v selected=form.format == *v>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <TextInput label="Starts on" name="starts_on" value=form.starts_on.clone() problems=at("/starts_on") kind="date"/>
                <TextInput label="Ends on" name="ends_on" value=form.ends_on.clone() problems=at("/ends_on") kind="date"/>
                <TextInput label="Duration (minutes)" name="duration_minutes" value=form.duration_minutes.clone() problems=at("/duration_minutes") inputmode="numeric"/>
                <TextInput label="Location" name="location" value=form.location.clone() problems=at("/location")/>
                <TextInput label="Language" name="language" value=form.language.clone() problems=at("/language") hint="A language code: en, es, fr-CA."/>
            </fieldset>

            <fieldset class="panel">
                <legend>"Cost and credits"</legend>
                <div class="check">
                    <input type="checkbox" id="f-cost-free" name="form[cost_free]" value="on" checked=form.cost_free.is_some()/>
                    <label for="f-cost-free">"Free of charge"</label>
                </div>
                <TextInput label="Currency" name="cost_currency" value=form.cost_currency.clone() problems=at("/cost/currency") hint="Three capital letters: USD, EUR, GBP."/>
                <TextInput label="Amount" name="cost_amount" value=form.cost_amount.clone() problems=at("/cost/amount") inputmode="decimal"/>
                <TextArea label="Notes on cost" name="cost_notes" value=form.cost_notes.clone() problems=at("/cost/notes") rows=2
                    hint="Exactly as the provider states it: early rates, discounts, what the fee includes."/>
                <FieldProblems problems=at("/cost")/>
                <table class="editor__rows">
                    <caption>"Credits"</caption>
                    <thead><tr><th scope="col">"Order"</th><th scope="col">"Credit type"</th><th scope="col">"Amount"</th><th scope="col">"Remove"</th></tr></thead>
                    <tbody>
                        {form.credits.iter().enumerate().map(|(n, c)| view! {
                            <tr>
                                <td><RowInput label=format!("Credit {} order", n + 1) name=format!("form[credits][{n}][position]") value=c.position.clone() size=3/></td>
                                <td><RowInput label=format!("Credit {} type", n + 1) name=format!("form[credits][{n}][credit_type]") value=c.credit_type.clone()/></td>
                                <td><RowInput label=format!("Credit {} amount", n + 1) name=format!("form[credits][{n}][amount]") value=c.amount.clone() size=6/></td>
                                <td><RemoveBox label=format!("Remove credit {}", n + 1) name=format!("form[credits][{n}][remove]")/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <FieldProblems problems=at("/credits")/>
            </fieldset>

            <fieldset class="panel">
                <legend>"Schedule"</legend>
                <p class="field__hint">"Times with their offset, e.g. 2027-03-01T09:00:00-05:00. Reorder with the order numbers; the last row adds a session."</p>
                <table class="editor__rows">
                    <caption>"Sessions"</caption>
                    <thead><tr><th scope="col">"Order"</th><th scope="col">"Title"</th><th scope="col">"Starts at"</th><th scope="col">"Ends at"</th><th scope="col">"Track"</th><th scope="col">"Remove"</th></tr></thead>
                    <tbody>
                        {form.schedule.iter().enumerate().map(|(n, s)| view! {
                            <tr>
                                <td><RowInput label=format!("Session {} order", n + 1) name=format!("form[schedule][{n}][position]") value=s.position.clone() size=3/></td>
                                <td><RowInput label=format!("Session {} title", n + 1) name=format!("form[schedule][{n}][title]") value=s.title.clone()/></td>
                                <td><RowInput label=format!("Session {} starts at", n + 1) name=format!("form[schedule][{n}][starts_at]") value=s.starts_at.clone() size=25/></td>
                                <td><RowInput label=format!("Session {} ends at", n + 1) name=format!("form[schedule][{n}][ends_at]") value=s.ends_at.clone() size=25/></td>
                                <td><RowInput label=format!("Session {} track", n + 1) name=format!("form[schedule][{n}][track]") value=s.track.clone() size=8/></td>
                                <td><RemoveBox label=format!("Remove session {}", n + 1) name=format!("form[schedule][{n}][remove]")/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <FieldProblems problems=at("/schedule")/>
            </fieldset>

            <fieldset class="panel">
                <legend>"Items"</legend>
                <p class="field__hint">"The units learners track, in order. Removing an item retires it: learners keep the progress they made on it. A quiz item needs a pass mark and at least one question; a new one is saved with its first question, and each save adds room for one more."</p>
                {form.items.iter().enumerate().map(|(n, item)| {
                    let questions: Vec<(usize, crate::model::resource_form::QuestionRow)> = form
                        .questions
                        .iter()
                        .enumerate()
                        // The blank item's section holds the question not yet tied to a slug:
                        // a new quiz item is saved with its first question.
                        .filter(|(_, q)| q.item == item.slug)
                        .map(|(k, q)| (k, q.clone()))
                        .collect();
                    let heading = if item.slug.is_empty() { "Add an item".to_string() } else { format!("Item {}: {}", n + 1, item.title) };
                    view! {
                        <section class="editor__item" aria-label=heading.clone()>
                            <h3>{heading.clone()}</h3>
                            <div class="editor__item-grid">
                                <RowInput label="Order".to_string() name=format!("form[items][{n}][position]") value=item.position.clone() size=3 visible=true/>
                                <RowInput label="Slug".to_string() name=format!("form[items][{n}][slug]") value=item.slug.clone() visible=true/>
                                <RowInput label="Title".to_string() name=format!("form[items][{n}][title]") value=item.title.clone() visible=true/>
                                <div class="field">
                                    <label for=format!("f-item-{n}-kind")>"Kind"</label>
                                    <select id=format!("f-item-{n}-kind") name=format!("form[items][{n}][kind]")>
                                        {ITEM_KINDS.iter().map(|k| view! { <option value=*k selected=item.kind == *k>{k.replace('_', " ")}</option> }).collect_view()}
                                    </select>
                                </div>
                                <RowInput label="Web address".to_string() name=format!("form[items][{n}][url]") value=item.url.clone() visible=true/>
                                <RowInput label="Minutes".to_string() name=format!("form[items][{n}][duration_minutes]") value=item.duration_minutes.clone() size=5 visible=true/>
                                <RowInput label="Pass mark (%), for a quiz".to_string() name=format!("form[items][{n}][pass_percent]") value=item.pass_percent.clone() size=4 visible=true/>
                            </div>
                            <RowArea label="Summary".to_string() name=format!("form[items][{n}][summary]") value=item.summary.clone() rows=2/>
                            {(!item.slug.is_empty()).then(|| view! { <RemoveBox label="Retire this item".to_string() name=format!("form[items][{n}][remove]") visible=true/> })}
                            <FieldProblems problems=at_owned(error, format!("/items/{n}"))/>
                            {(!questions.is_empty()).then(|| view! {
                                <div class="editor__questions">
                                    <h4>{if item.slug.is_empty() { "Its first question, if it is a quiz" } else { "Quiz questions" }}</h4>
                                    {questions.into_iter().map(|(k, q)| {
                                        let label = if q.prompt.is_empty() { "Add a question".to_string() } else { format!("Question {}", q.position) };
                                        view! {
                                            <fieldset class="editor__question">
                                                <legend>{label}</legend>
                                                <input type="hidden" name=format!("form[questions][{k}][item]") value=q.item.clone()/>
                                                <RowInput label="Order".to_string() name=format!("form[questions][{k}][position]") value=q.position.clone() size=3 visible=true/>
                                                <RowArea label="Question".to_string() name=format!("form[questions][{k}][prompt]") value=q.prompt.clone() rows=2/>
                                                <RowArea label="Choices, one per line".to_string() name=format!("form[questions][{k}][choices]") value=q.choices.clone() rows=4/>
                                                <RowInput label="Number of the right choice".to_string() name=format!("form[questions][{k}][answer]") value=q.answer.clone() size=3 visible=true/>
                                                <RowArea label="Explanation shown after answering".to_string() name=format!("form[questions][{k}][explanation]") value=q.explanation.clone() rows=2/>
                                                {(!q.prompt.is_empty()).then(|| view! { <RemoveBox label="Remove this question".to_string() name=format!("form[questions][{k}][remove]") visible=true/> })}
                                            </fieldset>
                                        }
                                    }).collect_view()}
                                </div>
                            })}
                        </section>
                    }
                }).collect_view()}
            </fieldset>

            <p class="actions">
                <button type="submit" class="button">{if is_new { "Create resource" } else { "Save changes" }}</button>
            </p>
        </ActionForm>
        {(!is_new && trashed.is_none()).then(|| view! { <TrashForm slug=trash_slug.clone()/> })}
    }
}

fn at_owned(error: Signal<Option<UiError>>, pointer: String) -> Signal<Vec<Problem>> {
    Signal::derive(move || problems_at(&error.get(), &pointer))
}

/// Every problem, listed at the top with links to nowhere but clear labels, announced once.
#[component]
fn ProblemsSummary(error: Signal<Option<UiError>>) -> impl IntoView {
    move || {
        match error.get() {
        Some(UiError::Problems(problems)) => view! {
            <section class="panel panel--error" role="alert" aria-labelledby="problems-title">
                <h2 id="problems-title">{format!("{} problem(s) to fix; nothing was saved", problems.len())}</h2>
                <ul>
                    {problems.into_iter().map(|p| view! { <li><strong>{pointer_label(&p.pointer)}</strong>": "{p.message}</li> }).collect_view()}
                </ul>
            </section>
        }
        .into_any(),
        Some(UiError::EditConflict(_)) | None => ().into_any(),
        Some(other) => view! { <p class="form-error" role="alert">{other.to_string()}</p> }.into_any(),
    }
    }
}

/// Someone else saved first: their values beside the refused ones, field by field.
#[component]
fn ConflictPanel(error: Signal<Option<UiError>>) -> impl IntoView {
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "(empty)".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    move || match error.get() {
        Some(UiError::EditConflict(c)) => {
            let EditConflict {
                saved_by,
                saved_at,
                differences,
                ..
            } = *c;
            view! {
                <section class="panel panel--warn" role="alert" aria-labelledby="conflict-title">
                    <h2 id="conflict-title">"Someone else saved this resource while you were editing"</h2>
                    <p>{format!("{} saved it at {}. Your changes are not saved yet.", saved_by.unwrap_or_else(|| "Another admin".into()), when(&saved_at))}</p>
                    <p>"To merge: keep the fields below you want from their version by copying them into the form, then save again. Saving now keeps your version of every field."</p>
                    <table class="diff">
                        <caption>"Where their saved version and yours differ"</caption>
                        <thead><tr><th scope="col">"Field"</th><th scope="col">"Saved by them"</th><th scope="col">"Yours (not saved)"</th></tr></thead>
                        <tbody>
                            {differences.into_iter().map(|d| view! {
                                <tr><th scope="row">{pointer_label(&format!("/{}", d.field))}</th><td>{show(&d.before)}</td><td>{show(&d.after)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

#[component]
fn FieldProblems(#[prop(into)] problems: Signal<Vec<Problem>>) -> impl IntoView {
    move || {
        let list = problems.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="field__error">
                    {list.into_iter().map(|p| view! { <li>{pointer_label(&p.pointer)}": "{p.message}</li> }).collect_view()}
                </ul>
            }
        })
    }
}

#[component]
fn TextInput(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: String,
    #[prop(into)] problems: Signal<Vec<Problem>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] inputmode: &'static str,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let invalid = move || (!problems.get().is_empty()).then_some("true");
    view! {
        <div class="field" class:field--invalid=move || invalid().is_some()>
            <label for=id.clone()>{label}{(!required).then(|| view! { <span class="field__optional">" (optional)"</span> })}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <input id=id.clone() name=format!("form[{name}]") type=kind value=value required=required readonly=readonly
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-invalid=invalid aria-describedby=(!hint.is_empty()).then(|| hint_id.clone())/>
            <FieldProblems problems/>
        </div>
    }
}

#[component]
fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: String,
    #[prop(into)] problems: Signal<Vec<Problem>>,
    rows: u32,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let invalid = move || (!problems.get().is_empty()).then_some("true");
    view! {
        <div class="field" class:field--invalid=move || invalid().is_some()>
            <label for=id.clone()>{label}{(!required).then(|| view! { <span class="field__optional">" (optional)"</span> })}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <textarea id=id.clone() name=format!("form[{name}]") rows=rows required=required aria-invalid=invalid
                aria-describedby=(!hint.is_empty()).then(|| hint_id.clone())>{raw_text(value)}</textarea>
            <FieldProblems problems/>
        </div>
    }
}

/// A comma-separated list of terms, with the vocabulary already in use offered as suggestions.
#[component]
fn TermsInput(
    name: &'static str,
    label: &'static str,
    value: String,
    in_use: Vec<String>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let shown: Vec<String> = in_use.iter().take(40).cloned().collect();
    let more = in_use.len().saturating_sub(shown.len());
    let hint = if in_use.is_empty() {
        "Separate terms with commas; lower-case words joined by hyphens.".to_string()
    } else {
        format!(
            "Separate terms with commas. In use: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}<span class="field__optional">" (optional)"</span></label>
            <p class="field__hint" id=hint_id.clone()>{hint}</p>
            <input id=id.clone() name=format!("form[{name}]") type="text" value=value aria-describedby=hint_id.clone()
                list=format!("{id}-terms")/>
            <datalist id=format!("{id}-terms")>
                {in_use.into_iter().map(|t| view! { <option value=t/> }).collect_view()}
            </datalist>
            <FieldProblems problems/>
        </div>
    }
}

/// An input inside a row; its label is visually hidden in tables, shown in item blocks.
#[component]
fn RowInput(
    label: String,
    name: String,
    value: String,
    #[prop(optional)] size: u32,
    #[prop(optional)] visible: bool,
) -> impl IntoView {
    let id = format!("f-{}", name.replace(['[', ']'], "-"));
    view! {
        <span class="row-field">
            <label for=id.clone() class:visually-hidden=!visible>{label}</label>
            <input id=id name=name type="text" value=value size=(size > 0).then_some(size)/>
        </span>
    }
}

#[component]
fn RowArea(label: String, name: String, value: String, rows: u32) -> impl IntoView {
    let id = format!("f-{}", name.replace(['[', ']'], "-"));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows=rows>{raw_text(value)}</textarea>
        </div>
    }
}

#[component]
fn RemoveBox(label: String, name: String, #[prop(optional)] visible: bool) -> impl IntoView {
    let id = format!("f-{}", name.replace(['[', ']'], "-"));
    view! {
        <span class="check">
            <input type="checkbox" id=id.clone() name=name value="on"/>
            <label for=id class:visually-hidden=!visible>{label}</label>
        </span>
    }
}

/// Moving to the trash asks for a ticked confirmation; it can be undone from the trash.
#[component]
fn TrashForm(slug: String) -> impl IntoView {
    let action = ServerAction::<AdminTrash>::new();
    let error = action_error(action);
    view! {
        <section class="panel panel--danger" aria-labelledby="trash-title">
            <h2 id="trash-title">"Move to the trash"</h2>
            <p>"It leaves browse, search and its page at once. Learners keep their progress and bookmarks, and you can restore it from the trash."</p>
            <ActionForm action attr:class="stack-form">
                <input type="hidden" name="slug" value=slug/>
                <div class="check">
                    <input type="checkbox" id="trash-confirm" name="confirm" value="on"/>
                    <label for="trash-confirm">"Yes, move this resource to the trash"</label>
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
                <button type="submit" class="button button--danger">"Move to the trash"</button>
            </ActionForm>
        </section>
    }
}
