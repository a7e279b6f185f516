//! `export`: the whole hub as a catalog file, sorted by slug with keys in a fixed order, so that
//! export → import into an empty hub → export gives the same bytes.

use super::format::{CatalogFile, FORMAT_NAME, FORMAT_VERSION};
use super::store;
use crate::error::HubError;
use sqlx::AnyPool;

pub async fn export(pool: &AnyPool) -> Result<String, HubError> {
    let mut conn = pool.acquire().await?;
    let resources = store::load(&mut conn, None)
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let pathways = store::load_pathways(&mut conn, None).await?;
    let file = CatalogFile {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        resources,
        pathways,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("catalog records always serialize");
    text.push('\n');
    Ok(text)
}
