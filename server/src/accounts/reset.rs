//! Password resets by mail. Asking answers the same whether or not an account uses the address
//! (what the page says, and what the API returns); the link holds a single-use token, kept only
//! as its SHA-256, that works for an hour. Choosing a new password through it ends every
//! session of the account.
//!
//! Throttled twice: the form, per client address, by the sign-in throttle (asking costs the
//! same there as a sign-in); and the mail itself, per account, in the database, so that no
//! stranger can fill an inbox: at most [`MOST_PER_HOUR`] links an hour, whatever replica is
//! asked.

use super::tokens::{self, Purpose};
use super::{password, validate, AccountId};
use crate::db::now;
use crate::error::HubError;
use crate::mail::{outbox, Kind, Letter, MailSettings};
use chrono::{SecondsFormat, Utc};
use sqlx::AnyPool;

/// How long a reset link works.
pub const LIFETIME_MINUTES: i64 = 60;
/// Links sent to one account in an hour, at most; asking again past that sends nothing.
pub const MOST_PER_HOUR: i64 = 3;

fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Who asked for the link: told in the message, so its reader knows why it came.
#[derive(Clone, Debug)]
pub enum AskedBy {
    /// Someone on the forgot-password page or API (perhaps not the owner).
    Form,
    /// An admin, from the users page (audited).
    Admin(crate::audit::Actor),
    /// Someone with the server's command line (audited).
    CommandLine,
}

impl AskedBy {
    /// Who the audit log names, when the sending is audited.
    fn actor(&self) -> Option<crate::audit::Actor> {
        match self {
            AskedBy::Form => None,
            AskedBy::Admin(actor) => Some(actor.clone()),
            AskedBy::CommandLine => Some(crate::audit::Actor::command_line()),
        }
    }
}

/// What happened, for the caller that may know (an admin, the command line); the public form
/// and API never tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Queued,
    /// No account has this address (or it is disabled).
    NoAccount,
    /// The account had [`MOST_PER_HOUR`] links in the last hour.
    TooMany,
}

/// Queues a reset link for the account at `email`, if there is one.
pub async fn request(pool: &AnyPool, mail: &MailSettings, email: &str, asked_by: AskedBy) -> Result<Outcome, HubError> {
    let email = validate::email(email)?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM accounts WHERE email = $1 AND disabled_at IS NULL")
            .bind(email.clone())
            .fetch_optional(pool)
            .await?;
    let Some((id, name)) = row else {
        return Ok(Outcome::NoAccount);
    };
    let now_at = Utc::now();
    let mut tx = crate::db::begin_write(pool).await?;
    // One request of an account at a time (a row lock on PostgreSQL; SQLite's write lock is
    // already whole), so requests at once cannot all pass the hourly cap.
    sqlx::query("UPDATE accounts SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_tokens WHERE account_id = $1 AND purpose = 'reset' AND created_at > $2",
    )
    .bind(id)
    .bind(stamp(now_at - chrono::Duration::hours(1)))
    .fetch_one(&mut *tx)
    .await?;
    if recent >= MOST_PER_HOUR {
        return Ok(Outcome::TooMany);
    }
    let token = tokens::issue(
        &mut tx,
        id,
        Purpose::Reset,
        &email,
        chrono::Duration::minutes(LIFETIME_MINUTES),
    )
    .await?;
    if let Some(actor) = asked_by.actor() {
        crate::audit::record(&mut tx, &actor, "send-password-reset", "account", &email, &[]).await?;
    }
    let letter = reset_letter(mail, &email, &name, &token, &asked_by);
    match outbox::queue(&mut tx, mail, &letter, Some(id)).await {
        Ok(_) => {}
        // An address the mail library cannot write to: nothing is sent, and the form answers as
        // it always does.
        Err(HubError::BadRequest { reason, .. }) => {
            tracing::warn!(%reason, "no reset link could be written for an account");
            return Ok(Outcome::NoAccount);
        }
        Err(e) => return Err(e),
    }
    tx.commit().await?;
    outbox::wake(mail);
    Ok(Outcome::Queued)
}

fn reset_letter(mail: &MailSettings, email: &str, name: &str, token: &str, asked_by: &AskedBy) -> Letter {
    let why = match asked_by {
        AskedBy::Form => "Someone (we hope you) asked to reset the password of your Champion Hub account.",
        AskedBy::Admin(_) => "A Champion Hub admin sent you this link to choose a new password for your account.",
        AskedBy::CommandLine => {
            "The Champion Hub's operator sent you this link to choose a new password for your account."
        }
    };
    Letter::new(
        Kind::PasswordReset,
        email,
        Some(name),
        "Choose a new password for Champion Hub",
    )
    .para(format!("Hello {name},"))
    .para(why)
    .action(
        "Choose a new password",
        mail.link(&format!("/reset-password?token={token}")),
    )
    .para(format!(
        "The link works once, for {LIFETIME_MINUTES} minutes. Choosing a new password signs you out everywhere else."
    ))
    .para("If you did not ask for this, ignore this message: your password stays as it is.")
}

/// The account a live reset token opens, with its email (for the page's greeting): None for a
/// token that is malformed, unknown, used, expired, or sent to an address the account no
/// longer has.
pub async fn check(pool: &AnyPool, token: &str) -> Result<Option<(AccountId, String)>, HubError> {
    if !crate::secret::well_formed(token) {
        return Ok(None);
    }
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT t.account_id, a.email FROM account_tokens t JOIN accounts a ON a.id = t.account_id
         WHERE t.token_hash = $1 AND t.purpose = 'reset' AND t.used_at IS NULL AND t.expires_at > $2
           AND a.email = t.email AND a.disabled_at IS NULL",
    )
    .bind(crate::secret::digest(token))
    .bind(now())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, email)| (AccountId(id), email)))
}

/// What a dead link says: one message for every way a token can be dead, so none is told apart.
pub fn dead_link() -> HubError {
    HubError::BadRequest {
        param: "token".into(),
        reason: "this reset link has expired or was already used. Ask for a new one.".into(),
    }
}

/// Sets a new password through a live token, uses the token up (and every other reset link of
/// the account), and ends every session of the account. Returns the account, for signing in.
pub async fn complete(
    pool: &AnyPool,
    mail: &MailSettings,
    token: &str,
    new_password: &str,
) -> Result<AccountId, HubError> {
    validate::password("new_password", new_password)?;
    if check(pool, token).await?.is_none() {
        return Err(dead_link());
    }
    let hash = password::hash(new_password.to_string()).await?;
    let at = now();
    let mut tx = crate::db::begin_write(pool).await?;
    let Some((id, email)) = tokens::use_up(&mut tx, token, Purpose::Reset).await? else {
        return Err(dead_link());
    };
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let name = name.unwrap_or_default();
    let changed = sqlx::query(
        // The link came to this address: it is confirmed too.
        "UPDATE accounts SET password_hash = $2, updated_at = $3, email_confirmed_at = COALESCE(email_confirmed_at, $3)
         WHERE id = $1 AND email = $4 AND disabled_at IS NULL",
    )
    .bind(id)
    .bind(hash)
    .bind(at.clone())
    .bind(email.clone())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(dead_link());
    }
    tokens::void_all(&mut tx, id, Purpose::Reset).await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let notice = Letter::new(Kind::PasswordChanged, &email, Some(&name), "Your Champion Hub password was changed")
        .para(format!("Hello {name},"))
        .para("The password of your Champion Hub account was just changed through a reset link, and every session was signed out.")
        .para("If this was not you, ask for a new link at once and choose another password:")
        .action("Reset the password again", mail.link("/forgot-password"));
    match outbox::queue(&mut tx, mail, &notice, Some(id)).await {
        Ok(_) => {}
        // An address the mail library cannot write to: the password still changes. Any other
        // failure (the database) fails the whole change, which the transaction undoes.
        Err(HubError::BadRequest { reason, .. }) => {
            tracing::warn!(%reason, "the password-changed notice could not be written")
        }
        Err(e) => return Err(e),
    }
    tx.commit().await?;
    outbox::wake(mail);
    Ok(AccountId(id))
}
