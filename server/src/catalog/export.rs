//! `export`: the whole hub as a catalog file, sorted by slug with keys in a fixed order, so that
//! export → import into an empty hub → export gives the same bytes.

use super::format::{CatalogFile, FORMAT_NAME, FORMAT_VERSION};
use super::store;
use crate::error::HubError;
use sqlx::AnyPool;

/// Checks that two databases hold the same catalog, as its export reads it: after a copy whose
/// rows already compared equal, this also proves the copy reads back as the same catalog.
pub async fn same_catalog(a: &AnyPool, b: &AnyPool) -> Result<(), HubError> {
    if export(a).await? != export(b).await? {
        return Err(HubError::Corrupt("the catalog exports differ after the copy".into()));
    }
    Ok(())
}

pub async fn export(pool: &AnyPool) -> Result<String, HubError> {
    let mut conn = pool.acquire().await?;
    // What is in the trash is not part of the catalog; a pathway's steps skip it too, so the
    // file always imports cleanly into an empty hub.
    let (resources, trashed): (Vec<_>, Vec<_>) = store::load(&mut conn, None)
        .await?
        .into_iter()
        .partition(|s| s.deleted_at.is_none());
    let trashed: std::collections::HashSet<String> = trashed.into_iter().map(|s| s.record.slug).collect();
    let resources = resources.into_iter().map(|s| s.record).collect();
    let mut pathways = store::load_pathways(&mut conn, None).await?;
    for p in &mut pathways {
        p.steps.retain(|s| !trashed.contains(s));
    }
    let file = CatalogFile {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        resources,
        pathways,
    };
    // Writing a large catalog out is CPU work: on the worker threads, not the runtime's.
    crate::blocking::run(move || {
        let mut text = serde_json::to_string_pretty(&file).expect("catalog records always serialize");
        text.push('\n');
        text
    })
    .await
}
