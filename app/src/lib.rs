#![recursion_limit = "512"]
//! Champion Hub's user interface: the HTML shell, the routes, and the pages and components they
//! render. Built twice: with `ssr` into the server, with `hydrate` into the browser's wasm.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod error;
pub mod lazy_pages;
pub mod model;
pub mod pages;
pub mod query;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::Lazy;
use leptos_router::{path, SsrMode};

use components::layout::{SiteFooter, SiteHeader};
use pages::not_found::NotFound;
// The pages come through their groups (`lazy_pages`), never directly: a page named here would
// be pulled into the main wasm.
use lazy_pages as page;

/// The HTML document around the app, rendered on the server. (The site's file names come from
/// the [`components::site_files::SiteFiles`] the server provides, read once, not from
/// `options`.)
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <components::site_files::SiteHead/>
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
    // First, so the server and the wasm read the shared value in the same place.
    components::refused_form::provide();
    components::marks::provide_marks();
    // Every route waits for its data on the server: the page arrives whole, with the right
    // status code and title, and reads the same with JavaScript off.
    let ssr = SsrMode::Async;
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        // Feed readers find the feed from any page.
        <Link rel="alternate" type_="application/atom+xml" href="/feed.atom" title="Champion Hub: new and updated resources"/>
        <Title formatter=|text: String| {
            components::raw_text::raw_text(
                if text.is_empty() { "Champion Hub".to_string() } else { format!("{text} · Champion Hub") },
            )
        }/>
        <Meta name="color-scheme" content="light"/>
        <Router>
            <a class="skip-link" href="#main">"Skip to main content"</a>
            <SiteHeader/>
            <components::focus_keeper::FocusOnNavigation/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> <components::live_mark::LiveMark/> }>
                    <Route path=path!("/") view={Lazy::<page::Home>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/resources") view={Lazy::<page::Browse>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/resources/:slug") view={Lazy::<page::ResourceDetail>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/pathways/:slug") view={Lazy::<page::Pathway>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/resources/:slug/quiz/:item") view={Lazy::<page::Quiz>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/search") view={Lazy::<page::Search>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/sign-up") view={Lazy::<page::SignUp>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/sign-in") view={Lazy::<page::SignIn>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/account") view={Lazy::<page::Account>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/goodbye") view={Lazy::<page::Goodbye>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/me") view={Lazy::<page::MyLearning>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/me/bookmarks") view={Lazy::<page::MyBookmarks>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/teams") view={Lazy::<page::Teams>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/teams/join/:token") view={Lazy::<page::JoinTeam>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/teams/:id") view={Lazy::<page::Team>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/collections") view={Lazy::<page::Collections>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/collections/shared/:token") view={Lazy::<page::SharedCollection>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/collections/:id") view={Lazy::<page::Collection>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/certificates") view={Lazy::<page::Verify>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/certificates/:code") view={Lazy::<page::Certificate>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin") view={Lazy::<page::AdminHome>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources") view={Lazy::<page::AdminResources>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/new") view={Lazy::<page::Editor>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/:slug/edit") view={Lazy::<page::Editor>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/:slug/preview") view={Lazy::<page::Preview>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/catalog") view={Lazy::<page::AdminCatalog>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/audit") view={Lazy::<page::Audit>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/users") view={Lazy::<page::Users>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/search") view={Lazy::<page::Analytics>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/synonyms") view={Lazy::<page::Synonyms>::new()} ssr=ssr.clone()/>
                    <Route path=path!("/admin/links") view={Lazy::<page::Links>::new()} ssr=ssr/>
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
    components::focus_keeper::install();
    hydrate_lazy(App);
}
