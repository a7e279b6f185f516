//! Bookmarks: a learner's saved resources, each with an optional private note. Setting one is
//! idempotent (a double submit changes nothing), and a bookmark outlives its resource being
//! unpublished: nothing a learner saved is dropped by a catalog change.

use crate::accounts::AccountId;
use crate::catalog::browse;
use crate::db::now;
use crate::error::HubError;
use app::model::Bookmark;
use sqlx::AnyPool;

const MAX_NOTE_CHARS: usize = 2000;

/// The id of a published resource, or 404: bookmarks are made on what learners can see.
async fn published(pool: &AnyPool, slug: &str) -> Result<i64, HubError> {
    sqlx::query_scalar("SELECT id FROM resources WHERE slug = $1 AND status = 'published' AND deleted_at IS NULL")
        .bind(slug.to_string())
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| HubError::NotFound(format!("resource \"{slug}\"")))
}

fn note(raw: Option<&str>) -> Result<Option<String>, HubError> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(HubError::BadRequest {
            param: "note".into(),
            reason: format!("keep the note under {MAX_NOTE_CHARS} characters"),
        });
    }
    Ok(Some(text.to_string()))
}

/// Bookmarks `slug`, or updates its note. `note: None` keeps the note there is; `Some("")`
/// clears it.
pub async fn set(pool: &AnyPool, who: AccountId, slug: &str, new_note: Option<&str>) -> Result<Bookmark, HubError> {
    let id = published(pool, slug).await?;
    let at = now();
    let keep = new_note.is_none();
    let text = note(new_note)?;
    sqlx::query(
        "INSERT INTO bookmarks (account_id, resource_id, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (account_id, resource_id) DO UPDATE
         SET note = CASE WHEN $5 = 1 THEN bookmarks.note ELSE excluded.note END,
             updated_at = CASE WHEN $5 = 1 THEN bookmarks.updated_at ELSE excluded.updated_at END",
    )
    .bind(who.0)
    .bind(id)
    .bind(text)
    .bind(at)
    .bind(keep as i64)
    .execute(pool)
    .await?;
    list(pool, who, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| HubError::Corrupt("a bookmark just saved is missing".into()))
}

/// Removes the bookmark; removing one that is not there is not an error.
pub async fn remove(pool: &AnyPool, who: AccountId, slug: &str) -> Result<(), HubError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM resources WHERE slug = $1")
        .bind(slug.to_string())
        .fetch_optional(pool)
        .await?;
    let id = id.ok_or_else(|| HubError::NotFound(format!("resource \"{slug}\"")))?;
    sqlx::query("DELETE FROM bookmarks WHERE account_id = $1 AND resource_id = $2")
        .bind(who.0)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The learner's bookmarks, newest first (or just the one on `resource`).
pub async fn list(pool: &AnyPool, who: AccountId, resource: Option<i64>) -> Result<Vec<Bookmark>, HubError> {
    let rows: Vec<(String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT r.slug, b.note, b.created_at, b.updated_at FROM bookmarks b JOIN resources r ON r.id = b.resource_id
         WHERE b.account_id = $1 AND ($2 = 0 OR b.resource_id = $2) ORDER BY b.created_at DESC, r.slug",
    )
    .bind(who.0)
    .bind(resource.unwrap_or(0))
    .fetch_all(pool)
    .await?;
    let slugs: Vec<String> = rows.iter().map(|(slug, ..)| slug.clone()).collect();
    // Every slug is a stored resource (the join says so), so there is one card per row.
    let cards = browse::cards(&mut *pool.acquire().await?, &slugs).await?;
    Ok(rows
        .into_iter()
        .zip(cards)
        .map(|((_, note, created_at, updated_at), card)| Bookmark {
            resource: card,
            note,
            created_at,
            updated_at,
        })
        .collect())
}
