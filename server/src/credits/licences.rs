//! A learner's licences and certifications: each a profession, the issuing board or state, an
//! optional number (private), the current cycle's dates and the hours it requires, in total
//! and by topic, and which credit types count toward it. Only the learner reads or changes them.

use super::rule::check;
use super::{refuse, split_ids, templates};
use crate::db::now;
use crate::error::HubError;
use app::model::credits::{Licence, TemplateSource, TopicRequirement};
use sqlx::AnyPool;

/// The most licences one learner keeps.
pub const MAX_LICENCES: i64 = 20;

pub use app::model::credits::LicenceInput as LicenceForm;

/// A licence's stored row.
#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    profession: String,
    board: String,
    number: Option<String>,
    cycle_start: String,
    cycle_end: String,
    hours_required: f64,
    credit_types: String,
    topics: String,
    t_name: Option<String>,
    t_source: Option<String>,
    t_checked: Option<String>,
}

const SELECT: &str = "SELECT l.id, l.profession, l.board, l.number, l.cycle_start, l.cycle_end, l.hours_required,
        l.credit_types, l.topics, t.name AS t_name, t.source_url AS t_source, t.checked_on AS t_checked
 FROM licences l LEFT JOIN board_templates t ON t.id = l.template_id";

fn licence(row: Row) -> Result<Licence, HubError> {
    let topics: Vec<TopicRequirement> = serde_json::from_str(&row.topics)
        .map_err(|e| HubError::Corrupt(format!("licence {}'s topics: {e}", row.id)))?;
    Ok(Licence {
        id: row.id,
        profession: row.profession,
        board: row.board,
        number: row.number,
        cycle_start: row.cycle_start,
        cycle_end: row.cycle_end,
        hours_required: row.hours_required,
        credit_types: split_ids(&row.credit_types),
        topics,
        template: match (row.t_name, row.t_source, row.t_checked) {
            (Some(name), Some(source_url), Some(checked_on)) => Some(TemplateSource {
                name,
                source_url,
                checked_on,
            }),
            _ => None,
        },
    })
}

/// The learner's licences, the one ending first first.
pub async fn list(pool: &AnyPool, who: i64) -> Result<Vec<Licence>, HubError> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE l.account_id = $1 ORDER BY l.cycle_end, l.id"))
        .bind(who)
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(licence).collect()
}

/// Adds a licence (`licence` None) or replaces one of the learner's; its id. Nothing changes
/// when anything is refused.
pub async fn save(pool: &AnyPool, who: i64, licence: Option<i64>, form: &LicenceForm) -> Result<i64, HubError> {
    if let Some(id) = licence {
        owned(pool, who, id).await?;
    }
    let mut problems = Vec::new();
    let mut form = form.clone();
    if let Some(template) = form.template {
        match templates::get(pool, template).await? {
            None => problems.push((
                "template".into(),
                "that board rule is no longer kept: choose another or none".into(),
            )),
            // A cycle's last day left empty follows from the rule's length.
            Some(t) if form.cycle_end.trim().is_empty() => {
                if let Ok(start) = chrono::NaiveDate::parse_from_str(form.cycle_start.trim(), "%Y-%m-%d") {
                    form.cycle_end = templates::cycle_end(&t, start).to_string();
                }
            }
            Some(_) => {}
        }
    }
    let checked = check(pool, &form, &mut problems).await?;
    if licence.is_none() {
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM licences WHERE account_id = $1")
            .bind(who)
            .fetch_one(pool)
            .await?;
        if held >= MAX_LICENCES {
            problems.push((
                "profession".into(),
                format!("keep to {MAX_LICENCES} licences: remove one first"),
            ));
        }
    }
    refuse(problems)?;
    let Some(c) = checked else {
        return Err(HubError::Corrupt("a refused licence was not refused".into()));
    };
    let at = now();
    match licence {
        Some(id) => {
            sqlx::query(
                "UPDATE licences SET profession = $1, board = $2, number = $3, cycle_start = $4, cycle_end = $5,
                    hours_required = $6, credit_types = $7, topics = $8, template_id = COALESCE($9, template_id), updated_at = $10
                 WHERE id = $11 AND account_id = $12",
            )
            .bind(c.profession)
            .bind(c.board)
            .bind(c.number)
            .bind(c.cycle_start)
            .bind(c.cycle_end)
            .bind(c.hours_required)
            .bind(c.credit_types)
            .bind(c.topics)
            .bind(form.template)
            .bind(at)
            .bind(id)
            .bind(who)
            .execute(pool)
            .await?;
            Ok(id)
        }
        None => Ok(sqlx::query_scalar(
            "INSERT INTO licences (account_id, profession, board, number, cycle_start, cycle_end, hours_required,
                credit_types, topics, template_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(who)
        .bind(c.profession)
        .bind(c.board)
        .bind(c.number)
        .bind(c.cycle_start)
        .bind(c.cycle_end)
        .bind(c.hours_required)
        .bind(c.credit_types)
        .bind(c.topics)
        .bind(form.template)
        .bind(at)
        .fetch_one(pool)
        .await?),
    }
}

/// 404 unless `licence` is the learner's: another's is not there for them.
async fn owned(pool: &AnyPool, who: i64, licence: i64) -> Result<(), HubError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM licences WHERE id = $1 AND account_id = $2")
        .bind(licence)
        .bind(who)
        .fetch_optional(pool)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| HubError::NotFound(format!("licence {licence}")))
}

pub async fn delete(pool: &AnyPool, who: i64, licence: i64) -> Result<(), HubError> {
    owned(pool, who, licence).await?;
    sqlx::query("DELETE FROM licences WHERE id = $1 AND account_id = $2")
        .bind(licence)
        .bind(who)
        .execute(pool)
        .await?;
    Ok(())
}
