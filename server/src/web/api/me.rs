//! The signed-in learner's own things over JSON: bookmarks (progress, quizzes and the export
//! come next).

use super::super::extract::SignedIn;
use super::super::AppState;
use crate::error::HubError;
use crate::progress::bookmarks;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new().route("/me/bookmarks", get(list_bookmarks)).route(
        "/me/bookmarks/{slug}",
        axum::routing::put(put_bookmark).delete(delete_bookmark),
    )
}

/// `GET /api/v1/me/bookmarks`: newest first, each with the resource's card and the note.
async fn list_bookmarks(State(state): State<AppState>, who: SignedIn) -> Result<Json<Value>, HubError> {
    Ok(Json(
        json!({"bookmarks": bookmarks::list(&state.pool, who.id, None).await?}),
    ))
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookmarkBody {
    note: Option<String>,
}

/// `PUT /api/v1/me/bookmarks/{slug}` with `{"note"?}` or no body: bookmarks (again: no change)
/// or sets the note.
async fn put_bookmark(
    State(state): State<AppState>,
    who: SignedIn,
    Path(slug): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, HubError> {
    let body: BookmarkBody = if body.iter().all(u8::is_ascii_whitespace) {
        BookmarkBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| HubError::BadRequest {
            param: "body".into(),
            reason: format!("expected {{\"note\": \"...\"}} or nothing: {e}"),
        })?
    };
    Ok(Json(json!(
        bookmarks::set(&state.pool, who.id, &slug, body.note.as_deref()).await?
    )))
}

/// `DELETE /api/v1/me/bookmarks/{slug}` → 204, whether or not it was bookmarked.
async fn delete_bookmark(
    State(state): State<AppState>,
    who: SignedIn,
    Path(slug): Path<String>,
) -> Result<StatusCode, HubError> {
    bookmarks::remove(&state.pool, who.id, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}
