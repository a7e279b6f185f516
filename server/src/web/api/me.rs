//! The signed-in learner's own things over JSON: bookmarks, progress, quiz attempts, and the
//! export of everything the hub holds about them.

use super::super::extract::{JsonBody, SignedIn};
use super::super::AppState;
use crate::error::HubError;
use crate::progress::export::{self, Format};
use crate::progress::{bookmarks, quizzes, units};
use crate::web::listed::Listed;
use app::model::Status;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Listed {
    Listed::new()
        .get("/me/bookmarks", list_bookmarks)
        .put("/me/bookmarks/{slug}", put_bookmark)
        .delete("/me/bookmarks/{slug}", delete_bookmark)
        .get("/me/progress", list_progress)
        .get("/me/progress/{slug}", get_progress)
        .put("/me/progress/{slug}/items/{item}", put_progress)
        .post("/me/quizzes/{slug}/items/{item}/attempts", post_attempt)
        .get("/me/export", get_export)
}

/// `GET /api/v1/me/export[?format=json|csv|xapi]`: everything the hub holds about the learner
/// as a JSON download, their progress as CSV, or as xAPI statements.
async fn get_export(
    State(state): State<AppState>,
    who: SignedIn,
    RawQuery(query): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, HubError> {
    let download = |name: &str| {
        [
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ]
    };
    Ok(match Format::from_query(query.as_deref())? {
        Format::Json => (
            download("champion-hub-export.json"),
            Json(export::gather(&state.pool, who.id).await?),
        )
            .into_response(),
        Format::Csv => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            download("champion-hub-progress.csv"),
            export::progress_csv(&state.pool, who.id).await?,
        )
            .into_response(),
        Format::Xapi => {
            let everything = export::gather(&state.pool, who.id).await?;
            let base = state.public_address().base(&headers);
            (
                download("champion-hub-xapi.json"),
                Json(crate::progress::xapi::statements(&everything, &base)),
            )
                .into_response()
        }
    })
}

/// `GET /api/v1/me/progress`: every resource with anything recorded, most recent first.
async fn list_progress(State(state): State<AppState>, who: SignedIn) -> Result<Json<Value>, HubError> {
    Ok(Json(json!({"resources": units::all(&state.pool, who.id).await?})))
}

/// `GET /api/v1/me/progress/{slug}`: one resource's units, not started ones included.
async fn get_progress(
    State(state): State<AppState>,
    who: SignedIn,
    Path(slug): Path<String>,
) -> Result<Json<Value>, HubError> {
    Ok(Json(json!(units::one(&state.pool, who.id, &slug).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgressBody {
    status: String,
}

/// `PUT /api/v1/me/progress/{slug}/items/{item}` {"status": "in_progress" | "completed"}: the
/// resource's progress after the change. A resource without items is its own one item.
async fn put_progress(
    State(state): State<AppState>,
    who: SignedIn,
    Path((slug, item)): Path<(String, String)>,
    JsonBody(body): JsonBody<ProgressBody>,
) -> Result<Json<Value>, HubError> {
    let status = Status::parse(&body.status).ok_or_else(|| HubError::BadRequest {
        param: "status".into(),
        reason: format!("expected \"in_progress\" or \"completed\", got \"{}\"", body.status),
    })?;
    Ok(Json(json!(
        units::record(&state.pool, who.id, &slug, &item, status).await?
    )))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttemptBody {
    answers: Vec<i64>,
}

/// `POST /api/v1/me/quizzes/{slug}/items/{item}/attempts` {"answers": [choice indices]}: the
/// score, whether it passed, and each question's answer and explanation.
async fn post_attempt(
    State(state): State<AppState>,
    who: SignedIn,
    Path((slug, item)): Path<(String, String)>,
    JsonBody(body): JsonBody<AttemptBody>,
) -> Result<(StatusCode, Json<Value>), HubError> {
    let result = quizzes::attempt(&state.pool, who.id, &slug, &item, &body.answers).await?;
    Ok((StatusCode::CREATED, Json(json!(result))))
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
