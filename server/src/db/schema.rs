//! What tables and columns a migrated database has, read from the database itself on either
//! backend: what `copy-db` copies and what the schema test compares.

use super::{backend, Backend};
use crate::error::HubError;
use sqlx::{AnyPool, Row};
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
                let rows = sqlx::query(&format!(
                    "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info('{table}') ORDER BY cid"
                ))
                .fetch_all(pool)
                .await?;
                let mut columns = Vec::with_capacity(rows.len());
                for r in rows {
                    columns.push(Column {
                        name: r.try_get("name")?,
                        class: Class::of(&r.try_get::<String, _>("type")?)?,
                        // SQLite reports key columns as nullable; the hub never stores NULL keys.
                        not_null: r.try_get::<i64, _>("nn")? == 1 || r.try_get::<i64, _>("pk")? > 0,
                    });
                }
                out.insert(table, columns);
            }
        }
        Backend::Postgres => {
            let rows = sqlx::query(
                "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty,
                        is_nullable::text AS n
                 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'
                 ORDER BY table_name, ordinal_position",
            )
            .fetch_all(pool)
            .await?;
            for r in rows {
                out.entry(r.try_get("t")?).or_default().push(Column {
                    name: r.try_get("c")?,
                    class: Class::of(&r.try_get::<String, _>("ty")?)?,
                    not_null: r.try_get::<String, _>("n")? == "NO",
                });
            }
        }
    }
    Ok(out)
}
