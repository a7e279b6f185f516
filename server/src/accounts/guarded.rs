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
        Some(id) => {
            store::signed_in(pool, id).await?;
            Ok(id)
        }
        None => {
            attempt.failed();
            Err(HubError::BadCredentials)
        }
    }
}

/// Sign-up (never an admin): a new address gets an unconfirmed account and its link, an
/// address in use its owner a note; the same answer either way. Each counts against the
/// client's address, as it costs a hash. `next` is where the link leads once followed.
pub async fn sign_up(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    mail: &crate::mail::MailSettings,
    new: NewAccount,
    next: Option<&str>,
    address: Option<IpAddr>,
) -> Result<(), HubError> {
    let _attempt = throttle.attempt(None, address)?;
    super::confirm::register(pool, mail, new, next).await
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

/// A signed-in learner's profile, as they left it. A new email needs the current password
/// (the email is what signs in), and that check is throttled like every other.
pub async fn update_profile(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    mail: &crate::mail::MailSettings,
    who: (AccountId, &str),
    change: app::backend::ProfileChange,
    address: Option<IpAddr>,
) -> Result<Account, HubError> {
    let (id, email) = who;
    let new_email = change.email.trim().to_lowercase();
    let mut password_problem = None;
    if !new_email.is_empty() && new_email != email {
        let attempt = throttle.attempt(Some(email), address)?;
        let password = change.password.as_deref().unwrap_or("");
        let refused = |reason: &str| HubError::BadRequest {
            param: "password".into(),
            reason: reason.into(),
        };
        if password.is_empty() {
            password_problem = Some(refused("enter your current password to change your email"));
        } else if store::authenticate(pool, email, password).await? != Some(id) {
            attempt.failed();
            password_problem = Some(refused("that is not your current password"));
        }
    }
    // The password's problem comes back with every field's, not before them.
    super::confirm::update_profile(pool, mail, id, &change, password_problem).await
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

/// A reset link for the account at `email`, if there is one; the answer never says. Counted
/// against the client's address like a sign-in (the link's mail is capped per account apart).
pub async fn forgot_password(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    mail: &crate::mail::MailSettings,
    email: &str,
    address: Option<IpAddr>,
) -> Result<(), HubError> {
    let _attempt = throttle.attempt(None, address)?;
    let email = super::validate::email(email)?;
    // The answer goes at once, and the work after it: how long a request takes must not tell
    // whether an account has the address (one has a token and a message to write, the other not).
    let (pool, mail) = (pool.clone(), mail.clone());
    tokio::spawn(async move {
        if let Err(e) = super::reset::request(&pool, &mail, &email, super::reset::AskedBy::Form).await {
            tracing::warn!(error = %e, "a password reset could not be queued");
        }
    });
    Ok(())
}

/// A new password through a reset link (it costs a hash, so it is counted like a sign-in).
pub async fn reset_password(
    pool: &AnyPool,
    throttle: &SignInThrottle,
    mail: &crate::mail::MailSettings,
    token: &str,
    new: &str,
    address: Option<IpAddr>,
) -> Result<AccountId, HubError> {
    let _attempt = throttle.attempt(None, address)?;
    let id = super::reset::complete(pool, mail, token, new).await?;
    store::signed_in(pool, id).await?;
    Ok(id)
}
