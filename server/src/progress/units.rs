//! Progress per unit: each item of a resource, or the resource itself when it has none. A
//! unit's record only moves forward (not started → in progress → completed), so double
//! submits, stale tabs and racing requests can repeat a step but never undo one; and records on
//! items the catalog retires are kept.

use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use app::model::{Kind, ResourceProgress, Status, UnitProgress};
use sqlx::AnyPool;
use std::collections::HashMap;

/// A resource a learner can record progress on.
pub struct Resource {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: Kind,
}

/// One unit as the catalog has it.
pub struct Unit {
    /// The item's slug; for a resource without items, the resource's own slug.
    pub slug: String,
    pub title: String,
    /// The item's database key (None for the resource itself).
    pub item_id: Option<i64>,
    pub pass_percent: Option<i64>,
    pub retired: bool,
}

/// The unit key stored for a resource without items.
const WHOLE: &str = "";

pub async fn resource(pool: &AnyPool, slug: &str) -> Result<Resource, HubError> {
    load(pool, slug, true).await
}

/// The resource by slug; with `published_only`, drafts are not found.
async fn load(pool: &AnyPool, slug: &str, published_only: bool) -> Result<Resource, HubError> {
    let (id, slug, title, kind): (i64, String, String, String) =
        sqlx::query_as("SELECT id, slug, title, kind FROM resources WHERE slug = $1 AND ($2 = 0 OR (status = 'published' AND deleted_at IS NULL))")
            .bind(slug.to_string())
            .bind(published_only as i64)
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| HubError::NotFound(format!("resource \"{slug}\"")))?;
    Ok(Resource {
        id,
        slug,
        title,
        kind: Kind::parse(&kind).ok_or_else(|| HubError::Corrupt(format!("unknown kind {kind}")))?,
    })
}

/// The learner's progress through the published resource `slug`.
pub async fn one(pool: &AnyPool, who: AccountId, slug: &str) -> Result<ResourceProgress, HubError> {
    let r = resource(pool, slug).await?;
    let units = units(pool, &r).await?;
    progress_of(pool, who, &r, &units).await
}

/// The resource's units: its items in order (retired ones last), or the resource itself.
pub async fn units(pool: &AnyPool, r: &Resource) -> Result<Vec<Unit>, HubError> {
    let rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT id, slug, title, pass_percent, retired_at FROM items WHERE resource_id = $1
         ORDER BY CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, position",
    )
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(vec![Unit {
            slug: r.slug.clone(),
            title: r.title.clone(),
            item_id: None,
            pass_percent: None,
            retired: false,
        }]);
    }
    Ok(rows
        .into_iter()
        .map(|row| Unit {
            slug: row.slug,
            title: row.title,
            item_id: Some(row.id),
            pass_percent: row.pass_percent,
            retired: row.retired_at.is_some(),
        })
        .collect())
}

/// An item as [`units`] reads it.
#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    slug: String,
    title: String,
    pass_percent: Option<i64>,
    retired_at: Option<String>,
}

fn key(unit: &Unit) -> &str {
    if unit.item_id.is_some() {
        &unit.slug
    } else {
        WHOLE
    }
}

/// The unit `unit_slug` of `slug` the catalog still offers (a retired one is not: 404).
fn offered<'a>(units: &'a [Unit], slug: &str, unit_slug: &str) -> Result<&'a Unit, HubError> {
    units
        .iter()
        .find(|u| u.slug == unit_slug && !u.retired)
        .ok_or_else(|| HubError::NotFound(format!("item \"{unit_slug}\" of \"{slug}\"")))
}

/// Records `status` for one unit, forward only. The learner may not complete a quiz by saying
/// so (409), nor record on a retired item (404: it is not offered any more).
pub async fn record(
    pool: &AnyPool,
    who: AccountId,
    slug: &str,
    unit_slug: &str,
    status: Status,
) -> Result<ResourceProgress, HubError> {
    let r = resource(pool, slug).await?;
    let units = units(pool, &r).await?;
    let unit = offered(&units, slug, unit_slug)?;
    match status {
        Status::NotStarted => {
            return Err(HubError::BadRequest {
                param: "status".into(),
                reason: "progress only moves forward: use \"in_progress\" or \"completed\"".into(),
            })
        }
        Status::Completed if unit.pass_percent.is_some() => {
            return Err(HubError::Conflict(format!(
                "\"{}\" is a quiz: it is completed by passing it",
                unit.title
            )))
        }
        _ => {}
    }
    advance(&mut *pool.acquire().await?, who, r.id, key(unit), status, None).await?;
    let mut progress = progress_of(pool, who, &r, &units).await?;
    // Only a completion that finishes the resource can earn a certificate; checking after
    // every write cost the write path 5× (BENCHMARKS.md, "Progress writes").
    if status == Status::Completed && progress.total > 0 && progress.completed == progress.total {
        super::certificates::issue_due(pool, who).await?;
        progress.certified = certified_by(pool, who, r.id).await?.is_some();
    }
    Ok(progress)
}

/// Takes back a completion the learner recorded (a mistaken "Mark as completed", or a report
/// of attendance): the unit is in progress again, its completion date and report gone. A quiz
/// is completed by passing it, not by saying so, and a certificate rests on what earned it:
/// neither moves back (409). Undoing what is not completed changes nothing.
pub async fn undo_completion(
    pool: &AnyPool,
    who: AccountId,
    slug: &str,
    unit_slug: &str,
) -> Result<ResourceProgress, HubError> {
    let r = resource(pool, slug).await?;
    let units = units(pool, &r).await?;
    let unit = offered(&units, slug, unit_slug)?;
    may_step_back(pool, who, &r, unit, "passing it completed it, and a pass stays").await?;
    sqlx::query(
        "UPDATE progress SET status = 'in_progress', completed_at = NULL, self_reported = 0, reported_on = NULL,
                updated_at = $4
         WHERE account_id = $1 AND resource_id = $2 AND unit = $3 AND status = 'completed'",
    )
    .bind(who.0)
    .bind(r.id)
    .bind(key(unit).to_string())
    .bind(now())
    .execute(pool)
    .await?;
    progress_of(pool, who, &r, &units).await
}

/// Takes a unit the learner marked back to not started (a mistaken "Mark as started", or a
/// change of plan): its progress row goes. Like [`undo_completion`], never a quiz (its attempts
/// are its record) nor what a certificate rests on (409); a unit not started changes nothing.
pub async fn reset(pool: &AnyPool, who: AccountId, slug: &str, unit_slug: &str) -> Result<ResourceProgress, HubError> {
    let r = resource(pool, slug).await?;
    let units = units(pool, &r).await?;
    let unit = offered(&units, slug, unit_slug)?;
    may_step_back(pool, who, &r, unit, "its attempts are its record, and they stay").await?;
    sqlx::query("DELETE FROM progress WHERE account_id = $1 AND resource_id = $2 AND unit = $3")
        .bind(who.0)
        .bind(r.id)
        .bind(key(unit).to_string())
        .execute(pool)
        .await?;
    progress_of(pool, who, &r, &units).await
}

/// Whether the learner may take `unit` of `r` back a step: never a quiz (`why_a_quiz` says
/// what stays), nor what a certificate they hold rests on (409 either way).
async fn may_step_back(
    pool: &AnyPool,
    who: AccountId,
    r: &Resource,
    unit: &Unit,
    why_a_quiz: &str,
) -> Result<(), HubError> {
    if unit.pass_percent.is_some() {
        return Err(HubError::Conflict(format!(
            "\"{}\" is a quiz: {why_a_quiz}",
            unit.title
        )));
    }
    if let Some(title) = certified_by(pool, who, r.id).await? {
        return Err(HubError::Conflict(format!(
            "your certificate for \"{title}\" rests on this, so it stays completed"
        )));
    }
    Ok(())
}

/// The title of a certificate the learner holds that rests on resource `id`: the resource's
/// own, or a pathway's that has it as a step.
async fn certified_by(pool: &AnyPool, who: AccountId, id: i64) -> Result<Option<String>, HubError> {
    Ok(sqlx::query_scalar(
        "SELECT c.title FROM certificates c
         WHERE c.account_id = $1
           AND ((c.subject_kind = 'resource' AND c.subject_id = $2)
             OR (c.subject_kind = 'pathway'
                 AND c.subject_id IN (SELECT s.pathway_id FROM pathway_steps s WHERE s.resource_id = $2)))
         ORDER BY c.issued_at LIMIT 1",
    )
    .bind(who.0)
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// The kinds a learner records by their own report, with a date: live courses and activities
/// that happen outside the hub.
pub const SELF_REPORTED: [Kind; 4] = [Kind::Course, Kind::Fellowship, Kind::CertificateProgram, Kind::Program];

/// The date a learner gives for attending or completing something: a real day, not in the
/// future, and not before 1950.
pub fn reported_date(raw: &str) -> Result<String, HubError> {
    let bad = |reason: &str| HubError::BadRequest {
        param: "date".into(),
        reason: reason.into(),
    };
    let day = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| bad("give the date as YYYY-MM-DD, e.g. 2026-05-15"))?;
    if day > chrono::Utc::now().date_naive() {
        return Err(bad("the date can't be in the future"));
    }
    if day < chrono::NaiveDate::from_ymd_opt(1950, 1, 1).expect("a valid date") {
        return Err(bad("that date is too long ago"));
    }
    Ok(day.format("%Y-%m-%d").to_string())
}

/// Records, on the learner's own word, that they attended or completed the live course or
/// outside activity `slug` on `on`: every unit of it (but quizzes) is completed, marked as
/// self-reported, in one transaction.
pub async fn report(pool: &AnyPool, who: AccountId, slug: &str, on: &str) -> Result<ResourceProgress, HubError> {
    let r = resource(pool, slug).await?;
    if !SELF_REPORTED.contains(&r.kind) {
        return Err(HubError::BadRequest {
            param: "slug".into(),
            reason: format!(
                "{} is tracked on the hub, not by report",
                r.kind.plural_label().to_lowercase()
            ),
        });
    }
    let on = reported_date(on)?;
    let units = units(pool, &r).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    for unit in units.iter().filter(|u| !u.retired && u.pass_percent.is_none()) {
        advance(&mut tx, who, r.id, key(unit), Status::Completed, Some(&on)).await?;
    }
    tx.commit().await?;
    super::certificates::issue_due(pool, who).await?;
    progress_of(pool, who, &r, &units).await
}

/// Moves one unit forward to `status` (never back), in one statement, so concurrent writers
/// cannot interleave a read and a write.
pub async fn advance(
    conn: &mut sqlx::AnyConnection,
    who: AccountId,
    resource_id: i64,
    unit: &str,
    status: Status,
    reported_on: Option<&str>,
) -> Result<(), HubError> {
    let at = now();
    let completed_at = (status == Status::Completed).then(|| at.clone());
    sqlx::query(
        "INSERT INTO progress (account_id, resource_id, unit, status, started_at, completed_at, self_reported,
                               reported_on, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $5)
         ON CONFLICT (account_id, resource_id, unit) DO UPDATE SET
           status = CASE WHEN progress.status = 'completed' THEN 'completed' ELSE excluded.status END,
           completed_at = COALESCE(progress.completed_at, excluded.completed_at),
           self_reported = CASE WHEN progress.status = 'completed' THEN progress.self_reported
                                ELSE excluded.self_reported END,
           reported_on = CASE WHEN progress.status = 'completed' THEN progress.reported_on
                              ELSE excluded.reported_on END,
           updated_at = CASE WHEN progress.status = excluded.status OR progress.status = 'completed'
                             THEN progress.updated_at ELSE excluded.updated_at END",
    )
    .bind(who.0)
    .bind(resource_id)
    .bind(unit.to_string())
    .bind(status.as_str())
    .bind(at)
    .bind(completed_at)
    .bind(reported_on.is_some() as i64)
    .bind(reported_on.map(str::to_string))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The learner's progress through `r`.
pub async fn progress_of(
    pool: &AnyPool,
    who: AccountId,
    r: &Resource,
    units: &[Unit],
) -> Result<ResourceProgress, HubError> {
    let rows: Vec<Recorded> = sqlx::query_as(
        "SELECT unit, status, started_at, completed_at, self_reported, reported_on FROM progress
         WHERE account_id = $1 AND resource_id = $2",
    )
    .bind(who.0)
    .bind(r.id)
    .fetch_all(pool)
    .await?;
    let recorded: HashMap<String, Recorded> = rows.into_iter().map(|row| (row.unit.clone(), row)).collect();
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        let row = recorded.get(key(unit));
        if unit.retired && row.is_none() {
            continue;
        }
        let status = match row {
            Some(row) => {
                Status::parse(&row.status).ok_or_else(|| HubError::Corrupt("unknown progress status".into()))?
            }
            None => Status::NotStarted,
        };
        out.push(UnitProgress {
            slug: unit.slug.clone(),
            title: unit.title.clone(),
            is_quiz: unit.pass_percent.is_some(),
            retired: unit.retired,
            status,
            started_at: row.map(|r| r.started_at.clone()),
            completed_at: row.and_then(|r| r.completed_at.clone()),
            self_reported: row.is_some_and(|r| r.self_reported != 0),
            reported_on: row.and_then(|r| r.reported_on.clone()),
        });
    }
    let live: Vec<&UnitProgress> = out.iter().filter(|u| !u.retired).collect();
    let total = live.len();
    let completed = live.iter().filter(|u| u.status == Status::Completed).count();
    // Only a learner with a completion can hold a certificate resting on it.
    let certified = completed > 0 && certified_by(pool, who, r.id).await?.is_some();
    Ok(ResourceProgress {
        slug: r.slug.clone(),
        title: r.title.clone(),
        kind: r.kind,
        units: out,
        completed,
        total,
        percent: (completed * 100).checked_div(total).unwrap_or(0) as u8,
        certified,
    })
}

/// A unit's progress record, as [`progress_of`] reads it.
#[derive(sqlx::FromRow)]
struct Recorded {
    unit: String,
    status: String,
    started_at: String,
    completed_at: Option<String>,
    self_reported: i64,
    reported_on: Option<String>,
}

/// Every resource the learner has recorded anything on, most recently touched first.
pub async fn all(pool: &AnyPool, who: AccountId) -> Result<Vec<ResourceProgress>, HubError> {
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT r.slug FROM progress p JOIN resources r ON r.id = p.resource_id WHERE p.account_id = $1
         GROUP BY r.slug ORDER BY MAX(p.updated_at) DESC, r.slug",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(slugs.len());
    for slug in slugs {
        // A resource unpublished since still shows what was recorded on it.
        let r = load(pool, &slug, false).await?;
        let units = units(pool, &r).await?;
        out.push(progress_of(pool, who, &r, &units).await?);
    }
    Ok(out)
}
