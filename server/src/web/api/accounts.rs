//! Accounts and sessions over JSON: sign up, sign in, sign out, the signed-in learner.

use super::super::extract::{ClientAddress, JsonBody, SignedIn};
use super::super::AppState;
use crate::accounts::{sessions, store, NewAccount};
use crate::error::HubError;
use crate::web::listed::Listed;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_sessions::Session;

pub fn routes() -> Listed {
    Listed::new()
        .post("/accounts", sign_up)
        .post("/session", sign_in)
        .delete("/session", sign_out)
        .get("/me", me)
        .delete("/me", delete_account)
        .post("/me/password", change_password)
        .post("/me/pledge", take_pledge)
}

/// `POST /api/v1/accounts` {name, email, password, profession?, discipline?} → 201, signed in.
async fn sign_up(
    State(state): State<AppState>,
    session: Session,
    JsonBody(new): JsonBody<NewAccount>,
) -> Result<(StatusCode, Json<Value>), HubError> {
    let (id, account) = store::create(&state.pool, new, false).await?;
    sessions::sign_in(&session, id).await?;
    Ok((StatusCode::CREATED, Json(json!(account))))
}

#[derive(Deserialize)]
struct Credentials {
    email: String,
    password: String,
}

/// `POST /api/v1/session` {email, password} → 200 and a fresh session cookie; 401 otherwise.
async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    session: Session,
    JsonBody(c): JsonBody<Credentials>,
) -> Result<Json<Value>, HubError> {
    state.throttle.attempt(&c.email, address)?;
    let id = store::authenticate(&state.pool, &c.email, &c.password)
        .await?
        .ok_or(HubError::BadCredentials)?;
    sessions::sign_in(&session, id).await?;
    let account = store::get(&state.pool, id).await?.ok_or(HubError::BadCredentials)?;
    Ok(Json(json!(account)))
}

/// `DELETE /api/v1/session`: signs out (204 whether or not anyone was signed in).
async fn sign_out(session: Session) -> Result<StatusCode, HubError> {
    sessions::sign_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me`
async fn me(who: SignedIn) -> Json<Value> {
    Json(json!(who.account))
}

#[derive(Deserialize)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// `POST /api/v1/me/password` {current_password, new_password} → 204; other sessions end.
async fn change_password(
    State(state): State<AppState>,
    who: SignedIn,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<StatusCode, HubError> {
    let keep = sessions::id(&who.session);
    store::change_password(
        &state.pool,
        who.id,
        &change.current_password,
        &change.new_password,
        keep.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct Confirmation {
    password: String,
}

/// `DELETE /api/v1/me` {password} → 204: the account and everything held about it are gone.
async fn delete_account(
    State(state): State<AppState>,
    who: SignedIn,
    JsonBody(confirm): JsonBody<Confirmation>,
) -> Result<StatusCode, HubError> {
    if store::authenticate(&state.pool, &who.account.email, &confirm.password).await? != Some(who.id) {
        return Err(HubError::BadRequest {
            param: "password".into(),
            reason: "that is not your password".into(),
        });
    }
    store::delete(&state.pool, who.id).await?;
    sessions::sign_out(&who.session).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct Pledge {
    commitments: Vec<String>,
}

/// `POST /api/v1/me/pledge` {commitments: [...all four keys]} → the account, now a champion.
async fn take_pledge(
    State(state): State<AppState>,
    who: SignedIn,
    JsonBody(pledge): JsonBody<Pledge>,
) -> Result<Json<Value>, HubError> {
    Ok(Json(json!(
        store::take_pledge(&state.pool, who.id, &pledge.commitments).await?
    )))
}
