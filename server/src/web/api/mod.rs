//! The JSON API, version 1: one module per resource it serves. Handlers parse, call the
//! capability, and serialize; errors become responses in one place (`HubError`).

pub mod accounts;
pub mod admin;
pub mod catalog;
pub mod me;

use super::AppState;
use crate::error::HubError;
use axum::Router;

pub use catalog::{healthz, parse_browse_query, parse_search_query};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(catalog::routes())
        .merge(accounts::routes())
        .merge(me::routes())
        .nest("/admin", admin::routes())
        .fallback(|| async { HubError::NotFound("API route".into()) })
}
