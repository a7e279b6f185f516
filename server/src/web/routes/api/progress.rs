//! The learner's progress over JSON (the `progress` capability): bookmarks, progress, quiz
//! attempts, and the export of everything the hub holds about them. Its URLs are under `/me`,
//! the signed-in person's scope.

use crate::error::{ErrorBody, HubError};
use crate::progress::export::{self, Export, Format};
use crate::progress::{bookmarks, quizzes, units};
use crate::web::extract::{JsonBody, PathParams, SignedIn};
use crate::web::format_query::{self, Choice};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::{Bookmark, QuizResult, ResourceProgress, Status};
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

pub fn routes() -> Listed {
    Listed::new()
        .get("/me/bookmarks", list_bookmarks)
        .put("/me/bookmarks/{slug}", put_bookmark)
        .delete("/me/bookmarks/{slug}", delete_bookmark)
        .get("/me/progress", list_progress)
        .get("/me/progress/{slug}", get_progress)
        .put("/me/progress/{slug}/items/{item}", put_progress)
        .delete("/me/progress/{slug}/items/{item}", delete_progress)
        .delete("/me/progress/{slug}/items/{item}/completion", delete_completion)
        .post("/me/quizzes/{slug}/items/{item}/attempts", post_attempt)
        .get("/me/export", get_export)
}

/// The learner's progress, resource by resource.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProgressList {
    pub resources: Vec<ResourceProgress>,
}

/// The learner's bookmarks.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BookmarkList {
    pub bookmarks: Vec<Bookmark>,
}

/// The JSON kinds of export: everything the hub holds, or the learner's progress as xAPI
/// statements (each a JSON object, as the xAPI specification defines them).
#[derive(Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum ExportBody {
    Everything(Box<Export>),
    Xapi(Vec<serde_json::Value>),
}

/// What the export offers, the first by default.
const EXPORT_FORMATS: [Choice<Format>; 4] = [
    Choice {
        name: "json",
        gives: "everything the hub holds about you",
        value: Format::Json,
    },
    Choice {
        name: "csv",
        gives: "your progress",
        value: Format::Csv,
    },
    Choice {
        name: "xapi",
        gives: "your progress as xAPI statements",
        value: Format::Xapi,
    },
    Choice {
        name: "zip",
        gives: "everything, with your certificate files",
        value: Format::Zip,
    },
];

/// `GET /api/v1/me/export[?format=json|csv|xapi|zip]`: everything the hub holds about the
/// learner as a JSON download, their progress as CSV, or as xAPI statements; or all of it with
/// their certificate files as a zip.
#[utoipa::path(get, path = "/api/v1/me/export", summary = "Export everything held about the learner (JSON, CSV, xAPI or a zip with their files)", tag = "learning",
    params(("format" = Option<String>, Query, description = "`json` (the default): everything the hub holds about the learner; `csv`: their progress, one row per unit; `xapi`: their progress as xAPI statements; `zip`: everything, the progress CSV and the certificate files they uploaded (`export.json`, `progress.csv`, `files/<activity id>-<name>`).")),
    responses((status = 200, description = "A download (Content-Disposition: attachment).",
        content((ExportBody = "application/json"), (String = "text/csv"), (Vec<u8> = "application/zip"))), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
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
    Ok(
        match format_query::chosen(query.as_deref(), "the export", &EXPORT_FORMATS)? {
            Format::Json => (
                download("champion-hub-export.json"),
                Json(ExportBody::Everything(Box::new(
                    export::gather(&state.pool, who.id).await?,
                ))),
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
                    Json(ExportBody::Xapi(crate::progress::xapi::statements(&everything, &base))),
                )
                    .into_response()
            }
            Format::Zip => {
                let file = export::archive(&state.pool, state.files.clone(), who.id).await?;
                // Streamed from the temporary file, which goes once the response is sent (the
                // open handle keeps its bytes readable after the name is gone).
                let (mut handle, path) = file.into_parts();
                drop(path);
                std::io::Seek::rewind(&mut handle).map_err(HubError::io("cannot read the export back"))?;
                let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(handle));
                (
                    [(header::CONTENT_TYPE, "application/zip")],
                    download("champion-hub-export.zip"),
                    axum::body::Body::from_stream(stream),
                )
                    .into_response()
            }
        },
    )
}

/// `GET /api/v1/me/progress`: every resource with anything recorded, most recent first.
#[utoipa::path(get, path = "/api/v1/me/progress", summary = "The learner's progress, resource by resource", tag = "learning",
    responses((status = 200, description = "Every resource with anything recorded, most recent first.", body = ProgressList)))]
async fn list_progress(State(state): State<AppState>, who: SignedIn) -> Result<Json<ProgressList>, HubError> {
    Ok(Json(ProgressList {
        resources: units::all(&state.pool, who.id).await?,
    }))
}

/// `GET /api/v1/me/progress/{slug}`: one resource's units, not started ones included.
#[utoipa::path(get, path = "/api/v1/me/progress/{slug}", summary = "The learner's progress on one resource", tag = "learning",
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "The resource's units, those not started included.", body = ResourceProgress), (status = 404, description = "No such published resource, or not one the caller may see.", body = ErrorBody)))]
async fn get_progress(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams(slug): PathParams<String>,
) -> Result<Json<ResourceProgress>, HubError> {
    Ok(Json(units::one(&state.pool, who.id, &slug).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ProgressBody {
    status: String,
}

/// `PUT /api/v1/me/progress/{slug}/items/{item}` {"status": "in_progress" | "completed"}: the
/// resource's progress after the change. A resource without items is its own one item.
#[utoipa::path(put, path = "/api/v1/me/progress/{slug}/items/{item}", summary = "Mark a unit started or completed", tag = "learning", request_body = ProgressBody,
    params(("slug" = String, Path, description = "The resource's slug."), ("item" = String, Path, description = "The unit's slug (the resource's own slug when it has no items).")),
    responses((status = 200, description = "The resource's progress after the change.", body = ResourceProgress), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody), (status = 404, description = "No such resource or unit, or not one the caller may see.", body = ErrorBody)))]
async fn put_progress(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams((slug, item)): PathParams<(String, String)>,
    JsonBody(body): JsonBody<ProgressBody>,
) -> Result<Json<ResourceProgress>, HubError> {
    let status = Status::parse(&body.status).ok_or_else(|| HubError::BadRequest {
        param: "status".into(),
        reason: format!("expected \"in_progress\" or \"completed\", got \"{}\"", body.status),
    })?;
    Ok(Json(units::record(&state.pool, who.id, &slug, &item, status).await?))
}

/// `DELETE /api/v1/me/progress/{slug}/items/{item}/completion`: takes back a completion the
/// learner recorded; the unit is in progress again. A quiz's pass and what a certificate rests
/// on stay (409).
#[utoipa::path(delete, path = "/api/v1/me/progress/{slug}/items/{item}/completion", summary = "Undo a unit's completion", tag = "learning",
    params(("slug" = String, Path, description = "The resource's slug."), ("item" = String, Path, description = "The unit's slug (the resource's own slug when it has no items).")),
    responses((status = 200, description = "The resource's progress after the change (unchanged when the unit was not completed).", body = ResourceProgress), (status = 404, description = "No such resource or unit, or not one the caller may see.", body = ErrorBody), (status = 409, description = "A quiz (completed by passing it), or a unit a certificate the learner holds rests on.", body = ErrorBody)))]
async fn delete_completion(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams((slug, item)): PathParams<(String, String)>,
) -> Result<Json<ResourceProgress>, HubError> {
    Ok(Json(units::undo_completion(&state.pool, who.id, &slug, &item).await?))
}

/// `DELETE /api/v1/me/progress/{slug}/items/{item}`: takes a unit back to not started. A quiz
/// (its attempts stay) and what a certificate rests on cannot (409).
#[utoipa::path(delete, path = "/api/v1/me/progress/{slug}/items/{item}", summary = "Take a unit back to not started", tag = "learning",
    params(("slug" = String, Path, description = "The resource's slug."), ("item" = String, Path, description = "The unit's slug (the resource's own slug when it has no items).")),
    responses((status = 200, description = "The resource's progress after the change (unchanged when the unit was not started).", body = ResourceProgress), (status = 404, description = "No such resource or unit, or not one the caller may see.", body = ErrorBody), (status = 409, description = "A quiz (its attempts are its record), or a unit a certificate the learner holds rests on.", body = ErrorBody)))]
async fn delete_progress(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams((slug, item)): PathParams<(String, String)>,
) -> Result<Json<ResourceProgress>, HubError> {
    Ok(Json(units::reset(&state.pool, who.id, &slug, &item).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct AttemptBody {
    answers: Vec<i64>,
}

/// `POST /api/v1/me/quizzes/{slug}/items/{item}/attempts` {"answers": [choice indices]}: the
/// score, whether it passed, and each question's answer and explanation.
#[utoipa::path(post, path = "/api/v1/me/quizzes/{slug}/items/{item}/attempts", summary = "Submit a quiz attempt", tag = "learning", request_body = AttemptBody,
    params(("slug" = String, Path, description = "The resource's slug."), ("item" = String, Path, description = "The quiz's slug.")),
    responses((status = 201, description = "The score, whether it passed, and each question's answer and explanation.", body = QuizResult), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody), (status = 404, description = "No such quiz, or not one the caller may see.", body = ErrorBody)))]
async fn post_attempt(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams((slug, item)): PathParams<(String, String)>,
    JsonBody(body): JsonBody<AttemptBody>,
) -> Result<(StatusCode, Json<QuizResult>), HubError> {
    let result = quizzes::attempt(&state.pool, who.id, &slug, &item, &body.answers).await?;
    Ok((StatusCode::CREATED, Json(result)))
}

/// `GET /api/v1/me/bookmarks`: newest first, each with the resource's card and the note.
#[utoipa::path(get, path = "/api/v1/me/bookmarks", summary = "The learner's bookmarks", tag = "learning",
    responses((status = 200, description = "Newest first, each with the resource's card and the note.", body = BookmarkList)))]
async fn list_bookmarks(State(state): State<AppState>, who: SignedIn) -> Result<Json<BookmarkList>, HubError> {
    Ok(Json(BookmarkList {
        bookmarks: bookmarks::list(&state.pool, who.id, None).await?,
    }))
}

#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct BookmarkBody {
    note: Option<String>,
}

/// `PUT /api/v1/me/bookmarks/{slug}` with `{"note"?}` or no body: bookmarks (again: no change)
/// or sets the note.
#[utoipa::path(put, path = "/api/v1/me/bookmarks/{slug}", summary = "Bookmark a resource, or set its note", tag = "learning", request_body(content = Option<BookmarkBody>, description = "Optional: `{\"note\": \"...\"}` sets the note; no body keeps it."),
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "The bookmark (bookmarking again changes nothing).", body = Bookmark), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn put_bookmark(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams(slug): PathParams<String>,
    body: axum::body::Bytes,
) -> Result<Json<Bookmark>, HubError> {
    let body: BookmarkBody = if body.iter().all(u8::is_ascii_whitespace) {
        BookmarkBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| HubError::BadRequest {
            param: "body".into(),
            reason: format!("expected {{\"note\": \"...\"}} or nothing: {e}"),
        })?
    };
    Ok(Json(
        bookmarks::set(&state.pool, who.id, &slug, body.note.as_deref()).await?,
    ))
}

/// `DELETE /api/v1/me/bookmarks/{slug}` → 204, whether or not it was bookmarked.
#[utoipa::path(delete, path = "/api/v1/me/bookmarks/{slug}", summary = "Remove a bookmark", tag = "learning",
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 204, description = "Not bookmarked (whether or not it was).")))]
async fn delete_bookmark(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams(slug): PathParams<String>,
) -> Result<StatusCode, HubError> {
    bookmarks::remove(&state.pool, who.id, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}
