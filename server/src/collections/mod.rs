//! Collections: a learner's named, ordered lists of resources, each entry with a short note,
//! shared by a secret link (anyone holding it reads it) or with one team the owner is in.
//!
//! Who may do what is decided here, once, by [`place`]: a collection is invisible (404) to
//! anyone who may not read it; readers are the people in the team it is shared with, while its
//! owner is in that team too; only the owner changes it.

pub mod entries;
pub mod sharing;
pub mod store;

use crate::accounts::AccountId;
use crate::error::HubError;
use app::model::collection::CollectionChange;
use sqlx::AnyPool;

/// Where the signed-in learner stands with a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Owner,
    Reader,
}

/// SQL: `account` leads or is a member of the team collection `c` is shared with.
fn in_team(account: &str) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM teams tt WHERE tt.id = c.team_id AND tt.champion_id = {account})
          OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = c.team_id AND tm.account_id = {account}))"
    )
}

/// SQL: collection `c` may be read by `reader` through its team: both are in the team, and the
/// owner's account is in use (an admin who disables an account hides what it shared).
pub(crate) fn shared_with(reader: &str) -> String {
    format!(
        "c.team_id IS NOT NULL AND {} AND {}
         AND NOT EXISTS (SELECT 1 FROM accounts od WHERE od.id = c.owner_id AND od.disabled_at IS NOT NULL)",
        in_team(reader),
        in_team("c.owner_id")
    )
}

/// The learner's place with `collection`, or 404 when they may not read it (or it is not there).
pub async fn place(pool: &AnyPool, collection: i64, who: AccountId) -> Result<Place, HubError> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT owner_id FROM collections WHERE id = $1")
        .bind(collection)
        .fetch_optional(pool)
        .await?;
    match owner {
        Some(owner) if owner == who.0 => return Ok(Place::Owner),
        None => return Err(not_found(collection)),
        Some(_) => {}
    }
    let readable: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM collections c WHERE c.id = $1 AND {}",
        shared_with("$2")
    ))
    .bind(collection)
    .bind(who.0)
    .fetch_one(pool)
    .await?;
    if readable > 0 {
        Ok(Place::Reader)
    } else {
        Err(not_found(collection))
    }
}

/// Only the owner may go on; a reader is told they may not, anyone else sees 404.
pub async fn owned(pool: &AnyPool, collection: i64, who: AccountId) -> Result<(), HubError> {
    match place(pool, collection, who).await? {
        Place::Owner => Ok(()),
        Place::Reader => Err(HubError::Forbidden("only the collection's owner can change it".into())),
    }
}

/// Makes one change to the collection, as its owner.
pub async fn change(pool: &AnyPool, collection: i64, who: AccountId, change: CollectionChange) -> Result<(), HubError> {
    match change {
        CollectionChange::Rename { name } => store::rename(pool, collection, who, &name).await,
        CollectionChange::Add { slug, note } => entries::add(pool, collection, who, &slug, &note).await,
        CollectionChange::Note { slug, note } => entries::set_note(pool, collection, who, &slug, &note).await,
        CollectionChange::Remove { slug } => entries::remove(pool, collection, who, &slug).await,
        CollectionChange::Move { slug, up } => entries::shift(pool, collection, who, &slug, up).await,
        CollectionChange::Link { on } => sharing::set_link(pool, collection, who, on).await.map(|_| ()),
        CollectionChange::Team { team } => sharing::set_team(pool, collection, who, team).await,
    }
}

pub(crate) fn not_found(collection: i64) -> HubError {
    HubError::NotFound(format!("collection {collection}"))
}
