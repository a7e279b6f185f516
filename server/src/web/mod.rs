//! The web layer: one router for pages (Leptos, server-rendered and hydrated), the JSON API and
//! health checks, over one shared state.

pub mod api;
pub mod backend;
pub mod site;

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
}

pub fn router(state: AppState) -> Router {
    let backend: SharedBackend = Arc::new(backend::DbBackend {
        pool: state.pool.clone(),
        search: state.search.clone(),
    });
    let routes = generate_route_list(app::App);
    let options = state.leptos_options.clone();
    let context = move || provide_context(backend.clone());
    Router::new()
        .route("/healthz", get(api::healthz))
        .nest("/api/v1", api::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context,
            app::shell,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}
