//! Connecting to the database and bringing its schema up to date. SQLite is the embedded
//! default; the `Any` driver keeps the domain code independent of the backend.

pub mod backup;
pub mod copy;
pub mod digests;
pub mod schema;

use crate::error::HubError;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The time a row is written, as every table stores it: RFC 3339 in UTC, to the millisecond.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Result<Backend, HubError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(HubError::Config(format!(
                "unsupported database URL \"{url}\" (expected sqlite:// or postgres://)"
            )))
        }
    }
}

/// The default database: an SQLite file inside the data directory, created when missing.
pub fn default_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("champion-hub.db").display())
}

pub async fn connect(url: &str) -> Result<AnyPool, HubError> {
    sqlx::any::install_default_drivers();
    match Backend::of(url)? {
        Backend::Sqlite => {
            let url = if url.contains("mode=") || url.contains(":memory:") {
                url.to_string()
            } else if url.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            Ok(AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // WAL lets readers run beside the writer; the busy timeout makes
                        // concurrent writers wait instead of failing.
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        Ok(())
                    })
                })
                .connect(&url)
                .await?)
        }
        // While PostgreSQL is down or restarting, a request waits this long for a connection
        // before it is answered 503 (the pool checks connections before handing them out, so
        // it reconnects by itself when the server is back).
        Backend::Postgres => Ok(AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?),
    }
}

/// Which backend an open pool talks to.
pub fn backend(pool: &AnyPool) -> Backend {
    match pool.connect_options().database_url.scheme() {
        "sqlite" => Backend::Sqlite,
        _ => Backend::Postgres,
    }
}

pub async fn migrate(pool: &AnyPool) -> Result<(), HubError> {
    match backend(pool) {
        Backend::Sqlite => {
            // sqlx locks PostgreSQL while migrating, but not SQLite: processes starting together
            // on one new file take turns through a lock file beside it.
            let url = pool.connect_options().database_url.to_string();
            let _turn = match sqlite_file(&url) {
                Some(file) => Some(migration_lock(file).await?),
                None => None,
            };
            SQLITE_MIGRATIONS.run(pool).await?
        }
        Backend::Postgres => POSTGRES_MIGRATIONS.run(pool).await?,
    }
    let digested = digests::digest_plain_secrets(pool).await?;
    if digested > 0 {
        tracing::info!("stored {digested} session ids and link tokens as digests");
    }
    Ok(())
}

/// The database file an `sqlite:` URL names; None for an in-memory database.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    (!path.is_empty() && !path.contains(":memory:")).then(|| PathBuf::from(path.as_ref()))
}

/// An exclusive lock on `<file>-migrate.lock`, held until the returned file is dropped.
async fn migration_lock(file: PathBuf) -> Result<std::fs::File, HubError> {
    let lock_path = PathBuf::from(format!("{}-migrate.lock", file.display()));
    tokio::task::spawn_blocking(move || {
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(HubError::io(format!("cannot open {}", lock_path.display())))?;
        lock.lock()
            .map_err(HubError::io(format!("cannot lock {}", lock_path.display())))?;
        Ok(lock)
    })
    .await
    .map_err(|e| HubError::Config(format!("migration lock: {e}")))?
}

/// A transaction that writes. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
/// a writer waits its turn under the busy timeout instead of failing when another connection,
/// or another process, wrote after this one first read; PostgreSQL needs no such care.
pub async fn begin_write(pool: &AnyPool) -> Result<sqlx::Transaction<'static, sqlx::Any>, HubError> {
    Ok(match backend(pool) {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    })
}

/// A `LIKE` pattern matching text that contains what someone typed, cut first as search
/// queries are (`app::query::truncate_query`): the pattern stays short whatever is sent (SQLite
/// refuses patterns over 50,000 bytes outright).
pub fn contains_pattern(typed: &str) -> String {
    format!("%{}%", app::query::truncate_query(typed).to_lowercase())
}

/// The words of what someone typed, cut as search queries are, at most `most` of them.
pub fn typed_words(typed: &str, most: usize) -> Vec<String> {
    app::query::truncate_query(typed)
        .split_whitespace()
        .take(most)
        .map(str::to_string)
        .collect()
}

/// Connects and migrates: what every command does first.
pub async fn open(url: &str) -> Result<AnyPool, HubError> {
    let pool = connect(url).await?;
    migrate(&pool).await?;
    Ok(pool)
}
