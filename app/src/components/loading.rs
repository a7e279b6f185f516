//! What a page shows while its data loads (client-side navigation only) or when loading failed.

use crate::error::UiError;
use leptos::prelude::*;

/// Sets the page's HTTP status while it renders on the server (the browser has its page by then).
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Marks the page it is in as 404, for pages that explain in their own words what is missing.
#[component]
pub fn NotFoundStatus() -> impl IntoView {
    set_status(404);
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// A friendly error page; the server also sets the matching status code. `nested` when the
/// page already has its own h1.
#[component]
pub fn ErrorPanel(error: UiError, #[prop(optional)] nested: bool) -> impl IntoView {
    set_status(error.status());
    view! {
        <leptos_meta::Title text="Something went wrong"/>
        <section class="panel panel--error" aria-labelledby="error-title">
            {if nested {
                view! { <h2 id="error-title">"Something went wrong"</h2> }.into_any()
            } else {
                view! { <h1 id="error-title">"Something went wrong"</h1> }.into_any()
            }}
            <p>{error.to_string()}</p>
            <p><a href="/">"Go to the home page"</a>" or "<a href="/resources">"browse all resources"</a>"."</p>
        </section>
    }
}
