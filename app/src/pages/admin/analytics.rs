//! `/admin/search`: what clinicians search for over a period (by default the last 30 days): totals,
//! searches and searches that found nothing per day, and the top, zero-result and never-opened
//! queries, each linking to its search so the admin sees what the searcher saw. The period is a
//! GET form: the URL holds it, with or without JavaScript.

use super::AdminShell;
use crate::api::admin_search_analytics;
use crate::components::bar_chart::BarChart;
use crate::components::loading::{ErrorPanel, Loading};
use crate::error::UiError;
use crate::model::{DayCount, QueryCount, QueryStats, SearchAnalytics};
use leptos::prelude::*;
use leptos_router::components::Form;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    // Outside the shell, which renders its children more than once on the server.
    let query = crate::pages::use_query();
    let wanted = Memo::new(move |_| {
        let map = query.read();
        let day = |k: &str| map.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        (day("from"), day("to"))
    });
    let data = Resource::new(move || wanted.get(), |(from, to)| admin_search_analytics(from, to));
    view! {
        <AdminShell title="Search analytics">
            <div class="page-head">
                <h1>"Search analytics"</h1>
                <p class="lede">"What clinicians look for, what finds nothing, and what they never open: where the catalog or the synonym list could help. Searches are logged without anything that identifies who made them."</p>
            </div>
            <Analytics wanted data/>
        </AdminShell>
    }
}

#[component]
fn Analytics(
    wanted: Memo<(Option<String>, Option<String>)>,
    data: Resource<Result<SearchAnalytics, UiError>>,
) -> impl IntoView {
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(UiError::Invalid { message, .. }) => {
                        #[cfg(feature = "ssr")]
                        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
                            resp.set_status(http::StatusCode::BAD_REQUEST);
                        }
                        let (from, to) = wanted.get_untracked();
                        view! { <PeriodForm from to error=Some(message)/> }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                    Ok(report) => view! {
                        <PeriodForm from=Some(report.from.clone()) to=Some(report.to.clone()) error=None/>
                        <Report report/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PeriodForm(from: Option<String>, to: Option<String>, error: Option<String>) -> impl IntoView {
    let invalid = error.is_some().then_some("true");
    view! {
        <Form method="GET" action="/admin/search" attr:class="filter-form" attr:aria-label="Period">
            <div class="filter-form__fields">
                <div class="field">
                    <label for="analytics-from">"From"</label>
                    <input id="analytics-from" name="from" type="date" value=from.unwrap_or_default() aria-invalid=invalid/>
                </div>
                <div class="field">
                    <label for="analytics-to">"To"</label>
                    <input id="analytics-to" name="to" type="date" value=to.unwrap_or_default() aria-invalid=invalid/>
                </div>
            </div>
            <p class="field__hint">"Both days included, at most a year. Leave both empty for the last 30 days."</p>
            {error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="form-actions">
                <button type="submit" class="button">"Show this period"</button>
                <a href="/admin/search">"Last 30 days"</a>
            </div>
        </Form>
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn search_href(query: &str) -> String {
    format!("/search?q={}", crate::query::encode(query))
}

#[component]
fn Report(report: SearchAnalytics) -> impl IntoView {
    let share = if report.searches > 0 {
        format!(" ({})", percent(report.zero_results as f64 / report.searches as f64))
    } else {
        String::new()
    };
    let period = format!(
        "{} to {}",
        crate::model::dates::day(&report.from),
        crate::model::dates::day(&report.to)
    );
    view! {
        <section class="panel panel--wide" aria-labelledby="totals-title">
            <h2 id="totals-title">"Totals"</h2>
            <dl class="facts">
                <div class="facts__row"><dt>"Period"</dt><dd>{period}</dd></div>
                <div class="facts__row"><dt>"Searches"</dt><dd>{report.searches}</dd></div>
                <div class="facts__row"><dt>"Found nothing"</dt><dd>{report.zero_results}{share}</dd></div>
            </dl>
        </section>
        <section class="analytics-charts" aria-label="Per day">
            <figure class="chart">
                <figcaption>"Searches per day"</figcaption>
                <BarChart title="Searches per day" bars=DayCount::bars(&report.per_day) unit="searches"/>
            </figure>
            <figure class="chart">
                <figcaption>"Searches that found nothing, per day"</figcaption>
                <BarChart title="Searches that found nothing, per day" bars=DayCount::bars(&report.zero_results_per_day) unit="searches"/>
            </figure>
        </section>
        <TopQueries rows=report.top/>
        <QueryCounts
            id="zero-title"
            title="Queries that found nothing"
            caption="Queries that found nothing, most searched first"
            why="Each is a gap: add a resource, or a synonym that leads to one."
            rows=report.zero_result_queries
        />
        <QueryCounts
            id="unopened-title"
            title="Queries whose results nobody opened"
            caption="Queries that found something, yet none of whose results anyone opened"
            why="The results may not be what was meant: check what they show."
            rows=report.not_opened
        />
    }
}

#[component]
fn TopQueries(rows: Vec<QueryStats>) -> impl IntoView {
    view! {
        <section class="analytics-table" aria-labelledby="top-title">
            <h2 id="top-title">"Top queries"</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"No searches in this period."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table">
                            <caption>"The most searched queries, most first"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Query"</th>
                                    <th scope="col" class="num">"Searches"</th>
                                    <th scope="col" class="num">"Found nothing"</th>
                                    <th scope="col" class="num">"A result opened"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|r| view! {
                                        <tr>
                                            <th scope="row"><a href=search_href(&r.query)>{r.query.clone()}</a></th>
                                            <td class="num">{r.searches}</td>
                                            <td class="num">{percent(r.zero_share)}</td>
                                            <td class="num">{r.opened}</td>
                                        </tr>
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

#[component]
fn QueryCounts(
    id: &'static str,
    title: &'static str,
    caption: &'static str,
    why: &'static str,
    rows: Vec<QueryCount>,
) -> impl IntoView {
    view! {
        <section class="analytics-table" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"None in this period."</p> }.into_any()
            } else {
                view! {
                    <p>{why}</p>
                    <div class="table-scroll">
                        <table class="table">
                            <caption>{caption}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Query"</th>
                                    <th scope="col" class="num">"Searches"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|r| view! {
                                        <tr>
                                            <th scope="row"><a href=search_href(&r.query)>{r.query.clone()}</a></th>
                                            <td class="num">{r.count}</td>
                                        </tr>
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
