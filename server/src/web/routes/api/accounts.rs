//! Accounts and sessions over JSON: sign up, sign in, sign out, the signed-in learner.

use crate::accounts::{guarded, sessions, store, NewAccount};
use crate::error::{ErrorBody, HubError};
use crate::web::extract::{ClientAddress, JsonBody, SignedIn};
use crate::web::listed::Listed;
use crate::web::AppState;
use app::model::Account;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use tower_sessions::Session;

pub fn routes() -> Listed {
    Listed::new()
        .post("/accounts", sign_up)
        .post("/session", sign_in)
        .delete("/session", sign_out)
        .get("/me", me)
        .delete("/me", delete_account)
        .post("/me/password", change_password)
        .put("/me/profile", update_profile)
        .post("/me/pledge", take_pledge)
}

/// `POST /api/v1/accounts` {name, email, password, profession?, discipline?} → 201, signed in.
#[utoipa::path(post, path = "/api/v1/accounts", summary = "Sign up", tag = "accounts", request_body = NewAccount,
    responses((status = 201, description = "The account, signed in (a session cookie is set).", body = Account), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody),
        (status = 409, description = "An account with that email exists.", body = ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    session: Session,
    JsonBody(new): JsonBody<NewAccount>,
) -> Result<(StatusCode, Json<Account>), HubError> {
    let (id, account) = guarded::sign_up(&state.pool, &state.throttle, new, address).await?;
    sessions::sign_in(&session, id).await?;
    Ok((StatusCode::CREATED, Json(account)))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Credentials {
    email: String,
    password: String,
}

/// `POST /api/v1/session` {email, password} → 200 and a fresh session cookie; 401 otherwise.
#[utoipa::path(post, path = "/api/v1/session", summary = "Sign in", tag = "accounts", request_body = Credentials,
    responses((status = 200, description = "Signed in: a fresh session cookie is set.", body = Account),
        (status = 401, description = "The email and password do not match an account (`bad_credentials`).", body = ErrorBody),
        (status = 429, description = "Too many attempts: wait `retry_after` seconds.", body = ErrorBody)))]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    session: Session,
    JsonBody(c): JsonBody<Credentials>,
) -> Result<Json<Account>, HubError> {
    let id = guarded::sign_in(&state.pool, &state.throttle, &c.email, &c.password, address).await?;
    sessions::sign_in(&session, id).await?;
    let account = store::get(&state.pool, id).await?.ok_or(HubError::BadCredentials)?;
    Ok(Json(account))
}

/// `DELETE /api/v1/session`: signs out (204 whether or not anyone was signed in).
#[utoipa::path(delete, path = "/api/v1/session", summary = "Sign out", tag = "accounts",
    responses((status = 204, description = "Signed out, whether or not anyone was signed in.")))]
async fn sign_out(session: Session) -> Result<StatusCode, HubError> {
    sessions::sign_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me`
#[utoipa::path(get, path = "/api/v1/me", summary = "The signed-in account", tag = "accounts",
    responses((status = 200, description = "The signed-in account.", body = Account)))]
async fn me(who: SignedIn) -> Json<Account> {
    Json(who.account)
}

#[derive(Deserialize, utoipa::ToSchema)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// `POST /api/v1/me/password` {current_password, new_password} → 204; other sessions end.
#[utoipa::path(post, path = "/api/v1/me/password", summary = "Change the password", tag = "accounts", request_body = PasswordChange,
    responses((status = 204, description = "Changed; every other session of the account ends."), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    who: SignedIn,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<StatusCode, HubError> {
    let keep = sessions::id(&who.session);
    guarded::change_password(
        &state.pool,
        &state.throttle,
        (who.id, &who.account.email),
        &change.current_password,
        &change.new_password,
        keep.as_deref(),
        address,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/me/profile` {name, email, profession?, discipline?, password?} → the account.
#[utoipa::path(put, path = "/api/v1/me/profile", summary = "Change the name, email, profession or discipline", tag = "accounts",
    request_body = app::backend::ProfileChange,
    responses((status = 200, description = "The account as it now is.", body = Account),
        (status = 400, description = "A parameter is refused; `param` names it (`fields` lists every one). A new email needs the current `password`.", body = ErrorBody),
        (status = 409, description = "Another account uses that email.", body = ErrorBody)))]
async fn update_profile(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    who: SignedIn,
    JsonBody(change): JsonBody<app::backend::ProfileChange>,
) -> Result<Json<Account>, HubError> {
    let account = guarded::update_profile(
        &state.pool,
        &state.throttle,
        (who.id, &who.account.email),
        change,
        address,
    )
    .await?;
    Ok(Json(account))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Confirmation {
    password: String,
}

/// `DELETE /api/v1/me` {password} → 204: the account and everything held about it are gone.
#[utoipa::path(delete, path = "/api/v1/me", summary = "Delete the account and everything held about it", tag = "accounts", request_body = Confirmation,
    responses((status = 204, description = "The account and everything held about it are gone."), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn delete_account(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    who: SignedIn,
    JsonBody(confirm): JsonBody<Confirmation>,
) -> Result<StatusCode, HubError> {
    let account = (who.id, who.account.email.as_str());
    guarded::delete_account(&state.pool, &state.throttle, account, &confirm.password, address).await?;
    sessions::sign_out(&who.session).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Pledge {
    commitments: Vec<String>,
}

/// `POST /api/v1/me/pledge` {commitments: [...all four keys]} → the account, now a champion.
#[utoipa::path(post, path = "/api/v1/me/pledge", summary = "Take the champion pledge", tag = "accounts", request_body = Pledge,
    responses((status = 200, description = "The account, now a champion.", body = Account), (status = 400, description = "A parameter is refused; `param` names it.", body = ErrorBody)))]
async fn take_pledge(
    State(state): State<AppState>,
    who: SignedIn,
    JsonBody(pledge): JsonBody<Pledge>,
) -> Result<Json<Account>, HubError> {
    Ok(Json(
        store::take_pledge(&state.pool, who.id, &pledge.commitments).await?,
    ))
}
