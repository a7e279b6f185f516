//! What the checker keeps: the URLs to check (every place one appears in the catalog), each
//! run's row and its results, and the reports read back from them.

use super::verdict::Checked;
use super::{CheckReport, LinkResult, Outcome};
use crate::db::now;
use crate::error::HubError;
use sqlx::AnyPool;
use std::collections::HashMap;

/// Where a URL appears.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct Place {
    pub resource: String,
    pub item: Option<String>,
    pub url: String,
}

/// Every URL in the catalog that someone can reach: resources not in the trash (drafts too, they
/// are about to be published) and their items that are not retired.
pub(super) async fn places(pool: &AnyPool) -> Result<Vec<Place>, HubError> {
    let resources: Vec<(String, String)> =
        sqlx::query_as("SELECT slug, url FROM resources WHERE deleted_at IS NULL AND url IS NOT NULL")
            .fetch_all(pool)
            .await?;
    let items: Vec<Place> = sqlx::query_as(
        "SELECT r.slug AS resource, i.slug AS item, i.url AS url FROM items i JOIN resources r ON r.id = i.resource_id
         WHERE r.deleted_at IS NULL AND i.retired_at IS NULL AND i.url IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    Ok(resources
        .into_iter()
        .map(|(resource, url)| Place {
            resource,
            item: None,
            url,
        })
        .chain(items)
        .collect())
}

/// A new run's row, not finished; its id.
pub(super) async fn open(pool: &AnyPool) -> Result<i64, HubError> {
    Ok(
        sqlx::query_scalar("INSERT INTO link_checks (started_at, checked) VALUES ($1, 0) RETURNING id")
            .bind(now())
            .fetch_one(pool)
            .await?,
    )
}

/// When the last run started, if one ever did.
pub(super) async fn last_started(pool: &AnyPool) -> Result<Option<String>, HubError> {
    Ok(sqlx::query_scalar("SELECT MAX(started_at) FROM link_checks")
        .fetch_one(pool)
        .await?)
}

/// What run `id` found at every place, and its end, in one transaction.
pub(super) async fn record(
    pool: &AnyPool,
    id: i64,
    places: &[Place],
    found: &HashMap<String, Checked>,
) -> Result<(), HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    for place in places {
        let c = &found[&place.url];
        sqlx::query(
            "INSERT INTO link_results (check_id, resource, item, url, outcome, status, location, error)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(place.resource.clone())
        .bind(place.item.clone())
        .bind(place.url.clone())
        .bind(c.outcome.as_str())
        .bind(c.status.map(i64::from))
        .bind(c.location.clone())
        .bind(c.error.clone())
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE link_checks SET finished_at = $1, checked = $2 WHERE id = $3")
        .bind(now())
        .bind(found.len() as i64)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The most recent check (finished or not), or None when none ever ran.
pub async fn latest(pool: &AnyPool) -> Result<Option<CheckReport>, HubError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM link_checks ORDER BY id DESC LIMIT 1")
        .fetch_optional(pool)
        .await?;
    match id {
        Some(id) => report(pool, id).await,
        None => Ok(None),
    }
}

/// A run's row.
#[derive(sqlx::FromRow)]
struct CheckRow {
    id: i64,
    started_at: String,
    finished_at: Option<String>,
    checked: i64,
}

/// One place's stored result.
#[derive(sqlx::FromRow)]
struct ResultRow {
    resource: String,
    item: Option<String>,
    url: String,
    outcome: String,
    status: Option<i64>,
    location: Option<String>,
    error: Option<String>,
}

impl ResultRow {
    fn into_result(self) -> Result<LinkResult, HubError> {
        Ok(LinkResult {
            resource: self.resource,
            item: self.item,
            url: self.url,
            outcome: parse_outcome(&self.outcome)?,
            status: self.status.and_then(|s| u16::try_from(s).ok()),
            location: self.location,
            error: self.error,
        })
    }
}

fn parse_outcome(s: &str) -> Result<Outcome, HubError> {
    Outcome::from_name(s).ok_or_else(|| HubError::Corrupt(format!("unknown link outcome \"{s}\"")))
}

/// One check's report.
pub async fn report(pool: &AnyPool, id: i64) -> Result<Option<CheckReport>, HubError> {
    let Some(check): Option<CheckRow> =
        sqlx::query_as("SELECT id, started_at, finished_at, checked FROM link_checks WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    else {
        return Ok(None);
    };
    let rows: Vec<ResultRow> = sqlx::query_as(
        "SELECT resource, item, url, outcome, status, location, error FROM link_results WHERE check_id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut results = rows
        .into_iter()
        .map(ResultRow::into_result)
        .collect::<Result<Vec<_>, _>>()?;
    sort_results(&mut results);
    Ok(Some(CheckReport {
        id: check.id,
        started_at: check.started_at,
        running: check.finished_at.is_none(),
        finished_at: check.finished_at,
        checked: check.checked,
        results,
    }))
}

/// Broken first, then redirected, then ok; by resource, item and URL within each.
fn sort_results(results: &mut [LinkResult]) {
    results.sort_by(|a, b| (a.outcome, &a.resource, &a.item, &a.url).cmp(&(b.outcome, &b.resource, &b.item, &b.url)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::admin::Counts;

    fn result(resource: &str, item: Option<&str>, url: &str, outcome: Outcome) -> LinkResult {
        LinkResult {
            resource: resource.into(),
            item: item.map(Into::into),
            url: url.into(),
            outcome,
            status: None,
            location: None,
            error: None,
        }
    }

    #[test]
    fn results_sort_worst_first_then_by_place_and_counts_are_per_url() {
        let mut results = vec![
            result("a", None, "https://x/1", Outcome::Ok),
            result("b", Some("two"), "https://x/2", Outcome::Broken),
            result("c", None, "https://x/3", Outcome::Redirected),
            result("a", Some("one"), "https://x/2", Outcome::Broken),
            result("b", None, "https://x/1", Outcome::Ok),
        ];
        sort_results(&mut results);
        let order: Vec<(Outcome, String)> = results.iter().map(|r| (r.outcome, r.place())).collect();
        assert_eq!(
            order,
            [
                (Outcome::Broken, "a/one".to_string()),
                (Outcome::Broken, "b/two".to_string()),
                (Outcome::Redirected, "c".to_string()),
                (Outcome::Ok, "a".to_string()),
                (Outcome::Ok, "b".to_string()),
            ]
        );
        let report = CheckReport {
            id: 1,
            started_at: String::new(),
            finished_at: None,
            running: true,
            checked: 3,
            results,
        };
        assert_eq!(
            report.counts(),
            Counts {
                ok: 1,
                redirected: 1,
                broken: 1
            }
        );
        assert_eq!(report.summary(), "checked 3 links: 1 ok, 1 redirected, 1 broken");
    }
}
