//! The seed catalog a fresh install starts with, written in the exchange format from the three
//! documents the hub was born from.

use super::import::{import, ImportReport};
use crate::error::HubError;
use crate::jobs;
use sqlx::AnyPool;
use std::time::Duration;

pub const SEED_CATALOG: &str = include_str!("../../seed/catalog.json");

/// Loads the seed catalog when the hub holds no resources at all; returns what it did.
/// Replicas starting together on a new database take turns (a lease), so the first seeds and
/// the others find the catalog there.
pub async fn seed_if_empty(pool: &AnyPool) -> Result<Option<ImportReport>, HubError> {
    let give_up = std::time::Instant::now() + Duration::from_secs(120);
    let lease = loop {
        if let Some(lease) = jobs::try_acquire(pool, "seed", Duration::from_secs(120)).await? {
            break lease;
        }
        if std::time::Instant::now() > give_up {
            return Err(HubError::Conflict(
                "another replica has been seeding for two minutes".into(),
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let seeded = seed_under_lease(pool).await;
    lease.release(pool).await?;
    seeded
}

async fn seed_under_lease(pool: &AnyPool) -> Result<Option<ImportReport>, HubError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM resources")
        .fetch_one(pool)
        .await?;
    if count > 0 {
        return Ok(None);
    }
    import(pool, SEED_CATALOG.as_bytes()).await.map(Some)
}
