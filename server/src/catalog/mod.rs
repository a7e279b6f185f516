//! The catalog capability: the exchange format, its validation, import and export, the seed,
//! and the read side that pages and the API show.

pub mod browse;
pub mod export;
pub mod format;
pub mod home_cache;
pub mod import;
pub mod markdown;
pub mod present;
pub mod seed;
pub mod store;
pub mod validate;

use crate::error::HubError;
use app::model::Kind;
use app::model::{
    FacetValue, HomeData, KindCount, Link, PathwayDetail, PathwaySummary, ResourceCard, ResourceDetail, AUDIENCES,
};
use format::ResourceRecord;
use sqlx::{AnyConnection, AnyPool};
use std::collections::HashMap;

pub const STARTER_PATHWAY: &str = "champion-starter-path";

async fn provider_title(conn: &mut AnyConnection, r: &ResourceRecord) -> Result<Option<String>, HubError> {
    let Some(slug) = &r.provider else { return Ok(None) };
    Ok(
        sqlx::query_scalar("SELECT title FROM resources WHERE slug = $1 AND deleted_at IS NULL")
            .bind(slug.clone())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// The titles of these providers (by slug), those not in the trash: one query for a page.
async fn provider_titles(conn: &mut AnyConnection, slugs: &[String]) -> Result<HashMap<String, String>, HubError> {
    let mut unique: Vec<&String> = slugs.iter().collect();
    unique.sort();
    unique.dedup();
    if unique.is_empty() {
        return Ok(Default::default());
    }
    let marks = (1..=unique.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT slug, title FROM resources WHERE slug IN ({marks}) AND deleted_at IS NULL");
    let mut q = sqlx::query_as(&sql);
    for slug in unique {
        q = q.bind(slug.clone());
    }
    Ok(q.fetch_all(&mut *conn).await?.into_iter().collect())
}

/// The provider's own website, when the catalog has one.
async fn provider_url(conn: &mut AnyConnection, r: &ResourceRecord) -> Result<Option<String>, HubError> {
    let Some(slug) = &r.provider else { return Ok(None) };
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT url FROM resources WHERE slug = $1 AND deleted_at IS NULL")
            .bind(slug.clone())
            .fetch_optional(&mut *conn)
            .await?
            .flatten(),
    )
}

async fn slugs(conn: &mut AnyConnection, sql: &str, bind: Option<i64>) -> Result<Vec<String>, HubError> {
    let mut q = sqlx::query_scalar(sql);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

/// A resource as its page shows it, with what the page's structured data is made from (that
/// is written a layer up, in `publish::page`, which speaks schema.org).
pub struct ResourcePage {
    pub detail: ResourceDetail,
    pub record: ResourceRecord,
    /// The provider's title and its own website, as the catalog holds them.
    pub provider: Option<String>,
    pub provider_site: Option<String>,
}

/// A resource as its page shows it; with `public_only`, drafts and trashed resources are not
/// found. `base` is the hub's public address, for the page's canonical address.
pub async fn resource_page(
    pool: &AnyPool,
    slug: &str,
    public_only: bool,
    base: &str,
) -> Result<Option<ResourcePage>, HubError> {
    let mut conn = pool.acquire().await?;
    let Some(stored) = store::load(&mut conn, Some(slug)).await?.into_iter().next() else {
        return Ok(None);
    };
    if public_only && !stored.is_public() {
        return Ok(None);
    }
    let provider = provider_title(&mut conn, &stored.record).await?;
    let provider_site = provider_url(&mut conn, &stored.record).await?;
    let provided = slugs(
        &mut conn,
        "SELECT slug FROM resources WHERE provider_id = $1 AND status = 'published' AND deleted_at IS NULL ORDER BY featured DESC, title",
        Some(stored.id),
    )
    .await?;
    let provides = browse::cards(&mut conn, &provided).await?;
    let pathways: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT p.slug, p.title FROM pathways p JOIN pathway_steps s ON s.pathway_id = p.id
         WHERE s.resource_id = $1 ORDER BY p.title",
    )
    .bind(stored.id)
    .fetch_all(&mut *conn)
    .await?;
    let pathways = pathways.into_iter().map(|(slug, title)| Link { slug, title }).collect();
    let today = chrono::Utc::now().date_naive();
    let mut detail = present::detail(&stored, provider.clone(), provides, pathways, today);
    detail.page_url = format!("{base}/resources/{}", stored.record.slug);
    if detail.url.is_none() {
        detail.provider_site = provider_site.clone();
    }
    Ok(Some(ResourcePage {
        detail,
        record: stored.record,
        provider,
        provider_site,
    }))
}

/// A published resource in the exchange format, for the API: quiz answers and explanations
/// removed.
pub async fn resource_record(pool: &AnyPool, slug: &str) -> Result<Option<serde_json::Value>, HubError> {
    let mut conn = pool.acquire().await?;
    Ok(store::load(&mut conn, Some(slug))
        .await?
        .into_iter()
        .next()
        .filter(|s| s.is_public())
        .map(|s| s.record.without_answers()))
}

pub async fn pathway_detail(pool: &AnyPool, slug: &str) -> Result<Option<PathwayDetail>, HubError> {
    let mut conn = pool.acquire().await?;
    let Some(p) = store::load_pathways(&mut conn, Some(slug)).await?.into_iter().next() else {
        return Ok(None);
    };
    // A draft or trashed step is the admins' business: the pathway reads as if it were not there.
    let steps = browse::public_cards(&mut conn, &p.steps).await?;
    Ok(Some(PathwayDetail {
        slug: p.slug,
        title: p.title,
        summary: p.summary,
        steps,
    }))
}

/// What the home page says about the published catalog as a whole: its featured cards and
/// how many resources there are of each kind and for each audience. The search index knows
/// this without reading rows; [`glance`] asks the database while the index is not ready.
#[derive(Clone, Debug, Default)]
pub struct Glance {
    pub featured: Vec<ResourceCard>,
    pub total: i64,
    /// kind → resources
    pub kinds: HashMap<String, i64>,
    /// audience → resources
    pub audiences: HashMap<String, i64>,
}

/// How many featured resources the home page shows.
pub const FEATURED_ON_HOME: usize = 6;

/// The [`Glance`] from the database.
pub async fn glance(pool: &AnyPool) -> Result<Glance, HubError> {
    let mut conn = pool.acquire().await?;
    let featured = slugs(
        &mut conn,
        &format!(
            "SELECT slug FROM resources WHERE featured = 1 AND status = 'published' AND deleted_at IS NULL
             ORDER BY title, slug LIMIT {}",
            FEATURED_ON_HOME * 3
        ),
        None,
    )
    .await?;
    // A past course is not featured (the index's glance does the same).
    let featured = browse::cards(&mut conn, &featured)
        .await?
        .into_iter()
        .filter(|c| !c.is_past())
        .take(FEATURED_ON_HOME)
        .collect();
    let kinds: HashMap<String, i64> = sqlx::query_as(
        "SELECT kind, COUNT(*) AS n FROM resources WHERE status = 'published' AND deleted_at IS NULL GROUP BY kind",
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let audiences: HashMap<String, i64> = sqlx::query_as(
        "SELECT t.term, COUNT(*) AS n FROM resources r JOIN resource_terms t ON t.resource_id = r.id
         WHERE r.status = 'published' AND r.deleted_at IS NULL AND t.vocabulary = 'audience' GROUP BY t.term",
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    Ok(Glance {
        featured,
        total: kinds.values().sum(),
        kinds,
        audiences,
    })
}

/// The home page: `glance` (from the index, or [`glance`]) and the pathways.
pub async fn home(pool: &AnyPool, glance: Glance) -> Result<HomeData, HubError> {
    let mut conn = pool.acquire().await?;
    let public_steps: HashMap<String, i64> = sqlx::query_as(
        "SELECT p.slug, COUNT(*) AS n FROM pathways p JOIN pathway_steps s ON s.pathway_id = p.id
         JOIN resources r ON r.id = s.resource_id
         WHERE r.status = 'published' AND r.deleted_at IS NULL GROUP BY p.slug",
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let pathways: Vec<PathwaySummary> = store::load_pathways(&mut conn, None)
        .await?
        .into_iter()
        .map(|p| PathwaySummary {
            step_count: public_steps.get(&p.slug).copied().unwrap_or(0) as usize,
            slug: p.slug,
            title: p.title,
            summary: p.summary,
        })
        .collect();
    drop(conn);
    let starter = pathway_detail(pool, STARTER_PATHWAY).await?;
    let Glance {
        featured,
        total,
        kinds: kind_counts,
        audiences: audience_counts,
    } = glance;
    let kinds = Kind::ALL
        .iter()
        .map(|k| KindCount {
            kind: *k,
            count: kind_counts.get(k.as_str()).copied().unwrap_or(0),
        })
        .collect();
    let audiences = AUDIENCES
        .iter()
        .map(|(value, label)| FacetValue {
            value: value.to_string(),
            label: label.to_string(),
            count: audience_counts.get(*value).copied().unwrap_or(0),
            selected: false,
        })
        .collect();
    Ok(HomeData {
        featured,
        pathways,
        starter,
        kinds,
        audiences,
        total,
    })
}
