//! Turning a kind of mail off, with no sign-in. Every message a person did not ask for
//! carries a link of its own: in its `List-Unsubscribe` header with `List-Unsubscribe-Post`
//! (RFC 8058: mail programs show it as one button, which posts to the link), and in its
//! footer, where the link opens a page with one button (mail scanners open every link in a
//! message, so opening one changes nothing). Opt-outs are kept by address and kind, so they
//! hold for someone with no account. What a person asked for (a reset link, a confirmation)
//! and what guards their account (a changed password or email) carries no such link.

use super::Kind;
use crate::db::now;
use crate::error::HubError;
use sqlx::{AnyConnection, AnyPool};

/// Whether `address` turned `kind` off.
pub async fn is_off(conn: &mut AnyConnection, address: &str, kind: Kind) -> Result<bool, HubError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_optouts WHERE address = $1 AND kind = $2")
        .bind(address.to_lowercase())
        .bind(kind.as_str())
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// A new link that turns `kind` off for `address`: its token (only the digest is kept).
pub async fn new_link(conn: &mut AnyConnection, address: &str, kind: Kind) -> Result<String, HubError> {
    let token = crate::secret::token();
    sqlx::query("INSERT INTO unsubscribe_links (token_hash, address, kind, created_at) VALUES ($1, $2, $3, $4)")
        .bind(crate::secret::digest(&token))
        .bind(address.to_lowercase())
        .bind(kind.as_str())
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(token)
}

/// What a link turns off: its address, the kind's label, and whether it is off already. None
/// for an unknown link.
pub async fn link(pool: &AnyPool, token: &str) -> Result<Option<(String, String, bool)>, HubError> {
    if !crate::secret::well_formed(token) {
        return Ok(None);
    }
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT l.address, l.kind, (SELECT COUNT(*) FROM mail_optouts o WHERE o.address = l.address AND o.kind = l.kind)
         FROM unsubscribe_links l WHERE l.token_hash = $1",
    )
    .bind(crate::secret::digest(token))
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(address, kind, off)| (address, Kind::label(&kind).to_string(), off > 0)))
}

/// Follows a link: its kind is off for its address (again changes nothing). NotFound for an
/// unknown link.
pub async fn turn_off(pool: &AnyPool, token: &str) -> Result<(), HubError> {
    let gone = || HubError::NotFound("unsubscribe link".into());
    if !crate::secret::well_formed(token) {
        return Err(gone());
    }
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT address, kind FROM unsubscribe_links WHERE token_hash = $1")
            .bind(crate::secret::digest(token))
            .fetch_optional(pool)
            .await?;
    let (address, kind) = row.ok_or_else(gone)?;
    set(pool, &address, &kind, false).await
}

/// Turns `kind` on or off for `address` (what the account page's choices save).
pub async fn set(pool: &AnyPool, address: &str, kind: &str, on: bool) -> Result<(), HubError> {
    let address = address.to_lowercase();
    if on {
        sqlx::query("DELETE FROM mail_optouts WHERE address = $1 AND kind = $2")
            .bind(address)
            .bind(kind.to_string())
            .execute(pool)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO mail_optouts (address, kind, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (address, kind) DO NOTHING",
        )
        .bind(address)
        .bind(kind.to_string())
        .bind(now())
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// The kinds `address` turned off.
pub async fn off_for(pool: &AnyPool, address: &str) -> Result<Vec<String>, HubError> {
    Ok(
        sqlx::query_scalar("SELECT kind FROM mail_optouts WHERE address = $1 ORDER BY kind")
            .bind(address.to_lowercase())
            .fetch_all(pool)
            .await?,
    )
}

/// An account's opt-outs follow it to a new address.
pub async fn moved(conn: &mut AnyConnection, from: &str, to: &str) -> Result<(), HubError> {
    sqlx::query(
        "INSERT INTO mail_optouts (address, kind, created_at)
         SELECT $2, kind, created_at FROM mail_optouts WHERE address = $1
         ON CONFLICT (address, kind) DO NOTHING",
    )
    .bind(from.to_lowercase())
    .bind(to.to_lowercase())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
