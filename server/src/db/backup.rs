//! `backup`: a consistent snapshot of a running hub in one new SQLite file, whichever backend
//! the hub runs on (SQLite: `VACUUM INTO`; PostgreSQL: a copy from one repeatable-read
//! snapshot). `restore` copies such a file back with `copy-db`'s checks. For PostgreSQL's own
//! tools (`pg_dump`), see docs/deployment.md.

use super::copy::{self, CopyReport};
use super::{backend, Backend};
use crate::error::HubError;
use sqlx::AnyPool;
use std::path::Path;

/// Writes the snapshot to `file`, which must not exist yet; what it holds.
pub async fn backup(pool: &AnyPool, file: &Path) -> Result<CopyReport, HubError> {
    if file.exists() {
        return Err(HubError::Conflict(format!(
            "{} already exists: a backup never overwrites a file",
            file.display()
        )));
    }
    let url = format!("sqlite://{}", file.display());
    match backend(pool) {
        Backend::Sqlite => {
            let path = file.display().to_string().replace('\'', "''");
            sqlx::query(&format!("VACUUM INTO '{path}'")).execute(pool).await?;
            let target = super::connect(&url).await?;
            let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&target).await?;
            if check != "ok" {
                return Err(HubError::Corrupt(format!(
                    "the backup failed its integrity check: {check}"
                )));
            }
            let report = CopyReport {
                tables: copy::counts(&target).await?,
            };
            target.close().await;
            Ok(report)
        }
        Backend::Postgres => {
            let target = super::open(&url).await?;
            let mut copied = copy::copy_snapshot(pool, &target, false).await;
            if copied.is_ok() {
                // Everything into the file itself: the backup is that one file, and a copy of it
                // must not leave the rows behind in a write-ahead log beside it.
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&target).await {
                    copied = Err(e.into());
                }
            }
            target.close().await;
            if copied.is_err() {
                std::fs::remove_file(file).ok();
            }
            copied
        }
    }
}
