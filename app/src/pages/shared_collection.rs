//! `/collections/shared/{token}`: a collection through its secret link, for anyone holding it,
//! signed in or not. Read only; the page is kept out of search engines and never sends the
//! link on to other sites.

use super::collection::{about, Entries};
use crate::api::load_shared_collection;
use crate::components::loading::{ErrorPanel, Loading, NotFoundStatus};
use crate::error::UiError;
use crate::model::collection::CollectionView;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn SharedCollectionPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, load_shared_collection);
    view! {
        <Meta name="robots" content="noindex"/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(UiError::NotFound) => view! {
                        <NotFoundStatus/>
                        <Title text="Collection link not found"/>
                        <section class="narrow page-head">
                            <h1>"This collection link doesn't work"</h1>
                            <p class="lede">"Its owner may have stopped it or made a new one. Ask them for the link they use now."</p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(collection) => view! { <SharedView collection/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SharedView(collection: CollectionView) -> impl IntoView {
    let about = about(&collection);
    view! {
        <Title text=collection.name.clone()/>
        <div class="page-head">
            <p class="eyebrow">"A shared collection"</p>
            <h1>{collection.name.clone()}</h1>
            <p class="lede">{about}</p>
        </div>
        <section aria-labelledby="entries-title" class="panel">
            <h2 id="entries-title">"Resources"</h2>
            <Entries collection=collection.id entries=collection.entries actions=None/>
        </section>
    }
}
