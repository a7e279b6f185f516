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
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::{SiteFooter, SiteHeader};
use pages::admin::{
    analytics::AnalyticsPage, audit::AuditPage, catalog::CatalogPage, editor::EditorPage, home::AdminHomePage,
    links::LinksPage, preview::PreviewPage, resources::ResourcesPage, synonyms::SynonymsPage, users::UsersPage,
};
use pages::{
    account::AccountPage,
    browse::BrowsePage,
    certificate::{CertificatePage, VerifyPage},
    collection::CollectionPage,
    collections::CollectionsPage,
    goodbye::GoodbyePage,
    home::HomePage,
    join_team::JoinTeamPage,
    not_found::NotFound,
    pathway::PathwayPage,
    progress::{bookmarks::MyBookmarksPage, dashboard::MyLearningPage},
    quiz::QuizPage,
    resource::ResourcePage,
    search::SearchPage,
    shared_collection::SharedCollectionPage,
    sign_in::SignInPage,
    sign_up::SignUpPage,
    team::TeamPage,
    teams::TeamsPage,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // The stylesheet under the name the build gave it (hashed in a release build).
                <HashedStylesheet options=options.clone() id="leptos"/>
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
    components::marks::provide_marks();
    // Effects run only in the browser: this marks the page as hydrated, for the end-to-end
    // tests that must tell a live page from a dead wasm.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
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
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=ssr.clone()/>
                    <Route path=path!("/resources") view=BrowsePage ssr=ssr.clone()/>
                    <Route path=path!("/resources/:slug") view=ResourcePage ssr=ssr.clone()/>
                    <Route path=path!("/pathways/:slug") view=PathwayPage ssr=ssr.clone()/>
                    <Route path=path!("/resources/:slug/quiz/:item") view=QuizPage ssr=ssr.clone()/>
                    <Route path=path!("/search") view=SearchPage ssr=ssr.clone()/>
                    <Route path=path!("/sign-up") view=SignUpPage ssr=ssr.clone()/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=ssr.clone()/>
                    <Route path=path!("/account") view=AccountPage ssr=ssr.clone()/>
                    <Route path=path!("/goodbye") view=GoodbyePage ssr=ssr.clone()/>
                    <Route path=path!("/me") view=MyLearningPage ssr=ssr.clone()/>
                    <Route path=path!("/me/bookmarks") view=MyBookmarksPage ssr=ssr.clone()/>
                    <Route path=path!("/teams") view=TeamsPage ssr=ssr.clone()/>
                    <Route path=path!("/teams/join/:token") view=JoinTeamPage ssr=ssr.clone()/>
                    <Route path=path!("/teams/:id") view=TeamPage ssr=ssr.clone()/>
                    <Route path=path!("/collections") view=CollectionsPage ssr=ssr.clone()/>
                    <Route path=path!("/collections/shared/:token") view=SharedCollectionPage ssr=ssr.clone()/>
                    <Route path=path!("/collections/:id") view=CollectionPage ssr=ssr.clone()/>
                    <Route path=path!("/certificates") view=VerifyPage ssr=ssr.clone()/>
                    <Route path=path!("/certificates/:code") view=CertificatePage ssr=ssr.clone()/>
                    <Route path=path!("/admin") view=AdminHomePage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources") view=ResourcesPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/new") view=EditorPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/:slug/edit") view=EditorPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/:slug/preview") view=PreviewPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/catalog") view=CatalogPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/users") view=UsersPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/search") view=AnalyticsPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/synonyms") view=SynonymsPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/links") view=LinksPage ssr=ssr/>
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
    hydrate_body(App);
}
