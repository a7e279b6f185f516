//! Collections over JSON: the learner's own and those shared with their teams, one collection
//! as the learner may see it, and one read through its secret link.

use crate::collections::store;
use crate::error::{ErrorBody, HubError};
use crate::web::extract::{PathParams, SignedIn};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::collection::{CollectionView, CollectionsPage};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub fn routes() -> Listed {
    Listed::new()
        .get("/me/collections", list_collections)
        .get("/collections/{id}", get_collection)
        .get("/collections/shared/{token}", get_shared)
}

/// A learner's collections are theirs and their team's: no shared cache may keep them.
const PRIVATE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

/// `GET /api/v1/me/collections`: `{"mine": [...], "shared_with_me": [...]}`.
#[utoipa::path(get, path = "/api/v1/me/collections", summary = "The learner's collections, and those shared with their teams", tag = "collections",
    responses((status = 200, description = "The learner's collections, then those shared with their teams; most recently changed first.", body = CollectionsPage)))]
async fn list_collections(State(state): State<AppState>, who: SignedIn) -> Result<Response, HubError> {
    Ok((PRIVATE, Json(json!(store::list(&state.pool, who.id).await?))).into_response())
}

/// `GET /api/v1/collections/{id}`: the collection as the learner may see it (404 otherwise).
#[utoipa::path(get, path = "/api/v1/collections/{id}", summary = "One collection", tag = "collections",
    params(("id" = i64, Path, description = "The collection's id.")),
    responses((status = 200, description = "The collection as the learner may see it: its owner sees whether a link is on (its address is shown only when it is made), the teams and the choices too.", body = CollectionView), (status = 404, description = "No such collection, or not one the caller may see.", body = ErrorBody)))]
async fn get_collection(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams(id): PathParams<i64>,
) -> Result<Response, HubError> {
    let view = store::view(&state.pool, id, who.id).await?;
    Ok((PRIVATE, Json(json!(view))).into_response())
}

/// `GET /api/v1/collections/shared/{token}`: the collection behind a secret link, for anyone
/// holding it (404 once the link is stopped or replaced).
#[utoipa::path(get, path = "/api/v1/collections/shared/{token}", summary = "A collection through its secret link", tag = "collections",
    params(("token" = String, Path, description = "The secret in the collection's link.")),
    responses((status = 200, description = "The collection, as a reader sees it.", body = CollectionView),
        (status = 404, description = "The link was stopped, replaced or never made.", body = ErrorBody)))]
async fn get_shared(
    State(state): State<AppState>,
    PathParams(token): PathParams<String>,
) -> Result<Response, HubError> {
    let view = store::shared(&state.pool, &token).await?;
    Ok((PRIVATE, Json(json!(view))).into_response())
}
