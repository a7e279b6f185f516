//! `/api/v1/admin/catalog`: the whole catalog down (the export format) and up (a dry run, or
//! an all-or-nothing apply), for scripts.

use crate::admin::bulk;
use crate::catalog::{export, import::ImportReport};
use crate::error::{ErrorBody, HubError};
use crate::web::extract::{Admin, QueryParams};
use crate::web::listed::Listed;
use crate::web::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, Method};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Json;
use serde::{Deserialize, Serialize};

pub fn routes() -> Listed {
    Listed::new().get("/catalog", download).route(
        Method::POST,
        "/catalog",
        post(upload).layer(DefaultBodyLimit::max(bulk::MAX_UPLOAD_BYTES)),
    )
}

#[utoipa::path(get, operation_id = "download_catalog", path = "/api/v1/admin/catalog", summary = "Download the whole catalog", tag = "admin",
    responses((status = 200, description = "The whole catalog in the exchange format, as a download.", body = Object, content_type = "application/json")))]
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

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct UploadParams {
    /// `true` (the default: a script that forgets the flag changes nothing) or `false`.
    dry_run: Option<String>,
}

/// What an upload did, or in a dry run would do.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UploadResult {
    pub dry_run: bool,
    pub report: ImportReport,
}

/// `POST /catalog?dry_run=true|false` with the file as the body.
#[utoipa::path(post, operation_id = "upload_catalog", path = "/api/v1/admin/catalog", summary = "Upload a catalog file (a dry run unless told otherwise)", tag = "admin", params(UploadParams),
    request_body(content = Object, content_type = "application/json", description = "A catalog file in the exchange format (`CatalogFile`)."),
    responses((status = 200, description = "What the import did (or, in a dry run, would do).", body = UploadResult),
        (status = 422, description = "The file breaks the format: each problem at its JSON pointer; nothing changed.", body = ErrorBody),
        (status = 413, description = "Larger than the upload cap.", body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    admin: Admin,
    QueryParams(params): QueryParams<UploadParams>,
    body: Bytes,
) -> Result<Json<UploadResult>, HubError> {
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
    Ok(Json(UploadResult { dry_run, report }))
}
