//! A collection's entries: adding a resource with a note, changing the note, taking one off,
//! and moving one a place up or down. Owner only, one writer per collection at a time.

use super::owned;
use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use app::model::collection::{ENTRIES_MAX, NOTE_MAX};
use sqlx::{Any, AnyPool, Transaction};

/// A note, trimmed: up to `NOTE_MAX` characters, line breaks kept (as `\n`), no other control
/// characters. Empty is fine: a note is optional.
pub fn note(raw: &str) -> Result<String, HubError> {
    let note = raw.replace("\r\n", "\n").trim().to_string();
    let bad = |reason: String| HubError::BadRequest {
        param: "note".into(),
        reason,
    };
    if note.chars().count() > NOTE_MAX {
        return Err(bad(format!(
            "keep the note to {NOTE_MAX} characters (it has {})",
            note.chars().count()
        )));
    }
    if note.chars().any(|c| c.is_control() && c != '\n') {
        return Err(bad("the note holds a control character; type it as plain text".into()));
    }
    Ok(note)
}

/// Opens the owner's write: their right to it checked, the collection locked (SQLite's write
/// lock, PostgreSQL's row lock) and marked as changed now.
async fn write(pool: &AnyPool, collection: i64, who: AccountId) -> Result<Transaction<'static, Any>, HubError> {
    owned(pool, collection, who).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("UPDATE collections SET updated_at = $2 WHERE id = $1")
        .bind(collection)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

fn not_in(slug: &str) -> HubError {
    HubError::BadRequest {
        param: "slug".into(),
        reason: format!("\"{slug}\" is not in this collection"),
    }
}

/// Adds a published resource at the end, with its note.
pub async fn add(pool: &AnyPool, collection: i64, who: AccountId, slug: &str, raw_note: &str) -> Result<(), HubError> {
    let note = note(raw_note)?;
    let listed: Option<i64> =
        sqlx::query_scalar("SELECT id FROM resources WHERE slug = $1 AND status = 'published' AND deleted_at IS NULL")
            .bind(slug.to_string())
            .fetch_optional(pool)
            .await?;
    if listed.is_none() {
        return Err(HubError::BadRequest {
            param: "slug".into(),
            reason: format!("there is no published resource \"{slug}\""),
        });
    }
    let mut tx = write(pool, collection, who).await?;
    let (count, last, already): (i64, Option<i64>, i64) = sqlx::query_as(
        "SELECT COUNT(*), MAX(position), COALESCE(SUM(CASE WHEN slug = $2 THEN 1 ELSE 0 END), 0)
         FROM collection_entries WHERE collection_id = $1",
    )
    .bind(collection)
    .bind(slug.to_string())
    .fetch_one(&mut *tx)
    .await?;
    if already > 0 {
        return Err(HubError::BadRequest {
            param: "slug".into(),
            reason: "that resource is already in this collection: change its note instead".into(),
        });
    }
    if count as usize >= ENTRIES_MAX {
        return Err(HubError::BadRequest {
            param: "slug".into(),
            reason: format!("a collection holds at most {ENTRIES_MAX} resources: take one off first"),
        });
    }
    sqlx::query(
        "INSERT INTO collection_entries (collection_id, slug, note, position, added_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(collection)
    .bind(slug.to_string())
    .bind(note)
    .bind(last.unwrap_or(0) + 1)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces an entry's note (empty removes it).
pub async fn set_note(
    pool: &AnyPool,
    collection: i64,
    who: AccountId,
    slug: &str,
    raw_note: &str,
) -> Result<(), HubError> {
    let note = note(raw_note)?;
    let mut tx = write(pool, collection, who).await?;
    let changed = sqlx::query("UPDATE collection_entries SET note = $3 WHERE collection_id = $1 AND slug = $2")
        .bind(collection)
        .bind(slug.to_string())
        .bind(note)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(not_in(slug));
    }
    tx.commit().await?;
    Ok(())
}

/// Takes an entry off (nothing to do when it is not there).
pub async fn remove(pool: &AnyPool, collection: i64, who: AccountId, slug: &str) -> Result<(), HubError> {
    let mut tx = write(pool, collection, who).await?;
    sqlx::query("DELETE FROM collection_entries WHERE collection_id = $1 AND slug = $2")
        .bind(collection)
        .bind(slug.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves an entry one place towards the start (`up`) or the end: it swaps places with its
/// neighbour. At either end, it stays.
pub async fn shift(pool: &AnyPool, collection: i64, who: AccountId, slug: &str, up: bool) -> Result<(), HubError> {
    let mut tx = write(pool, collection, who).await?;
    let order: Vec<(String, i64)> = sqlx::query_as(
        "SELECT slug, position FROM collection_entries WHERE collection_id = $1 ORDER BY position, slug",
    )
    .bind(collection)
    .fetch_all(&mut *tx)
    .await?;
    let at = order.iter().position(|(s, _)| s == slug).ok_or_else(|| not_in(slug))?;
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    if let Some(other) = other.filter(|&o| o < order.len()) {
        // Positions are renumbered 1.. in the new order, so equal positions (never written,
        // but cheap to survive) cannot make a move do nothing.
        let mut slugs: Vec<&str> = order.iter().map(|(s, _)| s.as_str()).collect();
        slugs.swap(at, other);
        for (i, s) in slugs.iter().enumerate() {
            sqlx::query("UPDATE collection_entries SET position = $3 WHERE collection_id = $1 AND slug = $2")
                .bind(collection)
                .bind(s.to_string())
                .bind(i as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn notes_are_trimmed_plain_text_of_at_most_280_characters() {
        assert_eq!(
            super::note("  Start here.\r\nThen the quiz. ").unwrap(),
            "Start here.\nThen the quiz."
        );
        assert_eq!(super::note("   ").unwrap(), "");
        assert!(super::note(&"é".repeat(280)).is_ok());
        assert!(super::note(&"x".repeat(281)).is_err());
        assert!(super::note("bell\u{7}").is_err());
    }
}
