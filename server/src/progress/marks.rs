//! What a learner has marked across the catalog (bookmarks and percent complete per resource),
//! in two queries, so that every card on every page can show it.

use crate::accounts::AccountId;
use crate::error::HubError;
use app::model::{Account, LearnerMarks};
use sqlx::AnyPool;
use std::collections::{HashMap, HashSet};

/// Percent complete for every resource with anything recorded, keyed by slug. A resource's
/// live items are its units (retired ones no longer count); one without items is one unit.
pub async fn percents(pool: &AnyPool, who: AccountId) -> Result<HashMap<String, u8>, HubError> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT r.id, r.slug, p.unit, p.status FROM progress p JOIN resources r ON r.id = p.resource_id
         WHERE p.account_id = $1",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    let items: Vec<(i64, String)> = sqlx::query_as(
        "SELECT resource_id, slug FROM items WHERE retired_at IS NULL
         AND resource_id IN (SELECT resource_id FROM progress WHERE account_id = $1)",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    let mut live: HashMap<i64, HashSet<String>> = HashMap::new();
    for (resource_id, slug) in items {
        live.entry(resource_id).or_default().insert(slug);
    }
    let mut done: HashMap<(i64, String), usize> = HashMap::new();
    for (id, slug, unit, status) in rows {
        let completed = status == "completed";
        let counts = match live.get(&id) {
            Some(units) => units.contains(&unit),
            None => unit.is_empty(),
        };
        *done.entry((id, slug)).or_default() += usize::from(completed && counts);
    }
    Ok(done
        .into_iter()
        .map(|((id, slug), completed)| {
            let total = live.get(&id).map_or(1, HashSet::len).max(1);
            (slug, (completed.min(total) * 100 / total) as u8)
        })
        .collect())
}

/// The learner's marks; empty when nobody is signed in.
pub async fn marks(pool: &AnyPool, who: Option<(AccountId, Account)>) -> Result<LearnerMarks, HubError> {
    let Some((id, account)) = who else {
        return Ok(LearnerMarks::default());
    };
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT r.slug, b.note FROM bookmarks b JOIN resources r ON r.id = b.resource_id WHERE b.account_id = $1",
    )
    .bind(id.0)
    .fetch_all(pool)
    .await?;
    let noted = rows
        .iter()
        .filter(|(_, note)| note.as_deref().is_some_and(|n| !n.trim().is_empty()))
        .map(|(slug, _)| slug.clone())
        .collect();
    let bookmarked = rows.into_iter().map(|(slug, _)| slug).collect();
    let mut progress: Vec<(String, u8)> = percents(pool, id).await?.into_iter().collect();
    progress.sort();
    Ok(LearnerMarks {
        account: Some(account),
        bookmarked,
        noted,
        progress,
    })
}
