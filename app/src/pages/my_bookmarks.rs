//! `/me/bookmarks`: the learner's saved resources, with the same filters as browse and their
//! private notes. The state lives in the URL, as on browse.

use crate::api::load_bookmarks;
use crate::components::card::Card;
use crate::components::facets::FacetForm;
use crate::components::learner::SignInPrompt;
use crate::components::loading::{ErrorPanel, Loading};
use crate::components::pagination::Pagination;
use crate::error::UiError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyBookmarksPage() -> impl IntoView {
    let query = super::use_browse_query();
    let data = Resource::new(
        move || query.get(),
        |q| async move {
            match q {
                Ok(q) => load_bookmarks(q.clone()).await.map(|page| (q, page)),
                Err(e) => Err(e),
            }
        },
    );
    view! {
        <Title text="My bookmarks"/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(UiError::SignInRequired) => view! {
                        <SignInPrompt title="My bookmarks" why="Sign in to see the resources you saved."/>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok((q, b)) => {
                        let page = b.page;
                        let page_count = page.page_count();
                        let total = page.total;
                        let notes = b.notes;
                        view! {
                            <div class="page-head">
                                <h1>"My bookmarks"</h1>
                                <p class="lede">"What you saved to come back to, with your private notes."</p>
                            </div>
                            <div class="browse">
                                <aside class="browse__filters" aria-label="Filters">
                                    <FacetForm facets=page.facets.clone() action="/me/bookmarks" filtered=q.is_filtered()/>
                                </aside>
                                <section class="browse__results" aria-labelledby="results-count">
                                    <p id="results-count" class="results-count" role="status">
                                        {match (total, q.is_filtered()) {
                                            (0, false) => "You haven't bookmarked anything yet.".to_string(),
                                            (0, true) => "None of your bookmarks match these filters.".to_string(),
                                            (1, _) => "1 bookmark".to_string(),
                                            (n, _) => format!("{n} bookmarks"),
                                        }}
                                    </p>
                                    {(total == 0 && !q.is_filtered()).then(|| view! {
                                        <p>"Use “Save” on any resource in "<a href="/resources">"browse"</a>" or search."</p>
                                    })}
                                    <ul class="card-grid" role="list">
                                        {page.resources.into_iter().map(|card| {
                                            let note = notes.iter().find(|(s, _)| *s == card.slug).and_then(|(_, n)| n.clone());
                                            view! {
                                                <li>
                                                    <Card card/>
                                                    {note.map(|n| view! { <p class="bookmark__note"><span class="visually-hidden">"Your note: "</span>{n}</p> })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <Pagination current=q.page page_count=page_count href=move |p| {
                                        let qs = q.with_page(p).to_query_string();
                                        if qs.is_empty() { "/me/bookmarks".to_string() } else { format!("/me/bookmarks?{qs}") }
                                    }/>
                                </section>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
