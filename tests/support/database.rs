//! The database a test runs on: a fresh SQLite file in the test's own directory, or, when
//! `HUB_TEST_DATABASE` names a PostgreSQL server (`postgres://postgres@127.0.0.1:5432`), a fresh
//! database of its own on that server, dropped when the test ends. CI runs the whole suite both
//! ways.

use sqlx::{AnyConnection, Connection, Executor};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TestDatabase {
    pub url: String,
    /// The PostgreSQL server and database to drop at the end; none for SQLite.
    postgres: Option<(String, String)>,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The PostgreSQL server the suite runs against, if it was asked to.
pub fn postgres_server() -> Option<String> {
    std::env::var("HUB_TEST_DATABASE")
        .ok()
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
        .map(|u| u.trim_end_matches('/').to_string())
}

impl TestDatabase {
    /// A new, empty database; an SQLite one lives in `dir`.
    pub fn new(dir: &Path) -> TestDatabase {
        match postgres_server() {
            None => TestDatabase::sqlite_in(dir),
            Some(server) => TestDatabase::postgres_on(&server),
        }
    }

    /// An SQLite database in `dir`, whatever the suite runs on.
    pub fn sqlite_in(dir: &Path) -> TestDatabase {
        TestDatabase {
            url: hub::db::default_url(dir),
            postgres: None,
        }
    }

    /// A PostgreSQL database, whatever the suite runs on: PostgreSQL is on every machine of
    /// this project, CI included.
    pub fn postgres() -> TestDatabase {
        let server = postgres_server().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".into());
        TestDatabase::postgres_on(&server)
    }

    /// A new, empty database on the PostgreSQL `server`.
    pub fn postgres_on(server: &str) -> TestDatabase {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "hub_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        admin(server, format!("CREATE DATABASE {name}"));
        TestDatabase {
            url: format!("{server}/{name}"),
            postgres: Some((server.to_string(), name)),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = self.postgres.take() {
            // FORCE: a server task of the test may still hold a connection.
            admin(&server, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Runs one statement on the server's `postgres` database, on a thread of its own so that it
/// works both inside and outside a Tokio runtime (and from `Drop`).
fn admin(server: &str, sql: String) {
    let url = format!("{server}/postgres");
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(async move {
                sqlx::any::install_default_drivers();
                let mut conn = AnyConnection::connect(&url)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {url}: {e}"));
                conn.execute(sql.as_str())
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
                conn.close().await.ok();
            })
    })
    .join()
    .expect("PostgreSQL admin statement");
}

/// A table's column names in their declared order, on either backend.
pub async fn columns(pool: &sqlx::AnyPool, table: &str) -> Vec<String> {
    let tables = hub::db::schema::tables(pool).await.expect("schema");
    tables[table].iter().map(|c| c.name.clone()).collect()
}
