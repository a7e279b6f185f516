//! `/search`: full-text results with facets, snippets, counts and order; the whole state is in
//! the URL, and the form is a plain GET form.

use crate::api::load_search;
use crate::components::card::{CardFacts, CardLearning};
use crate::components::filter_sheet::FilterSheet;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::pagination::Pagination;
use crate::error::UiError;
use crate::model::{SearchHit, SearchPage as Results};
use crate::query::{SearchQuery, Sort};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Form;

#[component]
pub fn SearchPage() -> impl IntoView {
    let url_query = super::use_query();
    let query = Memo::new(move |_| {
        SearchQuery::from_pairs(url_query.read().pairs())
            .map_err(|e| UiError::BadRequest(format!("That search can't be used: {e}.")))
    });
    let data = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Ok(q) => load_search(q.clone()).await.map(|page| (q, page)),
                Err(e) => Err(e),
            }
        },
    );
    view! {
        <Meta name="description" content="Search palliative care education for clinicians."/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <Title text="Search"/><h1>"Search"</h1><ErrorPanel error=e nested=true/> }.into_any(),
                    Ok((q, page)) => view! { <SearchResults q page/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SearchResults(q: SearchQuery, page: Results) -> impl IntoView {
    let title = if q.q.is_empty() {
        "Search".to_string()
    } else {
        format!("“{}”", q.q)
    };
    let page_title = if q.q.is_empty() {
        "Search".to_string()
    } else {
        format!("Search: {}", q.q)
    };
    let per = page.per_page.max(1) as u64;
    let page_count = (page.total.div_ceil(per)).max(1) as u32;
    let suggestion = page.suggestion.clone().map(|s| {
        let href = format!(
            "/search?{}",
            SearchQuery {
                q: s.clone(),
                ..q.clone()
            }
            .to_query_string()
        );
        (s, href)
    });
    let q_for_pages = q.clone();
    let token = page.search_token.clone();
    let mut hidden = vec![("q", q.q.clone())];
    if q.sort != Sort::Relevance {
        hidden.push(("sort", q.sort.as_str().to_string()));
    }
    view! {
        <Title text=page_title/>
        <div class="page-head">
            <h1>{if q.q.is_empty() { "Search".to_string() } else { format!("Results for {title}") }}</h1>
            <Form method="GET" action="/search" attr:role="search" attr:aria-label="Search the hub">
                <div class="search-form">
                    <label for="search-page-q">"Search for"</label>
                    <input id="search-page-q" type="search" name="q" value=q.q.clone() autocomplete="off"/>
                    <label for="search-sort">"Order"</label>
                    <select id="search-sort" name="sort">
                        {Sort::ALL.iter().map(|(s, value, label)| view! {
                            <option value=*value selected=*s == q.sort>{*label}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button">"Search"</button>
                </div>
            </Form>
        </div>
        <div class="browse">
            // Nothing found and nothing filtered: every filter would count 0, so none is offered.
            {(page.total > 0 || q.filters.is_filtered()).then(|| view! {
                <FilterSheet facets=page.facets.clone() action="/search" query=q.filters.clone() hidden total=page.total/>
            })}
            <section class="browse__results" aria-labelledby="results-count">
                <p id="results-count" class="results-count" role="status">
                    {match (page.total, page.partial_from) {
                        (0, _) => "No resources match.".to_string(),
                        (1, Some(0)) => "1 resource matches some of the words".to_string(),
                        (n, Some(0)) => format!("{n} resources match some of the words"),
                        (n, Some(every)) => format!(
                            "{every} {} every word; {} more match some of them",
                            if every == 1 { "resource matches" } else { "resources match" },
                            n - every
                        ),
                        (1, None) => "1 resource".to_string(),
                        (n, None) => format!("{n} resources"),
                    }}
                    {(page_count > 1).then(|| format!(" · page {} of {}", q.filters.page, page_count))}
                </p>
                {suggestion.map(|(s, href)| view! {
                    <p class="did-you-mean">"Did you mean " <a href=href>{s}</a> "?"</p>
                })}
                {(page.relaxed && page.total > 0).then(|| view! {
                    <p class="muted">"Nothing matched every word, so these match some of them."</p>
                })}
                {(page.total == 0).then(|| {
                    let alternatives = page.alternatives.clone();
                    view! {
                        <div class="panel">
                            <p>"We found nothing for this search. You could:"</p>
                            <ul class="link-list">
                                {alternatives.into_iter().map(|a| view! {
                                    <li><a href=a.href>{a.label}</a>{format!(" ({} found)", a.total)}</li>
                                }).collect_view()}
                                <li>"try fewer or more general words, or"</li>
                                <li><a href="/resources">"browse everything"</a></li>
                            </ul>
                        </div>
                    }
                })}
                {
                    // The results that match every word, then (under their own heading) those
                    // that match only some: a reader sees where the exact matches end.
                    let offset = (q.filters.page.max(1) as u64 - 1) * q.filters.per_page as u64;
                    let mut hits = page.hits.clone();
                    let split = page
                        .partial_from
                        .map(|p| p.saturating_sub(offset) as usize)
                        .filter(|&k| k < hits.len());
                    let partial = split.map(|k| hits.split_off(k)).unwrap_or_default();
                    let card = move |hit: SearchHit| {
                        let (href, rel) = result_link(token.as_deref(), &hit.card.slug);
                        let c = hit.card;
                        view! {
                            <li class="result">
                                <p class="card__kind">{c.kind.label()}</p>
                                <h2 class="result__title"><a href=href rel=rel>{c.title.clone()}</a></h2>
                                {c.provider.clone().map(|p| view! { <p class="card__provider">{p.title}</p> })}
                                <p class="result__snippet" inner_html=hit.snippet></p>
                                <CardFacts card=c.clone()/>
                                <CardLearning slug=c.slug.clone() title=c.title.clone()/>
                            </li>
                        }
                    };
                    let card_too = card.clone();
                    let card_related = card.clone();
                    let related = page.related.clone();
                    let first_partial = offset + split.unwrap_or(0) as u64 + 1;
                    view! {
                        {(!hits.is_empty()).then(|| view! {
                            <ol class="results" role="list" start=offset + 1>
                                {hits.into_iter().map(card).collect_view()}
                            </ol>
                        })}
                        {(!partial.is_empty()).then(|| view! {
                            <h2 class="results__partial" id="partial-matches">"Matching some of your words"</h2>
                            <ol class="results" role="list" start=first_partial aria-labelledby="partial-matches">
                                {partial.into_iter().map(card_too).collect_view()}
                            </ol>
                        })}
                        {(!related.is_empty()).then(|| view! {
                            <h2 class="results__partial" id="related-resources">"More from the same providers"</h2>
                            <ul class="results" role="list" aria-labelledby="related-resources">
                                {related.into_iter().map(card_related).collect_view()}
                            </ul>
                        })}
                    }
                }
                <Pagination current=q.filters.page page_count=page_count href=move |p| {
                    let mut next = q_for_pages.clone();
                    next.filters.page = p;
                    format!("/search?{}", next.to_query_string())
                }/>
            </section>
        </div>
    }
}

/// A result's link: through `/search/opened/…` when the search was logged, so opening it is
/// counted (anonymously) against that search. That is a server route, not a page, so the link
/// is `rel="external"`: the client-side router leaves it to the browser. `nofollow`: crawlers
/// following it would count opens nobody made.
fn result_link(token: Option<&str>, slug: &str) -> (String, Option<&'static str>) {
    match token {
        Some(token) => (format!("/search/opened/{token}/{slug}"), Some("external nofollow")),
        None => (format!("/resources/{slug}"), None),
    }
}
