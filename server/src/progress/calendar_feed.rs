//! A learner's personal calendar feed: the live sessions of every resource they bookmarked,
//! at a secret address a calendar app subscribes to (`/calendar/{token}.ics`), since calendar
//! apps cannot sign in. The token is the only key: 128 random bits, replaced on reset so an
//! address shared by mistake stops working at once, and gone with the account. Only its digest
//! is stored, so the address is shown once, when it is made.

use crate::accounts::AccountId;
use crate::catalog::store;
use crate::db::now;
use crate::error::HubError;
use crate::secret::{self, well_formed};
use sqlx::AnyPool;

/// The address of a feed on the hub, from its token.
pub fn path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

/// Whether the learner has a feed.
pub async fn is_on(pool: &AnyPool, who: AccountId) -> Result<bool, HubError> {
    let found: Option<String> = sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE account_id = $1")
        .bind(who.0)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// Makes the learner's feed, or replaces its token (the old address stops working).
pub async fn reset(pool: &AnyPool, who: AccountId) -> Result<String, HubError> {
    let token = secret::token();
    sqlx::query(
        "INSERT INTO calendar_feeds (account_id, token, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
    )
    .bind(who.0)
    .bind(secret::digest(&token))
    .bind(now())
    .execute(pool)
    .await?;
    Ok(token)
}

/// Stops the learner's feed: its address answers 404 from now on.
pub async fn stop(pool: &AnyPool, who: AccountId) -> Result<(), HubError> {
    sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1")
        .bind(who.0)
        .execute(pool)
        .await?;
    Ok(())
}

/// The feed at `token`: the learner's name, and their bookmarked published resources that
/// have a schedule, as stored. None when no feed has that token (or the account is disabled).
pub async fn sessions_for(pool: &AnyPool, token: &str) -> Result<Option<(String, Vec<store::Stored>)>, HubError> {
    if !well_formed(token) {
        return Ok(None);
    }
    let mut conn = pool.acquire().await?;
    let owner: Option<(i64, String)> = sqlx::query_as(
        "SELECT a.id, a.name FROM calendar_feeds f JOIN accounts a ON a.id = f.account_id
         WHERE f.token = $1 AND a.disabled_at IS NULL",
    )
    .bind(secret::digest(token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((account, name)) = owner else {
        return Ok(None);
    };
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT r.slug FROM bookmarks b JOIN resources r ON r.id = b.resource_id
         WHERE b.account_id = $1 AND r.status = 'published' AND r.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM schedule_entries s WHERE s.resource_id = r.id)
         ORDER BY r.slug",
    )
    .bind(account)
    .fetch_all(&mut *conn)
    .await?;
    let mut resources = Vec::with_capacity(slugs.len());
    for chunk in slugs.chunks(500) {
        resources.extend(store::load_many(&mut conn, chunk).await?);
    }
    Ok(Some((name, resources)))
}
