//! `GET /api/v1/admin/search-analytics?from=YYYY-MM-DD&to=YYYY-MM-DD`: the search analytics
//! report over a period (by default the last 30 days, today included), for admins.

use super::super::catalog::pairs;
use crate::admin::analytics;
use crate::error::{ErrorBody, HubError};
use crate::web::extract::Admin;
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::SearchAnalytics;
use axum::extract::{RawQuery, State};
use axum::Json;

pub fn routes() -> Listed {
    Listed::new().get("/search-analytics", search_analytics)
}

#[utoipa::path(get, path = "/api/v1/admin/search-analytics", summary = "Search analytics over a period", tag = "admin",
    params(("from" = Option<String>, Query, description = "First day, YYYY-MM-DD (UTC); by default 29 days before `to`."), ("to" = Option<String>, Query, description = "Last day, YYYY-MM-DD (UTC); by default today.")),
    responses((status = 200, description = "Search analytics over the period, from the anonymous search log.", body = SearchAnalytics), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn search_analytics(
    State(state): State<AppState>,
    _admin: Admin,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchAnalytics>, HubError> {
    let (mut from, mut to) = (None, None);
    for (key, value) in pairs(raw.as_deref(), &["from", "to"])? {
        // An empty value (a form's blank field) means the default.
        if value.trim().is_empty() {
            continue;
        }
        let day = analytics::parse_day(&key, &value)?;
        if key == "from" {
            from = Some(day);
        } else {
            to = Some(day);
        }
    }
    let (from, to) = analytics::period(from, to);
    Ok(Json(analytics::report(&state.pool, from, to).await?))
}
