//! `/api/v1/admin/synonyms`: the search synonym list, read and replaced whole.

use crate::admin::synonyms;
use crate::error::{ErrorBody, HubError};
use crate::web::extract::{Admin, JsonBody};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::admin::SynonymList;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

pub fn routes() -> Listed {
    Listed::new().get("/synonyms", show).put("/synonyms", replace)
}

#[utoipa::path(get, operation_id = "show_synonyms", path = "/api/v1/admin/synonyms", summary = "The search synonym list", tag = "admin",
    responses((status = 200, description = "The search synonym list.", body = SynonymList)))]
async fn show(State(state): State<AppState>, _: Admin) -> Result<Json<SynonymList>, HubError> {
    Ok(Json(synonyms::current(&state.pool).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Replace {
    body: String,
}

#[utoipa::path(put, operation_id = "replace_synonyms", path = "/api/v1/admin/synonyms", summary = "Replace the search synonym list", tag = "admin", request_body = Replace,
    responses((status = 200, description = "The list as saved; the index uses it at once.", body = SynonymList), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(r): JsonBody<Replace>,
) -> Result<Json<SynonymList>, HubError> {
    Ok(Json(
        synonyms::save(&state.pool, &state.search, &admin.actor(), &r.body).await?,
    ))
}
