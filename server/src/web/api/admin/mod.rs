//! `/api/v1/admin/*`: the admin's JSON API, for scripts. Every handler takes the `Admin`
//! extractor, so anonymous callers get 401 and learners 403.

pub mod analytics;
pub mod links;

use super::super::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new().merge(analytics::routes()).merge(links::routes())
}
