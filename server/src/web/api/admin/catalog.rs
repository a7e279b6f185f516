//! `/api/v1/admin/catalog`: the whole catalog down (the export format) and up (a dry run, or
//! an all-or-nothing apply), for scripts.

use crate::admin::bulk;
use crate::catalog::{export, import::ImportReport};
use crate::error::HubError;
use crate::web::extract::{Admin, QueryParams};
use crate::web::listed::Listed;
use crate::web::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, Method};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Json;
use serde::Deserialize;

pub fn routes() -> Listed {
    Listed::new().get("/catalog", download).route(
        Method::POST,
        "/catalog",
        post(upload).layer(DefaultBodyLimit::max(bulk::MAX_UPLOAD_BYTES)),
    )
}

async fn download(State(state): State<AppState>, _: Admin) -> Result<impl IntoResponse, HubError> {
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"champion-hub-catalog.json\"",
            ),
        ],
        export::export(&state.pool).await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadParams {
    /// A dry run unless told otherwise: a script that forgets the flag changes nothing.
    dry_run: Option<String>,
}

/// `POST /catalog?dry_run=true|false` with the file as the body.
async fn upload(
    State(state): State<AppState>,
    admin: Admin,
    QueryParams(params): QueryParams<UploadParams>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, HubError> {
    let dry_run = match params.dry_run.as_deref() {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(HubError::BadRequest {
                param: "dry_run".into(),
                reason: format!("expected true or false, not \"{other}\""),
            })
        }
    };
    let report: ImportReport = if dry_run {
        bulk::dry_run(&state.pool, &admin.actor(), &body).await?
    } else {
        bulk::apply(&state.pool, &state.search, &admin.actor(), &body).await?
    };
    Ok(Json(serde_json::json!({"dry_run": dry_run, "report": report})))
}
