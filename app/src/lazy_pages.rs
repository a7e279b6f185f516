//! The pages as pieces of the wasm fetched when first needed (`cargo leptos build --split`). A
//! first visit loads the shell (router, header, shared components) and the one group its page
//! is in, not every page of the hub: most visitors never open the admin area.
//!
//! Pages are grouped, not split one by one: the splitter gives the code each set of pieces
//! shares a file of its own, and one piece per page made hundreds of sub-kilobyte files, a
//! round trip each on a phone's network (BENCHMARKS.md). Each group is one `#[lazy]` function
//! drawing any of its pages, and each route a [`LazyRoute`] that awaits it.
//!
//! Each route's `preload` fetches its group's piece: the router awaits it before hydrating a
//! page opened directly, so the page's code is there when hydration walks the server's HTML.
//! (Without it the first poll of the view found the piece missing, hydrated nothing against a
//! whole page and panicked on the next marker.) On the server, the route's view names its
//! group's files in the head, so the browser fetches them beside the main module.

use crate::components::live_mark::LiveMark;
use crate::components::site_files::PiecePreloads;
use crate::pages;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// One group's pages and routes: an enum naming its pages, the `#[lazy]` function drawing
/// them, and a route type per page.
macro_rules! page_group {
    ($group:ident, $draw:ident, $preload:ident, { $($route:ident => $view:expr),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug)]
        pub enum $group {
            $($route),+
        }

        #[leptos::lazy]
        fn $draw(page: $group) -> AnyView {
            match page {
                $($group::$route => $view.into_any()),+
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    let page = $draw($group::$route).await;
                    view! { {page} <LiveMark/> <PiecePreloads name=stringify!($draw)/> }.into_any()
                }

                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $preload().await;
                }
            }
        )+
    };
}

page_group!(Listing, draw_listing, __preload_draw_listing, {
    Home => view! { <pages::home::HomePage/> },
    Browse => view! { <pages::browse::BrowsePage/> },
    Search => view! { <pages::search::SearchPage/> },
    Pathway => view! { <pages::pathway::PathwayPage/> },
});

page_group!(Detail, draw_detail, __preload_draw_detail, {
    ResourceDetail => view! { <pages::resource::ResourcePage/> },
});

page_group!(Door, draw_door, __preload_draw_door, {
    SignIn => view! { <pages::sign_in::SignInPage/> },
    SignUp => view! { <pages::sign_up::SignUpPage/> },
    Goodbye => view! { <pages::goodbye::GoodbyePage/> },
    JoinTeam => view! { <pages::join_team::JoinTeamPage/> },
    Verify => view! { <pages::certificate::VerifyPage/> },
    Certificate => view! { <pages::certificate::CertificatePage/> },
    SharedCollection => view! { <pages::shared_collection::SharedCollectionPage/> },
});

page_group!(Learner, draw_learner, __preload_draw_learner, {
    Account => view! { <pages::account::AccountPage/> },
    MyLearning => view! { <pages::progress::dashboard::MyLearningPage/> },
    MyBookmarks => view! { <pages::progress::bookmarks::MyBookmarksPage/> },
    Quiz => view! { <pages::quiz::QuizPage/> },
    Teams => view! { <pages::teams::TeamsPage/> },
    Team => view! { <pages::team::TeamPage/> },
    Collections => view! { <pages::collections::CollectionsPage/> },
    Collection => view! { <pages::collection::CollectionPage/> },
});

page_group!(Admin, draw_admin, __preload_draw_admin, {
    AdminHome => view! { <pages::admin::home::AdminHomePage/> },
    AdminResources => view! { <pages::admin::resources::ResourcesPage/> },
    Editor => view! { <pages::admin::editor::EditorPage/> },
    Preview => view! { <pages::admin::preview::PreviewPage/> },
    AdminCatalog => view! { <pages::admin::catalog::CatalogPage/> },
    Audit => view! { <pages::admin::audit::AuditPage/> },
    Users => view! { <pages::admin::users::UsersPage/> },
    Analytics => view! { <pages::admin::analytics::AnalyticsPage/> },
    Synonyms => view! { <pages::admin::synonyms::SynonymsPage/> },
    Links => view! { <pages::admin::links::LinksPage/> },
});
