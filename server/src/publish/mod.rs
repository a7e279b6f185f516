//! The catalog in the web's own formats, for where clinicians already are: feed readers (Atom),
//! calendars (iCalendar) and search engines (sitemaps, robots.txt). Each format is one module
//! of plain functions from records to text; this module reads what they need.

pub mod calendar;
pub mod feed;
pub mod json_ld;
pub mod page;
pub mod robots;
pub mod sitemap;

use crate::error::HubError;
use feed::FeedFilter;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// A published resource as a feed entry shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    pub slug: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub topics: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

const PUBLIC: &str = "r.status = 'published' AND r.deleted_at IS NULL";

/// The `limit` most recently changed published resources that `filter` admits, newest first.
pub async fn recent(conn: &mut AnyConnection, filter: &FeedFilter, limit: usize) -> Result<Vec<Published>, HubError> {
    let mut sql = format!(
        "SELECT r.id, r.slug, r.kind, r.title, r.summary, r.created_at, r.updated_at FROM resources r WHERE {PUBLIC}"
    );
    let mut binds: Vec<String> = Vec::new();
    if let Some(kind) = filter.kind {
        binds.push(kind.as_str().to_string());
        sql.push_str(&format!(" AND r.kind = ${}", binds.len()));
    }
    if let Some(topic) = &filter.topic {
        binds.push(topic.to_lowercase());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM resource_terms t WHERE t.resource_id = r.id AND t.vocabulary = 'topic' AND LOWER(t.term) = ${})",
            binds.len()
        ));
    }
    sql.push_str(&format!(" ORDER BY r.updated_at DESC, r.slug LIMIT {limit}"));
    let mut q = sqlx::query(&sql);
    for b in &binds {
        q = q.bind(b.clone());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        ids.push(row.try_get::<i64, _>("id")?);
        out.push(Published {
            slug: row.try_get("slug")?,
            kind: row.try_get("kind")?,
            title: row.try_get("title")?,
            summary: row.try_get("summary")?,
            topics: vec![],
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        });
    }
    if !ids.is_empty() {
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let at: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let terms = sqlx::query(&format!(
            "SELECT resource_id, term FROM resource_terms WHERE vocabulary = 'topic' AND resource_id IN ({list}) ORDER BY resource_id, position"
        ))
        .fetch_all(&mut *conn)
        .await?;
        for row in terms {
            let id: i64 = row.try_get("resource_id")?;
            if let Some(&i) = at.get(&id) {
                out[i].topics.push(row.try_get("term")?);
            }
        }
    }
    Ok(out)
}

/// When the catalog last changed, if it holds anything.
pub async fn last_change(conn: &mut AnyConnection) -> Result<Option<String>, HubError> {
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT MAX(updated_at) FROM resources")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Every public page a search engine should know, with when it last changed: resources and
/// pathways, by address.
pub async fn public_pages(conn: &mut AnyConnection) -> Result<Vec<sitemap::Page>, HubError> {
    let mut pages = Vec::new();
    for row in sqlx::query(&format!(
        "SELECT r.slug, r.updated_at FROM resources r WHERE {PUBLIC} ORDER BY r.slug"
    ))
    .fetch_all(&mut *conn)
    .await?
    {
        pages.push(sitemap::Page {
            path: format!("/resources/{}", row.try_get::<String, _>("slug")?),
            changed: Some(row.try_get("updated_at")?),
        });
    }
    for row in sqlx::query("SELECT slug, updated_at FROM pathways ORDER BY slug")
        .fetch_all(&mut *conn)
        .await?
    {
        pages.push(sitemap::Page {
            path: format!("/pathways/{}", row.try_get::<String, _>("slug")?),
            changed: Some(row.try_get("updated_at")?),
        });
    }
    Ok(pages)
}
