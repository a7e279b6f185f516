//! `/api/v1/admin/audit`: the audit log, newest first, filterable; read-only by design.

use crate::audit::{self, Filter};
use crate::error::{ErrorBody, HubError};
use crate::web::extract::{Admin, QueryParams};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::admin::AuditPage;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

pub fn routes() -> Listed {
    Listed::new().get("/audit", list)
}

/// The filter's fields and a page number (spelled out: serde cannot flatten into a struct
/// that refuses unknown fields).
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct Params {
    action: Option<String>,
    target_type: Option<String>,
    target: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<i64>,
}

#[utoipa::path(get, operation_id = "list_audit_log", path = "/api/v1/admin/audit", summary = "The audit log", tag = "admin", params(Params),
    responses((status = 200, description = "The audit log, newest first.", body = AuditPage), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    _: Admin,
    QueryParams(p): QueryParams<Params>,
) -> Result<Json<AuditPage>, HubError> {
    let page = audit::check_page(p.page)?;
    let filter = Filter {
        action: p.action,
        target_type: p.target_type,
        target: p.target,
        actor: p.actor,
        from: p.from,
        to: p.to,
    };
    let (entries, total) = audit::list(&state.pool, &filter, page).await?;
    Ok(Json(AuditPage {
        entries,
        total,
        page,
        per_page: audit::PAGE_SIZE,
    }))
}
