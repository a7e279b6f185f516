//! `/api/v1/admin/resources`: the catalog one resource at a time, drafts and the trash included.

use crate::admin::resources::{self, ListQuery};
use crate::catalog;
use crate::error::HubError;
use crate::web::extract::{Admin, JsonBody, QueryParams};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::admin::{AdminResourceList, Editable};
use app::model::ResourceDetail;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

pub fn routes() -> Listed {
    Listed::new()
        .get("/resources", list)
        .post("/resources", create)
        .get("/resources/{slug}", show)
        .put("/resources/{slug}", update)
        .delete("/resources/{slug}", trash)
        .post("/resources/{slug}/status", set_status)
        .post("/resources/{slug}/restore", restore)
        .get("/resources/{slug}/preview", preview)
}

async fn list(
    State(state): State<AppState>,
    _: Admin,
    QueryParams(q): QueryParams<ListQuery>,
) -> Result<Json<AdminResourceList>, HubError> {
    Ok(Json(resources::list(&state.pool, &q).await?))
}

async fn show(State(state): State<AppState>, _: Admin, Path(slug): Path<String>) -> Result<Json<Editable>, HubError> {
    resources::editable(&state.pool, &slug)
        .await?
        .map(Json)
        .ok_or_else(|| HubError::NotFound(format!("resource {slug}")))
}

/// The body of `POST /resources`: the record in the catalog format.
async fn create(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(record): JsonBody<serde_json::Value>,
) -> Result<(StatusCode, Json<Editable>), HubError> {
    let saved = resources::create(&state.pool, &state.search, &admin.actor(), &record).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// An edit: the version it was made on and the whole record.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    version: i64,
    record: serde_json::Value,
}

async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(slug): Path<String>,
    JsonBody(edit): JsonBody<Edit>,
) -> Result<Json<Editable>, HubError> {
    Ok(Json(
        resources::update(
            &state.pool,
            &state.search,
            &admin.actor(),
            &slug,
            edit.version,
            &edit.record,
        )
        .await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusChange {
    version: i64,
    status: String,
}

async fn set_status(
    State(state): State<AppState>,
    admin: Admin,
    Path(slug): Path<String>,
    JsonBody(change): JsonBody<StatusChange>,
) -> Result<Json<Editable>, HubError> {
    Ok(Json(
        resources::set_status(
            &state.pool,
            &state.search,
            &admin.actor(),
            &slug,
            change.version,
            &change.status,
        )
        .await?,
    ))
}

/// `DELETE`: to the trash (restorable), never gone.
async fn trash(State(state): State<AppState>, admin: Admin, Path(slug): Path<String>) -> Result<StatusCode, HubError> {
    resources::trash(&state.pool, &state.search, &admin.actor(), &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn restore(
    State(state): State<AppState>,
    admin: Admin,
    Path(slug): Path<String>,
) -> Result<Json<Editable>, HubError> {
    Ok(Json(
        resources::restore(&state.pool, &state.search, &admin.actor(), &slug).await?,
    ))
}

/// The public page's data for any resource, drafts included.
async fn preview(
    State(state): State<AppState>,
    _: Admin,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Json<ResourceDetail>, HubError> {
    let base = state.public_address().base(&headers);
    catalog::resource_preview(&state.pool, &slug, &base)
        .await?
        .map(Json)
        .ok_or_else(|| HubError::NotFound(format!("resource {slug}")))
}
