//! `copy-db`: moves a whole install between databases (SQLite ⇄ PostgreSQL, or to another of the
//! same kind): every table, learners' accounts, sessions and progress included. The target is
//! written in one transaction from a consistent snapshot of the source, then checked: the same
//! row count in every table and the same rows. (The command line also compares the two catalog
//! exports, a check through the catalog's own reading of the rows, which sits above this layer.)

use super::schema::{self, Class, Column};
use super::{backend, Backend};
use crate::error::HubError;
use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, AnyPool, Row, Transaction};
use std::collections::BTreeMap;
use std::fmt;

/// Every table, parents before children. A table that is in the schema but not here (or in
/// [`NOT_COPIED`]) makes the copy refuse, so a new migration has to say how it moves.
pub const TABLES: &[&str] = &[
    "resources",
    "resource_terms",
    "resource_credits",
    "schedule_entries",
    "items",
    "quiz_questions",
    "pathways",
    "pathway_steps",
    "accounts",
    "sessions",
    "bookmarks",
    "progress",
    "quiz_attempts",
    "certificates",
    "credential_status",
    "issuer_keys",
    "calendar_feeds",
    "teams",
    "team_members",
    "team_focus",
    "collections",
    "collection_entries",
    "audit_log",
    "search_log",
    "link_checks",
    "link_results",
    "synonym_list",
    "outbox",
    "account_tokens",
    "mail_optouts",
    "unsubscribe_links",
    "digest_follows",
    "team_invitations",
    "mail_looked",
    "credit_types",
    "board_templates",
    "licences",
    "outside_activities",
    "stored_file_removals",
];

/// Vocabularies the migrations fill (the credit types): a fresh database holds them, so they
/// do not make a target "not empty", and the source's replace them.
pub const SEEDED: &[&str] = &["credit_types"];

/// Leases belong to the processes running on the source, not to the install. The numbered
/// resource and pathway changes are the source's own history: copying the rows writes the
/// target's.
pub const NOT_COPIED: &[&str] = &["job_leases", "resource_changes", "pathway_changes"];

/// Most bound values in one INSERT, well under both backends' limits.
const MAX_BINDS: usize = 20_000;

/// Rows copied, per table in [`TABLES`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<(String, i64)>,
}

impl CopyReport {
    pub fn total(&self) -> i64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

impl fmt::Display for CopyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "copied {} rows", self.total())?;
        let nonzero: Vec<String> = self
            .tables
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        if !nonzero.is_empty() {
            write!(f, " ({})", nonzero.join(", "))?;
        }
        Ok(())
    }
}

/// Copies everything in `from` into `to` (both already migrated) and checks the result against
/// `from` (which must not change meanwhile: stop the hub first). Refuses a target holding any
/// row unless `replace`, which empties it first, in the same transaction as the copy.
pub async fn copy(from: &AnyPool, to: &AnyPool, replace: bool) -> Result<CopyReport, HubError> {
    let report = copy_snapshot(from, to, replace).await?;
    verify(from, to).await?;
    Ok(report)
}

/// The copy without the check against the source: for a backup of a running hub, whose source
/// moves on while the snapshot is written.
pub async fn copy_snapshot(from: &AnyPool, to: &AnyPool, replace: bool) -> Result<CopyReport, HubError> {
    let source = schema::tables(from).await?;
    let target = schema::tables(to).await?;
    for table in source.keys().chain(target.keys()) {
        if !TABLES.contains(&table.as_str()) && !NOT_COPIED.contains(&table.as_str()) {
            return Err(HubError::Corrupt(format!(
                "copy-db does not know how to copy the table {table}"
            )));
        }
    }
    let shape = |s: &BTreeMap<String, Vec<Column>>| {
        s.iter()
            .map(|(t, cols)| {
                (
                    t.clone(),
                    cols.iter().map(|c| (c.name.clone(), c.class)).collect::<Vec<_>>(),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    if shape(&source) != shape(&target) {
        return Err(HubError::Config(
            "the two databases' schemas differ: run the same version of champion-hub's migrations on both".into(),
        ));
    }
    if !replace {
        let held: Vec<String> = counts(to)
            .await?
            .into_iter()
            .filter(|(t, n)| *n > 0 && !SEEDED.contains(&t.as_str()))
            .map(|(t, n)| format!("{t}: {n}"))
            .collect();
        if !held.is_empty() {
            return Err(HubError::Conflict(format!(
                "the target database is not empty ({}); pass --replace to overwrite everything in it",
                held.join(", ")
            )));
        }
    }

    // One snapshot of the source: what a running hub writes meanwhile is either all in or out.
    let mut read = from.begin().await?;
    if backend(from) == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *read)
            .await?;
    }
    let mut write = super::begin_write(to).await?;
    if replace {
        empty(&mut write, backend(to)).await?;
    } else {
        for table in SEEDED {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *write)
                .await?;
        }
    }
    let mut report = CopyReport { tables: Vec::new() };
    for table in TABLES {
        let n = copy_table(&mut read, &mut write, table, &source[*table]).await?;
        report.tables.push((table.to_string(), n));
    }
    if backend(to) == Backend::Postgres {
        // Explicit ids leave the identity sequences behind; the next insert must not collide.
        let identities: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND is_identity = 'YES'",
        )
        .fetch_all(&mut *write)
        .await?;
        for (table, column) in identities {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                        COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            ))
            .execute(&mut *write)
            .await?;
        }
    }
    write.commit().await?;
    read.rollback().await?;
    Ok(report)
}

/// Every table's row count, in [`TABLES`] order.
pub async fn counts(pool: &AnyPool) -> Result<Vec<(String, i64)>, HubError> {
    let mut out = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await?;
        out.push((table.to_string(), n));
    }
    Ok(out)
}

/// Deletes every row of the target, audit log included (its append-only guard is lifted for
/// this transaction only).
async fn empty(tx: &mut Transaction<'_, Any>, to: Backend) -> Result<(), HubError> {
    let mut all: Vec<&str> = TABLES.iter().rev().copied().collect();
    all.extend(NOT_COPIED);
    match to {
        Backend::Postgres => {
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER USER")
                .execute(&mut **tx)
                .await?;
            sqlx::query(&format!("TRUNCATE {} RESTART IDENTITY", all.join(", ")))
                .execute(&mut **tx)
                .await?;
            sqlx::query("ALTER TABLE audit_log ENABLE TRIGGER USER")
                .execute(&mut **tx)
                .await?;
        }
        Backend::Sqlite => {
            let triggers: Vec<(String, String)> =
                // The audit log's refuse deletes; a deleted activity's would queue its file for removal
                // (the rows are being replaced, not their files).
                sqlx::query_as(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'outside_activities')",
                )
                    .fetch_all(&mut **tx)
                    .await?;
            for (name, _) in &triggers {
                sqlx::query(&format!("DROP TRIGGER {name}")).execute(&mut **tx).await?;
            }
            for table in &all {
                sqlx::query(&format!("DELETE FROM {table}")).execute(&mut **tx).await?;
            }
            for (_, sql) in &triggers {
                sqlx::query(sql).execute(&mut **tx).await?;
            }
            sqlx::query("DELETE FROM sqlite_sequence").execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// A column's value as it travels.
enum Value {
    Integer(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

fn value(row: &AnyRow, i: usize, class: Class) -> Result<Value, HubError> {
    Ok(match class {
        Class::Integer => Value::Integer(row.try_get(i)?),
        Class::Real => Value::Real(row.try_get(i)?),
        Class::Text => Value::Text(row.try_get(i)?),
    })
}

/// Streams one table from the snapshot into the target in multi-row inserts; rows copied.
async fn copy_table(
    read: &mut AnyConnection,
    write: &mut AnyConnection,
    table: &str,
    columns: &[Column],
) -> Result<i64, HubError> {
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let per_insert = (MAX_BINDS / columns.len()).clamp(1, 500);
    // A resource may name a provider that comes later: providers are set once all exist.
    let provider = (table == "resources")
        .then(|| names.iter().position(|n| *n == "provider_id"))
        .flatten();
    let mut providers: Vec<(i64, i64)> = Vec::new();
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_insert);
    let mut copied = 0i64;
    {
        let sql = format!("SELECT {} FROM {table}", names.join(", "));
        let mut rows = sqlx::query(&sql).fetch(&mut *read);
        while let Some(row) = rows.try_next().await? {
            let mut values = Vec::with_capacity(columns.len());
            for (i, c) in columns.iter().enumerate() {
                values.push(value(&row, i, c.class)?);
            }
            if let Some(p) = provider {
                if let (Value::Integer(Some(id)), Value::Integer(Some(provider_id))) = (&values[0], &values[p]) {
                    providers.push((*id, *provider_id));
                }
                values[p] = Value::Integer(None);
            }
            batch.push(values);
            if batch.len() == per_insert {
                copied += insert(write, table, &names, std::mem::take(&mut batch)).await?;
            }
        }
    }
    if !batch.is_empty() {
        copied += insert(write, table, &names, batch).await?;
    }
    for (id, provider_id) in providers {
        sqlx::query("UPDATE resources SET provider_id = $1 WHERE id = $2")
            .bind(provider_id)
            .bind(id)
            .execute(&mut *write)
            .await?;
    }
    Ok(copied)
}

async fn insert(
    write: &mut AnyConnection,
    table: &str,
    names: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<i64, HubError> {
    let width = names.len();
    let tuples: Vec<String> = (0..rows.len())
        .map(|r| {
            let params: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {}",
        names.join(", "),
        tuples.join(", ")
    );
    // Not a cached statement: batch sizes vary, and sqlx's Any driver types a NULL f64 as
    // float4 on PostgreSQL, which a cached statement would then apply to every later batch.
    let mut query = sqlx::query(&sql).persistent(false);
    let n = rows.len() as i64;
    for row in rows {
        for v in row {
            query = match v {
                Value::Integer(v) => query.bind(v),
                Value::Real(v) => query.bind(v),
                Value::Text(v) => query.bind(v),
            };
        }
    }
    query.execute(&mut *write).await?;
    Ok(n)
}

/// Every table's rows as sorted text lines: equal on both sides when the copy is faithful.
async fn fingerprint(pool: &AnyPool, table: &str, columns: &[Column]) -> Result<Vec<String>, HubError> {
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let rows = sqlx::query(&format!("SELECT {} FROM {table}", names.join(", ")))
        .fetch_all(pool)
        .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let mut line = String::new();
        for (i, c) in columns.iter().enumerate() {
            match value(&row, i, c.class)? {
                Value::Integer(v) => line.push_str(&format!("{v:?}\u{1f}")),
                Value::Real(v) => line.push_str(&format!("{v:?}\u{1f}")),
                Value::Text(v) => line.push_str(&format!("{v:?}\u{1f}")),
            }
        }
        lines.push(line);
    }
    lines.sort_unstable();
    Ok(lines)
}

/// The checks after a copy: row counts and the rows themselves.
pub async fn verify(from: &AnyPool, to: &AnyPool) -> Result<(), HubError> {
    let (a, b) = (counts(from).await?, counts(to).await?);
    if a != b {
        return Err(HubError::Corrupt(format!(
            "row counts differ after the copy: {a:?} against {b:?}"
        )));
    }
    let columns = schema::tables(from).await?;
    for table in TABLES {
        if fingerprint(from, table, &columns[*table]).await? != fingerprint(to, table, &columns[*table]).await? {
            return Err(HubError::Corrupt(format!("the rows of {table} differ after the copy")));
        }
    }
    Ok(())
}
