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
        .post("/password-resets", forgot_password)
        .post("/password-resets/complete", reset_password)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ResetRequest {
    email: String,
}

/// `POST /api/v1/password-resets` {email} → 202, whether or not an account uses the address.
#[utoipa::path(post, path = "/api/v1/password-resets", summary = "Ask for a password reset link", tag = "accounts", request_body = ResetRequest,
    responses((status = 202, description = "If an account uses the address, a link (single use, one hour) is mailed to it. The answer is the same either way."),
        (status = 400, description = "Not an email address (`param` is `email`).", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address: wait `retry_after` seconds.", body = ErrorBody)))]
async fn forgot_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(r): JsonBody<ResetRequest>,
) -> Result<StatusCode, HubError> {
    guarded::forgot_password(&state.pool, &state.throttle, &state.mail, &r.email, address).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ResetCompletion {
    /// The `token` from the mailed link.
    token: String,
    new_password: String,
}

/// `POST /api/v1/password-resets/complete` {token, new_password} → 200, signed in.
#[utoipa::path(post, path = "/api/v1/password-resets/complete", summary = "Set a new password through a reset link", tag = "accounts", request_body = ResetCompletion,
    responses((status = 200, description = "The password is set, every session of the account ended, and this client is signed in (a fresh session cookie).", body = Account),
        (status = 400, description = "The link is dead (`param` is `token`: used, expired or unknown) or the password is refused (`new_password`).", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address: wait `retry_after` seconds.", body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    session: Session,
    JsonBody(r): JsonBody<ResetCompletion>,
) -> Result<Json<Account>, HubError> {
    let id = guarded::reset_password(
        &state.pool,
        &state.throttle,
        &state.mail,
        &r.token,
        &r.new_password,
        address,
    )
    .await?;
    sessions::sign_in(&session, id).await?;
    let account = store::get(&state.pool, id).await?.ok_or(HubError::Unauthorized)?;
    Ok(Json(account))
}

/// `POST /api/v1/accounts` {name, email, password, profession?, discipline?} → 202, whether or
/// not the address is in use: a new address gets a link to confirm it (which signs in), an
/// address in use its owner a note.
#[utoipa::path(post, path = "/api/v1/accounts", summary = "Sign up", tag = "accounts", request_body = NewAccount,
    responses((status = 202, description = "Accepted: a link to confirm the address is mailed to it (for an address already in use, its owner is told instead). The answer is the same either way; following the link confirms the address and signs in. Until then the account can sign in with its password and learn."),
        (status = 400, description = "A field is refused; `param` names it (`fields` lists each when several are).", body = ErrorBody),
        (status = 429, description = "Too many attempts from this address: wait `retry_after` seconds.", body = ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(new): JsonBody<NewAccount>,
) -> Result<StatusCode, HubError> {
    guarded::sign_up(&state.pool, &state.throttle, &state.mail, new, None, address).await?;
    Ok(StatusCode::ACCEPTED)
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
        &state.mail,
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
    crate::web::routes::credits_backend::after_account_deleted(&state.pool, state.files.as_ref()).await;
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
