//! `/admin/credits`: the credit types the hub counts in, and the board rules learners start their
//! licences from. A rule is kept only with the board's page it comes from and the day an admin
//! checked it; learners see both. Every change is audited.

use super::AdminShell;
use crate::api::{load_credits, AdminAddCreditType, AdminDeleteTemplate, AdminSaveTemplate};
use crate::components::confirm::Confirm;
use crate::components::form::{action_error, FormError};
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::refused_form;
use crate::model::credits::{hours, profession_label, BoardTemplate, CreditsPage, LicenceInput, PROFESSIONS};
use crate::model::dates::day;
use crate::pages::credits::{credit_type_boxes, text_field, topic_rows};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn CreditsAdminPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_credits());
    view! {
        <AdminShell title="Credits">
            <div class="page-head">
                <h1>"Credits"</h1>
                <p class="lede">"The credit types the hub counts in, and the board rules learners start their licences from. State a rule only as the board's own page states it, with that page's address."</p>
            </div>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <CreditsAdmin page/> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </AdminShell>
    }
}

#[component]
fn CreditsAdmin(page: CreditsPage) -> impl IntoView {
    let query = crate::pages::use_query();
    let q = query.read_untracked();
    let notice = match (q.get("saved").as_deref(), q.get("done").as_deref()) {
        (Some("type"), _) => Some("The credit type is added."),
        (Some("template"), _) => Some("The board rule is saved."),
        (_, Some("template-removed")) => {
            Some("The board rule is removed. Licences started from it keep their figures.")
        }
        _ => None,
    };
    drop(q);
    let page = StoredValue::new(page);
    let p = page.get_value();
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <section id="templates" class="panel panel--wide" aria-labelledby="templates-title">
            <h2 id="templates-title">"Board rules"</h2>
            {if p.templates.is_empty() {
                view! { <p>"None yet. Learners enter their requirements themselves until a rule is added."</p> }.into_any()
            } else {
                view! {
                    <ul class="credit-list" role="list">
                        {p.templates.iter().cloned().map(|t| view! { <TemplateCard t page/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3 id="new-template-title">"Add a board rule"</h3>
            <TemplateForm id="new-template".into() template=None page/>
        </section>
        <section id="credit-types" class="panel panel--wide" aria-labelledby="types-title">
            <h2 id="types-title">"Credit types"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Credit types">
                <table class="table">
                    <thead><tr><th scope="col">"Type"</th><th scope="col">"Unit"</th><th scope="col">"Usually for"</th><th scope="col">"Also written"</th></tr></thead>
                    <tbody>
                        {p.credit_types.iter().map(|t| view! {
                            <tr>
                                <td>{t.name.clone()}</td>
                                <td>{t.unit.clone()}</td>
                                <td>{t.professions.iter().map(|p| profession_label(p)).collect::<Vec<_>>().join(", ")}</td>
                                <td>{t.spellings.join("; ")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <AddCreditType/>
        </section>
    }
}

#[component]
fn TemplateCard(t: BoardTemplate, page: StoredValue<CreditsPage>) -> impl IntoView {
    let delete = ServerAction::<AdminDeleteTemplate>::new();
    let delete_error = action_error(delete);
    let types: Vec<String> = t
        .credit_types
        .iter()
        .filter_map(|id| page.with_value(|p| p.credit_type(*id).map(|c| c.name.clone())))
        .collect();
    let topics: Vec<String> = t
        .topics
        .iter()
        .map(|r| format!("{} ({} hours)", r.label, hours(r.hours)))
        .collect();
    view! {
        <li class="credit-item" id=format!("template-{}", t.id)>
            <h3 class="credit-item__title">{t.name.clone()}</h3>
            <p>{format!("{} · {} · {} hours every {} months", profession_label(&t.profession), t.board, hours(t.hours_required), t.cycle_months)}</p>
            <p class="muted">{format!("Counting: {}.", types.join(", "))}</p>
            {(!topics.is_empty()).then(|| view! { <p class="muted">{format!("By topic: {}.", topics.join("; "))}</p> })}
            <p>"Source: "<a href=t.source_url.clone() rel="noopener noreferrer external">{t.source_url.clone()}</a>{format!(", checked {}", day(&t.checked_on))}</p>
            <details>
                <summary>"Change this rule"</summary>
                <TemplateForm id=format!("template-{}-form", t.id) template=Some(t.clone()) page/>
            </details>
            <Confirm label="Remove" target=t.name.clone() consequence="Learners can no longer start from this rule. Licences started from it keep their figures.">
                <ActionForm action=delete attr:class="stack-form">
                    <FormError error=delete_error fields=&[]/>
                    <input type="hidden" name="template" value=t.id.to_string()/>
                    <button type="submit" class="button button--danger">"Remove the rule"</button>
                </ActionForm>
            </Confirm>
        </li>
    }
}

#[component]
fn TemplateForm(id: String, template: Option<BoardTemplate>, page: StoredValue<CreditsPage>) -> impl IntoView {
    let action = ServerAction::<AdminSaveTemplate>::new();
    let error = action_error(action);
    let this = template.as_ref().map(|t| t.id.to_string());
    let mine = refused_form::refused()
        .is_some_and(|r| r.action.ends_with("/admin_save_template") && r.value("template").map(str::to_string) == this);
    let shown = Signal::derive(move || if mine { error.get() } else { None });
    let (types, topics) = page.with_value(|p| (p.credit_types.clone(), p.topics.clone()));
    let t = template.clone();
    let given = |f: fn(&BoardTemplate) -> String| t.as_ref().map(f).unwrap_or_default();
    let input = LicenceInput {
        credit_types: t.as_ref().map(|t| t.credit_types.clone()).unwrap_or_default(),
        topics: t
            .as_ref()
            .map(|t| {
                t.topics
                    .iter()
                    .map(|r| (r.topic.clone(), r.label.clone(), hours(r.hours)))
                    .collect()
            })
            .unwrap_or_default(),
        ..Default::default()
    };
    let profession = if mine {
        refused_form::value("profession", given(|t| t.profession.clone()))
    } else {
        given(|t| t.profession.clone())
    };
    let (name, source, checked, board, months, required) = (
        given(|t| t.name.clone()),
        given(|t| t.source_url.clone()),
        given(|t| t.checked_on.clone()),
        given(|t| t.board.clone()),
        given(|t| t.cycle_months.to_string()),
        given(|t| hours(t.hours_required)),
    );
    view! {
        <ActionForm action attr:class="stack-form" attr:novalidate="">
            <FormError error=shown fields=&["name", "cycle_months", "source_url", "checked_on", "profession", "board", "hours_required", "credit_types", "topics"]/>
            {this.clone().map(|t| view! { <input type="hidden" name="template" value=t/> })}
            {text_field(&id, "name", "Name", "text", "As learners will pick it: the board and the licence.", true, name, error, mine)}
            {text_field(&id, "source_url", "The board's page that states the rule", "url", "Learners see this address beside the rule.", true, source, error, mine)}
            {text_field(&id, "checked_on", "Checked on", "date", "The day you read the rule on that page.", true, checked, error, mine)}
            <div class="field">
                <label for=format!("{id}-profession")>"Profession"</label>
                <select id=format!("{id}-profession") name="profession">
                    <option value="" selected=profession.is_empty()>"Choose…"</option>
                    {PROFESSIONS.iter().map(|(code, words)| view! { <option value=*code selected=profession == *code>{*words}</option> }).collect_view()}
                </select>
            </div>
            {text_field(&id, "board", "Board", "text", "", true, board, error, mine)}
            <div class="inline-fields">
                {text_field(&id, "cycle_months", "Cycle (months)", "text", "", true, months, error, mine)}
                {text_field(&id, "hours_required", "Hours in the cycle", "text", "", true, required, error, mine)}
            </div>
            {credit_type_boxes(&id, &types, &input.credit_types, mine, error)}
            {topic_rows(&id, &topics, &input.topics, mine, error)}
            <button type="submit" class="button">{if this.is_some() { "Save the rule" } else { "Add the rule" }}</button>
        </ActionForm>
    }
}

#[component]
fn AddCreditType() -> impl IntoView {
    let action = ServerAction::<AdminAddCreditType>::new();
    let error = action_error(action);
    // The page's other forms have fields of the same names: only this form's refusal fills these.
    let mine = refused_form::refused().is_some_and(|r| r.action.ends_with("/admin_add_credit_type"));
    let shown = Signal::derive(move || if mine { error.get() } else { None });
    view! {
        <h3 id="new-type-title">"Add a credit type"</h3>
        <ActionForm action attr:class="stack-form" attr:novalidate="" attr:aria-labelledby="new-type-title">
            <FormError error=shown fields=&["name", "unit", "professions", "spellings"]/>
            {text_field("new-type", "name", "Name", "text", "As accreditors write it, e.g. “APA CE credits”.", true, String::new(), error, mine)}
            {text_field("new-type", "unit", "Unit", "text", "credits, contact hours, points", true, String::new(), error, mine)}
            <fieldset class="field">
                <legend>"Usually for"</legend>
                <div class="check-columns">
                    {PROFESSIONS.iter().map(|(code, words)| {
                        let name = format!("professions[{code}]");
                        let box_id = format!("type-profession-{code}");
                        view! {
                            <div class="check">
                                <input type="checkbox" id=box_id.clone() name=name.clone() value="on" checked=mine && refused_form::ticked(&name, "on", false)/>
                                <label for=box_id>{*words}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
                {move || shown.get().and_then(|e| e.for_field("professions")).map(|m| view! { <p class="field__error">{m}</p> })}
            </fieldset>
            <div class="field">
                <label for="type-spellings">"Also written"<span class="field__optional">" (optional)"</span></label>
                <p class="field__hint" id="type-spellings-hint">"Other ways providers write it, one per line, so catalog credits written that way count as this type."</p>
                <textarea id="type-spellings" name="spellings" rows="3" aria-describedby="type-spellings-hint">{if mine { refused_form::value("spellings", String::new()) } else { String::new() }}</textarea>
                {move || shown.get().and_then(|e| e.for_field("spellings")).map(|m| view! { <p class="field__error">{m}</p> })}
            </div>
            <button type="submit" class="button">"Add the credit type"</button>
        </ActionForm>
    }
}
