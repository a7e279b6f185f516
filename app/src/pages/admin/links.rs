//! `/admin/links`: the latest link check (running or finished) with its broken and redirected
//! links, each leading to the resource's editor to fix it, and a button that starts a new check
//! in the background. While a check runs the page looks again by itself: every 2 seconds with
//! the wasm, every few seconds by a refresh without it.

use super::{when, AdminShell};
use crate::api::{admin_link_report, AdminStartLinkCheck};
use crate::components::form::action_error;
use crate::components::form::PROBLEM_ID;
use crate::components::loading::{ErrorPanel, Loading};
use crate::error::UiError;
use crate::model::admin::{CheckReport, LinkReport, LinkResult, Outcome};
use leptos::form::ActionForm;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// How often the page asks again while a check runs.
const POLL: std::time::Duration = std::time::Duration::from_secs(2);

#[component]
pub fn LinksPage() -> impl IntoView {
    // Outside the shell, which renders its children more than once on the server.
    let data = Resource::new(|| (), |_| admin_link_report());
    view! {
        <AdminShell title="Link check">
            <div class="page-head">
                <h1>"Link check"</h1>
                <p class="lede">"Partner sites move and retire pages. The check asks every resource’s and item’s link whether it still answers, so broken ones can be fixed before learners meet them."</p>
            </div>
            <Links data/>
        </AdminShell>
    }
}

fn running(data: &Option<Result<LinkReport, UiError>>) -> bool {
    matches!(data, Some(Ok(LinkReport { latest: Some(check), .. })) if check.running)
}

#[component]
fn Links(data: Resource<Result<LinkReport, UiError>>) -> impl IntoView {
    let action = ServerAction::<AdminStartLinkCheck>::new();
    let error = action_error(action);
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            data.refetch();
        }
    });
    // Effects run only in the browser: while the check runs, look again in a moment.
    Effect::new(move |_| {
        if running(&data.get()) {
            set_timeout(move || data.refetch(), POLL);
        }
    });
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert" id=PROBLEM_ID>{e.to_string()}</p> })}
        {move || {
            matches!(data.get(), Some(Ok(LinkReport { private_links_allowed: true, .. }))).then(|| view! {
                <p class="notice" role="note"><strong>"Private addresses are checked too. "</strong>"This hub was started with --allow-private-links, so checks also visit addresses on this machine and its local network (intranet links). Without it, only public internet addresses are visited."</p>
            })
        }}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                    Ok(LinkReport { latest: None, .. }) => view! {
                        <section class="panel panel--wide" aria-labelledby="latest-title">
                            <h2 id="latest-title">"Latest check"</h2>
                            <p role="status">"No link check has run yet."</p>
                            <StartForm action/>
                        </section>
                    }.into_any(),
                    Ok(LinkReport { latest: Some(check), titles, .. }) => view! { <CheckView check titles action/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StartForm(action: ServerAction<AdminStartLinkCheck>) -> impl IntoView {
    view! {
        <ActionForm action attr:class="stack-form">
            <p class="field__hint" id="start-check-hint">"The check runs in the background, a few requests at a time so partner sites are not strained; on a large catalog it takes minutes."</p>
            <div class="form-actions">
                <button type="submit" class="button" aria-describedby="start-check-hint" disabled=move || action.pending().get()>
                    "Check all links now"
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn CheckView(
    check: CheckReport,
    titles: BTreeMap<String, String>,
    action: ServerAction<AdminStartLinkCheck>,
) -> impl IntoView {
    let counts = check.counts();
    let status = if check.running {
        "Still running. This page updates by itself until the check finishes.".to_string()
    } else {
        format!("Finished: {}.", check.summary())
    };
    let finished = check
        .finished_at
        .as_deref()
        .map(when)
        .unwrap_or_else(|| "Not yet".to_string());
    let started = check.started_at.clone();
    let (broken, rest): (Vec<LinkResult>, Vec<LinkResult>) =
        check.results.into_iter().partition(|r| r.outcome == Outcome::Broken);
    let redirected: Vec<LinkResult> = rest.into_iter().filter(|r| r.outcome == Outcome::Redirected).collect();
    let ok = match counts.ok {
        1 => "1 link answered directly.".to_string(),
        n => format!("{n} links answered directly."),
    };
    let titles = StoredValue::new(titles);
    view! {
        <section class="panel panel--wide" aria-labelledby="latest-title">
            <h2 id="latest-title">"Latest check"</h2>
            <dl class="facts">
                <div class="facts__row"><dt>"Started"</dt><dd><time datetime=started.clone()>{when(&started)}</time></dd></div>
                <div class="facts__row"><dt>"Finished"</dt><dd>{finished}</dd></div>
                <div class="facts__row"><dt>"Links checked"</dt><dd>{check.checked}</dd></div>
            </dl>
            <p class="notice" role="status">{status}</p>
            {if check.running {
                view! {
                    // Without the wasm, the browser refreshes the page while the check runs.
                    <noscript inner_html=r#"<meta http-equiv="refresh" content="5">"#></noscript>
                    <p><a href="/admin/links">"Refresh now"</a></p>
                }.into_any()
            } else {
                view! { <StartForm action/> }.into_any()
            }}
        </section>
        {(!check.running).then(|| view! {
            <LinkTable id="broken-title" title="Broken links" outcome=Outcome::Broken results=broken titles/>
            <LinkTable id="redirected-title" title="Redirected links" outcome=Outcome::Redirected results=redirected titles/>
            <p>{ok}</p>
        })}
    }
}

#[component]
fn LinkTable(
    id: &'static str,
    title: &'static str,
    outcome: Outcome,
    results: Vec<LinkResult>,
    titles: StoredValue<BTreeMap<String, String>>,
) -> impl IntoView {
    let broken = outcome == Outcome::Broken;
    let heading = format!("{title} ({})", results.len());
    view! {
        <section class="link-results" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {if results.is_empty() {
                view! { <p class="muted">"None."</p> }.into_any()
            } else {
                view! {
                    <p>{if broken {
                        "Each failed when checked: fix or remove the link in the resource’s editor."
                    } else {
                        "These work, but only after a redirect: update them to where they lead now."
                    }}</p>
                    <div class="table-scroll">
                        <table class="table link-table">
                            <caption>{format!("{title}, by resource")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Resource"</th>
                                    <th scope="col">"Item"</th>
                                    <th scope="col">"Link"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">{if broken { "What went wrong" } else { "Leads to" }}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {results
                                    .into_iter()
                                    .map(|r| {
                                        let title = titles.with_value(|t| t.get(&r.resource).cloned()).unwrap_or_else(|| r.resource.clone());
                                        let editor = format!("/admin/resources/{}/edit", r.resource);
                                        let status = r.status.map(|s| s.to_string()).unwrap_or_else(|| "—".to_string());
                                        let detail = if broken {
                                            r.error.clone().unwrap_or_default()
                                        } else {
                                            r.location.clone().unwrap_or_default()
                                        };
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    <a href=editor>{title}</a>
                                                    <span class="link-table__slug">{r.resource.clone()}</span>
                                                </th>
                                                <td>{r.item.clone().unwrap_or_else(|| "—".to_string())}</td>
                                                <td class="link-table__url"><a href=r.url.clone() rel="external noopener noreferrer">{r.url.clone()}</a></td>
                                                <td>{status}</td>
                                                <td class="link-table__url">{detail}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
