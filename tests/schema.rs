//! The SQLite and PostgreSQL migrations stay in step: migrated from scratch, both databases
//! have the same tables, with the same columns, types and nullability.

mod support;

use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;
use support::TestDatabase;

/// table → column → (type class, not null)
type Schema = BTreeMap<String, BTreeMap<String, (String, bool)>>;

fn class(declared: &str) -> String {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("double") || t.contains("real") || t.contains("float") {
        "real"
    } else if t.contains("text") || t.contains("char") {
        "text"
    } else {
        return format!("other: {t}");
    }
    .to_string()
}

async fn sqlite_schema(pool: &AnyPool) -> Schema {
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("name"))
    .collect();
    let mut schema = Schema::new();
    for table in tables {
        let columns = sqlx::query(&format!(
            "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info('{table}')"
        ))
        .fetch_all(pool)
        .await
        .unwrap();
        let columns = columns
            .iter()
            .map(|c| {
                let not_null = c.get::<i64, _>("nn") == 1 || c.get::<i64, _>("pk") > 0;
                (
                    c.get::<String, _>("name"),
                    (class(&c.get::<String, _>("type")), not_null),
                )
            })
            .collect();
        schema.insert(table, columns);
    }
    schema
}

async fn postgres_schema(pool: &AnyPool) -> Schema {
    let rows = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, is_nullable::text AS n
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for r in rows {
        schema.entry(r.get("t")).or_default().insert(
            r.get("c"),
            (class(&r.get::<String, _>("ty")), r.get::<String, _>("n") == "NO"),
        );
    }
    schema
}

#[tokio::test]
async fn sqlite_and_postgresql_migrations_give_the_same_tables_and_columns() {
    // PostgreSQL is on every machine of this project, CI included: this test always runs.
    let server = support::postgres_server().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".into());
    let pg = TestDatabase::postgres_on(&server);
    let pg_pool = hub::db::open(&pg.url).await.expect("PostgreSQL migrations apply");
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite_pool = hub::db::open(&hub::db::default_url(sqlite_dir.path()))
        .await
        .expect("SQLite migrations apply");

    let (sqlite, postgres) = (sqlite_schema(&sqlite_pool).await, postgres_schema(&pg_pool).await);
    assert!(
        sqlite.len() >= 19,
        "the SQLite schema has every table: {:?}",
        sqlite.keys()
    );
    let names = |s: &Schema| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "the same tables");
    for (table, columns) in &sqlite {
        assert_eq!(
            columns, &postgres[table],
            "table {table}: columns (type class, not null) differ"
        );
    }
    pg_pool.close().await;
}
