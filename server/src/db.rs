//! Connecting to the database and bringing its schema up to date. SQLite is the embedded
//! default; the `Any` driver keeps the domain code independent of the backend.

use crate::error::HubError;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

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
        Backend::Postgres => Ok(AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
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
        Backend::Sqlite => SQLITE_MIGRATIONS.run(pool).await?,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(pool).await?,
    }
    Ok(())
}

/// Connects and migrates: what every command does first.
pub async fn open(url: &str) -> Result<AnyPool, HubError> {
    let pool = connect(url).await?;
    migrate(&pool).await?;
    Ok(pool)
}
