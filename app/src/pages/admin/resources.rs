//! `/admin/resources`: every resource, drafts included, with search, kind and status filters
//! and sorting by last update; `?status=trash` is the trash, where resources are restored.

use super::{when, AdminShell};
use crate::api::{admin_resources, AdminRestore};
use crate::components::form::action_error;
use crate::components::form::PROBLEM_ID;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::pagination::Pagination;
use crate::model::admin::{AdminResourceList, ListQuery};
use crate::model::Kind;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn query_from(map: &crate::pages::Query) -> ListQuery {
    let get = |k: &str| map.get(k).filter(|v| !v.is_empty());
    ListQuery {
        q: get("q"),
        kind: get("kind"),
        status: get("status"),
        sort: get("sort"),
        page: get("page").and_then(|p| p.parse().ok()),
    }
}

fn href(q: &ListQuery, page: i64) -> String {
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [("q", &q.q), ("kind", &q.kind), ("status", &q.status), ("sort", &q.sort)] {
        if let Some(v) = v {
            pairs.append_pair(k, v);
        }
    }
    if page > 1 {
        pairs.append_pair("page", &page.to_string());
    }
    format!("/admin/resources?{}", pairs.finish())
}

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let query_map = crate::pages::use_query();
    let query = Memo::new(move |_| query_from(&query_map.read()));
    let restore = ServerAction::<AdminRestore>::new();
    let data = Resource::new(
        move || (query.get(), restore.version().get()),
        |(q, _)| admin_resources(q),
    );
    let restore_error = action_error(restore);
    view! {
        <AdminShell title="Resources">
            {move || {
                let q = query.get();
                let trash = q.status.as_deref() == Some("trash");
                view! {
                    <div class="page-head">
                        <h1>{if trash { "Trash" } else { "Resources" }}</h1>
                        <p class="lede">{if trash {
                            "Resources moved to the trash: out of browse, search and their pages. Restore one to bring it back as it was."
                        } else {
                            "Every listing, drafts included. Changes go live in browse, search and the resource page as soon as they are saved."
                        }}</p>
                        <p class="actions"><a class="button" href="/admin/resources/new">"New resource"</a></p>
                    </div>
                    <form method="get" action="/admin/resources" class="filter-bar" role="search" aria-label="Filter resources">
                        <div class="field">
                            <label for="rq">"Title or slug"</label>
                            <input id="rq" type="search" name="q" value=q.q.clone().unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label for="rkind">"Kind"</label>
                            <select id="rkind" name="kind">
                                <option value="">"All kinds"</option>
                                {Kind::ALL.iter().map(|k| view! {
                                    <option value=k.as_str() selected=q.kind.as_deref() == Some(k.as_str())>{k.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="rstatus">"Status"</label>
                            <select id="rstatus" name="status">
                                {[("", "Published and drafts"), ("published", "Published"), ("draft", "Drafts"), ("trash", "Trash")].into_iter().map(|(v, l)| view! {
                                    <option value=v selected=q.status.as_deref().unwrap_or("") == v>{l}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="rsort">"Order"</label>
                            <select id="rsort" name="sort">
                                {[("updated", "Recently updated first"), ("oldest", "Least recently updated first"), ("title", "Title")].into_iter().map(|(v, l)| view! {
                                    <option value=v selected=q.sort.as_deref().unwrap_or("updated") == v>{l}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button--secondary">"Apply"</button>
                    </form>
                }
            }}
            {move || restore_error.get().map(|e| view! { <p class="form-error" role="alert" id=PROBLEM_ID>{e.to_string()}</p> })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                        Ok(list) => view! { <ResourceTable list query=query.get_untracked() restore/> }.into_any(),
                    }
                })}
            </Transition>
        </AdminShell>
    }
}

#[component]
fn ResourceTable(list: AdminResourceList, query: ListQuery, restore: ServerAction<AdminRestore>) -> impl IntoView {
    let pages = ((list.total + list.per_page - 1) / list.per_page).max(1) as u32;
    let trash = query.status.as_deref() == Some("trash");
    let summary = format!("{} resource{}", list.total, if list.total == 1 { "" } else { "s" });
    view! {
        <p role="status" class="muted">{summary}</p>
        {if list.rows.is_empty() {
            view! { <p>{if trash { "The trash is empty." } else { "No resources match." }}</p> }.into_any()
        } else {
            view! {
                <div class="stack-wrap">
                <table class="admin-table stack-table">
                    <caption class="visually-hidden">"Resources"</caption>
                    <thead>
                        <tr><th scope="col">"Title"</th><th scope="col">"Kind"</th><th scope="col">"Status"</th><th scope="col">"Updated"</th><th scope="col">"Actions"</th></tr>
                    </thead>
                    <tbody>
                        {list.rows.into_iter().map(|r| {
                            let kind = Kind::parse(&r.kind).map(|k| k.label()).unwrap_or("Unknown");
                            let status = if r.trashed_at.is_some() { "In the trash".to_string() } else if r.status == "published" { "Published".into() } else { "Draft".into() };
                            let slug = r.slug.clone();
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/admin/resources/{}/edit", r.slug)>{r.title.clone()}</a>
                                        <span class="muted admin-table__slug">{r.slug.clone()}</span>
                                    </th>
                                    <td data-label="Kind">{kind}</td>
                                    <td data-label="Status"><span class=format!("status status--{}", if r.trashed_at.is_some() { "trash" } else { r.status.as_str() })>{status}</span></td>
                                    <td data-label="Updated">{when(&r.updated_at)}</td>
                                    <td class="admin-table__actions">
                                        {if r.trashed_at.is_some() {
                                            view! {
                                                <ActionForm action=restore attr:class="inline-form">
                                                    <input type="hidden" name="slug" value=slug.clone()/>
                                                    <button type="submit" class="button button--secondary">
                                                        "Restore"<span class="visually-hidden">{format!(" {}", r.title)}</span>
                                                    </button>
                                                </ActionForm>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <span class="row-links">
                                                    <a href=format!("/admin/resources/{slug}/edit")>"Edit"<span class="visually-hidden">{format!(" {}", r.title)}</span></a>
                                                    <a href=format!("/admin/resources/{slug}/preview")>"Preview"<span class="visually-hidden">{format!(" {}", r.title)}</span></a>
                                                </span>
                                            }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
        <Pagination current=list.page as u32 page_count=pages href=move |p| href(&query, p as i64)/>
    }
}
