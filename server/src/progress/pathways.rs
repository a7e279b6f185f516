//! Progress through pathways, from a learner's percent per resource: what "my learning", a
//! pathway's page and a team's report show. Below all three, so none depends on another.

use super::marks;
use crate::accounts::AccountId;
use crate::error::HubError;
use app::model::PathwayProgress;
use sqlx::AnyPool;
use std::collections::HashMap;

/// Every pathway the learner has started, with steps complete and percent by units.
pub async fn started(pool: &AnyPool, percents: &HashMap<String, u8>) -> Result<Vec<PathwayProgress>, HubError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT p.slug AS pathway, p.title, r.slug FROM pathways p JOIN pathway_steps s ON s.pathway_id = p.id
         JOIN resources r ON r.id = s.resource_id
         WHERE r.status = 'published' AND r.deleted_at IS NULL ORDER BY p.title, p.slug, s.position",
    )
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(PathwayProgress, u32)> = Vec::new();
    for (slug, title, step) in rows {
        let percent = percents.get(&step).copied();
        if out.last().is_none_or(|(p, _)| p.slug != slug) {
            out.push((
                PathwayProgress {
                    slug,
                    title,
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
pub async fn progress(pool: &AnyPool, who: AccountId, slug: &str) -> Result<Option<PathwayProgress>, HubError> {
    let percents = marks::percents(pool, who).await?;
    let all = started(pool, &percents).await?;
    Ok(all.into_iter().find(|p| p.slug == slug))
}
