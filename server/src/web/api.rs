//! The JSON API, version 1 (read side). Handlers parse, call the catalog, and serialize.

use super::AppState;
use crate::catalog;
use crate::error::HubError;
use app::query::BrowseQuery;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use sqlx::AnyPool;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/resources", get(list_resources))
        .route("/resources/{slug}", get(get_resource))
        .fallback(|| async { HubError::NotFound("API route".into()) })
}

/// `GET /healthz`: 200 when the database answers.
pub async fn healthz(State(pool): State<AnyPool>) -> (StatusCode, Json<Value>) {
    match sqlx::query("SELECT 1").execute(&pool).await {
        Ok(_) => (StatusCode::OK, Json(json!({"status": "ok"}))),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "unavailable"})))
        }
    }
}

/// Reads a query string strictly: unknown parameters are refused by name.
pub fn parse_browse_query(raw: Option<&str>) -> Result<BrowseQuery, HubError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    if let Some((key, _)) = pairs.iter().find(|(k, _)| !BrowseQuery::KNOWN.contains(&k.as_str())) {
        return Err(HubError::BadRequest {
            param: key.clone(),
            reason: format!("unknown parameter (expected one of {})", BrowseQuery::KNOWN.join(", ")),
        });
    }
    Ok(BrowseQuery::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?)
}

/// `GET /api/v1/resources?kind=&audience=&discipline=&topic=&format=&free=&credits=&page=&per_page=`
async fn list_resources(State(pool): State<AnyPool>, RawQuery(raw): RawQuery) -> Result<Json<Value>, HubError> {
    let query = parse_browse_query(raw.as_deref())?;
    let mut conn = pool.acquire().await?;
    let page = catalog::browse::browse(&mut conn, &query).await?;
    Ok(Json(json!({
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "resources": page.resources,
    })))
}

/// `GET /api/v1/resources/{slug}`: the resource in the exchange format, without quiz answers.
async fn get_resource(State(pool): State<AnyPool>, Path(slug): Path<String>) -> Result<Json<Value>, HubError> {
    catalog::resource_record(&pool, &slug)
        .await?
        .map(Json)
        .ok_or_else(|| HubError::NotFound(format!("resource \"{slug}\"")))
}
