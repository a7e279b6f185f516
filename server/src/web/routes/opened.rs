//! `/search/opened/{token}/{slug}`: a result link on the search page. Opening it counts the
//! result as opened for that search's (anonymous) log entry, then sends the browser on to the
//! resource (303). A link whose token is unknown (or was tampered with) still works.

use crate::admin::analytics;
use crate::error::HubError;
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Redirect;

pub async fn open_result(
    State(state): State<AppState>,
    Path((token, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Redirect, HubError> {
    // Only a slug's characters go into the Location header: nothing can be smuggled into it
    // or sent elsewhere.
    if slug.is_empty()
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(HubError::NotFound(format!("resource \"{slug}\"")));
    }
    // Only a click on our own search page counts (another site could otherwise inflate the
    // analytics); the learner came for the resource: failing to count must not stop them.
    if !crate::web::middleware::origin::from_our_pages(&headers) {
        return Ok(Redirect::to(&format!("/resources/{slug}")));
    }
    if let Err(e) = analytics::opened(&state.pool, &token).await {
        tracing::warn!(error = %e, "could not count an opened search result");
    }
    Ok(Redirect::to(&format!("/resources/{slug}")))
}
