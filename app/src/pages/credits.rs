//! `/me/credits`: "Credits and licences". Each licence or certification with where it stands in
//! its cycle (done, missing in total and by topic, due in N days, hub resources that would fill
//! each gap); the activities taken elsewhere, each with its certificate file; the credit earned
//! on the hub. Every form is a plain post that comes back here, so all of it works without the
//! wasm; a certificate file is a multipart post of its own.

use crate::api::{load_credits, AddOutsideActivity, DeleteLicence, DeleteOutsideActivity, SaveLicence};
use crate::components::confirm::Confirm;
use crate::components::form::{action_error, FormError};
use crate::components::progress_bar::ProgressBar;
use crate::components::refused_form;
use crate::components::signed_in_page::SignedInPage;
use crate::error::UiError;
use crate::model::credits::{
    due_words, hours, percent, profession_label, BoardTemplate, CreditLine, CreditSource, CreditType, CreditsPage,
    LicenceInput, LicenceStanding, OutsideActivity, Suggestion, PROFESSIONS,
};
use crate::model::dates::day;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Empty topic rows a licence form offers beyond those it has.
const SPARE_TOPIC_ROWS: usize = 2;

#[component]
pub fn CreditsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_credits());
    view! {
        <Title text="Credits and licences"/>
        <SignedInPage data=data title="Credits and licences"
            why="Sign in to track your continuing education: your licences, what each cycle still needs, and credit from the hub and elsewhere."
            body=|page| view! { <CreditsView page/> }/>
    }
}

/// Why a certificate file was refused, by the reason the server names (`why=`).
fn file_refusal(why: &str) -> &'static str {
    match why {
        "name" => "The file's name has a folder in it. Give it a plain name, like certificate.pdf, and attach it again.",
        "size" => "The file is over 5 MB. Save a smaller copy (a PDF, or a photo at a lower resolution) and attach it again.",
        "empty" => "No file was chosen, or it was empty. Choose the certificate's file and attach it again.",
        "mismatch" => "The file's name and what it holds disagree (say, a .png that is a PDF). Rename it or choose the right file.",
        "type" => "That file is not a PDF, PNG or JPEG. Save the certificate as one of those and attach it again.",
        "gone" => "That activity is no longer in your record.",
        "unreadable" => "The upload was cut off or could not be read. Attach the file again.",
        _ => "The file could not be kept. Try again in a moment.",
    }
}

#[component]
fn CreditsView(page: CreditsPage) -> impl IntoView {
    let query = super::use_query();
    let q = query.read_untracked();
    let notice = match (q.get("saved").as_deref(), q.get("done").as_deref()) {
        (Some("licence"), _) => Some("The licence is saved. Where it stands is below."),
        (_, Some("licence-removed")) => Some("The licence is removed. Your credits stay in your record."),
        (_, Some("activity-removed")) => Some("The activity and its certificate file are removed."),
        _ => None,
    };
    let attached = q.get("attached").and_then(|a| a.parse::<i64>().ok());
    let added = q.get("added").and_then(|a| a.parse::<i64>().ok());
    let refused = q
        .get("refused")
        .and_then(|a| a.parse::<i64>().ok())
        .map(|id| (id, file_refusal(&q.get("why").unwrap_or_default())));
    let transcript_refused = q.get("transcript").as_deref() == Some("refused");
    let template = q
        .get("template")
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|id| page.templates.iter().find(|t| t.id == id).cloned());
    drop(q);
    let page = StoredValue::new(page);
    let p = page.get_value();
    view! {
        <div class="page-head">
            <p class="eyebrow"><a href="/me">"My learning"</a></p>
            <h1>"Credits and licences"</h1>
            <p class="lede">"What each licence or certification needs this cycle, what you have done toward it, and what on the hub would count. The hub records what you completed; the provider awards the credit, so claim it from them too."</p>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        </div>
        <section id="licences" aria-labelledby="licences-title" class="panel">
            <h2 id="licences-title">"Your licences and certifications"</h2>
            {if p.licences.is_empty() {
                view! { <p>"None yet. Add one below to see what its cycle still needs."</p> }.into_any()
            } else {
                p.licences.iter().cloned().map(|s| view! { <LicenceCard s page/> }).collect_view().into_any()
            }}
        </section>
        <AddLicence page template/>
        <section id="outside" aria-labelledby="outside-title" class="panel">
            <h2 id="outside-title">"Activities from elsewhere"</h2>
            <p>"Continuing education you took outside the hub, on your word, with its certificate. Only you can see or download the files."</p>
            {if p.outside.is_empty() {
                view! { <p>"None recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="credit-list" role="list">
                        {p.outside.iter().cloned().map(|a| {
                            let note = if attached == Some(a.id) {
                                Some(("notice", "The certificate file is attached.".to_string()))
                            } else if added == Some(a.id) {
                                Some(("notice", "The activity is recorded. Attach its certificate below.".to_string()))
                            } else {
                                refused.filter(|(id, _)| *id == a.id).map(|(_, why)| ("notice notice--warn", why.to_string()))
                            };
                            view! { <OutsideCard a note/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <AddOutside page/>
        </section>
        <section id="hub-credits" aria-labelledby="hub-credits-title" class="panel">
            <h2 id="hub-credits-title">"Credit from the hub"</h2>
            {if p.hub.is_empty() {
                view! { <p>"None yet. When you complete an activity that offers credit, it is listed here with its certificate."</p> }.into_any()
            } else {
                view! { <LineTable lines=p.hub.clone() caption="Activities completed on the hub that offer credit"/> }.into_any()
            }}
        </section>
        <Transcript types=p.credit_types.clone() refused=transcript_refused/>
    }
}

/// The transcript: every line of credit, from the hub and elsewhere, for the days and credit
/// type chosen, as a PDF (each hub line with its certificate's address and QR code) or CSV. A
/// plain GET form, so it works without the wasm.
#[component]
fn Transcript(types: Vec<CreditType>, refused: bool) -> impl IntoView {
    view! {
        <section id="transcript" aria-labelledby="transcript-title" class="panel">
            <h2 id="transcript-title">"Transcript"</h2>
            <p>"Every line of credit you hold, for a board, an employer or your own records: the hub's with the address and QR code that verify each certificate, and yours from elsewhere marked as self-reported."</p>
            {refused.then(|| view! {
                <p class="notice notice--warn" role="alert">"The transcript could not be made from those choices: the days must be dates, the last one not before the first. Choose them again."</p>
            })}
            <form method="get" action="/me/credits/transcript" class="stack-form transcript-form">
                <div class="inline-fields">
                    <div class="field">
                        <label for="transcript-from">"From"</label>
                        <input type="date" id="transcript-from" name="from" aria-describedby="transcript-dates-hint"/>
                    </div>
                    <div class="field">
                        <label for="transcript-to">"To"</label>
                        <input type="date" id="transcript-to" name="to" aria-describedby="transcript-dates-hint"/>
                    </div>
                </div>
                <p class="field__hint" id="transcript-dates-hint">"Both days included. Leave them empty for every date."</p>
                <div class="field">
                    <label for="transcript-type">"Credit type"</label>
                    <select id="transcript-type" name="type">
                        <option value="">"Every credit type"</option>
                        {types.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="button-row">
                    <button type="submit" name="format" value="pdf" class="button">"Download PDF"</button>
                    <button type="submit" name="format" value="csv" class="button button--secondary">"Download CSV"</button>
                </div>
            </form>
        </section>
    }
}

/// "Registered nurse · California Board of Registered Nursing".
fn licence_name(profession: &str, board: &str) -> String {
    format!("{} · {board}", profession_label(profession))
}

fn suggestion_list(list: Vec<Suggestion>, what: String) -> impl IntoView {
    (!list.is_empty()).then(|| {
        view! {
            <div class="suggestions">
                <p class="suggestions__title">{what}</p>
                <ul role="list">
                    {list.into_iter().map(|s| view! {
                        <li><a href=format!("/resources/{}", s.slug)>{s.title}</a>" "<span class="muted">{format!("({})", s.credit)}</span></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

#[component]
fn LicenceCard(s: LicenceStanding, page: StoredValue<CreditsPage>) -> impl IntoView {
    let l = s.licence.clone();
    let name = licence_name(&l.profession, &l.board);
    let required = l.hours_required;
    let total = percent(s.done, required);
    let missing = s.missing();
    let due = due_words(s.due_in_days);
    let urgent =
        s.due_in_days >= 0 && s.due_in_days <= 90 && (missing > 0.0 || s.topics.iter().any(|t| t.missing() > 0.0));
    let types: Vec<String> = l
        .credit_types
        .iter()
        .filter_map(|id| page.with_value(|p| p.credit_type(*id).map(|t| t.name.clone())))
        .collect();
    let delete = ServerAction::<DeleteLicence>::new();
    let delete_error = action_error(delete);
    let mine = refused_form::refused()
        .is_some_and(|r| r.action.ends_with("/save_licence") && r.value("licence") == Some(&l.id.to_string()));
    let input = LicenceInput {
        profession: l.profession.clone(),
        board: l.board.clone(),
        number: l.number.clone().unwrap_or_default(),
        cycle_start: l.cycle_start.clone(),
        cycle_end: l.cycle_end.clone(),
        hours_required: hours(l.hours_required),
        credit_types: l.credit_types.clone(),
        topics: l
            .topics
            .iter()
            .map(|t| (t.topic.clone(), t.label.clone(), hours(t.hours)))
            .collect(),
        template: None,
    };
    let counted = s.counted.clone();
    view! {
        <article class="licence" id=format!("licence-{}", l.id) aria-labelledby=format!("licence-{}-title", l.id)>
            <h3 id=format!("licence-{}-title", l.id)>{name.clone()}</h3>
            <p class="licence__cycle">
                {format!("Cycle {} to {} · ", day(&l.cycle_start), day(&l.cycle_end))}
                <strong class=if urgent { "due due--soon" } else { "due" }>{due}</strong>
            </p>
            {l.number.clone().map(|n| view! { <p class="muted">{format!("Number {n} (only you see it)")}</p> })}
            {l.template.clone().map(|t| view! {
                <p class="licence__source">
                    {format!("Requirements from “{}”, as the board states them at ", t.name)}
                    <a href=t.source_url.clone() rel="noopener noreferrer external">{t.source_url.clone()}</a>
                    {format!(" (checked {}). Check the board's page for changes.", day(&t.checked_on))}
                </p>
            })}
            <div class="licence__total">
                <p>
                    <strong>{format!("{} of {} hours", hours(s.done), hours(required))}</strong>
                    {if missing > 0.0 { format!(" · {} to go", hours(missing)) } else { " · the total is met".to_string() }}
                </p>
                <ProgressBar percent=total label=format!("Hours toward {name}")/>
                <p class="muted">{format!("Counting: {}.", types.join(", "))}</p>
                {suggestion_list(s.suggestions.clone(), "On the hub, these would count:".to_string())}
            </div>
            {(!s.topics.is_empty()).then(|| view! {
                <h4>"By topic"</h4>
                <ul class="licence__topics" role="list">
                    {s.topics.iter().map(|t| {
                        let gap = t.missing();
                        let label = t.requirement.label.clone();
                        view! {
                            <li>
                                <p>
                                    <strong>{label.clone()}</strong>
                                    {format!(": {} of {} hours", hours(t.done), hours(t.requirement.hours))}
                                    {if gap > 0.0 { format!(" · {} to go", hours(gap)) } else { " · met".to_string() }}
                                </p>
                                <ProgressBar percent=percent(t.done, t.requirement.hours) label=format!("Hours on {label}")/>
                                {suggestion_list(t.suggestions.clone(), format!("On the hub, on {label}:"))}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <details class="licence__counted">
                <summary>{format!("What counts toward it ({})", counted.len())}</summary>
                {if counted.is_empty() {
                    view! { <p>"Nothing yet in this cycle."</p> }.into_any()
                } else {
                    view! { <LineTable lines=counted caption="What counts toward this licence"/> }.into_any()
                }}
            </details>
            <details class="licence__edit" open=mine>
                <summary>"Change this licence"</summary>
                <LicenceForm id=format!("licence-{}", l.id) licence=Some(l.id) input mine page template=None/>
            </details>
            <Confirm label="Remove" target=name.clone() consequence="The licence and its requirements go. Your credits stay in your record.">
                <ActionForm action=delete attr:class="stack-form">
                    <FormError error=delete_error fields=&[]/>
                    <input type="hidden" name="licence" value=l.id.to_string()/>
                    <div class="check">
                        <input type="checkbox" id=format!("licence-{}-confirm", l.id) name="confirm" value="on"/>
                        <label for=format!("licence-{}-confirm", l.id)>"Yes, remove this licence"</label>
                    </div>
                    <button type="submit" class="button button--danger">"Remove the licence"</button>
                </ActionForm>
            </Confirm>
        </article>
    }
}

/// Lines of credit as a table: day, activity, provider, credit, and where it came from.
#[component]
fn LineTable(lines: Vec<CreditLine>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=caption>
            <table class="table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr><th scope="col">"Finished"</th><th scope="col">"Activity"</th><th scope="col">"Credit"</th><th scope="col">"Record"</th></tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{day(&l.completed_on)}</td>
                            <td>{l.title.clone()}{(!l.provider.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", l.provider)}</span> })}</td>
                            <td>{format!("{} {}", hours(l.amount), l.credit_name)}</td>
                            <td>{match l.source {
                                CreditSource::Hub { href, .. } => view! { <a href=href>"Certificate"</a> }.into_any(),
                                CreditSource::Outside { id } => view! { <a href=format!("#activity-{id}")>"Your record"</a> }.into_any(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AddLicence(page: StoredValue<CreditsPage>, template: Option<BoardTemplate>) -> impl IntoView {
    let templates = page.with_value(|p| p.templates.clone());
    let chosen = template.as_ref().map(|t| t.id);
    let mine =
        refused_form::refused().is_some_and(|r| r.action.ends_with("/save_licence") && r.value("licence").is_none());
    let input = template
        .as_ref()
        .map(|t| LicenceInput {
            profession: t.profession.clone(),
            board: t.board.clone(),
            hours_required: hours(t.hours_required),
            credit_types: t.credit_types.clone(),
            topics: t
                .topics
                .iter()
                .map(|r| (r.topic.clone(), r.label.clone(), hours(r.hours)))
                .collect(),
            template: Some(t.id),
            ..Default::default()
        })
        .unwrap_or_default();
    view! {
        <section id="add-licence" aria-labelledby="add-licence-title" class="panel">
            <h2 id="add-licence-title">"Add a licence or certification"</h2>
            {(!templates.is_empty()).then(|| view! {
                // A plain GET: the page comes back with the rule's figures in the form below.
                <form method="get" action="/me/credits#add-licence" class="inline-fields">
                    <div class="field">
                        <label for="template-pick">"Start from a board's rule"</label>
                        <p class="field__hint" id="template-pick-hint">"Rules admins keep, each with the board's page it comes from. Or fill the form yourself."</p>
                        <select id="template-pick" name="template" aria-describedby="template-pick-hint">
                            <option value="">"None: I'll enter it"</option>
                            {templates.iter().map(|t| view! {
                                <option value=t.id.to_string() selected=chosen == Some(t.id)>{t.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button button--quiet">"Use this rule"</button>
                </form>
            })}
            {template.clone().map(|t| view! {
                <p class="licence__source">
                    {format!("From “{}”: {} hours every {} months, as stated at ", t.name, hours(t.hours_required), t.cycle_months)}
                    <a href=t.source_url.clone() rel="noopener noreferrer external">{t.source_url.clone()}</a>
                    {format!(" (checked {}). Enter your cycle's first day; its last day follows unless you give it.", day(&t.checked_on))}
                </p>
            })}
            <LicenceForm id="new-licence".to_string() licence=None input mine page template=chosen/>
        </section>
    }
}

/// What was typed into `name` when this form was the one refused, else `drawn`.
fn typed(mine: bool, name: &str, drawn: String) -> String {
    if mine {
        refused_form::value(name, drawn)
    } else {
        drawn
    }
}

fn ticked(mine: bool, name: &str, drawn: bool) -> bool {
    if mine {
        refused_form::ticked(name, "on", drawn)
    } else {
        drawn
    }
}

/// A text field of a licence form (its id prefixed by the form's, since the page has several).
#[allow(clippy::too_many_arguments)]
pub(crate) fn text_field(
    form: &str,
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    hint: &'static str,
    required: bool,
    value: String,
    error: Signal<Option<UiError>>,
    mine: bool,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let message = move || {
        if mine {
            error.get().and_then(|e| e.for_field(name))
        } else {
            None
        }
    };
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=id.clone()>{label}{(!required).then(|| view! { <span class="field__optional">" (optional)"</span> })}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <input id=id.clone() name=name type=kind value=typed(mine, name, value) required=required
                inputmode=(name.contains("hours")).then_some("decimal")
                aria-invalid=move || message().is_some().then_some("true") aria-describedby=described/>
            {move || message().map(|m| view! { <p class="field__error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
fn LicenceForm(
    id: String,
    licence: Option<i64>,
    input: LicenceInput,
    /// This is the form a refused post came from: it shows the refusal and what was typed.
    mine: bool,
    page: StoredValue<CreditsPage>,
    template: Option<i64>,
) -> impl IntoView {
    let action = ServerAction::<SaveLicence>::new();
    let error = action_error(action);
    let shown_error = Signal::derive(move || if mine { error.get() } else { None });
    let (types, topics) = page.with_value(|p| (p.credit_types.clone(), p.topics.clone()));
    let profession = typed(mine, "profession", input.profession.clone());
    let field_error = move |name: &'static str| {
        move || {
            if mine {
                error.get().and_then(|e| e.for_field(name))
            } else {
                None
            }
        }
    };
    let f = id.clone();
    view! {
        <ActionForm action attr:class="stack-form" attr:novalidate="">
            <FormError error=shown_error fields=&["profession", "board", "number", "cycle_start", "cycle_end", "hours_required", "credit_types", "topics"]/>
            {licence.map(|l| view! { <input type="hidden" name="licence" value=l.to_string()/> })}
            {template.map(|t| view! { <input type="hidden" name="template" value=t.to_string()/> })}
            <div class="field" class:field--invalid=move || field_error("profession")().is_some()>
                <label for=format!("{f}-profession")>"Profession"</label>
                <select id=format!("{f}-profession") name="profession" required=true>
                    <option value="" selected=profession.is_empty()>"Choose…"</option>
                    {PROFESSIONS.iter().map(|(code, words)| view! {
                        <option value=*code selected=profession == *code>{*words}</option>
                    }).collect_view()}
                </select>
                {move || field_error("profession")().map(|m| view! { <p class="field__error">{m}</p> })}
            </div>
            {text_field(&f, "board", "Issuing board or state", "text", "For example, “California Board of Registered Nursing”.", true, input.board.clone(), error, mine)}
            {text_field(&f, "number", "Licence or certificate number", "text", "Only you see it, and only your own export holds it.", false, input.number.clone(), error, mine)}
            <div class="inline-fields">
                {text_field(&f, "cycle_start", "Cycle's first day", "date", "", true, input.cycle_start.clone(), error, mine)}
                {text_field(&f, "cycle_end", "Cycle's last day", "date", "", template.is_none(), input.cycle_end.clone(), error, mine)}
            </div>
            {text_field(&f, "hours_required", "Hours required in the cycle", "text", "In total, as the board states it: 30, or 25.5.", true, input.hours_required.clone(), error, mine)}
            {credit_type_boxes(&f, &types, &input.credit_types, mine, error)}
            {topic_rows(&f, &topics, &input.topics, mine, error)}
            <button type="submit" class="button">{if licence.is_some() { "Save the changes" } else { "Add the licence" }}</button>
        </ActionForm>
    }
}

#[component]
fn OutsideCard(a: OutsideActivity, note: Option<(&'static str, String)>) -> impl IntoView {
    let delete = ServerAction::<DeleteOutsideActivity>::new();
    let delete_error = action_error(delete);
    let id = a.id;
    let file_label = format!("activity-{id}-file");
    view! {
        <li class="credit-item" id=format!("activity-{id}")>
            <h3 class="credit-item__title">{a.title.clone()}</h3>
            <p>{format!("{} · finished {} · {} {}", a.provider, day(&a.completed_on), hours(a.amount), a.credit_name)}</p>
            {(!a.topics.is_empty()).then(|| view! {
                <p class="muted">{format!("Topics: {}", a.topics.iter().map(|t| crate::model::term_label(t)).collect::<Vec<_>>().join(", "))}</p>
            })}
            {note.map(|(class, words)| view! { <p class=class role="status">{words}</p> })}
            {match a.file.clone() {
                Some(f) => view! {
                    <p>
                        <a href=format!("/me/credits/activities/{id}/file") download="">{format!("Download {}", f.name)}</a>
                        <span class="muted">{format!(" ({} KB)", (f.bytes + 1023) / 1024)}</span>
                    </p>
                }.into_any(),
                None => view! { <p class="muted">"No certificate file yet."</p> }.into_any(),
            }}
            // A multipart post of its own: files do not travel through server functions.
            <form method="post" action=format!("/me/credits/activities/{id}/file") enctype="multipart/form-data" class="inline-fields">
                <div class="field">
                    <label for=file_label.clone()>{if a.file.is_some() { "Replace the certificate" } else { "Attach the certificate" }}</label>
                    <p class="field__hint" id=format!("{file_label}-hint")>"A PDF, PNG or JPEG of at most 5 MB."</p>
                    <input id=file_label.clone() type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                        aria-describedby=format!("{file_label}-hint") required=true/>
                </div>
                <button type="submit" class="button button--quiet">"Attach"<span class="visually-hidden">{format!(" to {}", a.title)}</span></button>
            </form>
            <Confirm label="Remove" target=a.title.clone() consequence="The activity and its certificate file go for good.">
                <ActionForm action=delete attr:class="stack-form">
                    <FormError error=delete_error fields=&[]/>
                    <input type="hidden" name="activity" value=id.to_string()/>
                    <div class="check">
                        <input type="checkbox" id=format!("activity-{id}-confirm") name="confirm" value="on"/>
                        <label for=format!("activity-{id}-confirm")>"Yes, remove this activity"</label>
                    </div>
                    <button type="submit" class="button button--danger">"Remove the activity"</button>
                </ActionForm>
            </Confirm>
        </li>
    }
}

#[component]
fn AddOutside(page: StoredValue<CreditsPage>) -> impl IntoView {
    let action = ServerAction::<AddOutsideActivity>::new();
    let error = action_error(action);
    let mine = refused_form::refused().is_some_and(|r| r.action.ends_with("/add_outside_activity"));
    let (types, topics, today) = page.with_value(|p| (p.credit_types.clone(), p.topics.clone(), p.today.clone()));
    let chosen_type = typed(mine, "credit_type", String::new());
    let field_error = move |name: &'static str| move || error.get().and_then(|e| e.for_field(name));
    view! {
        <h3 id="add-outside-title">"Record an activity"</h3>
        <ActionForm action attr:class="stack-form" attr:novalidate="" attr:aria-labelledby="add-outside-title">
            <FormError error fields=&["title", "provider", "completed_on", "credit_type", "amount", "topics"]/>
            {text_field("new-activity", "title", "Title", "text", "As the certificate names it.", true, String::new(), error, mine)}
            {text_field("new-activity", "provider", "Provider", "text", "Who awarded the credit.", true, String::new(), error, mine)}
            <div class="inline-fields">
                {text_field("new-activity", "completed_on", "Finished on", "date", "", true, String::new(), error, mine)}
                {text_field("new-activity", "amount", "Credit awarded", "text", "As the certificate states it: 1.5.", true, String::new(), error, mine)}
            </div>
            <div class="field" class:field--invalid=move || field_error("credit_type")().is_some()>
                <label for="new-activity-credit_type">"Credit type"</label>
                <select id="new-activity-credit_type" name="credit_type" required=true>
                    <option value="" selected=chosen_type.is_empty()>"Choose…"</option>
                    {types.iter().map(|t| view! {
                        <option value=t.id.to_string() selected=chosen_type == t.id.to_string()>{t.name.clone()}</option>
                    }).collect_view()}
                </select>
                {move || field_error("credit_type")().map(|m| view! { <p class="field__error">{m}</p> })}
            </div>
            <details class="field">
                <summary>"Topics it covered (optional)"</summary>
                <p class="field__hint">"Ticked topics count toward a licence's topic requirements."</p>
                <div class="check-columns">
                    {topics.iter().map(|(term, words)| {
                        let name = format!("topics[{term}]");
                        let box_id = format!("new-activity-topic-{term}");
                        view! {
                            <div class="check">
                                <input type="checkbox" id=box_id.clone() name=name.clone() value="on" checked=ticked(mine, &name, false)/>
                                <label for=box_id>{words.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
                {move || field_error("topics")().map(|m| view! { <p class="field__error">{m}</p> })}
            </details>
            <p class="muted">{format!("Dates are days where you are; today is {}.", day(&today))}</p>
            <button type="submit" class="button">"Record the activity"</button>
        </ActionForm>
    }
}

/// The credit types that count, as ticked boxes `credit_types[<id>]` (a licence's or a rule's).
pub(crate) fn credit_type_boxes(
    f: &str,
    types: &[CreditType],
    ticked_ids: &[i64],
    mine: bool,
    error: Signal<Option<UiError>>,
) -> impl IntoView {
    let message = move || {
        if mine {
            error.get().and_then(|e| e.for_field("credit_types"))
        } else {
            None
        }
    };
    view! {
        <fieldset class="field" class:field--invalid=move || message().is_some()>
            <legend>"Credit that counts toward it"</legend>
            <p class="field__hint">"Tick each type the board accepts. Amounts are counted as the certificate states them."</p>
            {types.iter().map(|t| {
                let name = format!("credit_types[{}]", t.id);
                let box_id = format!("{f}-type-{}", t.id);
                let serves: Vec<String> = t.professions.iter().map(|p| profession_label(p).to_lowercase()).collect();
                view! {
                    <div class="check">
                        <input type="checkbox" id=box_id.clone() name=name.clone() value="on" checked=ticked(mine, &name, ticked_ids.contains(&t.id))/>
                        <label for=box_id>{t.name.clone()}<span class="muted">{format!(" ({})", serves.join(", "))}</span></label>
                    </div>
                }
            }).collect_view()}
            {move || message().map(|m| view! { <p class="field__error">{m}</p> })}
        </fieldset>
    }
}

/// Hours by topic, as rows `topic[<n>]`, `topic_label[<n>]`, `topic_hours[<n>]`: those given,
/// and two empty ones.
pub(crate) fn topic_rows(
    f: &str,
    topics: &[(String, String)],
    given: &[(String, String, String)],
    mine: bool,
    error: Signal<Option<UiError>>,
) -> impl IntoView {
    let rows = given.len() + SPARE_TOPIC_ROWS;
    view! {
            <fieldset class="field topic-rows">
                <legend>"Hours required by topic"<span class="field__optional">" (optional)"</span></legend>
                <p class="field__hint">"For a mandated topic (pain management, end-of-life care): the catalog's topic it matches, the board's words for it, and its hours."</p>
                {(0..rows).map(|n| {
                    let (topic, label, h) = given.get(n).cloned().unwrap_or_default();
                    let topic = typed(mine, &format!("topic[{n}]"), topic);
                    let row_error = {
                        let prefix = format!("topics[{n}].");
                        move || if mine { error.get().and_then(|e| {
                            ["topic", "label", "hours"].iter().find_map(|k| e.for_field(&format!("{prefix}{k}")))
                        }) } else { None }
                    };
                    view! {
                        <div class="topic-row" role="group" aria-label=format!("Topic requirement {}", n + 1)>
                            <div class="field">
                                <label for=format!("{f}-topic-{n}")>{format!("Topic {}", n + 1)}</label>
                                <select id=format!("{f}-topic-{n}") name=format!("topic[{n}]")>
                                    <option value="" selected=topic.is_empty()>"None"</option>
                                    {topics.iter().map(|(term, words)| view! {
                                        <option value=term.clone() selected=topic == *term>{words.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=format!("{f}-topic-label-{n}")>"Board's words"</label>
                                <input id=format!("{f}-topic-label-{n}") name=format!("topic_label[{n}]") type="text" value=typed(mine, &format!("topic_label[{n}]"), label)/>
                            </div>
                            <div class="field">
                                <label for=format!("{f}-topic-hours-{n}")>"Hours"</label>
                                <input id=format!("{f}-topic-hours-{n}") name=format!("topic_hours[{n}]") type="text" inputmode="decimal" value=typed(mine, &format!("topic_hours[{n}]"), h)/>
                            </div>
                            {move || row_error().map(|m| view! { <p class="field__error">{m}</p> })}
                        </div>
                    }
                }).collect_view()}
            </fieldset>
    }
}
