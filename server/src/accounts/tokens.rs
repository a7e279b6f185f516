//! The single-use links mailed to an account (a password reset, an address to confirm): only
//! each token's SHA-256 is kept, with the address it was sent to and when it stops working.

use crate::db::now;
use crate::error::HubError;
use chrono::{SecondsFormat, Utc};
use sqlx::AnyConnection;

/// What a link is for: the `purpose` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Reset,
    Confirm,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Confirm => "confirm",
        }
    }
}

/// A new link for `account`, sent to `email`, working for `lifetime`; its token.
pub async fn issue(
    conn: &mut AnyConnection,
    account: i64,
    purpose: Purpose,
    email: &str,
    lifetime: chrono::Duration,
) -> Result<String, HubError> {
    let token = crate::secret::token();
    let at = Utc::now();
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, account_id, purpose, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::secret::digest(&token))
    .bind(account)
    .bind(purpose.as_str())
    .bind(email.to_string())
    .bind(stamp(at))
    .bind(stamp(at + lifetime))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// Uses a live link up, in the caller's transaction (of two posts of one link, one finds it
/// used): the account and address it was for; None for a dead link.
pub async fn use_up(
    conn: &mut AnyConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Option<(i64, String)>, HubError> {
    let at = now();
    Ok(sqlx::query_as(
        "UPDATE account_tokens SET used_at = $2
         WHERE token_hash = $1 AND purpose = $3 AND used_at IS NULL AND expires_at > $2
         RETURNING account_id, email",
    )
    .bind(crate::secret::digest(token))
    .bind(at)
    .bind(purpose.as_str())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Every live link of `account` for `purpose` stops working.
pub async fn void_all(conn: &mut AnyConnection, account: i64, purpose: Purpose) -> Result<(), HubError> {
    sqlx::query("UPDATE account_tokens SET used_at = $2 WHERE account_id = $1 AND purpose = $3 AND used_at IS NULL")
        .bind(account)
        .bind(now())
        .bind(purpose.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
