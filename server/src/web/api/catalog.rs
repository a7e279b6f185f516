//! The catalog's read side of the JSON API: resources, search and suggestions.

use super::super::AppState;
use crate::catalog;
use crate::error::HubError;
use crate::search::SearchIndex;
use app::query::{BrowseQuery, SearchQuery};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use sqlx::AnyPool;
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/resources", get(list_resources))
        .route("/resources/{slug}", get(get_resource))
        .route("/search", get(search))
        .route("/suggest", get(suggest))
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
pub(crate) fn pairs(raw: Option<&str>, known: &[&str]) -> Result<Vec<(String, String)>, HubError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    if let Some((key, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        return Err(HubError::BadRequest {
            param: key.clone(),
            reason: format!("unknown parameter (expected one of {})", known.join(", ")),
        });
    }
    Ok(pairs)
}

pub fn parse_browse_query(raw: Option<&str>) -> Result<BrowseQuery, HubError> {
    let pairs = pairs(raw, &BrowseQuery::KNOWN)?;
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

/// Reads a search query string strictly: unknown parameters are refused by name.
pub fn parse_search_query(raw: Option<&str>) -> Result<SearchQuery, HubError> {
    let pairs = pairs(raw, &SearchQuery::known())?;
    Ok(SearchQuery::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?)
}

/// `GET /api/v1/search?q=&kind=&audience=&discipline=&topic=&format=&free=&credits=&sort=&page=&per_page=`
async fn search(State(index): State<Arc<SearchIndex>>, RawQuery(raw): RawQuery) -> Result<Json<Value>, HubError> {
    let query = parse_search_query(raw.as_deref())?;
    let page = index.search(&query)?;
    let facets: serde_json::Map<String, Value> = page
        .facets
        .iter()
        .map(|f| {
            let counts: serde_json::Map<String, Value> = f
                .values
                .iter()
                .filter(|v| !v.value.is_empty())
                .map(|v| (v.value.clone(), json!(v.count)))
                .collect();
            (f.name.clone(), Value::Object(counts))
        })
        .collect();
    Ok(Json(json!({
        "query": page.query,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "hits": page.hits,
        "facets": facets,
        "suggestion": page.suggestion,
        "relaxed": page.relaxed,
        "alternatives": page.alternatives,
    })))
}

/// `GET /api/v1/suggest?q=`: up to 8 titles for what is being typed.
async fn suggest(State(index): State<Arc<SearchIndex>>, RawQuery(raw): RawQuery) -> Result<Json<Value>, HubError> {
    let pairs = pairs(raw.as_deref(), &["q"])?;
    let q = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    Ok(Json(json!(index.suggest(q)?)))
}
