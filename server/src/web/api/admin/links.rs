//! `/api/v1/admin/link-checks`: starting a link check and reading the latest one.

use crate::admin::links::{self, CheckReport, Options};
use crate::error::HubError;
use crate::web::extract::Admin;
use crate::web::listed::Listed;
use crate::web::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

pub fn routes() -> Listed {
    Listed::new()
        .post("/link-checks", start)
        .get("/link-checks/latest", latest)
}

/// `POST /api/v1/admin/link-checks`: starts a check in the background (it takes minutes on a
/// real catalog) and answers 202 with its id; 409 while one is already running.
async fn start(State(state): State<AppState>, who: Admin) -> Result<(StatusCode, Json<Value>), HubError> {
    let started = links::start(&state.pool, Options::default()).await?;
    let id = started.id;
    tracing::info!(check = id, by = %who.0.account.email, "link check started");
    tokio::spawn(async move {
        if let Err(e) = started.run(&state.pool).await {
            tracing::error!(check = id, error = %e, "link check failed");
        }
    });
    Ok((StatusCode::ACCEPTED, Json(json!({"id": id}))))
}

/// `GET /api/v1/admin/link-checks/latest`: the latest check, `running` until it finishes; 404
/// when none ever ran.
async fn latest(State(state): State<AppState>, _: Admin) -> Result<Json<CheckReport>, HubError> {
    links::latest(&state.pool)
        .await?
        .map(Json)
        .ok_or_else(|| HubError::NotFound("link check".into()))
}
