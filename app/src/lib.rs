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
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::{SiteFooter, SiteHeader};
use pages::not_found::NotFound;

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
    // The page is drawn here and nowhere else: what it loaded is not written into it for the
    // browser to read again. Only islands (which mark themselves) carry what they load.
    #[cfg(feature = "ssr")]
    if let Some(shared) = Owner::current_shared_context() {
        shared.set_is_hydrating(false);
    }
    provide_meta_context();
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
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage ssr=ssr.clone()/>
                    <Route path=path!("/resources") view=pages::browse::BrowsePage ssr=ssr.clone()/>
                    <Route path=path!("/resources/:slug") view=pages::resource::ResourcePage ssr=ssr.clone()/>
                    <Route path=path!("/pathways/:slug") view=pages::pathway::PathwayPage ssr=ssr.clone()/>
                    <Route path=path!("/resources/:slug/quiz/:item") view=pages::quiz::QuizPage ssr=ssr.clone()/>
                    <Route path=path!("/search") view=pages::search::SearchPage ssr=ssr.clone()/>
                    <Route path=path!("/sign-up") view=pages::sign_up::SignUpPage ssr=ssr.clone()/>
                    <Route path=path!("/sign-in") view=pages::sign_in::SignInPage ssr=ssr.clone()/>
                    <Route path=path!("/confirm-email") view=pages::confirm_email::ConfirmEmailPage ssr=ssr.clone()/>
                    <Route path=path!("/unsubscribe") view=pages::unsubscribe::UnsubscribePage ssr=ssr.clone()/>
                    <Route path=path!("/forgot-password") view=pages::forgot_password::ForgotPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("/reset-password") view=pages::reset_password::ResetPasswordPage ssr=ssr.clone()/>
                    <Route path=path!("/account") view=pages::account::AccountPage ssr=ssr.clone()/>
                    <Route path=path!("/goodbye") view=pages::goodbye::GoodbyePage ssr=ssr.clone()/>
                    <Route path=path!("/me") view=pages::progress::dashboard::MyLearningPage ssr=ssr.clone()/>
                    <Route path=path!("/me/bookmarks") view=pages::progress::bookmarks::MyBookmarksPage ssr=ssr.clone()/>
                    <Route path=path!("/me/credits") view=pages::credits::CreditsPage ssr=ssr.clone()/>
                    <Route path=path!("/teams") view=pages::teams::TeamsPage ssr=ssr.clone()/>
                    <Route path=path!("/teams/join/:token") view=pages::join_team::JoinTeamPage ssr=ssr.clone()/>
                    <Route path=path!("/teams/:id") view=pages::team::TeamPage ssr=ssr.clone()/>
                    <Route path=path!("/collections") view=pages::collections::CollectionsPage ssr=ssr.clone()/>
                    <Route path=path!("/collections/shared/:token") view=pages::shared_collection::SharedCollectionPage ssr=ssr.clone()/>
                    <Route path=path!("/collections/:id") view=pages::collection::CollectionPage ssr=ssr.clone()/>
                    <Route path=path!("/certificates") view=pages::certificate::VerifyPage ssr=ssr.clone()/>
                    <Route path=path!("/certificates/:code") view=pages::certificate::CertificatePage ssr=ssr.clone()/>
                    <Route path=path!("/admin") view=pages::admin::home::AdminHomePage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources") view=pages::admin::resources::ResourcesPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/new") view=pages::admin::editor::EditorPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/:slug/edit") view=pages::admin::editor::EditorPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/resources/:slug/preview") view=pages::admin::preview::PreviewPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/catalog") view=pages::admin::catalog::CatalogPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/audit") view=pages::admin::audit::AuditPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/users") view=pages::admin::users::UsersPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/search") view=pages::admin::analytics::AnalyticsPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/synonyms") view=pages::admin::synonyms::SynonymsPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/links") view=pages::admin::links::LinksPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/outbox") view=pages::admin::outbox::OutboxPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/credits") view=pages::admin::credits::CreditsAdminPage ssr=ssr/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// The wasm entry point: the page is drawn on the server; only its islands run here (the start
/// script in [`components::site_files::SiteHead`] hands each one its element).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    hydrate_islands();
    components::focus_keeper::install();
    components::done_notice::forget();
}
