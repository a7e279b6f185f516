//! `/api/v1/admin/users`: accounts, their roles, and disabling them.

use crate::admin::users;
use crate::error::HubError;
use crate::web::extract::{Admin, QueryParams};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::admin::{AdminUser, AdminUserList};
use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;

pub fn routes() -> Listed {
    Listed::new()
        .get("/users", list)
        .put("/users/{id}/roles/{role}", grant)
        .delete("/users/{id}/roles/{role}", revoke)
        .post("/users/{id}/disable", disable)
        .post("/users/{id}/enable", enable)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    q: Option<String>,
    page: Option<i64>,
}

async fn list(
    State(state): State<AppState>,
    _: Admin,
    QueryParams(p): QueryParams<Params>,
) -> Result<Json<AdminUserList>, HubError> {
    Ok(Json(
        users::list(&state.pool, p.q.as_deref().unwrap_or(""), p.page.unwrap_or(1)).await?,
    ))
}

async fn grant(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, role)): Path<(i64, String)>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(
        users::set_role(&state.pool, &admin.actor(), id, &role, true).await?,
    ))
}

async fn revoke(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, role)): Path<(i64, String)>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(
        users::set_role(&state.pool, &admin.actor(), id, &role, false).await?,
    ))
}

async fn disable(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(users::set_disabled(&state.pool, &admin.actor(), id, true).await?))
}

async fn enable(State(state): State<AppState>, admin: Admin, Path(id): Path<i64>) -> Result<Json<AdminUser>, HubError> {
    Ok(Json(users::set_disabled(&state.pool, &admin.actor(), id, false).await?))
}
