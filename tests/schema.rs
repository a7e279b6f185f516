//! The SQLite and PostgreSQL migrations stay in step: migrated from scratch, both databases
//! have the same tables, with the same columns, types and nullability.

use crate::support;

use support::TestDatabase;

#[tokio::test]
async fn sqlite_and_postgresql_migrations_give_the_same_tables_and_columns() {
    let pg = TestDatabase::postgres();
    let pg_pool = hub::db::open(&pg.url).await.expect("PostgreSQL migrations apply");
    let dir = tempfile::tempdir().unwrap();
    let sqlite_pool = hub::db::open(&TestDatabase::sqlite_in(dir.path()).url)
        .await
        .expect("SQLite migrations apply");

    let sqlite = hub::db::schema::tables(&sqlite_pool).await.unwrap();
    let postgres = hub::db::schema::tables(&pg_pool).await.unwrap();
    assert!(sqlite.len() >= 20, "every table: {:?}", sqlite.keys());
    let names = |s: &std::collections::BTreeMap<String, _>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "the same tables");
    for (table, columns) in &sqlite {
        assert_eq!(
            columns, &postgres[table],
            "table {table}: columns (order, type, not null) differ"
        );
    }
    // copy-db knows every table.
    for table in sqlite.keys() {
        assert!(
            hub::db::copy::TABLES.contains(&table.as_str()) || hub::db::copy::NOT_COPIED.contains(&table.as_str()),
            "copy-db must say how {table} moves"
        );
    }
    pg_pool.close().await;
}
