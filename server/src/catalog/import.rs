//! `import`: a catalog file into the hub, all or nothing, upserting by slug. The same code makes
//! the dry run: it does the whole import inside a transaction and rolls it back, so what a dry
//! run reports is exactly what applying would do.

use super::format::{CatalogFile, PathwayRecord, ResourceRecord};
use super::{store, validate};
use crate::audit::{self, Actor, Change};
use crate::error::HubError;
use sqlx::AnyPool;
use std::collections::HashMap;

pub use app::model::admin::{ImportReport, ResourceChanges};

/// Imports `bytes`; the seed and the command line's plain `import` use this.
pub async fn import(pool: &AnyPool, bytes: &[u8]) -> Result<ImportReport, HubError> {
    run(pool, bytes, None, false).await
}

/// Validates `bytes` and, only if the whole file is valid, writes it in one transaction.
/// Resources and pathways that equal what the hub holds are not touched, so importing the same
/// file twice changes nothing the second time. With `dry_run` everything is rolled back. With
/// an `actor`, every resource and pathway written gets an audit entry (action `import`).
pub async fn run(pool: &AnyPool, bytes: &[u8], actor: Option<&Actor>, dry_run: bool) -> Result<ImportReport, HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let known = store::known(&mut tx).await?;
    // Up to 48 MiB of JSON checked against the schema: on the worker threads, not the runtime's.
    let owned = bytes.to_vec();
    let file: CatalogFile = crate::blocking::run(move || validate::validate(&owned, &known))
        .await?
        .map_err(HubError::Invalid)?;

    let current: HashMap<String, store::Stored> = store::load(&mut tx, None)
        .await?
        .into_iter()
        .map(|s| (s.record.slug.clone(), s))
        .collect();
    let now = crate::db::now();
    let mut report = ImportReport::default();
    let mut changed: Vec<(&ResourceRecord, &str, Vec<Change>)> = Vec::new();
    for record in &file.resources {
        match current.get(&record.slug) {
            Some(old) if old.record == *record && old.deleted_at.is_none() => report.unchanged += 1,
            Some(old) => {
                for item in &old.record.items {
                    if !record.items.iter().any(|i| i.slug == item.slug) {
                        report.items_retired.push(format!("{}/{}", record.slug, item.slug));
                    }
                }
                let mut changes = audit::diff(&to_value(&old.record), &to_value(record));
                if old.deleted_at.is_some() {
                    report.restored.push(record.slug.clone());
                    changes.insert(0, trash_change());
                } else {
                    report.updated.push(record.slug.clone());
                }
                report.changes.push(ResourceChanges {
                    slug: record.slug.clone(),
                    changes: changes.clone(),
                });
                changed.push((record, "import", changes));
            }
            None => {
                report.created.push(record.slug.clone());
                changed.push((
                    record,
                    "import",
                    audit::diff(&serde_json::Value::Null, &to_value(record)),
                ));
            }
        }
    }
    for (record, _, _) in &changed {
        store::write_resource(&mut tx, record, &now).await?;
        if current.get(&record.slug).is_some_and(|s| s.deleted_at.is_some()) {
            store::set_deleted(&mut tx, &record.slug, None, &now).await?;
        }
    }
    // Providers may be defined later in the same file, so they are linked once all exist.
    for (record, _, _) in &changed {
        store::set_provider(&mut tx, &record.slug, record.provider.as_deref()).await?;
    }
    let pathways = store::load_pathways(&mut tx, None).await?;
    let mut pathway_changes: Vec<(&PathwayRecord, Vec<Change>)> = Vec::new();
    for pathway in &file.pathways {
        let old = pathways.iter().find(|p| p.slug == pathway.slug);
        if old == Some(pathway) {
            continue;
        }
        store::write_pathway(&mut tx, pathway, &now).await?;
        report.pathways_written += 1;
        let before = old.map(to_value).unwrap_or(serde_json::Value::Null);
        let changes = audit::diff(&before, &to_value(pathway));
        if old.is_some() {
            report.changes.push(ResourceChanges {
                slug: format!("pathway:{}", pathway.slug),
                changes: changes.clone(),
            });
        }
        pathway_changes.push((pathway, changes));
    }
    if let Some(actor) = actor {
        for (record, action, changes) in &changed {
            audit::record(&mut tx, actor, action, "resource", &record.slug, changes).await?;
        }
        for (pathway, changes) in &pathway_changes {
            audit::record(&mut tx, actor, "import", "pathway", &pathway.slug, changes).await?;
        }
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(report)
}

fn to_value<T: serde::Serialize>(record: &T) -> serde_json::Value {
    serde_json::to_value(record).expect("catalog records serialize")
}

/// How leaving the trash shows in a diff.
pub fn trash_change() -> Change {
    Change {
        field: "trash".into(),
        before: serde_json::Value::Bool(true),
        after: serde_json::Value::Bool(false),
    }
}
