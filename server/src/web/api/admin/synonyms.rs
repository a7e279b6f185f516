//! `/api/v1/admin/synonyms`: the search synonym list, read and replaced whole.

use crate::admin::synonyms;
use crate::error::HubError;
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

async fn show(State(state): State<AppState>, _: Admin) -> Result<Json<SynonymList>, HubError> {
    Ok(Json(synonyms::current(&state.pool).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    body: String,
}

async fn replace(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(r): JsonBody<Replace>,
) -> Result<Json<SynonymList>, HubError> {
    Ok(Json(
        synonyms::save(&state.pool, &state.search, &admin.actor(), &r.body).await?,
    ))
}
