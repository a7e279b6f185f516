//! Every line of credit a learner holds: from the hub, each credit the catalog says a resource
//! offers, once the learner holds that resource's certificate; from elsewhere, each recorded
//! activity. What a licence counts, a transcript lists and a team's progress sums.

use super::outside;
use super::types::{self, Matcher};
use crate::error::HubError;
use app::model::credits::{CreditLine, CreditSource};
use sqlx::AnyPool;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct HubRow {
    code: String,
    resource_id: i64,
    title: String,
    provider: Option<String>,
    completed_on: String,
    credit_type: String,
    amount: f64,
}

/// The learner's lines, newest first: the hub's and their own.
pub async fn all(pool: &AnyPool, who: i64) -> Result<Vec<CreditLine>, HubError> {
    let mut lines = hub(pool, who).await?;
    lines.extend(outside::list(pool, who).await?.into_iter().map(|o| CreditLine {
        source: CreditSource::Outside { id: o.id },
        title: o.title,
        provider: o.provider,
        completed_on: o.completed_on,
        credit_type: Some(o.credit_type),
        credit_name: o.credit_name,
        amount: o.amount,
        topics: o.topics,
    }));
    lines.sort_by(|a, b| b.completed_on.cmp(&a.completed_on).then_with(|| a.title.cmp(&b.title)));
    Ok(lines)
}

/// Credit the catalog says the learner's certified resources offer, in the provider's words
/// and, where the hub knows it, as a credit type.
pub async fn hub(pool: &AnyPool, who: i64) -> Result<Vec<CreditLine>, HubError> {
    let rows: Vec<HubRow> = sqlx::query_as(
        "SELECT c.code, r.id AS resource_id, c.title, p.title AS provider, c.completed_on, k.credit_type, k.amount
         FROM certificates c
         JOIN resources r ON r.id = c.subject_id
         JOIN resource_credits k ON k.resource_id = r.id
         LEFT JOIN resources p ON p.id = r.provider_id
         WHERE c.account_id = $1 AND c.subject_kind = 'resource'
           -- A revoked certificate no longer shows the completion: its credit counts nowhere.
           AND NOT EXISTS (SELECT 1 FROM credential_status st WHERE st.certificate_code = c.code AND st.revoked_at IS NOT NULL)
         ORDER BY c.completed_on DESC, c.title, k.position",
    )
    .bind(who)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let matcher = Matcher::new(&types::list(pool).await?);
    let topics = topics_of(pool, rows.iter().map(|r| r.resource_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| CreditLine {
            source: CreditSource::Hub {
                href: format!("/certificates/{}", r.code),
                code: r.code,
            },
            title: r.title,
            provider: r.provider.unwrap_or_default(),
            completed_on: r.completed_on,
            credit_type: matcher.find(&r.credit_type),
            credit_name: r.credit_type,
            amount: r.amount,
            topics: topics.get(&r.resource_id).cloned().unwrap_or_default(),
        })
        .collect())
}

/// The catalog topics of these resources.
async fn topics_of(pool: &AnyPool, ids: impl Iterator<Item = i64>) -> Result<HashMap<i64, Vec<String>>, HubError> {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT resource_id, term FROM resource_terms WHERE vocabulary = 'topic' AND resource_id IN ({list})
         ORDER BY resource_id, position"
    ))
    .fetch_all(pool)
    .await?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, term) in rows {
        out.entry(id).or_default().push(term);
    }
    Ok(out)
}
