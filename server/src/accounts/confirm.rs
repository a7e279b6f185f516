//! Confirmed addresses. Sign-up answers the same whether or not an address is in use: a new
//! address gets an unconfirmed account and a link to confirm it; an address in use gets a note
//! to its owner that someone tried, and nothing else. Following the link confirms the address
//! and signs that browser in. A new address asked for on the account page waits beside the
//! email until its own link is followed; the old address is told at once.
//!
//! Until an address is confirmed, the account can learn (bookmarks, progress, quizzes,
//! certificates) but cannot lead or join a team, and the hub mails it nothing but the link.

use super::tokens::{self, Purpose};
use super::{password, store, AccountId, NewAccount};
use crate::db::now;
use crate::error::HubError;
use crate::mail::{outbox, Kind, Letter, MailSettings};
use chrono::{SecondsFormat, Utc};
use sqlx::{AnyConnection, AnyPool};

/// How long a confirmation link works.
pub const LIFETIME_HOURS: i64 = 48;
/// Links (or notes) mailed to one account in an hour, at most.
pub const MOST_PER_HOUR: i64 = 3;

fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn hour_ago() -> String {
    stamp(Utc::now() - chrono::Duration::hours(1))
}

/// What every account that may not yet do something hears.
pub fn unconfirmed() -> HubError {
    HubError::Forbidden(
        "confirm your email address first: follow the link we sent you (your account page can send a new one)".into(),
    )
}

/// Refuses an account whose address is not confirmed.
pub async fn require_confirmed(pool: &AnyPool, who: AccountId) -> Result<(), HubError> {
    let confirmed: Option<Option<String>> = sqlx::query_scalar("SELECT email_confirmed_at FROM accounts WHERE id = $1")
        .bind(who.0)
        .fetch_optional(pool)
        .await?;
    match confirmed {
        Some(Some(_)) => Ok(()),
        _ => Err(unconfirmed()),
    }
}

async fn mailed_this_hour(conn: &mut AnyConnection, account: i64, kinds: &[Kind]) -> Result<i64, HubError> {
    let mut total = 0;
    for kind in kinds {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE account_id = $1 AND kind = $2 AND created_at > $3")
                .bind(account)
                .bind(kind.as_str())
                .bind(hour_ago())
                .fetch_one(&mut *conn)
                .await?;
        total += n;
    }
    Ok(total)
}

/// Sign-up. Every field is checked first (each problem beside its field); then, whether the
/// address is new or in use, the same answer, after the same work (a password hash).
pub async fn register(
    pool: &AnyPool,
    mail: &MailSettings,
    new: NewAccount,
    next: Option<&str>,
) -> Result<(), HubError> {
    let checked = store::check_new(&new)?;
    let hash = password::hash(new.password).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    let existing: Option<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, disabled_at FROM accounts WHERE email = $1")
            .bind(checked.email.clone())
            .fetch_optional(&mut *tx)
            .await?;
    match existing {
        Some((id, name, disabled_at)) => {
            let confirmed: Option<String> = sqlx::query_scalar("SELECT email_confirmed_at FROM accounts WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            if disabled_at.is_some() {
            } else if confirmed.is_none() {
                // Signing up again with an address never confirmed (the first link lost): a new
                // link, within the hourly cap. The account keeps its first password; the link
                // signs in, and a reset (which also confirms) sets another.
                if mailed_this_hour(&mut tx, id, &[Kind::ConfirmAddress]).await? < MOST_PER_HOUR {
                    let token = new_token(&mut tx, id, &checked.email).await?;
                    let letter = confirmation(mail, &checked.email, &name, &token, next, Why::Again);
                    queue_quietly(&mut tx, mail, &letter, id).await?;
                }
            } else if mailed_this_hour(&mut tx, id, &[Kind::AddressInUse]).await? == 0 {
                let letter = address_in_use(mail, &checked.email, &name);
                queue_quietly(&mut tx, mail, &letter, id).await?;
            }
        }
        None => {
            let at = now();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO accounts (email, name, password_hash, profession, discipline, is_admin, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, 0, $6, $6) RETURNING id",
            )
            .bind(checked.email.clone())
            .bind(checked.name.clone())
            .bind(hash)
            .bind(checked.profession)
            .bind(checked.discipline)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            let token = new_token(&mut tx, id, &checked.email).await?;
            let letter = confirmation(mail, &checked.email, &checked.name, &token, next, Why::SignUp);
            queue_quietly(&mut tx, mail, &letter, id).await?;
        }
    }
    tx.commit().await?;
    outbox::wake(mail);
    Ok(())
}

/// Queues `letter`; an address the mail library cannot write to is logged and skipped, so the
/// answer stays the same.
async fn queue_quietly(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    letter: &Letter,
    account: i64,
) -> Result<(), HubError> {
    match outbox::queue(conn, mail, letter, Some(account)).await {
        Ok(_) => Ok(()),
        Err(HubError::BadRequest { reason, .. }) => {
            tracing::warn!(%reason, "a message could not be written");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

async fn new_token(conn: &mut AnyConnection, account: i64, email: &str) -> Result<String, HubError> {
    tokens::issue(
        conn,
        account,
        Purpose::Confirm,
        email,
        chrono::Duration::hours(LIFETIME_HOURS),
    )
    .await
}

#[derive(Clone, Copy)]
enum Why {
    SignUp,
    NewAddress,
    Again,
}

fn confirmation(mail: &MailSettings, email: &str, name: &str, token: &str, next: Option<&str>, why: Why) -> Letter {
    let mut link = format!("/confirm-email?token={token}");
    if let Some(next) = next {
        link.push_str("&next=");
        link.push_str(&percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC).to_string());
    }
    let (subject, why) = match why {
        Why::SignUp => (
            "Confirm your email for Champion Hub",
            "Welcome to Champion Hub. Confirm this address to finish creating your account.",
        ),
        Why::NewAddress => (
            "Confirm your new email for Champion Hub",
            "You asked to use this address for your Champion Hub account. Confirm it, and it becomes the address you sign in with.",
        ),
        Why::Again => (
            "Confirm your email for Champion Hub",
            "Here is a new link to confirm this address for your Champion Hub account.",
        ),
    };
    Letter::new(Kind::ConfirmAddress, email, Some(name), subject)
        .para(format!("Hello {name},"))
        .para(why)
        .action("Confirm my address", mail.link(&link))
        .para(format!(
            "The link works once, for {LIFETIME_HOURS} hours. Until you confirm, you can learn on the hub, but not lead or join a team, and we send you no reminders."
        ))
        .para("If you did not ask for this, ignore this message: nothing happens without the link.")
}

fn address_in_use(mail: &MailSettings, email: &str, name: &str) -> Letter {
    Letter::new(Kind::AddressInUse, email, Some(name), "Someone tried to use your email on Champion Hub")
        .para(format!("Hello {name},"))
        .para("Someone just tried to create a Champion Hub account, or move one, to this address. You already have an account with it, so nothing changed.")
        .para("If it was you, sign in instead. If you forgot your password, choose a new one:")
        .action("Reset my password", mail.link("/forgot-password"))
        .para("If it was not you, you need do nothing.")
}

/// The account and address a live confirmation link is for; None for a dead link (used,
/// expired, unknown, replaced, or for an address the account no longer waits on).
pub async fn check(pool: &AnyPool, token: &str) -> Result<Option<(AccountId, String)>, HubError> {
    if !crate::secret::well_formed(token) {
        return Ok(None);
    }
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT t.account_id, t.email FROM account_tokens t JOIN accounts a ON a.id = t.account_id
         WHERE t.token_hash = $1 AND t.purpose = 'confirm' AND t.used_at IS NULL AND t.expires_at > $2
           AND a.disabled_at IS NULL
           AND ((a.email = t.email AND a.email_confirmed_at IS NULL) OR a.pending_email = t.email)",
    )
    .bind(crate::secret::digest(token))
    .bind(now())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, email)| (AccountId(id), email)))
}

fn dead_link() -> HubError {
    HubError::BadRequest {
        param: "token".into(),
        reason: "this confirmation link no longer works: it was used, it expired, or a newer one replaced it".into(),
    }
}

/// Follows a confirmation link: the address is confirmed (a new one replaces the email), the
/// account's other confirmation links stop working. Returns the account, to sign in.
pub async fn confirm(pool: &AnyPool, token: &str) -> Result<AccountId, HubError> {
    let Some((id, email)) = check(pool, token).await? else {
        return Err(dead_link());
    };
    let at = now();
    let mut tx = crate::db::begin_write(pool).await?;
    if tokens::use_up(&mut tx, token, Purpose::Confirm).await?.is_none() {
        return Err(dead_link());
    }
    let (current, pending): (String, Option<String>) =
        sqlx::query_as("SELECT email, pending_email FROM accounts WHERE id = $1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
    if current == email {
        sqlx::query(
            "UPDATE accounts SET email_confirmed_at = COALESCE(email_confirmed_at, $2), updated_at = $2 WHERE id = $1",
        )
        .bind(id.0)
        .bind(at.clone())
        .execute(&mut *tx)
        .await?;
    } else if pending.as_deref() == Some(email.as_str()) {
        // Another account may have taken the address since it was asked for.
        let moved = sqlx::query(
            "UPDATE accounts SET email = $2, pending_email = NULL, email_confirmed_at = $3, updated_at = $3
             WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM accounts WHERE email = $2)",
        )
        .bind(id.0)
        .bind(email.clone())
        .bind(at.clone())
        .execute(&mut *tx)
        .await;
        match moved {
            Ok(r) if r.rows_affected() == 1 => crate::mail::unsubscribe::moved(&mut tx, &current, &email).await?,
            Ok(_) => return Err(taken_meanwhile()),
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => return Err(taken_meanwhile()),
            Err(e) => return Err(e.into()),
        }
    } else {
        return Err(dead_link());
    }
    tokens::void_all(&mut tx, id.0, Purpose::Confirm).await?;
    tx.commit().await?;
    Ok(id)
}

fn taken_meanwhile() -> HubError {
    HubError::Conflict("another account uses this address now, so your email stays as it was".into())
}

/// A new link for the signed-in account: to its unconfirmed email, or to the new address it
/// waits on. Conflict when there is nothing to confirm, or after three links in an hour.
pub async fn send_again(pool: &AnyPool, mail: &MailSettings, who: AccountId) -> Result<String, HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let (email, name, confirmed, pending): (String, String, Option<String>, Option<String>) =
        sqlx::query_as("SELECT email, name, email_confirmed_at, pending_email FROM accounts WHERE id = $1")
            .bind(who.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(HubError::Unauthorized)?;
    let to = match (confirmed, pending) {
        (_, Some(pending)) => pending,
        (None, None) => email,
        (Some(_), None) => return Err(HubError::Conflict("your email is confirmed already".into())),
    };
    if mailed_this_hour(&mut tx, who.0, &[Kind::ConfirmAddress]).await? >= MOST_PER_HOUR {
        return Err(HubError::Conflict(format!(
            "we sent {MOST_PER_HOUR} links in the last hour: check your inbox and spam folder, or try again later"
        )));
    }
    let token = new_token(&mut tx, who.0, &to).await?;
    let letter = confirmation(mail, &to, &name, &token, None, Why::Again);
    outbox::queue(&mut tx, mail, &letter, Some(who.0)).await?;
    tx.commit().await?;
    outbox::wake(mail);
    Ok(to)
}

/// Asks to move the account to `new_email` (checked and normalized by the caller): it waits
/// beside the email until its link is followed, and the old address is told. An address
/// another account uses gets its owner a note instead of a link; the asker hears the same.
pub async fn ask_for_new_address(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    who: AccountId,
    name: &str,
    old_email: &str,
    new_email: &str,
) -> Result<(), HubError> {
    sqlx::query("UPDATE accounts SET pending_email = $2, updated_at = $3 WHERE id = $1")
        .bind(who.0)
        .bind(new_email.to_string())
        .bind(now())
        .execute(&mut *conn)
        .await?;
    // Counted on the notice to the old address, which goes whether or not the new one is taken:
    // a cap on the confirmations alone would tell, by when it bites, which addresses were free.
    if mailed_this_hour(conn, who.0, &[Kind::AddressChange]).await? >= MOST_PER_HOUR {
        return Err(HubError::Conflict(format!(
            "we sent {MOST_PER_HOUR} links in the last hour: wait a while before changing the email again"
        )));
    }
    let owner: Option<(i64, String)> = sqlx::query_as("SELECT id, name FROM accounts WHERE email = $1")
        .bind(new_email.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match owner {
        Some((owner, owner_name)) => {
            if mailed_this_hour(conn, owner, &[Kind::AddressInUse]).await? == 0 {
                queue_quietly(conn, mail, &address_in_use(mail, new_email, &owner_name), owner).await?;
            }
        }
        None => {
            let token = new_token(conn, who.0, new_email).await?;
            let letter = confirmation(mail, new_email, name, &token, None, Why::NewAddress);
            queue_quietly(conn, mail, &letter, who.0).await?;
        }
    }
    let notice = Letter::new(Kind::AddressChange, old_email, Some(name), "Your Champion Hub email is changing")
        .para(format!("Hello {name},"))
        .para(format!(
            "Someone signed in to your Champion Hub account asked to change its email from this address to {new_email}. The change happens only when that address confirms it; until then you sign in with this one."
        ))
        .para("If this was not you, change your password now, which also signs everyone else out:")
        .action("Reset my password", mail.link("/forgot-password"));
    queue_quietly(conn, mail, &notice, who.0).await?;
    Ok(())
}

/// Replaces the name, profession and discipline, every field checked at once. A new email
/// does not replace the email: it waits for its confirmation ([`ask_for_new_address`]),
/// whether or not another account uses it, so the form tells no one which addresses are taken.
/// (The caller has checked the password when the email changes.)
pub async fn update_profile(
    pool: &AnyPool,
    mail: &MailSettings,
    id: AccountId,
    change: &app::backend::ProfileChange,
    password_problem: Option<HubError>,
) -> Result<app::model::Account, HubError> {
    let name = super::validate::name("name", &change.name);
    let email = super::validate::email(&change.email);
    let profession = super::validate::optional("profession", change.profession.as_deref());
    let discipline = super::validate::optional("discipline", change.discipline.as_deref());
    super::validate::all(&[
        name.as_ref().err(),
        email.as_ref().err(),
        profession.as_ref().err(),
        discipline.as_ref().err(),
        password_problem.as_ref(),
    ])?;
    if let Some(problem) = password_problem {
        return Err(problem);
    }
    let (name, email, profession, discipline) = (name?, email?, profession?, discipline?);
    let mut tx = crate::db::begin_write(pool).await?;
    let current: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT email, pending_email FROM accounts WHERE id = $1 AND disabled_at IS NULL")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
    let (current, pending) = current.ok_or(HubError::Unauthorized)?;
    sqlx::query("UPDATE accounts SET name = $2, profession = $3, discipline = $4, updated_at = $5 WHERE id = $1")
        .bind(id.0)
        .bind(name.clone())
        .bind(profession)
        .bind(discipline)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    if email == current {
        // Back to the address it has: whatever was waiting stops waiting.
        if pending.is_some() {
            sqlx::query("UPDATE accounts SET pending_email = NULL WHERE id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
    } else if pending.as_deref() != Some(email.as_str()) {
        ask_for_new_address(&mut tx, mail, id, &name, &current, &email).await?;
    }
    tx.commit().await?;
    outbox::wake(mail);
    store::get(pool, id).await?.ok_or(HubError::Unauthorized)
}

/// Keeps the current email: the new address asked for stops waiting, its links stop working.
pub async fn cancel_new_address(pool: &AnyPool, who: AccountId) -> Result<(), HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("UPDATE accounts SET pending_email = NULL, updated_at = $2 WHERE id = $1")
        .bind(who.0)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tokens::void_all(&mut tx, who.0, Purpose::Confirm).await?;
    tx.commit().await?;
    Ok(())
}
