//! Sending someone to sign in and back: the link that returns to the current page, and what a
//! page for signed-in learners shows to someone who is not.

use leptos::prelude::*;

/// The current path and query, for "sign in and come back here".
pub fn here() -> String {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// `/sign-in?next=…` back to `path`.
pub fn sign_in_href(path: &str) -> String {
    format!("/sign-in?next={}", crate::query::encode(path))
}

/// `/sign-up?next=…` back to `path`: a new account comes back too.
pub fn sign_up_href(path: &str) -> String {
    format!("/sign-up?next={}", crate::query::encode(path))
}

/// What a page for signed-in learners shows to someone who is not.
#[component]
pub fn SignInPrompt(#[prop(into)] title: String, #[prop(into)] why: String) -> impl IntoView {
    let next = here();
    crate::components::loading::set_status(401);
    view! {
        <leptos_meta::Title text=title.clone()/>
        <section class="narrow page-head">
            <h1>{title}</h1>
            <p class="lede">{why}</p>
            <p>
                <a class="button" href=sign_in_href(&next)>"Sign in"</a>
                " or "<a href=sign_up_href(&next)>"create an account"</a>"."
            </p>
        </section>
    }
}
