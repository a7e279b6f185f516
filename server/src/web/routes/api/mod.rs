//! The JSON API, version 1: one module per resource it serves. Handlers parse, call the
//! capability, and serialize; errors become responses in one place (`HubError`).

pub mod accounts;
pub mod admin;
pub mod catalog;
pub mod collections;
pub mod openapi;
pub mod progress;
pub mod teams;

use crate::error::HubError;
use crate::web::listed::Listed;

pub use catalog::{healthz, parse_browse_query, parse_search_query};

pub fn routes() -> Listed {
    Listed::new()
        .get("/openapi.json", openapi::openapi_json)
        .merge(catalog::routes())
        .merge(accounts::routes())
        .merge(progress::routes())
        .merge(teams::routes())
        .merge(collections::routes())
        .nest("/admin", admin::routes())
}

/// What the API answers at an address it does not serve.
pub async fn not_found() -> HubError {
    HubError::NotFound("API route".into())
}
