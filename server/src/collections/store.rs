//! Creating, renaming, listing, showing and deleting collections.

use super::{owned, place, shared_with, Place};
use crate::accounts::AccountId;
use crate::catalog::browse;
use crate::db::now;
use crate::error::HubError;
use crate::secret;
use app::model::collection::{
    CollectionChoice, CollectionEntry, CollectionSummary, CollectionView, CollectionsPage, EntryChoice, TeamRef,
    COLLECTIONS_MAX, NAME_MAX,
};
use sqlx::AnyPool;
use std::collections::HashMap;

/// A collection's name, trimmed: 1 to `NAME_MAX` characters, one line.
pub fn name(raw: &str) -> Result<String, HubError> {
    crate::label::label(raw, "collection", NAME_MAX)
}

/// The address of a collection's secret link on the hub, from its token.
pub fn link_path(token: &str) -> String {
    format!("/collections/shared/{token}")
}

/// Creates an empty collection owned by `who`. Answers with its id.
pub async fn create(pool: &AnyPool, who: AccountId, raw_name: &str) -> Result<i64, HubError> {
    let name = name(raw_name)?;
    // One writer at a time, so two quick "Create"s cannot both pass the count.
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("UPDATE accounts SET id = id WHERE id = $1")
        .bind(who.0)
        .execute(&mut *tx)
        .await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM collections WHERE owner_id = $1")
        .bind(who.0)
        .fetch_one(&mut *tx)
        .await?;
    if count as usize >= COLLECTIONS_MAX {
        return Err(HubError::BadRequest {
            param: "name".into(),
            reason: format!("you can keep up to {COLLECTIONS_MAX} collections: delete one you no longer use first"),
        });
    }
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO collections (owner_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(who.0)
    .bind(name)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames the collection. Owner only.
pub async fn rename(pool: &AnyPool, collection: i64, who: AccountId, raw_name: &str) -> Result<(), HubError> {
    let name = name(raw_name)?;
    owned(pool, collection, who).await?;
    sqlx::query("UPDATE collections SET name = $2, updated_at = $3 WHERE id = $1")
        .bind(collection)
        .bind(name)
        .bind(now())
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes the collection and its entries (its link stops working). Owner only.
pub async fn delete(pool: &AnyPool, collection: i64, who: AccountId) -> Result<(), HubError> {
    owned(pool, collection, who).await?;
    sqlx::query("DELETE FROM collections WHERE id = $1")
        .bind(collection)
        .execute(pool)
        .await?;
    Ok(())
}

/// The columns a summary is read from, `c` being the collection.
const SUMMARY: &str = "SELECT c.id, c.name, c.owner_id, o.name AS owner_name, c.share_token, c.team_id,
        t.name AS team_name, c.updated_at,
        (SELECT COUNT(*) FROM collection_entries e JOIN resources r ON r.slug = e.slug
         WHERE e.collection_id = c.id AND r.status = 'published' AND r.deleted_at IS NULL) AS entries
    FROM collections c JOIN accounts o ON o.id = c.owner_id LEFT JOIN teams t ON t.id = c.team_id";

/// A row of [`SUMMARY`].
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    name: String,
    owner_id: i64,
    owner_name: String,
    share_token: Option<String>,
    team_id: Option<i64>,
    team_name: Option<String>,
    updated_at: String,
    /// How many of its entries are in the catalog.
    entries: i64,
}

impl SummaryRow {
    fn summary(self, who: AccountId) -> CollectionSummary {
        let mine = self.owner_id == who.0;
        CollectionSummary {
            mine,
            entries: self.entries as usize,
            // Whether there is a link is the owner's business.
            link_shared: mine && self.share_token.is_some(),
            team: self.team(),
            id: self.id,
            name: self.name,
            owner_name: self.owner_name,
            updated_at: self.updated_at,
        }
    }

    fn team(&self) -> Option<TeamRef> {
        match (self.team_id, &self.team_name) {
            (Some(id), Some(name)) => Some(TeamRef { id, name: name.clone() }),
            _ => None,
        }
    }
}

/// The learner's own collections, then those colleagues shared with their teams; most recently
/// changed first.
pub async fn list(pool: &AnyPool, who: AccountId) -> Result<CollectionsPage, HubError> {
    let mine: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE c.owner_id = $1 ORDER BY c.updated_at DESC, c.id DESC"
    ))
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    Ok(CollectionsPage {
        mine: mine.into_iter().map(|r| r.summary(who)).collect(),
        shared_with_me: shared_with_me(pool, who).await?,
    })
}

/// Collections colleagues shared with the learner's teams, most recently changed first.
pub async fn shared_with_me(pool: &AnyPool, who: AccountId) -> Result<Vec<CollectionSummary>, HubError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE c.owner_id <> $1 AND {} ORDER BY c.updated_at DESC, c.id DESC",
        shared_with("$1")
    ))
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.summary(who)).collect())
}

/// The collection as `who` may see it (404 when they may not).
pub async fn view(pool: &AnyPool, collection: i64, who: AccountId) -> Result<CollectionView, HubError> {
    let place = place(pool, collection, who).await?;
    render(pool, collection, place == Place::Owner).await
}

/// The collection behind a secret link, as a reader sees it; 404 for a link that was stopped,
/// replaced or never made, and for an owner whose account is disabled.
pub async fn shared(pool: &AnyPool, token: &str) -> Result<CollectionView, HubError> {
    let gone = || HubError::NotFound("shared collection (its link may have been stopped)".into());
    if !secret::well_formed(token) {
        return Err(gone());
    }
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM collections c JOIN accounts o ON o.id = c.owner_id
         WHERE c.share_token = $1 AND o.disabled_at IS NULL",
    )
    .bind(secret::digest(token))
    .fetch_optional(pool)
    .await?;
    let mut view = render(pool, id.ok_or_else(gone)?, false).await?;
    // Which team it is shared with is for the people in the team, not for whoever holds a link.
    view.team = None;
    Ok(view)
}

async fn render(pool: &AnyPool, collection: i64, owner: bool) -> Result<CollectionView, HubError> {
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1"))
        .bind(collection)
        .fetch_optional(pool)
        .await?
        // Deleted a moment ago, between the check and the read.
        .ok_or_else(|| super::not_found(collection))?;
    let entries = entries(pool, collection, owner).await?;
    let (link_on, teams, choices) = if owner {
        (
            row.share_token.is_some(),
            teams_of(pool, AccountId(row.owner_id)).await?,
            choices(pool, collection).await?,
        )
    } else {
        (false, Vec::new(), Vec::new())
    };
    Ok(CollectionView {
        id: collection,
        team: row.team(),
        name: row.name,
        owner_name: row.owner_name,
        mine: owner,
        entries,
        updated_at: row.updated_at,
        link_on,
        link: None,
        teams,
        choices,
    })
}

/// The entries in order, each with its card while the resource is in the catalog. Readers see
/// only those; the owner sees the rest too, to take them off.
async fn entries(pool: &AnyPool, collection: i64, owner: bool) -> Result<Vec<CollectionEntry>, HubError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT e.slug, e.note,
                (SELECT COUNT(*) FROM resources r
                 WHERE r.slug = e.slug AND r.status = 'published' AND r.deleted_at IS NULL) AS listed
         FROM collection_entries e WHERE e.collection_id = $1 ORDER BY e.position, e.slug",
    )
    .bind(collection)
    .fetch_all(pool)
    .await?;
    let listed: Vec<String> = rows
        .iter()
        .filter(|(_, _, listed)| *listed > 0)
        .map(|(slug, _, _)| slug.clone())
        .collect();
    let mut cards: HashMap<String, _> = browse::cards(&mut *pool.acquire().await?, &listed)
        .await?
        .into_iter()
        .map(|card| (card.slug.clone(), card))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(slug, note, _)| {
            let resource = cards.remove(&slug);
            (owner || resource.is_some()).then_some(CollectionEntry { slug, resource, note })
        })
        .collect())
}

/// The learner's collections, most recently changed first, each saying whether it holds
/// `slug`: what a resource's page offers to add it to.
pub async fn holding(pool: &AnyPool, who: AccountId, slug: &str) -> Result<Vec<CollectionChoice>, HubError> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name,
                (SELECT COUNT(*) FROM collection_entries e WHERE e.collection_id = c.id AND e.slug = $2)
         FROM collections c WHERE c.owner_id = $1 ORDER BY c.updated_at DESC, c.id DESC",
    )
    .bind(who.0)
    .bind(slug.to_string())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, holds)| CollectionChoice {
            id,
            name,
            holds: holds > 0,
        })
        .collect())
}

/// The teams `who` leads or is in, by name: those a collection of theirs can be shared with.
pub async fn teams_of(pool: &AnyPool, who: AccountId) -> Result<Vec<TeamRef>, HubError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT t.id, t.name FROM teams t
         WHERE t.champion_id = $1
            OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.account_id = $1)
         ORDER BY t.name, t.id",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id, name)| TeamRef { id, name }).collect())
}

/// Every published resource not in the collection yet, by title.
async fn choices(pool: &AnyPool, collection: i64) -> Result<Vec<EntryChoice>, HubError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT slug, title FROM resources
         WHERE status = 'published' AND deleted_at IS NULL
           AND slug NOT IN (SELECT slug FROM collection_entries WHERE collection_id = $1)
         ORDER BY title, slug",
    )
    .bind(collection)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, title)| EntryChoice { slug, title })
        .collect())
}
