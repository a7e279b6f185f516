//! The frame of a page reached through a secret link (a team's invite, a shared collection):
//! kept out of search engines, "Loading…" during a client-side visit, a 404 in the page's own
//! words once the link was stopped or replaced, and otherwise the page's body.

use crate::components::loading::{ErrorPanel, Loading, NotFoundStatus};
use crate::error::UiError;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// What a page says of a link that no longer works.
#[derive(Clone, Copy)]
pub struct DeadLink {
    pub title: &'static str,
    pub heading: &'static str,
    pub lede: &'static str,
}

#[component]
pub fn SecretLinkPage<T, F, V>(data: Resource<Result<T, UiError>>, dead: DeadLink, body: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        // The token is the key: the page must not be indexed.
        <Meta name="robots" content="noindex"/>
        <Transition fallback=Loading>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(UiError::NotFound) => view! {
                            <NotFoundStatus/>
                            <Title text=dead.title/>
                            <section class="narrow page-head">
                                <h1>{dead.heading}</h1>
                                <p class="lede">{dead.lede}</p>
                            </section>
                        }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(value) => body(value).into_any(),
                    }
                })
            }}
        </Transition>
    }
}
