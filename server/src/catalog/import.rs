//! `import`: a catalog file into the hub, all or nothing, upserting by slug.

use super::format::{CatalogFile, ResourceRecord};
use super::{store, validate};
use crate::error::HubError;
use sqlx::AnyPool;
use std::collections::HashMap;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub pathways_written: usize,
    /// `resource/item` slugs retired because the file no longer lists them.
    pub items_retired: Vec<String>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged, {} pathways written, {} items retired",
            self.created.len(),
            self.updated.len(),
            self.unchanged,
            self.pathways_written,
            self.items_retired.len()
        )
    }
}

/// Validates `bytes` and, only if the whole file is valid, writes it in one transaction.
/// Resources and pathways that equal what the hub holds are not touched, so importing the same
/// file twice changes nothing the second time.
pub async fn import(pool: &AnyPool, bytes: &[u8]) -> Result<ImportReport, HubError> {
    let mut tx = pool.begin().await?;
    let known = store::known(&mut tx).await?;
    let file: CatalogFile = validate::validate(bytes, &known).map_err(HubError::Invalid)?;

    let current: HashMap<String, ResourceRecord> = store::load(&mut tx, None)
        .await?
        .into_iter()
        .map(|s| (s.record.slug.clone(), s.record))
        .collect();
    let now = store::now();
    let mut report = ImportReport::default();
    let mut changed: Vec<&ResourceRecord> = Vec::new();
    for record in &file.resources {
        match current.get(&record.slug) {
            Some(old) if old == record => report.unchanged += 1,
            Some(old) => {
                for item in &old.items {
                    if !record.items.iter().any(|i| i.slug == item.slug) {
                        report.items_retired.push(format!("{}/{}", record.slug, item.slug));
                    }
                }
                report.updated.push(record.slug.clone());
                changed.push(record);
            }
            None => {
                report.created.push(record.slug.clone());
                changed.push(record);
            }
        }
    }
    for record in &changed {
        store::write_resource(&mut tx, record, &now).await?;
    }
    // Providers may be defined later in the same file, so they are linked once all exist.
    for record in &changed {
        store::set_provider(&mut tx, &record.slug, record.provider.as_deref()).await?;
    }
    let pathways = store::load_pathways(&mut tx, None).await?;
    for pathway in &file.pathways {
        if pathways.iter().any(|p| p == pathway) {
            continue;
        }
        store::write_pathway(&mut tx, pathway, &now).await?;
        report.pathways_written += 1;
    }
    tx.commit().await?;
    Ok(report)
}
