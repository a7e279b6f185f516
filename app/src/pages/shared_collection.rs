//! `/collections/shared/{token}`: a collection through its secret link, for anyone holding it,
//! signed in or not. Read only; the page is kept out of search engines and never sends the
//! link on to other sites.

use super::collection::{about, Entries};
use crate::api::load_shared_collection;
use crate::components::secret_link_page::{DeadLink, SecretLinkPage};
use crate::model::collection::CollectionView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What the page says once the link was stopped or replaced.
const DEAD_LINK: DeadLink = DeadLink {
    title: "Collection link not found",
    heading: "This collection link doesn't work",
    lede: "Its owner may have stopped it or made a new one. Ask them for the link they use now.",
};

#[component]
pub fn SharedCollectionPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, load_shared_collection);
    view! {
        <SecretLinkPage data dead=DEAD_LINK body=move |collection| view! { <SharedView collection/> }/>
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
