//! The page for an address the hub does not know, served with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <section class="panel" aria-labelledby="nf-title">
            <h1 id="nf-title">"We couldn't find that page"</h1>
            <p>"The address may be mistyped, or the resource may have moved or been retired."</p>
            <ul class="link-list">
                <li><a href="/resources">"Browse all resources"</a></li>
                <li><a href="/pathways/champion-starter-path">"Follow the champion's starter path"</a></li>
                <li><a href="/">"Go to the home page"</a></li>
            </ul>
        </section>
    }
}
