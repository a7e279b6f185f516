//! What a team follows: resources and pathways its champion chooses, in the order chosen.

use super::championed;
use crate::accounts::AccountId;
use crate::error::HubError;
use app::model::team::{FocusChoice, FocusKind};
use sqlx::AnyPool;

/// The most a team may follow: a page of progress bars, not a catalog.
pub const MAX_FOCUS: usize = 30;

/// What the team follows, in order, each with its title now (its slug when it left the catalog).
pub async fn following(pool: &AnyPool, team: i64) -> Result<Vec<FocusChoice>, HubError> {
    let rows = sqlx::query_as(
        "SELECT f.kind, f.slug, COALESCE(r.title, p.title, f.slug) AS title FROM team_focus f
         LEFT JOIN resources r ON f.kind = 'resource' AND r.slug = f.slug
         LEFT JOIN pathways p ON f.kind = 'pathway' AND p.slug = f.slug
         WHERE f.team_id = $1 ORDER BY f.position, f.slug",
    )
    .bind(team)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(choice).collect()
}

/// Every published resource and pathway the team does not follow yet, pathways first, by title.
/// Not organizations: they are places to learn from, with nothing in them to finish.
pub async fn choices(pool: &AnyPool, team: i64) -> Result<Vec<FocusChoice>, HubError> {
    let rows = sqlx::query_as(
        "SELECT 'pathway' AS kind, slug, title FROM pathways
         WHERE slug NOT IN (SELECT slug FROM team_focus WHERE team_id = $1 AND kind = 'pathway')
         UNION ALL
         SELECT 'resource' AS kind, slug, title FROM resources
         WHERE status = 'published' AND deleted_at IS NULL AND kind <> 'organization'
           AND slug NOT IN (SELECT slug FROM team_focus WHERE team_id = $1 AND kind = 'resource')
         ORDER BY 1, 3, 2",
    )
    .bind(team)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(choice).collect()
}

/// A row of `kind`, `slug` and `title`.
fn choice((kind, slug, title): (String, String, String)) -> Result<FocusChoice, HubError> {
    Ok(FocusChoice {
        kind: FocusKind::parse(&kind).ok_or_else(|| HubError::Corrupt(format!("team focus kind {kind:?}")))?,
        slug,
        title,
    })
}

/// Adds `slug` to what the team follows (at the end), or takes it off. Champion only; adding
/// what is already followed changes nothing.
pub async fn set(
    pool: &AnyPool,
    team: i64,
    who: AccountId,
    kind: FocusKind,
    slug: &str,
    follow: bool,
) -> Result<(), HubError> {
    championed(pool, team, who).await?;
    if !follow {
        sqlx::query("DELETE FROM team_focus WHERE team_id = $1 AND kind = $2 AND slug = $3")
            .bind(team)
            .bind(kind.as_str())
            .bind(slug.to_string())
            .execute(pool)
            .await?;
        return Ok(());
    }
    let exists: Option<i64> = match kind {
        FocusKind::Resource => sqlx::query_scalar(
            "SELECT id FROM resources WHERE slug = $1 AND status = 'published' AND deleted_at IS NULL",
        ),
        FocusKind::Pathway => sqlx::query_scalar("SELECT id FROM pathways WHERE slug = $1"),
    }
    .bind(slug.to_string())
    .fetch_optional(pool)
    .await?;
    if exists.is_none() {
        return Err(HubError::BadRequest {
            param: "slug".into(),
            reason: format!("there is no published {} \"{slug}\"", kind.as_str()),
        });
    }
    // One writer per team at a time: the row lock (and SQLite's write lock, taken at once) keeps
    // two quick "Follow"s from reading the same count and position.
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("UPDATE teams SET id = id WHERE id = $1")
        .bind(team)
        .execute(&mut *tx)
        .await?;
    let (count, last): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MAX(position) FROM team_focus WHERE team_id = $1")
            .bind(team)
            .fetch_one(&mut *tx)
            .await?;
    if count as usize >= MAX_FOCUS {
        return Err(HubError::BadRequest {
            param: "slug".into(),
            reason: format!("a team follows at most {MAX_FOCUS} resources and pathways: take one off first"),
        });
    }
    sqlx::query(
        "INSERT INTO team_focus (team_id, kind, slug, position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (team_id, kind, slug) DO NOTHING",
    )
    .bind(team)
    .bind(kind.as_str())
    .bind(slug.to_string())
    .bind(last.unwrap_or(0) + 1)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
