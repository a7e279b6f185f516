//! `/go/{slug}/{item}`: the hub's link to an item on its provider's site. Opening it from the
//! hub's own pages marks the item in progress for a signed-in learner; from anywhere, it sends
//! the browser on (303).

use crate::error::HubError;
use crate::progress::units;
use crate::web::extract::session;
use crate::web::AppState;
use app::model::Status;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::response::Redirect;

/// Where the unit `item` of the published resource `slug` lives: the item's own address, or
/// the resource's (for a resource without items, `item` is its own slug).
async fn address(state: &AppState, slug: &str, item: &str) -> Result<Option<String>, HubError> {
    let url: Option<Option<String>> = if item == slug {
        sqlx::query_scalar("SELECT url FROM resources WHERE slug = $1 AND status = 'published' AND deleted_at IS NULL")
            .bind(slug.to_string())
            .fetch_optional(&state.pool)
            .await?
    } else {
        sqlx::query_scalar(
            "SELECT COALESCE(i.url, r.url) FROM items i JOIN resources r ON r.id = i.resource_id
             WHERE r.slug = $1 AND r.status = 'published' AND r.deleted_at IS NULL AND i.slug = $2 AND i.retired_at IS NULL",
        )
        .bind(slug.to_string())
        .bind(item.to_string())
        .fetch_optional(&state.pool)
        .await?
    };
    url.ok_or_else(|| HubError::NotFound(format!("item \"{item}\" of \"{slug}\"")))
}

pub async fn open_item(
    State(state): State<AppState>,
    Path((slug, item)): Path<(String, String)>,
    parts: Parts,
) -> Result<Redirect, HubError> {
    let target = address(&state, &slug, &item).await?;
    // Another site's link or image must not mark anything started for whoever follows it.
    if crate::web::middleware::origin::from_our_pages(&parts.headers) {
        let session = session(&parts)?;
        if let Some(caller) = crate::web::caller::of_session(&state.pool, &session).await? {
            // Forward only: an item already completed stays completed.
            units::record(&state.pool, caller.id, &slug, &item, Status::InProgress).await?;
        }
    }
    Ok(Redirect::to(&target.unwrap_or_else(|| format!("/resources/{slug}"))))
}
