//! `/api/v1/admin/audit`: the audit log, newest first, filterable; read-only by design.

use crate::admin::audit::{self, Filter};
use crate::error::HubError;
use crate::web::extract::{Admin, QueryParams};
use crate::web::AppState;
use app::model::admin::AuditPage;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(flatten)]
    filter: Filter,
    page: Option<i64>,
}

async fn list(State(state): State<AppState>, _: Admin, QueryParams(p): QueryParams<Params>) -> Result<Json<AuditPage>, HubError> {
    let page = audit::check_page(p.page)?;
    let (entries, total) = audit::list(&state.pool, &p.filter, page).await?;
    Ok(Json(AuditPage {
        entries,
        total,
        page,
        per_page: audit::PAGE_SIZE,
    }))
}
