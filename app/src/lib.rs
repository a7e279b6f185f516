#![recursion_limit = "512"]
//! Champion Hub's user interface: the HTML shell, the routes, and the pages and components they
//! render. Built twice: with `ssr` into the server, with `hydrate` into the browser's wasm.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
pub mod query;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::{SiteFooter, SiteHeader};
use pages::{
    browse::BrowsePage, home::HomePage, not_found::NotFound, pathway::PathwayPage, resource::ResourcePage,
    search::SearchPage,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Every route waits for its data on the server: the page arrives whole, with the right
    // status code and title, and reads the same with JavaScript off.
    let ssr = SsrMode::Async;
    view! {
        <Stylesheet id="leptos" href="/pkg/champion-hub.css"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Title formatter=|text: String| {
            if text.is_empty() { "Champion Hub".to_string() } else { format!("{text} · Champion Hub") }
        }/>
        <Meta name="color-scheme" content="light"/>
        <Router>
            <a class="skip-link" href="#main">"Skip to main content"</a>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=ssr.clone()/>
                    <Route path=path!("/resources") view=BrowsePage ssr=ssr.clone()/>
                    <Route path=path!("/resources/:slug") view=ResourcePage ssr=ssr.clone()/>
                    <Route path=path!("/pathways/:slug") view=PathwayPage ssr=ssr.clone()/>
                    <Route path=path!("/search") view=SearchPage ssr=ssr/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// The wasm entry point: attach to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
