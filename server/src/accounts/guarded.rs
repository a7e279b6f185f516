//! Every action that checks or hashes a password, behind the throttle: sign-in, sign-up,
//! password change and account deletion. The page backend and the JSON API both call these,
//! so neither door can skip the throttle.

use super::throttle::SignInThrottle;
use super::{store, AccountId, NewAccount};
use crate::error::HubError;
use app::model::Account;
use sqlx::AnyPool;
use std::net::IpAddr;

/// The account these credentials open; a wrong password counts against the email.
pub async fn sign_in(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    email: &str,
    password: &str,
    address: Option<IpAddr>,
) -> Result<AccountId, HubError> {
    let attempt = throttle.attempt(Some(email), address)?;
    match store::authenticate(pool, email, password).await? {
        Some(id) => Ok(id),
        None => {
            attempt.failed();
            Err(HubError::BadCredentials)
        }
    }
}

/// A new account (never an admin); each sign-up counts against its address, as it costs a hash.
pub async fn sign_up(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    new: NewAccount,
    address: Option<IpAddr>,
) -> Result<(AccountId, Account), HubError> {
    let _attempt = throttle.attempt(None, address)?;
    store::create(pool, new, false).await
}

/// A new password for a signed-in account, after its current one; every other session ends.
pub async fn change_password(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    who: (AccountId, &str),
    current: &str,
    new: &str,
    keep_session: Option<&str>,
    address: Option<IpAddr>,
) -> Result<(), HubError> {
    let (id, email) = who;
    let attempt = throttle.attempt(Some(email), address)?;
    let changed = store::change_password(pool, id, current, new, keep_session).await;
    if matches!(&changed, Err(HubError::BadRequest { param, .. }) if param == "current_password") {
        attempt.failed();
    }
    changed
}

/// Deletes a signed-in account once its password is confirmed.
pub async fn delete_account(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    who: (AccountId, &str),
    password: &str,
    address: Option<IpAddr>,
) -> Result<(), HubError> {
    let (id, email) = who;
    let attempt = throttle.attempt(Some(email), address)?;
    if store::authenticate(pool, email, password).await? != Some(id) {
        attempt.failed();
        return Err(HubError::BadRequest {
            param: "password".into(),
            reason: "that is not your password, so nothing was deleted".into(),
        });
    }
    store::delete(pool, id).await
}
