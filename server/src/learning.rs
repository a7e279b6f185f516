//! A learner's learning, assembled from progress, teams and collections, so it sits above all
//! three: "my learning" (everything they are working through, have finished and have saved,
//! with pathways, a personal tally of credits, their certificates, their teams and the
//! collections colleagues shared with those teams), and their state on one resource.

use crate::accounts::AccountId;
use crate::collections;
use crate::error::HubError;
use crate::progress::{bookmarks, certificates, marks, pathways, units};
use app::model::{Account, ContinueAt, CreditTally, Dashboard, ResourceLearning, ResourceProgress, Status};
use sqlx::AnyPool;
use std::collections::BTreeMap;

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
        pathways: pathways::started(pool, &percents).await?,
        in_progress,
        completed,
        bookmarks: bookmarks::list(pool, who, None).await?,
        certificates: certificates::list(pool, who).await?,
        teams: crate::teams::store::list(pool, who).await?.teams,
        shared_collections: collections::store::shared_with_me(pool, who).await?,
    })
}

/// The learner's own state on the published resource `slug`: bookmark, progress, and the
/// collections that hold it.
pub async fn resource(pool: &AnyPool, who: AccountId, slug: &str) -> Result<ResourceLearning, HubError> {
    let r = units::resource(pool, slug).await?;
    let units = units::units(pool, &r).await?;
    Ok(ResourceLearning {
        bookmark: bookmarks::list(pool, who, Some(r.id)).await?.into_iter().next(),
        progress: units::progress_of(pool, who, &r, &units).await?,
        self_reportable: units::SELF_REPORTED.contains(&r.kind),
        collections: collections::store::holding(pool, who, slug).await?,
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
        let rows: Vec<(String, f64)> = sqlx::query_as(
            "SELECT c.credit_type, c.amount FROM resource_credits c JOIN resources r ON r.id = c.resource_id
             WHERE r.slug = $1 ORDER BY c.position",
        )
        .bind(r.slug.clone())
        .fetch_all(pool)
        .await?;
        for (credit_type, amount) in rows {
            let entry = tally.entry(credit_type).or_default();
            entry.0 += amount;
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

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_as_the_catalog_states_them() {
        assert_eq!(super::amount(16.0), "16");
        assert_eq!(super::amount(1.5), "1.5");
        assert_eq!(super::amount(0.25 + 0.5), "0.75");
    }
}
