//! "My learning": everything a learner is working through, has finished and has saved, with
//! pathways, a personal tally of credits, their certificates, their teams and
//! the collections colleagues shared with those teams.

use super::{bookmarks, certificates, marks, units};
use crate::accounts::AccountId;
use crate::error::HubError;
use app::model::{Account, ContinueAt, CreditTally, Dashboard, PathwayProgress, ResourceProgress, Status};
use sqlx::{AnyPool, Row};
use std::collections::{BTreeMap, HashMap};

pub async fn dashboard(pool: &AnyPool, who: AccountId, account: Account) -> Result<Dashboard, HubError> {
    certificates::issue_due(pool, who).await?;
    let all = units::all(pool, who).await?;
    let (completed, in_progress): (Vec<ResourceProgress>, Vec<ResourceProgress>) =
        all.into_iter().partition(|r| r.total > 0 && r.completed == r.total);
    // `all` is most recently touched first, so the first unfinished one is where to pick up.
    let continue_at = in_progress.first().map(|r| ContinueAt {
        next_unit: r
            .units
            .iter()
            .find(|u| !u.retired && u.status != Status::Completed)
            .map(|u| u.slug.clone()),
        resource: r.clone(),
    });
    let percents = marks::percents(pool, who).await?;
    Ok(Dashboard {
        account,
        continue_at,
        credits: credits(pool, &completed).await?,
        pathways: pathways(pool, &percents).await?,
        in_progress,
        completed,
        bookmarks: bookmarks::list(pool, who, None).await?,
        certificates: certificates::list(pool, who).await?,
        teams: crate::teams::store::list(pool, who).await?.teams,
        shared_collections: crate::collections::store::shared_with_me(pool, who).await?,
    })
}

/// A summed amount as the catalog states amounts ("16", "1.5"), without float noise.
fn amount(n: f64) -> String {
    crate::catalog::present::amount((n * 100.0).round() / 100.0)
}

/// The credits the completed activities offer, summed per credit type.
async fn credits(pool: &AnyPool, completed: &[ResourceProgress]) -> Result<Vec<CreditTally>, HubError> {
    let mut tally: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for r in completed {
        let rows = sqlx::query(
            "SELECT c.credit_type, c.amount FROM resource_credits c JOIN resources r ON r.id = c.resource_id
             WHERE r.slug = $1 ORDER BY c.position",
        )
        .bind(r.slug.clone())
        .fetch_all(pool)
        .await?;
        for row in rows {
            let entry = tally.entry(row.try_get("credit_type")?).or_default();
            entry.0 += row.try_get::<f64, _>("amount")?;
            entry.1 += 1;
        }
    }
    Ok(tally
        .into_iter()
        .map(|(credit_type, (sum, activities))| CreditTally {
            credit_type,
            amount: amount(sum),
            activities,
        })
        .collect())
}

/// Every pathway the learner has started, with steps complete and percent by units.
pub(crate) async fn pathways(pool: &AnyPool, percents: &HashMap<String, u8>) -> Result<Vec<PathwayProgress>, HubError> {
    let rows = sqlx::query(
        "SELECT p.slug AS pathway, p.title, r.slug FROM pathways p JOIN pathway_steps s ON s.pathway_id = p.id
         JOIN resources r ON r.id = s.resource_id
         WHERE r.status = 'published' AND r.deleted_at IS NULL ORDER BY p.title, p.slug, s.position",
    )
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(PathwayProgress, u32)> = Vec::new();
    for row in rows {
        let slug: String = row.try_get("pathway")?;
        let step: String = row.try_get("slug")?;
        let percent = percents.get(&step).copied();
        if out.last().is_none_or(|(p, _)| p.slug != slug) {
            out.push((
                PathwayProgress {
                    slug,
                    title: row.try_get("title")?,
                    steps: 0,
                    steps_completed: 0,
                    percent: 0,
                },
                0,
            ));
        }
        let (p, sum) = out.last_mut().expect("just pushed");
        p.steps += 1;
        p.steps_completed += usize::from(percent == Some(100));
        *sum += u32::from(percent.unwrap_or(0));
        p.percent = (*sum / p.steps as u32) as u8;
    }
    Ok(out
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.percent > 0 || p.steps_completed > 0)
        .collect())
}

/// Progress through the pathway `slug`, for its page.
pub async fn pathway(pool: &AnyPool, who: AccountId, slug: &str) -> Result<Option<PathwayProgress>, HubError> {
    let percents = marks::percents(pool, who).await?;
    let all = pathways(pool, &percents).await?;
    Ok(all.into_iter().find(|p| p.slug == slug))
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_as_the_catalog_states_them() {
        assert_eq!(super::amount(16.0), "16");
        assert_eq!(super::amount(1.5), "1.5");
        assert_eq!(super::amount(0.25 + 0.5), "0.75");
    }
}
