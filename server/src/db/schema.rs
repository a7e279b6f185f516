//! What tables and columns a migrated database has, read from the database itself on either
//! backend: what `copy-db` copies and what the schema test compares.

use super::{backend, Backend};
use crate::error::HubError;
use sqlx::AnyPool;
use std::collections::BTreeMap;

/// How a column's values travel between backends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Integer,
    Real,
    Text,
}

impl Class {
    fn of(declared: &str) -> Result<Class, HubError> {
        let t = declared.to_ascii_lowercase();
        if t.contains("int") {
            Ok(Class::Integer)
        } else if t.contains("double") || t.contains("real") || t.contains("float") {
            Ok(Class::Real)
        } else if t.contains("text") || t.contains("char") {
            Ok(Class::Text)
        } else {
            Err(HubError::Corrupt(format!(
                "a column of type {declared}, which the hub does not use"
            )))
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub class: Class,
    pub not_null: bool,
}

/// Every table of the hub's own (not sqlx's bookkeeping), with its columns in declared order.
pub async fn tables(pool: &AnyPool) -> Result<BTreeMap<String, Vec<Column>>, HubError> {
    let mut out: BTreeMap<String, Vec<Column>> = BTreeMap::new();
    match backend(pool) {
        Backend::Sqlite => {
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
            )
            .fetch_all(pool)
            .await?;
            for table in names {
                let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(&format!(
                    "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info('{table}') ORDER BY cid"
                ))
                .fetch_all(pool)
                .await?;
                let mut columns = Vec::with_capacity(rows.len());
                for (name, declared, nn, pk) in rows {
                    columns.push(Column {
                        name,
                        class: Class::of(&declared)?,
                        // SQLite reports key columns as nullable; the hub never stores NULL keys.
                        not_null: nn == 1 || pk > 0,
                    });
                }
                out.insert(table, columns);
            }
        }
        Backend::Postgres => {
            let rows: Vec<(String, String, String, String)> = sqlx::query_as(
                "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty,
                        is_nullable::text AS n
                 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'
                 ORDER BY table_name, ordinal_position",
            )
            .fetch_all(pool)
            .await?;
            for (table, name, declared, nullable) in rows {
                out.entry(table).or_default().push(Column {
                    name,
                    class: Class::of(&declared)?,
                    not_null: nullable == "NO",
                });
            }
        }
    }
    Ok(out)
}
