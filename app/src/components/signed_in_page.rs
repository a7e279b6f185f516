//! The frame of every page that loads one thing for a signed-in learner: "Loading…" during a
//! client-side visit, the sign-in prompt when nobody is signed in, the error page for any other
//! failure, and otherwise the page's own body with what loaded.

use crate::components::loading::{ErrorPanel, Loading};
use crate::components::sign_in_prompt::SignInPrompt;
use crate::error::UiError;
use leptos::prelude::*;

/// `title` and `why` are what the sign-in prompt says; `body` renders what `data` loaded.
#[component]
pub fn SignedInPage<T, F, V>(
    data: Resource<Result<T, UiError>>,
    title: &'static str,
    why: &'static str,
    body: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=Loading>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(UiError::SignInRequired) => view! { <SignInPrompt title why/> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(value) => body(value).into_any(),
                    }
                })
            }}
        </Transition>
    }
}
