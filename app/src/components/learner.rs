//! Who is signed in and what they have marked, loaded once per page and shared by the header,
//! every card and every detail page. Actions that change a mark bump its version so it loads
//! again (in the browser; without the wasm every change is a fresh page anyway).

use crate::api::load_marks;
use crate::error::UiError;
use crate::model::LearnerMarks;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Learner {
    pub marks: Resource<Result<LearnerMarks, UiError>>,
    version: RwSignal<u32>,
}

impl Learner {
    /// Marks loaded again after a change made in place.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// Called once, in the app's root.
pub fn provide_learner() {
    let version = RwSignal::new(0u32);
    let marks = Resource::new(move || version.get(), |_| load_marks());
    provide_context(Learner { marks, version });
}

pub fn use_learner() -> Learner {
    expect_context::<Learner>()
}

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
                " or "<a href="/sign-up">"create an account"</a>"."
            </p>
        </section>
    }
}
