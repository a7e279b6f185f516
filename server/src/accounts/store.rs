//! Accounts in the database: creating them, finding them for sign-in, and changing them.

use super::{password, validate};
use crate::db::now;
use crate::error::HubError;
use app::model::Account;
use sqlx::AnyPool;

/// What a sign-up form or `POST /api/v1/accounts` carries.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub profession: Option<String>,
    #[serde(default)]
    pub discipline: Option<String>,
}

/// An account's key, as sessions hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountId(pub i64);

const COLUMNS: &str =
    "id, email, name, profession, discipline, is_admin, champion_since, created_at, email_confirmed_at, pending_email";

/// An account as [`COLUMNS`] reads it.
#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    name: String,
    profession: Option<String>,
    discipline: Option<String>,
    is_admin: i64,
    champion_since: Option<String>,
    created_at: String,
    email_confirmed_at: Option<String>,
    pending_email: Option<String>,
}

impl AccountRow {
    fn into_account(self) -> (AccountId, Account) {
        let mut roles = vec!["learner".to_string()];
        if self.champion_since.is_some() {
            roles.push("champion".into());
        }
        if self.is_admin != 0 {
            roles.push("admin".into());
        }
        (
            AccountId(self.id),
            Account {
                name: self.name,
                email: self.email,
                profession: self.profession,
                discipline: self.discipline,
                roles,
                champion_since: self.champion_since,
                created_at: self.created_at,
                email_confirmed: self.email_confirmed_at.is_some(),
                pending_email: self.pending_email,
            },
        )
    }
}

fn email_taken() -> HubError {
    HubError::Conflict("An account cannot be created with this email. If you already have one, sign in instead.".into())
}

/// A new account's fields, checked and normalized (the email trimmed and lower-cased).
pub struct Checked {
    pub name: String,
    pub email: String,
    pub profession: Option<String>,
    pub discipline: Option<String>,
}

/// Checks every field of a new account at once: each problem beside its field.
pub fn check_new(new: &NewAccount) -> Result<Checked, HubError> {
    let name = validate::name("name", &new.name);
    let email = validate::email(&new.email);
    let password = validate::password("password", &new.password);
    let profession = validate::optional("profession", new.profession.as_deref());
    let discipline = validate::optional("discipline", new.discipline.as_deref());
    validate::all(&[
        name.as_ref().err(),
        email.as_ref().err(),
        password.as_ref().err(),
        profession.as_ref().err(),
        discipline.as_ref().err(),
    ])?;
    password?;
    Ok(Checked {
        name: name?,
        email: email?,
        profession: profession?,
        discipline: discipline?,
    })
}

/// Creates an account whose address counts as confirmed (an admin made it, on the command
/// line, or a test), after checking every field; an email already in use is refused and
/// nothing changes. Sign-up goes through `confirm::register` instead, which tells no one
/// whether an address is in use.
pub async fn create(pool: &AnyPool, new: NewAccount, admin: bool) -> Result<(AccountId, Account), HubError> {
    let Checked {
        name,
        email,
        profession,
        discipline,
    } = check_new(&new)?;
    if find(pool, &email).await?.is_some() {
        return Err(email_taken());
    }
    let hash = password::hash(new.password).await?;
    let at = now();
    let row: AccountRow = sqlx::query_as(&format!(
        "INSERT INTO accounts (email, name, password_hash, profession, discipline, is_admin, created_at, updated_at, email_confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING {COLUMNS}"
    ))
    .bind(email)
    .bind(name)
    .bind(hash)
    .bind(profession)
    .bind(discipline)
    .bind(admin as i64)
    .bind(at)
    .fetch_one(pool)
    .await
    .map_err(|e| match &e {
        // Two sign-ups racing for one email: the loser hears what it would have heard anyway.
        sqlx::Error::Database(d) if d.is_unique_violation() => email_taken(),
        _ => e.into(),
    })?;
    Ok(row.into_account())
}

pub async fn find(pool: &AnyPool, email: &str) -> Result<Option<(AccountId, Account)>, HubError> {
    let row: Option<AccountRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE email = $1"))
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await?;
    Ok(row.map(AccountRow::into_account))
}

pub async fn get(pool: &AnyPool, id: AccountId) -> Result<Option<Account>, HubError> {
    let row: Option<AccountRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM accounts WHERE id = $1 AND disabled_at IS NULL"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| row.into_account().1))
}

/// The account these credentials open, or None: a wrong password, an unknown email and a
/// disabled account are indistinguishable, in answer and in time.
pub async fn authenticate(pool: &AnyPool, email: &str, password_text: &str) -> Result<Option<AccountId>, HubError> {
    let row: Option<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, password_hash, disabled_at FROM accounts WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(pool)
            .await?;
    let (id, hash, disabled) = match row {
        Some((id, hash, disabled_at)) => (Some(id), Some(hash), disabled_at.is_some()),
        None => (None, None, false),
    };
    let ok = password::verify(password_text.to_string(), hash).await;
    Ok(id.filter(|_| ok && !disabled).map(AccountId))
}

/// Changes the password after checking the current one. Every session of the account is
/// ended, bar `keep_session` (the one that made the change).
pub async fn change_password(
    pool: &AnyPool,
    id: AccountId,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
) -> Result<(), HubError> {
    validate::password("new_password", new)?;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(id.0)
        .fetch_optional(pool)
        .await?
        .ok_or(HubError::Unauthorized)?;
    if !password::verify(current.to_string(), Some(hash)).await {
        return Err(HubError::BadRequest {
            param: "current_password".into(),
            reason: "that is not your current password".into(),
        });
    }
    let hash = password::hash(new.to_string()).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("UPDATE accounts SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(id.0)
        .bind(hash)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND id <> $2")
        .bind(id.0)
        .bind(keep_session.unwrap_or("").to_string())
        .execute(&mut *tx)
        .await?;
    // A reset link asked for before stops working: the password it would replace is gone.
    super::tokens::void_all(&mut tx, id.0, super::tokens::Purpose::Reset).await?;
    tx.commit().await?;
    Ok(())
}

/// Notes that the account has just signed in (for the admins' user list).
pub async fn signed_in(pool: &AnyPool, id: AccountId) -> Result<(), HubError> {
    sqlx::query("UPDATE accounts SET last_signed_in_at = $2 WHERE id = $1")
        .bind(id.0)
        .bind(now())
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes the account and, by cascade, everything the hub holds about the person: sessions,
/// bookmarks, progress, quiz attempts and certificates.
pub async fn delete(pool: &AnyPool, id: AccountId) -> Result<(), HubError> {
    sqlx::query("DELETE FROM accounts WHERE id = $1")
        .bind(id.0)
        .execute(pool)
        .await?;
    Ok(())
}

/// Takes the champion pledge: every one of the four commitments, by key. Taking it again
/// keeps the first date.
pub async fn take_pledge(pool: &AnyPool, id: AccountId, commitments: &[String]) -> Result<Account, HubError> {
    let missing: Vec<&str> = app::model::PLEDGE
        .iter()
        .map(|(key, _)| *key)
        .filter(|key| !commitments.iter().any(|c| c == key))
        .collect();
    if !missing.is_empty() {
        return Err(HubError::BadRequest {
            param: "commitments".into(),
            reason: format!(
                "a champion takes all four commitments: tick the {} left unticked",
                match missing.len() {
                    1 => "one".to_string(),
                    n => n.to_string(),
                }
            ),
        });
    }
    let at = now();
    sqlx::query("UPDATE accounts SET champion_since = COALESCE(champion_since, $2), updated_at = $2 WHERE id = $1")
        .bind(id.0)
        .bind(at)
        .execute(pool)
        .await?;
    get(pool, id).await?.ok_or(HubError::Unauthorized)
}
