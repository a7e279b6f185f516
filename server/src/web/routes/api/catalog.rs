//! The catalog's read side of the JSON API: resources, search and suggestions.

use crate::catalog;
use crate::error::ErrorBody;
use crate::error::HubError;
use crate::search::SearchIndex;
use crate::web::extract::PathParams;
use crate::web::listed::Listed;
use app::model::{Alternative, ResourceCard, SearchHit, Suggestion};
use app::query::{BrowseQuery, SearchQuery};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use sqlx::AnyPool;
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn routes() -> Listed {
    Listed::new()
        .get("/resources", list_resources)
        .get("/resources/{slug}", get_resource)
        .get("/search", search)
        .get("/suggest", suggest)
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
    let pairs = decode_strictly(raw.unwrap_or(""))?;
    if let Some((key, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        return Err(HubError::BadRequest {
            param: key.clone(),
            reason: format!("unknown parameter (expected one of {})", known.join(", ")),
        });
    }
    Ok(pairs)
}

/// A query string's pairs, refusing (by name) a value that is not UTF-8 once percent-decoded,
/// where `form_urlencoded` would quietly turn it into replacement characters.
pub(crate) fn decode_strictly(raw: &str) -> Result<Vec<(String, String)>, HubError> {
    let decode = |part: &str, param: &str| {
        let spaced = part.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .map(|text| text.into_owned())
            .map_err(|_| HubError::BadRequest {
                param: param.to_string(),
                reason: "not valid UTF-8 text once percent-decoded".into(),
            })
    };
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key, "query string")?;
            let value = decode(value, &key)?;
            Ok((key, value))
        })
        .collect()
}

pub fn parse_browse_query(raw: Option<&str>) -> Result<BrowseQuery, HubError> {
    let pairs = pairs(raw, &BrowseQuery::KNOWN)?;
    Ok(BrowseQuery::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?)
}

/// One page of the published catalog.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ResourceList {
    /// Resources matching the filters, on every page.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub resources: Vec<ResourceCard>,
}

/// One page of search results.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// The query as searched (trimmed).
    pub query: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<SearchHit>,
    /// For each facet (kind, audience, ...), how many results each value would leave.
    pub facets: BTreeMap<String, BTreeMap<String, i64>>,
    /// "Did you mean" text, when the query is probably misspelled.
    pub suggestion: Option<String>,
    /// True when no resource matched every word and results match any of them instead.
    pub relaxed: bool,
    /// Where, counting from the first result of the first page, the results that match only
    /// some of the words begin; absent when every result matches every word.
    pub partial_from: Option<u64>,
    /// When the first page is short: the providers of its best results and their other
    /// resources (not counted in `total`).
    pub related: Vec<SearchHit>,
    /// Other ways to look, when nothing was found.
    pub alternatives: Vec<Alternative>,
}

/// `GET /api/v1/resources?kind=&audience=&discipline=&topic=&format=&free=&credits=&page=&per_page=`
#[utoipa::path(get, path = "/api/v1/resources", summary = "Browse the published catalog", tag = "catalog",
    responses((status = 200, description = "One page of published resources, featured first, then by title.", body = ResourceList), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn list_resources(
    State(pool): State<AnyPool>,
    State(index): State<Arc<SearchIndex>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ResourceList>, HubError> {
    let query = parse_browse_query(raw.as_deref())?;
    let page = crate::search::listing::browse(&index, &pool, &query).await?;
    Ok(Json(ResourceList {
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        resources: page.resources,
    }))
}

/// `GET /api/v1/resources/{slug}`: the resource in the exchange format, without quiz answers.
#[utoipa::path(get, path = "/api/v1/resources/{slug}", summary = "One published resource, in the catalog format", tag = "catalog",
    params(("slug" = String, Path, description = "The resource's slug.")),
    responses((status = 200, description = "The resource in the catalog exchange format, without quiz answers.", body = Object, content_type = "application/json"), (status = 404, description = "No such published resource, or not one the caller may see.", body = ErrorBody)))]
async fn get_resource(
    State(pool): State<AnyPool>,
    PathParams(slug): PathParams<String>,
) -> Result<Json<Value>, HubError> {
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
#[utoipa::path(get, path = "/api/v1/search", summary = "Search the catalog", tag = "catalog",
    responses((status = 200, description = "One page of results, best first, with facet counts.", body = SearchResults), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn search(
    State(index): State<Arc<SearchIndex>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResults>, HubError> {
    let query = parse_search_query(raw.as_deref())?;
    let page = crate::blocking::run(move || index.search(&query)).await??;
    let facets = page
        .facets
        .iter()
        .map(|f| {
            let counts = f
                .values
                .iter()
                .filter(|v| !v.value.is_empty())
                .map(|v| (v.value.clone(), v.count))
                .collect();
            (f.name.clone(), counts)
        })
        .collect();
    Ok(Json(SearchResults {
        query: page.query,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        hits: page.hits,
        facets,
        suggestion: page.suggestion,
        relaxed: page.relaxed,
        partial_from: page.partial_from,
        related: page.related,
        alternatives: page.alternatives,
    }))
}

/// `GET /api/v1/suggest?q=`: up to 8 titles for what is being typed.
#[utoipa::path(get, path = "/api/v1/suggest", summary = "Title suggestions while typing", tag = "catalog",
    params(("q" = Option<String>, Query, description = "What has been typed so far.")),
    responses((status = 200, description = "Up to 8 titles that complete it.", body = Vec<Suggestion>), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn suggest(
    State(index): State<Arc<SearchIndex>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Suggestion>>, HubError> {
    let pairs = pairs(raw.as_deref(), &["q"])?;
    let q = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    Ok(Json(crate::blocking::run(move || index.suggest(&q)).await??))
}
