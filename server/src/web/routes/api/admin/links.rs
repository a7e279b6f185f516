//! `/api/v1/admin/link-checks`: starting a link check and reading the latest one.

use crate::admin::links::{self, CheckReport};
use crate::error::{ErrorBody, HubError};
use crate::web::extract::Admin;
use crate::web::listed::Listed;
use crate::web::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

pub fn routes() -> Listed {
    Listed::new()
        .post("/link-checks", start)
        .get("/link-checks/latest", latest)
}

/// A link check that started.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StartedCheck {
    pub id: i64,
}

/// `POST /api/v1/admin/link-checks`: starts a check in the background (it takes minutes on a
/// real catalog) and answers 202 with its id; 409 while one is already running.
#[utoipa::path(post, operation_id = "start_link_check", path = "/api/v1/admin/link-checks", summary = "Start a link check", tag = "admin",
    responses((status = 202, description = "Started in the background.", body = StartedCheck),
        (status = 409, description = "A check is already running.", body = ErrorBody)))]
async fn start(State(state): State<AppState>, who: Admin) -> Result<(StatusCode, Json<StartedCheck>), HubError> {
    let started = links::start(&state.pool, state.link_check_options()).await?;
    let id = started.id;
    tracing::info!(check = id, by = %who.0.account.email, "link check started");
    tokio::spawn(async move {
        if let Err(e) = started.run(&state.pool).await {
            tracing::error!(check = id, error = %e, "link check failed");
        }
    });
    Ok((StatusCode::ACCEPTED, Json(StartedCheck { id })))
}

/// `GET /api/v1/admin/link-checks/latest`: the latest check, `running` until it finishes; 404
/// when none ever ran.
#[utoipa::path(get, operation_id = "latest_link_check", path = "/api/v1/admin/link-checks/latest", summary = "The latest link check", tag = "admin",
    responses((status = 200, description = "The latest check, `running` until it finishes.", body = CheckReport), (status = 404, description = "No such link check, or not one the caller may see.", body = ErrorBody)))]
async fn latest(State(state): State<AppState>, _: Admin) -> Result<Json<CheckReport>, HubError> {
    links::latest(&state.pool)
        .await?
        .map(Json)
        .ok_or_else(|| HubError::NotFound("link check".into()))
}
