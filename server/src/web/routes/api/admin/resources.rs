//! `/api/v1/admin/resources`: the catalog one resource at a time, drafts and the trash included.

use crate::admin::resources::{self, ListQuery};
use crate::error::{ErrorBody, HubError};
use crate::publish::page;
use crate::web::extract::{Admin, JsonBody, PathParams, QueryParams};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::admin::{AdminResourceList, Editable};
use app::model::ResourceDetail;
use axum::extract::State;
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

#[utoipa::path(get, operation_id = "list_admin_resources", path = "/api/v1/admin/resources", summary = "List resources, drafts and the trash included", tag = "admin", params(ListQuery),
    responses((status = 200, description = "One page of resources in any state, drafts and the trash included.", body = AdminResourceList), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    _: Admin,
    QueryParams(q): QueryParams<ListQuery>,
) -> Result<Json<AdminResourceList>, HubError> {
    Ok(Json(resources::list(&state.pool, &q).await?))
}

#[utoipa::path(get, operation_id = "show_admin_resource", path = "/api/v1/admin/resources/{slug}", summary = "A resource as stored, for editing", tag = "admin",
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "The stored record and its version, for editing.", body = Editable), (status = 404, description = "No such resource, or not one the caller may see.", body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    _: Admin,
    PathParams(slug): PathParams<String>,
) -> Result<Json<Editable>, HubError> {
    resources::editable(&state.pool, &slug)
        .await?
        .map(Json)
        .ok_or_else(|| HubError::NotFound(format!("resource {slug}")))
}

/// The body of `POST /resources`: the record in the catalog format.
#[utoipa::path(post, operation_id = "create_resource", path = "/api/v1/admin/resources", summary = "Create a resource (as a draft)", tag = "admin",
    request_body(content = Object, description = "The record in the catalog exchange format (`Catalog_resource`)."),
    responses((status = 201, description = "Saved as a draft.", body = Editable),
        (status = 422, description = "The record breaks the format: each problem at its JSON pointer.", body = ErrorBody),
        (status = 409, description = "A resource with that slug exists.", body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(record): JsonBody<serde_json::Value>,
) -> Result<(StatusCode, Json<Editable>), HubError> {
    let saved = resources::create(&state.pool, &state.search, &admin.actor(), &record).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// An edit: the version it was made on and the whole record.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Edit {
    version: i64,
    /// The whole record, in the catalog exchange format (`Catalog_resource`).
    record: serde_json::Value,
}

#[utoipa::path(put, operation_id = "update_resource", path = "/api/v1/admin/resources/{slug}", summary = "Save an edit to a resource", tag = "admin", request_body = Edit,
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "Saved.", body = Editable),
        (status = 409, description = "Someone saved since `version` (`edit_conflict`): their record comes along to merge.", body = ErrorBody),
        (status = 422, description = "The record breaks the format.", body = ErrorBody), (status = 404, description = "No such resource, or not one the caller may see.", body = ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    admin: Admin,
    PathParams(slug): PathParams<String>,
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

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct StatusChange {
    version: i64,
    status: String,
}

#[utoipa::path(post, operation_id = "set_resource_status", path = "/api/v1/admin/resources/{slug}/status", summary = "Publish a resource, or make it a draft", tag = "admin", request_body = StatusChange,
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "The resource in its new state.", body = Editable), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody),
        (status = 409, description = "Someone saved since `version`.", body = ErrorBody)))]
async fn set_status(
    State(state): State<AppState>,
    admin: Admin,
    PathParams(slug): PathParams<String>,
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
#[utoipa::path(delete, operation_id = "trash_resource", path = "/api/v1/admin/resources/{slug}", summary = "Move a resource to the trash", tag = "admin",
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 204, description = "In the trash: out of every listing, restorable."), (status = 404, description = "No such resource, or not one the caller may see.", body = ErrorBody)))]
async fn trash(
    State(state): State<AppState>,
    admin: Admin,
    PathParams(slug): PathParams<String>,
) -> Result<StatusCode, HubError> {
    resources::trash(&state.pool, &state.search, &admin.actor(), &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, operation_id = "restore_resource", path = "/api/v1/admin/resources/{slug}/restore", summary = "Restore a resource from the trash", tag = "admin",
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "Out of the trash, as it was.", body = Editable), (status = 404, description = "No such resource, or not one the caller may see.", body = ErrorBody)))]
async fn restore(
    State(state): State<AppState>,
    admin: Admin,
    PathParams(slug): PathParams<String>,
) -> Result<Json<Editable>, HubError> {
    Ok(Json(
        resources::restore(&state.pool, &state.search, &admin.actor(), &slug).await?,
    ))
}

/// The public page's data for any resource, drafts included.
#[utoipa::path(get, operation_id = "preview_resource", path = "/api/v1/admin/resources/{slug}/preview", summary = "Preview a resource's public page data", tag = "admin",
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "The public page's data for the resource, drafts included.", body = ResourceDetail), (status = 404, description = "No such resource, or not one the caller may see.", body = ErrorBody)))]
async fn preview(
    State(state): State<AppState>,
    _: Admin,
    PathParams(slug): PathParams<String>,
    headers: axum::http::HeaderMap,
) -> Result<Json<ResourceDetail>, HubError> {
    let base = state.public_address().base(&headers);
    page::resource_preview(&state.pool, &slug, &base)
        .await?
        .map(Json)
        .ok_or_else(|| HubError::NotFound(format!("resource {slug}")))
}
