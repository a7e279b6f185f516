//! `/api/v1/admin/users`: accounts, their roles, and disabling them.

use crate::admin::users;
use crate::error::{ErrorBody, HubError};
use crate::web::extract::{Admin, PathParams, QueryParams};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::admin::{AdminUser, AdminUserList};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

pub fn routes() -> Listed {
    Listed::new()
        .get("/users", list)
        .put("/users/{id}/roles/{role}", grant)
        .delete("/users/{id}/roles/{role}", revoke)
        .post("/users/{id}/disable", disable)
        .post("/users/{id}/enable", enable)
        .post("/users/{id}/password-reset", send_password_reset)
}

#[utoipa::path(post, operation_id = "send_password_reset", path = "/api/v1/admin/users/{id}/password-reset", summary = "Mail a password reset link", tag = "admin",
    params(("id" = i64, Path, description = "The account's id.")),
    responses((status = 200, description = "A reset link is queued for the account's email (it works once, for an hour).", body = AdminUser), (status = 404, description = "No such account.", body = ErrorBody),
        (status = 409, description = "The account is disabled, or had three links in the last hour.", body = ErrorBody)))]
async fn send_password_reset(
    State(state): State<AppState>,
    admin: Admin,
    PathParams(id): PathParams<i64>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(
        users::send_password_reset(&state.pool, &state.mail, &admin.actor(), id).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct Params {
    q: Option<String>,
    page: Option<i64>,
}

#[utoipa::path(get, operation_id = "list_users", path = "/api/v1/admin/users", summary = "List accounts", tag = "admin", params(Params),
    responses((status = 200, description = "Accounts matching `q`, a page at a time.", body = AdminUserList), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    _: Admin,
    QueryParams(p): QueryParams<Params>,
) -> Result<Json<AdminUserList>, HubError> {
    Ok(Json(
        users::list(&state.pool, p.q.as_deref().unwrap_or(""), p.page.unwrap_or(1)).await?,
    ))
}

#[utoipa::path(put, operation_id = "grant_role", path = "/api/v1/admin/users/{id}/roles/{role}", summary = "Grant a role", tag = "admin",
    params(("id" = i64, Path, description = "The account's id."), ("role" = String, Path, description = "`admin` or `champion`.")),
    responses((status = 200, description = "The role is granted.", body = AdminUser), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody), (status = 404, description = "No such account, or not one the caller may see.", body = ErrorBody)))]
async fn grant(
    State(state): State<AppState>,
    admin: Admin,
    PathParams((id, role)): PathParams<(i64, String)>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(
        users::set_role(&state.pool, &admin.actor(), id, &role, true).await?,
    ))
}

#[utoipa::path(delete, operation_id = "revoke_role", path = "/api/v1/admin/users/{id}/roles/{role}", summary = "Take a role away", tag = "admin",
    params(("id" = i64, Path, description = "The account's id."), ("role" = String, Path, description = "`admin` or `champion`.")),
    responses((status = 200, description = "The role is taken away.", body = AdminUser), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody), (status = 404, description = "No such account, or not one the caller may see.", body = ErrorBody)))]
async fn revoke(
    State(state): State<AppState>,
    admin: Admin,
    PathParams((id, role)): PathParams<(i64, String)>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(
        users::set_role(&state.pool, &admin.actor(), id, &role, false).await?,
    ))
}

#[utoipa::path(post, operation_id = "disable_user", path = "/api/v1/admin/users/{id}/disable", summary = "Disable an account", tag = "admin",
    params(("id" = i64, Path, description = "The account's id.")),
    responses((status = 200, description = "Disabled: signed out everywhere, and cannot sign in.", body = AdminUser), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody), (status = 404, description = "No such account, or not one the caller may see.", body = ErrorBody)))]
async fn disable(
    State(state): State<AppState>,
    admin: Admin,
    PathParams(id): PathParams<i64>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(users::set_disabled(&state.pool, &admin.actor(), id, true).await?))
}

#[utoipa::path(post, operation_id = "enable_user", path = "/api/v1/admin/users/{id}/enable", summary = "Enable an account again", tag = "admin",
    params(("id" = i64, Path, description = "The account's id.")),
    responses((status = 200, description = "Enabled again.", body = AdminUser), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody), (status = 404, description = "No such account, or not one the caller may see.", body = ErrorBody)))]
async fn enable(
    State(state): State<AppState>,
    admin: Admin,
    PathParams(id): PathParams<i64>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(users::set_disabled(&state.pool, &admin.actor(), id, false).await?))
}
