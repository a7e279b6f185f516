//! Reading and writing catalog records in the database. Plain SQL with `$n` placeholders, which
//! both SQLite and PostgreSQL accept, over sqlx's `Any` driver.

use super::format::{Cost, Credit, ItemRecord, PathwayRecord, Question, Quiz, ResourceRecord, ScheduleRecord};
use super::validate::Known;
use crate::error::HubError;
use sqlx::AnyConnection;
use std::collections::HashMap;

pub const VOCABULARIES: [&str; 5] = ["audience", "discipline", "specialty", "topic", "tag"];

fn terms_of(r: &ResourceRecord, vocabulary: &str) -> Vec<String> {
    match vocabulary {
        "audience" => r.audiences.clone(),
        "discipline" => r.disciplines.clone(),
        "specialty" => r.specialties.clone(),
        "topic" => r.topics.clone(),
        _ => r.tags.clone(),
    }
}

fn terms_mut<'a>(r: &'a mut ResourceRecord, vocabulary: &str) -> &'a mut Vec<String> {
    match vocabulary {
        "audience" => &mut r.audiences,
        "discipline" => &mut r.disciplines,
        "specialty" => &mut r.specialties,
        "topic" => &mut r.topics,
        _ => &mut r.tags,
    }
}

/// Moves a resource to the trash (`Some(now)`) or back out of it (`None`), as one more write.
pub async fn set_deleted(
    conn: &mut AnyConnection,
    slug: &str,
    deleted_at: Option<&str>,
    now: &str,
) -> Result<(), HubError> {
    sqlx::query("UPDATE resources SET deleted_at = $2, updated_at = $3, version = version + 1 WHERE slug = $1")
        .bind(slug.to_string())
        .bind(deleted_at.map(str::to_string))
        .bind(now.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Slugs and kinds of every resource in the hub, for validating references in a file.
pub async fn known(conn: &mut AnyConnection) -> Result<Known, HubError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT slug, kind FROM resources")
        .fetch_all(&mut *conn)
        .await?;
    Ok(Known {
        resource_kinds: rows.into_iter().collect(),
    })
}

/// A resource as stored, with its database id and timestamps.
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: i64,
    pub record: ResourceRecord,
    pub created_at: String,
    pub updated_at: String,
    /// Set while the resource is in the trash.
    pub deleted_at: Option<String>,
    /// Bumped by every write: what an editor's save is checked against.
    pub version: i64,
}

impl Stored {
    /// Whether clinicians may see it: published and not in the trash.
    pub fn is_public(&self) -> bool {
        self.record.status == "published" && self.deleted_at.is_none()
    }
}

/// Loads resources as full records, sorted by slug. `only` narrows to one slug.
pub async fn load(conn: &mut AnyConnection, only: Option<&str>) -> Result<Vec<Stored>, HubError> {
    match only {
        Some(slug) => load_many(conn, &[slug.to_string()]).await,
        None => load_where(conn, None).await,
    }
}

/// Loads the resources with these slugs as full records, sorted by slug: one query per table,
/// however many there are.
pub async fn load_many(conn: &mut AnyConnection, slugs: &[String]) -> Result<Vec<Stored>, HubError> {
    if slugs.is_empty() {
        return Ok(vec![]);
    }
    load_where(conn, Some(slugs)).await
}

async fn load_where(conn: &mut AnyConnection, only: Option<&[String]>) -> Result<Vec<Stored>, HubError> {
    let filter = match only {
        Some(slugs) => format!(
            "WHERE r.slug IN ({})",
            (1..=slugs.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => String::new(),
    };
    let sql = format!(
        "SELECT r.id, r.slug, r.kind, r.title, r.summary, r.body, r.url, p.slug AS provider, r.format,
                r.duration_minutes, r.language, r.location, r.cost_free, r.cost_currency, r.cost_amount,
                r.cost_notes, r.starts_on, r.ends_on, r.status, r.featured, r.created_at, r.updated_at,
                r.deleted_at, r.version
         FROM resources r LEFT JOIN resources p ON p.id = r.provider_id {filter} ORDER BY r.slug"
    );
    let mut q = sqlx::query_as(&sql);
    for slug in only.unwrap_or_default() {
        q = q.bind(slug.clone());
    }
    let rows: Vec<ResourceRow> = q.fetch_all(&mut *conn).await?;
    let mut out: Vec<Stored> = rows.into_iter().map(Stored::from).collect();
    if out.is_empty() {
        return Ok(out);
    }
    let by_id: HashMap<i64, usize> = out.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    // With some resources, narrow the child queries to them (their ids are the database's own
    // integers); with all, read each table once.
    let (scope, scope_items) = if only.is_some() {
        let ids = out.iter().map(|s| s.id.to_string()).collect::<Vec<_>>().join(", ");
        (
            format!("WHERE resource_id IN ({ids})"),
            format!("AND i.resource_id IN ({ids})"),
        )
    } else {
        (String::new(), String::new())
    };

    let rows: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT resource_id, vocabulary, term FROM resource_terms {scope} ORDER BY resource_id, vocabulary, position"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for (resource_id, vocabulary, term) in rows {
        let Some(&i) = by_id.get(&resource_id) else {
            continue;
        };
        terms_mut(&mut out[i].record, &vocabulary).push(term);
    }

    let rows: Vec<(i64, String, f64)> = sqlx::query_as(&format!(
        "SELECT resource_id, credit_type, amount FROM resource_credits {scope} ORDER BY resource_id, position"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for (resource_id, credit_type, amount) in rows {
        let Some(&i) = by_id.get(&resource_id) else {
            continue;
        };
        out[i].record.credits.push(Credit { credit_type, amount });
    }

    let rows: Vec<ScheduleRow> = sqlx::query_as(&format!(
        "SELECT resource_id, title, starts_at, ends_at, track FROM schedule_entries {scope} ORDER BY resource_id, position"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let Some(&i) = by_id.get(&row.resource_id) else {
            continue;
        };
        out[i].record.schedule.push(ScheduleRecord {
            title: row.title,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            track: row.track,
        });
    }

    let rows: Vec<QuestionRow> = sqlx::query_as(&format!(
        "SELECT q.item_id, q.prompt, q.choices, q.answer, q.explanation FROM quiz_questions q
         JOIN items i ON i.id = q.item_id WHERE i.retired_at IS NULL {scope_items} ORDER BY q.item_id, q.position"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut questions: HashMap<i64, Vec<Question>> = HashMap::new();
    for row in rows {
        questions.entry(row.item_id).or_default().push(Question {
            prompt: row.prompt,
            choices: serde_json::from_str(&row.choices).map_err(|e| HubError::Corrupt(format!("quiz choices: {e}")))?,
            answer: row.answer,
            explanation: row.explanation,
        });
    }

    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "SELECT i.id, i.resource_id, i.slug, i.title, i.kind, i.summary, i.url, i.duration_minutes, i.pass_percent
         FROM items i WHERE i.retired_at IS NULL {scope_items} ORDER BY i.resource_id, i.position"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let Some(&i) = by_id.get(&row.resource_id) else {
            continue;
        };
        out[i].record.items.push(ItemRecord {
            slug: row.slug,
            title: row.title,
            kind: row.kind,
            summary: row.summary,
            url: row.url,
            duration_minutes: row.duration_minutes,
            quiz: row.pass_percent.map(|pass_percent| Quiz {
                pass_percent,
                questions: questions.remove(&row.id).unwrap_or_default(),
            }),
        });
    }
    Ok(out)
}

/// A row of [`load`]'s resource query; its lists are read by the child queries.
#[derive(sqlx::FromRow)]
struct ResourceRow {
    id: i64,
    slug: String,
    kind: String,
    title: String,
    summary: String,
    body: Option<String>,
    url: Option<String>,
    provider: Option<String>,
    format: Option<String>,
    duration_minutes: Option<i64>,
    language: Option<String>,
    location: Option<String>,
    /// 0 or 1 (SQLite has no boolean); no cost at all when null.
    cost_free: Option<i64>,
    cost_currency: Option<String>,
    cost_amount: Option<f64>,
    cost_notes: Option<String>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    status: String,
    featured: i64,
    created_at: String,
    updated_at: String,
    deleted_at: Option<String>,
    version: i64,
}

impl From<ResourceRow> for Stored {
    fn from(row: ResourceRow) -> Stored {
        let record = ResourceRecord {
            slug: row.slug,
            kind: row.kind,
            title: row.title,
            summary: row.summary,
            body: row.body,
            url: row.url,
            provider: row.provider,
            audiences: vec![],
            disciplines: vec![],
            specialties: vec![],
            topics: vec![],
            tags: vec![],
            format: row.format,
            duration_minutes: row.duration_minutes,
            language: row.language,
            location: row.location,
            cost: row.cost_free.map(|free| Cost {
                free: free != 0,
                currency: row.cost_currency,
                amount: row.cost_amount,
                notes: row.cost_notes,
            }),
            credits: vec![],
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            schedule: vec![],
            items: vec![],
            status: row.status,
            featured: row.featured != 0,
        };
        Stored {
            id: row.id,
            record,
            created_at: row.created_at,
            updated_at: row.updated_at,
            deleted_at: row.deleted_at,
            version: row.version,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ScheduleRow {
    resource_id: i64,
    title: String,
    starts_at: String,
    ends_at: String,
    track: Option<String>,
}

#[derive(sqlx::FromRow)]
struct QuestionRow {
    item_id: i64,
    prompt: String,
    /// The choices as a JSON array.
    choices: String,
    answer: i64,
    explanation: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    resource_id: i64,
    slug: String,
    title: String,
    kind: String,
    summary: Option<String>,
    url: Option<String>,
    duration_minutes: Option<i64>,
    /// Set when the item is a quiz.
    pass_percent: Option<i64>,
}

/// Loads pathways sorted by slug, steps as resource slugs.
pub async fn load_pathways(conn: &mut AnyConnection, only: Option<&str>) -> Result<Vec<PathwayRecord>, HubError> {
    let filter = if only.is_some() { "WHERE slug = $1" } else { "" };
    let sql = format!("SELECT id, slug, title, summary FROM pathways {filter} ORDER BY slug");
    let mut q = sqlx::query_as(&sql);
    if let Some(slug) = only {
        q = q.bind(slug.to_string());
    }
    let rows: Vec<(i64, String, String, Option<String>)> = q.fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for (id, slug, title, summary) in rows {
        let steps = sqlx::query_scalar(
            "SELECT r.slug FROM pathway_steps s JOIN resources r ON r.id = s.resource_id
             WHERE s.pathway_id = $1 ORDER BY s.position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        out.push(PathwayRecord {
            slug,
            title,
            summary,
            steps,
        });
    }
    Ok(out)
}

async fn id_of(conn: &mut AnyConnection, slug: &str) -> Result<Option<i64>, HubError> {
    Ok(sqlx::query_scalar("SELECT id FROM resources WHERE slug = $1")
        .bind(slug.to_string())
        .fetch_optional(&mut *conn)
        .await?)
}

/// A value in a child row, as [`replace_children`] binds it.
enum Cell {
    Int(i64),
    Real(f64),
    Text(Option<String>),
}

impl Cell {
    fn text(text: &str) -> Cell {
        Cell::Text(Some(text.to_string()))
    }

    fn position(position: usize) -> Cell {
        Cell::Int(position as i64)
    }
}

/// Replaces the rows of the child `table` that belong to `parent` (its column, its id) with
/// `rows`, each holding the values of `columns` in order: how every list inside a record
/// (terms, credits, sessions, questions, steps) is saved.
async fn replace_children(
    conn: &mut AnyConnection,
    table: &str,
    parent: (&str, i64),
    columns: &[&str],
    rows: Vec<Vec<Cell>>,
) -> Result<(), HubError> {
    let (parent_column, parent_id) = parent;
    sqlx::query(&format!("DELETE FROM {table} WHERE {parent_column} = $1"))
        .bind(parent_id)
        .execute(&mut *conn)
        .await?;
    let placeholders: Vec<String> = (1..=columns.len() + 1).map(|n| format!("${n}")).collect();
    let insert = format!(
        "INSERT INTO {table} ({parent_column}, {}) VALUES ({})",
        columns.join(", "),
        placeholders.join(", ")
    );
    for row in rows {
        debug_assert_eq!(row.len(), columns.len());
        let mut query = sqlx::query(&insert).bind(parent_id);
        for cell in row {
            query = match cell {
                Cell::Int(n) => query.bind(n),
                Cell::Real(x) => query.bind(x),
                Cell::Text(t) => query.bind(t),
            };
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Writes the resource's own columns (inserting it if new) and returns its id. References to
/// providers are set later by [`set_provider`], once every resource of a file exists.
pub async fn write_resource(conn: &mut AnyConnection, r: &ResourceRecord, now: &str) -> Result<i64, HubError> {
    let existing = id_of(conn, &r.slug).await?;
    let cost = r.cost.as_ref();
    let sql = if existing.is_some() {
        "UPDATE resources SET kind = $2, title = $3, summary = $4, body = $5, url = $6, format = $7,
            duration_minutes = $8, language = $9, location = $10, cost_free = $11, cost_currency = $12,
            cost_amount = $13, cost_notes = $14, starts_on = $15, ends_on = $16, status = $17, featured = $18,
            updated_at = $19, version = version + 1
         WHERE slug = $1"
    } else {
        "INSERT INTO resources (slug, kind, title, summary, body, url, format, duration_minutes, language, location,
            cost_free, cost_currency, cost_amount, cost_notes, starts_on, ends_on, status, featured, updated_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)"
    };
    // Not a cached prepared statement: sqlx 0.8's Any driver declares a NULL f64 as float4, so
    // on PostgreSQL a statement first prepared with no amount would refuse a later amount.
    sqlx::query(sql)
        .persistent(false)
        .bind(r.slug.clone())
        .bind(r.kind.clone())
        .bind(r.title.clone())
        .bind(r.summary.clone())
        .bind(r.body.clone())
        .bind(r.url.clone())
        .bind(r.format.clone())
        .bind(r.duration_minutes)
        .bind(r.language.clone())
        .bind(r.location.clone())
        .bind(cost.map(|c| c.free as i64))
        .bind(cost.and_then(|c| c.currency.clone()))
        .bind(cost.and_then(|c| c.amount))
        .bind(cost.and_then(|c| c.notes.clone()))
        .bind(r.starts_on.clone())
        .bind(r.ends_on.clone())
        .bind(r.status.clone())
        .bind(r.featured as i64)
        .bind(now.to_string())
        .execute(&mut *conn)
        .await?;
    let id = id_of(conn, &r.slug)
        .await?
        .ok_or_else(|| HubError::Corrupt(format!("resource {} vanished", r.slug)))?;

    let mut terms = Vec::new();
    for vocabulary in VOCABULARIES {
        for (position, term) in terms_of(r, vocabulary).into_iter().enumerate() {
            terms.push(vec![
                Cell::text(vocabulary),
                Cell::Text(Some(term)),
                Cell::position(position),
            ]);
        }
    }
    let resource = ("resource_id", id);
    replace_children(
        conn,
        "resource_terms",
        resource,
        &["vocabulary", "term", "position"],
        terms,
    )
    .await?;
    let credits: Vec<_> = r
        .credits
        .iter()
        .enumerate()
        .map(|(position, c)| {
            vec![
                Cell::position(position),
                Cell::text(&c.credit_type),
                Cell::Real(c.amount),
            ]
        })
        .collect();
    replace_children(
        conn,
        "resource_credits",
        resource,
        &["position", "credit_type", "amount"],
        credits,
    )
    .await?;
    let schedule: Vec<_> = r
        .schedule
        .iter()
        .enumerate()
        .map(|(position, e)| {
            vec![
                Cell::position(position),
                Cell::text(&e.title),
                Cell::text(&e.starts_at),
                Cell::text(&e.ends_at),
                Cell::Text(e.track.clone()),
            ]
        })
        .collect();
    let columns = ["position", "title", "starts_at", "ends_at", "track"];
    replace_children(conn, "schedule_entries", resource, &columns, schedule).await?;
    write_items(conn, id, &r.items, now).await?;
    Ok(id)
}

/// Upserts items by slug and retires (never deletes) the ones the record no longer lists, so
/// learners' progress on them is kept. Returns how many were newly retired.
async fn write_items(
    conn: &mut AnyConnection,
    resource_id: i64,
    items: &[ItemRecord],
    now: &str,
) -> Result<u64, HubError> {
    let existing: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, slug, retired_at FROM items WHERE resource_id = $1")
            .bind(resource_id)
            .fetch_all(&mut *conn)
            .await?;
    for (position, item) in items.iter().enumerate() {
        let found = existing
            .iter()
            .find(|(_, slug, _)| *slug == item.slug)
            .map(|(id, _, _)| *id);
        let pass = item.quiz.as_ref().map(|q| q.pass_percent);
        let item_id = match found {
            Some(item_id) => {
                sqlx::query(
                    "UPDATE items SET position = $2, title = $3, kind = $4, summary = $5, url = $6, duration_minutes = $7,
                        pass_percent = $8, retired_at = NULL WHERE id = $1",
                )
                .bind(item_id)
                .bind(position as i64)
                .bind(item.title.clone())
                .bind(item.kind.clone())
                .bind(item.summary.clone())
                .bind(item.url.clone())
                .bind(item.duration_minutes)
                .bind(pass)
                .execute(&mut *conn)
                .await?;
                item_id
            }
            None => {
                sqlx::query(
                    "INSERT INTO items (resource_id, slug, position, title, kind, summary, url, duration_minutes, pass_percent)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(resource_id)
                .bind(item.slug.clone())
                .bind(position as i64)
                .bind(item.title.clone())
                .bind(item.kind.clone())
                .bind(item.summary.clone())
                .bind(item.url.clone())
                .bind(item.duration_minutes)
                .bind(pass)
                .execute(&mut *conn)
                .await?;
                sqlx::query_scalar("SELECT id FROM items WHERE resource_id = $1 AND slug = $2")
                    .bind(resource_id)
                    .bind(item.slug.clone())
                    .fetch_one(&mut *conn)
                    .await?
            }
        };
        let questions = item.quiz.iter().flat_map(|quiz| quiz.questions.iter()).enumerate();
        let questions: Vec<_> = questions
            .map(|(position, q)| {
                vec![
                    Cell::position(position),
                    Cell::text(&q.prompt),
                    Cell::Text(Some(serde_json::to_string(&q.choices).expect("strings serialize"))),
                    Cell::Int(q.answer),
                    Cell::Text(q.explanation.clone()),
                ]
            })
            .collect();
        let columns = ["position", "prompt", "choices", "answer", "explanation"];
        replace_children(conn, "quiz_questions", ("item_id", item_id), &columns, questions).await?;
    }
    let mut retired = 0;
    for (item_id, slug, retired_at) in existing {
        if retired_at.is_none() && !items.iter().any(|i| i.slug == slug) {
            sqlx::query("UPDATE items SET retired_at = $2 WHERE id = $1")
                .bind(item_id)
                .bind(now.to_string())
                .execute(&mut *conn)
                .await?;
            retired += 1;
        }
    }
    Ok(retired)
}

pub async fn set_provider(conn: &mut AnyConnection, slug: &str, provider: Option<&str>) -> Result<(), HubError> {
    let provider_id = match provider {
        Some(p) => id_of(conn, p).await?,
        None => None,
    };
    sqlx::query("UPDATE resources SET provider_id = $2 WHERE slug = $1")
        .bind(slug.to_string())
        .bind(provider_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Inserts or replaces a pathway by slug.
pub async fn write_pathway(conn: &mut AnyConnection, p: &PathwayRecord, now: &str) -> Result<(), HubError> {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM pathways WHERE slug = $1")
        .bind(p.slug.clone())
        .fetch_optional(&mut *conn)
        .await?;
    let id = match existing {
        Some(id) => {
            sqlx::query("UPDATE pathways SET title = $2, summary = $3, updated_at = $4 WHERE id = $1")
                .bind(id)
                .bind(p.title.clone())
                .bind(p.summary.clone())
                .bind(now.to_string())
                .execute(&mut *conn)
                .await?;
            id
        }
        None => {
            sqlx::query(
                "INSERT INTO pathways (slug, title, summary, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(p.slug.clone())
            .bind(p.title.clone())
            .bind(p.summary.clone())
            .bind(now.to_string())
            .execute(&mut *conn)
            .await?;
            sqlx::query_scalar("SELECT id FROM pathways WHERE slug = $1")
                .bind(p.slug.clone())
                .fetch_one(&mut *conn)
                .await?
        }
    };
    let mut steps = Vec::with_capacity(p.steps.len());
    for (position, step) in p.steps.iter().enumerate() {
        let resource_id = id_of(conn, step)
            .await?
            .ok_or_else(|| HubError::Corrupt(format!("pathway step {step} names no resource")))?;
        steps.push(vec![Cell::position(position), Cell::Int(resource_id)]);
    }
    replace_children(
        conn,
        "pathway_steps",
        ("pathway_id", id),
        &["position", "resource_id"],
        steps,
    )
    .await
}
