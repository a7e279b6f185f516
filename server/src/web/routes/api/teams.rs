//! Teams over JSON: the learner's teams, one team as they may see it, and its progress (JSON,
//! or CSV for a spreadsheet) for its champion.

use crate::error::{ErrorBody, HubError};
use crate::teams::{championed, report, store};
use crate::web::extract::{PathParams, SignedIn};
use crate::web::format_query::{self, Choice};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::team::{TeamProgress, TeamView, TeamsPage};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub fn routes() -> Listed {
    Listed::new()
        .get("/me/teams", list_teams)
        .get("/teams/{id}", get_team)
        .get("/teams/{id}/progress", get_progress)
}

/// `GET /api/v1/me/teams`: the teams the learner leads, then those they joined.
#[utoipa::path(get, path = "/api/v1/me/teams", summary = "The learner's teams", tag = "teams",
    responses((status = 200, description = "The teams the learner leads, then those they joined.", body = TeamsPage)))]
async fn list_teams(State(state): State<AppState>, who: SignedIn) -> Result<Response, HubError> {
    Ok((PRIVATE, Json(json!(store::list(&state.pool, who.id).await?))).into_response())
}

/// Team data is for the people in the team: no shared cache may keep it.
const PRIVATE: [(header::HeaderName, &str); 1] = [(header::CACHE_CONTROL, "no-store")];

/// `GET /api/v1/teams/{id}`: the team as the learner may see it (404 outside it).
#[utoipa::path(get, path = "/api/v1/teams/{id}", summary = "One team", tag = "teams",
    params(("id" = i64, Path, description = "The team's id.")),
    responses((status = 200, description = "The team as the learner may see it: its champion sees whether an invite link is out (its address is shown only when it is made), the choices and the progress.", body = TeamView), (status = 404, description = "No such team, or not one the caller may see.", body = ErrorBody)))]
async fn get_team(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams(id): PathParams<i64>,
) -> Result<Response, HubError> {
    Ok((PRIVATE, Json(json!(store::view(&state.pool, id, who.id).await?))).into_response())
}

/// `GET /api/v1/teams/{id}/progress[?format=csv]`: for the team's champion only, what the
/// sharing members did on what the team follows; the others only as a count.
#[utoipa::path(get, operation_id = "get_team_progress", path = "/api/v1/teams/{id}/progress", summary = "A team's progress (its champion only; JSON or CSV)", tag = "teams",
    params(("id" = i64, Path, description = "The team's id."), ("format" = Option<String>, Query, description = "`json` (the default) or `csv`.")),
    responses((status = 200, description = "For the team's champion: what sharing members did on what the team follows; the others only as a count.",
        content((TeamProgress = "application/json"), (String = "text/csv"))),
        (status = 403, description = "A member, not the champion.", body = ErrorBody), (status = 404, description = "No such team, or not one the caller may see.", body = ErrorBody)))]
async fn get_progress(
    State(state): State<AppState>,
    who: SignedIn,
    PathParams(id): PathParams<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, HubError> {
    let csv = format_query::chosen(
        query.as_deref(),
        "the team's progress",
        &[
            Choice {
                name: "json",
                gives: "",
                value: false,
            },
            Choice {
                name: "csv",
                gives: "",
                value: true,
            },
        ],
    )?;
    championed(&state.pool, id, who.id).await?;
    let progress = report::progress(&state.pool, id).await?;
    Ok(if csv {
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"team-{id}-progress.csv\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            report::to_csv(&progress)?,
        )
            .into_response()
    } else {
        (PRIVATE, Json(json!(progress))).into_response()
    })
}
