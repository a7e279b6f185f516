//! Board templates: a board's renewal rule (profession, cycle length, hours in total and by
//! topic, credit types that count) as an admin read it on the board's own page. Each carries
//! that page's address and the day it was checked, and learners see both: the hub never states
//! a board's rule without its source. A licence started from a template keeps its own copy of
//! the figures, so a template changed later never changes a learner's cycle.

use super::rule::check;
use super::{date, line, refuse, split_ids};
use crate::audit::{self, Actor};
use crate::db::now;
use crate::error::HubError;
use app::model::credits::{BoardTemplate, TopicRequirement};
use sqlx::AnyPool;

pub use app::model::credits::TemplateInput as TemplateForm;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    profession: String,
    board: String,
    cycle_months: i64,
    hours_required: f64,
    credit_types: String,
    topics: String,
    source_url: String,
    checked_on: String,
}

const SELECT: &str = "SELECT id, name, profession, board, cycle_months, hours_required, credit_types, topics,
        source_url, checked_on FROM board_templates";

fn template(row: Row) -> Result<BoardTemplate, HubError> {
    let topics: Vec<TopicRequirement> = serde_json::from_str(&row.topics)
        .map_err(|e| HubError::Corrupt(format!("template {}'s topics: {e}", row.id)))?;
    Ok(BoardTemplate {
        id: row.id,
        name: row.name,
        profession: row.profession,
        board: row.board,
        cycle_months: row.cycle_months,
        hours_required: row.hours_required,
        credit_types: split_ids(&row.credit_types),
        topics,
        source_url: row.source_url,
        checked_on: row.checked_on,
    })
}

pub async fn list(pool: &AnyPool) -> Result<Vec<BoardTemplate>, HubError> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} ORDER BY name"))
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(template).collect()
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<BoardTemplate>, HubError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(template).transpose()
}

/// Adds a template (`id` None) or replaces one; its id. Nothing changes when anything is refused.
pub async fn save(pool: &AnyPool, actor: &Actor, id: Option<i64>, form: &TemplateForm) -> Result<i64, HubError> {
    let before = match id {
        Some(id) => Some(
            get(pool, id)
                .await?
                .ok_or_else(|| HubError::NotFound(format!("board template {id}")))?,
        ),
        None => None,
    };
    let mut problems = Vec::new();
    let name = line(&form.name, "name", "the template's name", 160)
        .map_err(|p| problems.push(p))
        .ok();
    if let Some(name) = &name {
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM board_templates WHERE LOWER(name) = LOWER($1)")
            .bind(name.clone())
            .fetch_optional(pool)
            .await?;
        if taken.is_some_and(|t| Some(t) != id) {
            problems.push(("name".into(), format!("a template is already named “{name}”")));
        }
    }
    let months = match form.cycle_months.trim().parse::<i64>() {
        Ok(m) if (1..=120).contains(&m) => Some(m),
        _ => {
            problems.push((
                "cycle_months".into(),
                "enter the cycle's length in whole months, 1 to 120".into(),
            ));
            None
        }
    };
    let source = form.source_url.trim();
    let source_ok = (source.starts_with("https://") || source.starts_with("http://"))
        && source.len() <= 2000
        && url::Url::parse(source).is_ok_and(|u| u.host_str().is_some_and(|h| h.contains('.')));
    if !source_ok {
        problems.push((
            "source_url".into(),
            "enter the address of the board's page that states the rule (https://…)".into(),
        ));
    }
    let checked_on = date(&form.checked_on, "checked_on", "the day you checked the rule")
        .map_err(|p| problems.push(p))
        .ok();
    if checked_on.is_some_and(|d| d > chrono::Utc::now().date_naive()) {
        problems.push((
            "checked_on".into(),
            "the day you checked it cannot be in the future".into(),
        ));
    }
    // The rule's fields are checked as a licence's are, over a placeholder cycle.
    let mut rule = form.rule.clone();
    rule.cycle_start = "2000-01-01".into();
    rule.cycle_end = "2001-01-01".into();
    let checked = check(pool, &rule, &mut problems).await?;
    refuse(problems)?;
    let (Some(name), Some(months), Some(checked_on), Some(c)) = (name, months, checked_on, checked) else {
        return Err(HubError::Corrupt("a refused template was not refused".into()));
    };
    let at = now();
    let mut tx = pool.begin().await?;
    let saved = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE board_templates SET name = $1, profession = $2, board = $3, cycle_months = $4, hours_required = $5,
                    credit_types = $6, topics = $7, source_url = $8, checked_on = $9, updated_at = $10 WHERE id = $11",
            )
            .bind(name)
            .bind(c.profession)
            .bind(c.board)
            .bind(months)
            .bind(c.hours_required)
            .bind(c.credit_types)
            .bind(c.topics)
            .bind(source.to_string())
            .bind(checked_on.to_string())
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO board_templates (name, profession, board, cycle_months, hours_required, credit_types, topics,
                source_url, checked_on, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(name)
        .bind(c.profession)
        .bind(c.board)
        .bind(months)
        .bind(c.hours_required)
        .bind(c.credit_types)
        .bind(c.topics)
        .bind(source.to_string())
        .bind(checked_on.to_string())
        .bind(at)
        .fetch_one(&mut *tx)
        .await?,
    };
    let after = fetch(&mut tx, saved).await?;
    let json = |t: &Option<BoardTemplate>| serde_json::to_value(t).unwrap_or_default();
    let changes = audit::diff(&json(&before), &json(&after));
    let action = if before.is_some() { "edit" } else { "create" };
    let name = after.as_ref().map(|t| t.name.clone()).unwrap_or_default();
    audit::record(&mut tx, actor, action, "board template", &name, &changes).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn fetch(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Option<BoardTemplate>, HubError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(template).transpose()
}

/// Removes a template; licences started from it keep their figures (and lose the link).
pub async fn delete(pool: &AnyPool, actor: &Actor, id: i64) -> Result<(), HubError> {
    let mut tx = pool.begin().await?;
    let Some(before) = fetch(&mut tx, id).await? else {
        return Err(HubError::NotFound(format!("board template {id}")));
    };
    sqlx::query("DELETE FROM board_templates WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let changes = audit::diff(
        &serde_json::to_value(&before).unwrap_or_default(),
        &serde_json::Value::Null,
    );
    audit::record(&mut tx, actor, "delete", "board template", &before.name, &changes).await?;
    tx.commit().await?;
    Ok(())
}

/// The last day of a cycle that begins on `start` and runs the template's months: the day
/// before the same date that many months on.
pub fn cycle_end(template: &BoardTemplate, start: chrono::NaiveDate) -> chrono::NaiveDate {
    start
        .checked_add_months(chrono::Months::new(template.cycle_months.clamp(1, 120) as u32))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_two_year_cycle_ends_the_day_before_its_anniversary() {
        let t = app::model::credits::BoardTemplate {
            id: 1,
            name: "n".into(),
            profession: "nurse".into(),
            board: "b".into(),
            cycle_months: 24,
            hours_required: 30.0,
            credit_types: vec![2],
            topics: vec![],
            source_url: "https://example.org".into(),
            checked_on: "2026-01-01".into(),
        };
        let end = super::cycle_end(&t, chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(end.to_string(), "2028-02-29");
    }
}
