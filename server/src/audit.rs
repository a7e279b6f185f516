//! The audit log: who changed what and when, with a field-level diff. Append-only: nothing here
//! updates or deletes an entry, and the database refuses to (triggers in the migration).

use crate::db::now;
use crate::error::HubError;
use sqlx::{AnyConnection, AnyPool};

/// Who acts: an admin through the web, or the command line (which has no account).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn command_line() -> Actor {
        Actor {
            id: None,
            name: "command line".into(),
        }
    }
}

pub use app::model::admin::{AuditEntry as Entry, Change};

/// Appends an entry, inside the caller's transaction so it lands with the change it describes.
pub async fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    target_type: &str,
    target: &str,
    changes: &[Change],
) -> Result<(), HubError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, target_type, target, diff) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(actor.id)
    .bind(actor.name.clone())
    .bind(action.to_string())
    .bind(target_type.to_string())
    .bind(target.to_string())
    .bind(serde_json::to_string(changes).expect("changes serialize"))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub use app::model::admin::AuditFilter as Filter;

pub const PAGE_SIZE: i64 = 50;

/// A page number from a request: 1 when left out.
pub fn check_page(page: Option<i64>) -> Result<i64, HubError> {
    match page.unwrap_or(1) {
        p @ 1..=100_000 => Ok(p),
        _ => Err(HubError::BadRequest {
            param: "page".into(),
            reason: "must be a whole number from 1".into(),
        }),
    }
}

/// Entries matching `filter`, newest first, one page of [`PAGE_SIZE`]; and the total matched.
pub async fn list(pool: &AnyPool, filter: &Filter, page: i64) -> Result<(Vec<Entry>, i64), HubError> {
    let mut clauses: Vec<String> = vec!["1 = 1".into()];
    let mut params: Vec<String> = Vec::new();
    let mut push = |clause: &str, value: String| {
        params.push(value);
        clauses.push(clause.replace('?', &format!("${}", params.len())));
    };
    if let Some(a) = filter.action.as_ref().filter(|s| !s.is_empty()) {
        push("action = ?", a.clone());
    }
    if let Some(t) = filter.target_type.as_ref().filter(|s| !s.is_empty()) {
        push("target_type = ?", t.clone());
    }
    if let Some(t) = filter.target.as_ref().filter(|s| !s.is_empty()) {
        push("LOWER(target) LIKE ?", crate::db::contains_pattern(t));
    }
    if let Some(a) = filter.actor.as_ref().filter(|s| !s.is_empty()) {
        push("LOWER(actor) LIKE ?", crate::db::contains_pattern(a));
    }
    if let Some(d) = filter.from.as_ref().filter(|s| !s.is_empty()) {
        push("at >= ?", d.clone());
    }
    if let Some(d) = filter.to.as_ref().filter(|s| !s.is_empty()) {
        // Inclusive of the whole day: every timestamp of that day sorts before the next one.
        push("at < ?", format!("{d}\u{7f}"));
    }
    let condition = clauses.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) AS n FROM audit_log WHERE {condition}");
    let mut count = sqlx::query_scalar(&count_sql);
    for p in &params {
        count = count.bind(p.clone());
    }
    let total: i64 = count.fetch_one(pool).await?;
    let offset = (page.max(1) - 1) * PAGE_SIZE;
    let sql = format!(
        "SELECT id, at, actor, action, target_type, target, diff FROM audit_log WHERE {condition}
         ORDER BY id DESC LIMIT {PAGE_SIZE} OFFSET {offset}"
    );
    let mut q = sqlx::query_as(&sql);
    for p in &params {
        q = q.bind(p.clone());
    }
    #[derive(sqlx::FromRow)]
    struct EntryRow {
        id: i64,
        at: String,
        actor: String,
        action: String,
        target_type: String,
        target: String,
        /// The changes as a JSON array.
        diff: String,
    }
    let rows: Vec<EntryRow> = q.fetch_all(pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(Entry {
            changes: serde_json::from_str(&row.diff).map_err(|e| HubError::Corrupt(format!("audit diff: {e}")))?,
            id: row.id,
            at: row.at,
            actor: row.actor,
            action: row.action,
            target_type: row.target_type,
            target: row.target,
        });
    }
    Ok((out, total))
}

/// The field-level differences between two JSON values, as paths like `items/1/title`. Lists
/// of scalars (terms, choices) compare whole; lists of objects compare element by element.
pub fn diff(before: &serde_json::Value, after: &serde_json::Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn walk(path: &str, before: &serde_json::Value, after: &serde_json::Value, out: &mut Vec<Change>) {
    use serde_json::Value;
    if before == after {
        return;
    }
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}/{key}")
        }
    };
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                walk(
                    &join(k),
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b))
            if a.iter().chain(b.iter()).all(Value::is_object) && !a.is_empty() && !b.is_empty() =>
        {
            for i in 0..a.len().max(b.len()) {
                walk(
                    &join(&i.to_string()),
                    a.get(i).unwrap_or(&Value::Null),
                    b.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ => out.push(Change {
            field: path.to_string(),
            before: before.clone(),
            after: after.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_each_changed_field_by_path() {
        let a = json!({"title": "A", "tags": ["x"], "items": [{"slug": "one", "title": "One"}], "url": null});
        let b = json!({"title": "B", "tags": ["x", "y"], "items": [{"slug": "one", "title": "Uno"}, {"slug": "two", "title": "Two"}]});
        let fields: Vec<String> = diff(&a, &b).into_iter().map(|c| c.field).collect();
        assert_eq!(fields, ["items/0/title", "items/1", "tags", "title"]);
        assert!(diff(&a, &a).is_empty());
    }
}
