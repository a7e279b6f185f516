//! The seed catalog a fresh install starts with, written in the exchange format from the three
//! documents the hub was born from.

use super::import::{import, ImportReport};
use crate::error::HubError;
use sqlx::{AnyPool, Row};

pub const SEED_CATALOG: &str = include_str!("../../seed/catalog.json");

/// Loads the seed catalog when the hub holds no resources at all; returns what it did.
pub async fn seed_if_empty(pool: &AnyPool) -> Result<Option<ImportReport>, HubError> {
    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM resources")
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    if count > 0 {
        return Ok(None);
    }
    import(pool, SEED_CATALOG.as_bytes()).await.map(Some)
}
