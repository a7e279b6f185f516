//! `/admin/audit`: the audit log, newest first, narrowed by a GET form whose state is the URL.
//! Read-only: the log is append-only, and nothing here offers to change it.

use super::{when, with_query, AdminShell, ChangeList};
use crate::api::admin_audit;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::pagination::Pagination;
use crate::error::UiError;
use crate::model::admin::{AuditEntry, AuditFilter, AuditPage as Page};
use leptos::prelude::*;
use leptos_router::components::Form;

/// Every action the log records.
pub const ACTIONS: [&str; 11] = [
    "create",
    "edit",
    "publish",
    "unpublish",
    "delete",
    "restore",
    "import",
    "grant",
    "revoke",
    "disable",
    "enable",
];

/// Every kind of thing an entry can be about.
pub const TARGET_TYPES: [&str; 4] = ["resource", "pathway", "account", "synonyms"];

/// An action as the log's reader says it; the code stays in the address and the API.
pub fn action_label(action: &str) -> String {
    match action {
        "create" => "Created",
        "edit" => "Edited",
        "publish" => "Published",
        "unpublish" => "Unpublished",
        "delete" => "Deleted",
        "restore" => "Restored",
        "import" => "Imported",
        "grant" => "Role granted",
        "revoke" => "Role taken away",
        "disable" => "Account disabled",
        "enable" => "Account enabled",
        other => return other.to_string(),
    }
    .to_string()
}

fn target_type_label(target_type: &str) -> String {
    match target_type {
        "resource" => "Resource",
        "pathway" => "Pathway",
        "account" => "Account",
        "synonyms" => "Synonyms",
        other => return other.to_string(),
    }
    .to_string()
}

#[component]
pub fn AuditPage() -> impl IntoView {
    // Outside the shell, which renders its children more than once on the server.
    let query = crate::pages::use_query();
    let wanted = Memo::new(move |_| {
        let map = query.read();
        filter_from_query(|k| map.get(k))
    });
    let data = Resource::new(
        move || wanted.get(),
        |(filter, page)| async move { admin_audit(filter.clone(), page).await.map(|p| (filter, p)) },
    );
    view! {
        <AdminShell title="Audit log">
            <div class="page-head">
                <h1>"Audit log"</h1>
                <p class="lede">"Who changed what, and when: every change made by an admin, or on the server by whoever runs the hub, field by field. Entries cannot be edited or removed."</p>
            </div>
            <AuditLog wanted data/>
        </AdminShell>
    }
}

/// The filter and page the URL asks for; blank fields match everything.
fn filter_from_query(get: impl Fn(&str) -> Option<String>) -> (AuditFilter, i64) {
    let field = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let filter = AuditFilter {
        action: field("action"),
        target_type: field("target_type"),
        target: field("target"),
        actor: field("actor"),
        from: field("from"),
        to: field("to"),
    };
    let page = field("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    (filter, page)
}

fn filter_pairs(filter: &AuditFilter) -> Vec<(&'static str, String)> {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        ("action", v(&filter.action)),
        ("target_type", v(&filter.target_type)),
        ("target", v(&filter.target)),
        ("actor", v(&filter.actor)),
        ("from", v(&filter.from)),
        ("to", v(&filter.to)),
    ]
}

#[component]
fn AuditLog(wanted: Memo<(AuditFilter, i64)>, data: Resource<Result<(AuditFilter, Page), UiError>>) -> impl IntoView {
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <FilterForm filter=wanted.get_untracked().0/><ErrorPanel error=e nested=true/> }.into_any(),
                    Ok((filter, page)) => {
                        let filtered = filter != AuditFilter::default();
                        let page_count = u32::try_from((page.total + page.per_page - 1) / page.per_page.max(1)).unwrap_or(1);
                        let current = u32::try_from(page.page).unwrap_or(1);
                        let pairs = filter_pairs(&filter);
                        let count = match (page.total, filtered) {
                            (0, false) => "Nothing has been changed yet.".to_string(),
                            (0, true) => "No entries match these filters.".to_string(),
                            (1, _) => "1 entry".to_string(),
                            (n, _) => format!("{n} entries"),
                        };
                        view! {
                            <FilterForm filter/>
                            <p class="results-count" role="status">{count}</p>
                            {(!page.entries.is_empty()).then(|| view! { <EntryTable entries=page.entries/> })}
                            <Pagination current page_count href=move |p| {
                                let mut pairs = pairs.clone();
                                if p > 1 {
                                    pairs.push(("page", p.to_string()));
                                }
                                with_query("/admin/audit", &pairs)
                            }/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn FilterForm(filter: AuditFilter) -> impl IntoView {
    let is = |value: &Option<String>, option: &str| value.as_deref() == Some(option);
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    // Folded until used, so on a phone the entries come first; open while filters are set.
    let set = filter_pairs(&filter).iter().filter(|(_, v)| !v.is_empty()).count();
    let summary = match set {
        0 => "Filter the log".to_string(),
        1 => "Filter the log (1 filter set)".to_string(),
        n => format!("Filter the log ({n} filters set)"),
    };
    view! {
        <details class="filter-disclosure" open={set > 0}>
        <summary>{summary}</summary>
        <Form method="GET" action="/admin/audit" attr:class="filter-form" attr:aria-label="Filter the audit log">
            <div class="filter-form__fields">
                <div class="field">
                    <label for="audit-action">"Action"</label>
                    <select id="audit-action" name="action">
                        <option value="" selected=filter.action.is_none()>"Any action"</option>
                        {ACTIONS.iter().map(|a| view! { <option value=*a selected=is(&filter.action, a)>{action_label(a)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-target-type">"Target type"</label>
                    <select id="audit-target-type" name="target_type">
                        <option value="" selected=filter.target_type.is_none()>"Any type"</option>
                        {TARGET_TYPES.iter().map(|t| view! { <option value=*t selected=is(&filter.target_type, t)>{target_type_label(t)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-target">"Target"</label>
                    <input id="audit-target" name="target" type="search" value=v(&filter.target) aria-describedby="audit-target-hint"/>
                    <p class="field__hint" id="audit-target-hint">"Part of a slug or email."</p>
                </div>
                <div class="field">
                    <label for="audit-actor">"Who"</label>
                    <input id="audit-actor" name="actor" type="search" value=v(&filter.actor) aria-describedby="audit-actor-hint"/>
                    <p class="field__hint" id="audit-actor-hint">"Part of the admin’s email."</p>
                </div>
                <div class="field">
                    <label for="audit-from">"From"</label>
                    <input id="audit-from" name="from" type="date" value=v(&filter.from)/>
                </div>
                <div class="field">
                    <label for="audit-to">"To"</label>
                    <input id="audit-to" name="to" type="date" value=v(&filter.to)/>
                </div>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">"Filter the log"</button>
                <a href="/admin/audit">"Clear the filters"</a>
            </div>
        </Form>
        </details>
    }
}

#[component]
fn EntryTable(entries: Vec<AuditEntry>) -> impl IntoView {
    view! {
        <div class="stack-wrap">
            <table class="table audit-table stack-table">
                <caption>"Audit log entries, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Changes"</th>
                    </tr>
                </thead>
                <tbody>
                    {entries
                        .into_iter()
                        .map(|e| {
                            let at = e.at.clone();
                            view! {
                                <tr>
                                    <th scope="row"><time datetime=at>{when(&e.at)}</time></th>
                                    <td data-label="Who">{e.actor}</td>
                                    <td data-label="Action"><span class="badge">{action_label(&e.action)}</span></td>
                                    <td data-label="Target"><span class="muted">{target_type_label(&e.target_type)}" "</span>{e.target}</td>
                                    <td data-label="Changes">
                                        {if e.changes.is_empty() {
                                            view! { <span class="muted">"—"</span> }.into_any()
                                        } else {
                                            view! { <ChangeList changes=e.changes/> }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
