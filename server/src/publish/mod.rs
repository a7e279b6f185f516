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
use sqlx::AnyConnection;
use std::collections::HashMap;

/// A published resource as a feed entry shows it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Published {
    pub slug: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Read by a query of their own.
    #[sqlx(skip)]
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
    #[derive(sqlx::FromRow)]
    struct PublishedRow {
        id: i64,
        #[sqlx(flatten)]
        published: Published,
    }
    let mut q = sqlx::query_as(&sql);
    for b in &binds {
        q = q.bind(b.clone());
    }
    let rows: Vec<PublishedRow> = q.fetch_all(&mut *conn).await?;
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut out: Vec<Published> = rows.into_iter().map(|row| row.published).collect();
    if !ids.is_empty() {
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let at: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let terms: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT resource_id, term FROM resource_terms WHERE vocabulary = 'topic' AND resource_id IN ({list}) ORDER BY resource_id, position"
        ))
        .fetch_all(&mut *conn)
        .await?;
        for (id, term) in terms {
            if let Some(&i) = at.get(&id) {
                out[i].topics.push(term);
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
    let resources: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT r.slug, r.updated_at FROM resources r WHERE {PUBLIC} ORDER BY r.slug"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for (slug, updated_at) in resources {
        pages.push(sitemap::Page {
            path: format!("/resources/{slug}"),
            changed: Some(updated_at),
        });
    }
    let pathways: Vec<(String, String)> = sqlx::query_as("SELECT slug, updated_at FROM pathways ORDER BY slug")
        .fetch_all(&mut *conn)
        .await?;
    for (slug, updated_at) in pathways {
        pages.push(sitemap::Page {
            path: format!("/pathways/{slug}"),
            changed: Some(updated_at),
        });
    }
    Ok(pages)
}
