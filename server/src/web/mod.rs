//! The web layer: one router for pages (Leptos, server-rendered and hydrated), the JSON API and
//! health checks, over one shared state.

pub mod admin_backend;
pub mod api;
pub mod backend;
pub mod extract;
pub mod go;
pub mod opened;
pub mod origin;
pub mod site;

use crate::accounts::{sessions, throttle::SignInThrottle};
use crate::error::HubError;
use crate::search::SearchIndex;
use app::backend::SharedBackend;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::AnyPool;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub pool: AnyPool,
    pub search: Arc<SearchIndex>,
    pub leptos_options: LeptosOptions,
    pub throttle: Arc<SignInThrottle>,
    /// Session cookies are marked Secure: the hub is served over TLS (usually by a proxy).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(pool: AnyPool, search: Arc<SearchIndex>, leptos_options: LeptosOptions, secure_cookies: bool) -> Self {
        AppState {
            pool,
            search,
            leptos_options,
            throttle: Arc::new(SignInThrottle::default()),
            secure_cookies,
        }
    }
}

/// Serves the hub on `listener` until `shutdown` completes, with each connection's address
/// known to handlers (for sign-in throttling).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), HubError> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(HubError::io("server failed"))
}

/// The app's routes, worked out once per process. Working them out runs the whole app with
/// resource loading suspended process-wide, so a page rendered meanwhile by another router in
/// the same process (tests start many) would wait forever on its data (leptos-rs/leptos#4773).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

pub fn router(state: AppState) -> Router {
    let backend: SharedBackend = Arc::new(backend::DbBackend {
        pool: state.pool.clone(),
        search: state.search.clone(),
        throttle: state.throttle.clone(),
    });
    let admin: app::backend::admin::SharedAdmin = Arc::new(admin_backend::DbAdmin {
        pool: state.pool.clone(),
        search: state.search.clone(),
    });
    let sessions = sessions::layer(state.pool.clone(), state.secure_cookies);
    let routes = route_list();
    let options = state.leptos_options.clone();
    let context = move || {
        provide_context(backend.clone());
        provide_context(admin.clone());
    };
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/go/{slug}/{item}", get(go::open_item))
        .route("/search/opened/{token}/{slug}", get(opened::open_result))
        .nest("/api/v1", api::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context,
            app::shell,
        ))
        .layer(axum::middleware::from_fn(origin::refuse_cross_site))
        .layer(sessions)
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}
