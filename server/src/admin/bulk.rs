//! Bulk upload and download of the catalog for admins. The dry run and the apply are the same
//! import (`catalog::import::run`), rolled back or committed, so the preview cannot drift from
//! what applying does.

use crate::audit::Actor;
use crate::catalog::import::{self, ImportReport};
use crate::error::HubError;
use crate::search::SearchIndex;
use sqlx::AnyPool;

/// The largest catalog file accepted over the web: far above the seed's size, well below what
/// would strain memory. (The command line takes any size.)
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;

/// What applying `bytes` would do, field by field; nothing changes. Problems come back as
/// `HubError::Invalid`, every one with its JSON pointer.
pub async fn dry_run(pool: &AnyPool, actor: &Actor, bytes: &[u8]) -> Result<ImportReport, HubError> {
    import::run(pool, bytes, Some(actor), true).await
}

/// Applies `bytes`, all or nothing, audited per resource, and live in search on return.
pub async fn apply(
    pool: &AnyPool,
    search: &SearchIndex,
    actor: &Actor,
    bytes: &[u8],
) -> Result<ImportReport, HubError> {
    let report = import::run(pool, bytes, Some(actor), false).await?;
    if let Err(e) = search.poll(pool).await {
        tracing::warn!(error = %e, "search did not follow the import yet; the poller will retry");
    }
    Ok(report)
}
