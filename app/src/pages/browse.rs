//! `/resources`: every published resource, filterable, with counts; the state lives in the URL.

use crate::api::load_browse;
use crate::components::card::CardGrid;
use crate::components::filter_sheet::FilterSheet;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::pagination::Pagination;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn BrowsePage() -> impl IntoView {
    let query = super::use_browse_query();
    let data = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Ok(q) => load_browse(q.clone()).await.map(|page| (q, page)),
                Err(e) => Err(e),
            }
        },
    );
    view! {
        <Title text="Browse resources"/>
        <Meta name="description" content="Browse palliative care education for clinicians: module series, recorded sessions, courses, fellowships, certificate programs and partner organizations."/>
        <div class="page-head">
            <h1>"Browse resources"</h1>
            <p class="lede">"Module series, recorded sessions, courses, fellowships, certificate programs and the organizations behind them."</p>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e nested=true/> }.into_any(),
                    Ok((q, page)) => {
                        let page_count = page.page_count();
                        let total = page.total;
                        let shown = page.resources.len();
                        view! {
                            <div class="browse">
                                <FilterSheet facets=page.facets.clone() action="/resources" query=q.clone() total=total.max(0) as u64/>
                                <section class="browse__results" aria-labelledby="results-count">
                                    <p id="results-count" class="results-count" role="status">
                                        {match total {
                                            0 => "No resources match these filters.".to_string(),
                                            1 => "1 resource".to_string(),
                                            n => format!("{n} resources"),
                                        }}
                                        {(page_count > 1).then(|| format!(" · page {} of {}", q.page, page_count))}
                                    </p>
                                    // Browse lists featured first, then by title; the search page
                                    // orders the same filters by date.
                                    {(total > 1).then(|| {
                                        let filters = q.with_page(1).to_query_string();
                                        let href = if filters.is_empty() {
                                            "/search?sort=soonest".to_string()
                                        } else {
                                            format!("/search?sort=soonest&{filters}")
                                        };
                                        view! { <p class="results-order">"Featured first, then A–Z. "<a href=href>"Order by date"</a></p> }
                                    })}
                                    {(total == 0).then(|| {
                                        let alternatives = page.alternatives.clone();
                                        view! {
                                            <p>"Drop a filter to see more:"</p>
                                            <ul class="link-list">
                                                {alternatives.into_iter().map(|a| view! {
                                                    <li><a href=a.href>{a.label}</a>{match a.total {
                                                        1 => " (1 resource)".to_string(),
                                                        n => format!(" ({n} resources)"),
                                                    }}</li>
                                                }).collect_view()}
                                                <li><a href="/resources">"See everything"</a></li>
                                            </ul>
                                        }
                                    })}
                                    {(total > 0 && shown == 0).then(|| view! {
                                        <p>"This page is past the end of the list. "<a href="/resources">"Back to the first page"</a>"."</p>
                                    })}
                                    <CardGrid cards=page.resources/>
                                    <Pagination current=q.page page_count=page_count href=move |p| {
                                        let qs = q.with_page(p).to_query_string();
                                        if qs.is_empty() { "/resources".to_string() } else { format!("/resources?{qs}") }
                                    }/>
                                </section>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
