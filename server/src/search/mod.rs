//! The search capability: a Tantivy index derived from the database, with English stemming,
//! accent folding, a curated synonym list, typo tolerance and prefix matching.

pub mod counting;
pub mod document;
pub mod expand;
pub mod families;
pub mod fields;
pub mod follow;
pub mod highlight;
pub mod index;
pub mod intent;
pub mod listing;
pub mod query;
pub mod ranking;
pub mod stemming;
pub mod synonyms;

pub use index::{spawn_poller, OpenOutcome, SearchIndex};
pub use query::Tuning;

use crate::error::HubError;
use sqlx::AnyPool;
use std::path::Path;
use std::sync::Arc;

/// The index directory inside the data directory.
pub fn index_dir(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("search-index")
}

/// Admins' synonym list, when they have made one; the built-in list otherwise.
pub fn synonyms_file(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("synonyms.txt")
}

/// Opens (or rebuilds) the index for `data_dir` and brings it up to date with the database.
pub async fn open(data_dir: &Path, pool: &AnyPool) -> Result<Arc<SearchIndex>, HubError> {
    let (index, outcome) = SearchIndex::open(&index_dir(data_dir), Some(&synonyms_file(data_dir)))?;
    if let OpenOutcome::Created(why) = &outcome {
        tracing::info!("building the search index ({why})");
    }
    let changed = index.catch_up(pool).await?;
    tracing::info!(
        "search index ready: {} documents ({changed} indexed now)",
        index.num_docs()
    );
    Ok(Arc::new(index))
}
