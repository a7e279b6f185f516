//! What a page shows while its data loads (client-side navigation only) or when loading failed.

use crate::error::UiError;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// A friendly error page; the server also sets the matching status code. `nested` when the
/// page already has its own h1.
#[component]
pub fn ErrorPanel(error: UiError, #[prop(optional)] nested: bool) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        use leptos_axum::ResponseOptions;
        if let Some(resp) = use_context::<ResponseOptions>() {
            let status = error.status();
            resp.set_status(http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
    }
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
