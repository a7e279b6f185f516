//! A renewal rule's figures, as a licence and a board template both hold them: profession,
//! board, cycle, hours in total and by catalog topic, and the credit types that count. Checked
//! here once for both.

use super::{amount, date, line};
use crate::error::HubError;
use app::model::credits::{LicenceInput, TopicRequirement, PROFESSIONS};
use sqlx::AnyPool;

/// The most topic requirements on one rule.
pub const MAX_TOPICS: usize = 10;

/// The longest cycle the hub accepts: no board's is longer than a decade.
const MAX_CYCLE_DAYS: i64 = 3660;

/// The catalog's topics in use (published resources), for requirements to name.
pub async fn catalog_topics(pool: &AnyPool) -> Result<Vec<String>, HubError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT t.term FROM resource_terms t JOIN resources r ON r.id = t.resource_id
         WHERE t.vocabulary = 'topic' AND r.status = 'published' AND r.deleted_at IS NULL ORDER BY t.term",
    )
    .fetch_all(pool)
    .await?)
}

/// What a valid form stores.
pub(crate) struct Checked {
    pub profession: String,
    pub board: String,
    pub number: Option<String>,
    pub cycle_start: String,
    pub cycle_end: String,
    pub hours_required: f64,
    pub credit_types: String,
    pub topics: String,
}

/// Checks a licence form (or a template's same fields): every problem at once.
pub(crate) async fn check(
    pool: &AnyPool,
    form: &LicenceInput,
    problems: &mut Vec<(String, String)>,
) -> Result<Option<Checked>, HubError> {
    let profession = form.profession.trim();
    if !PROFESSIONS.iter().any(|(code, _)| *code == profession) {
        problems.push(("profession".into(), "choose a profession".into()));
    }
    let board = line(&form.board, "board", "the board or state that issued it", 200)
        .map_err(|p| problems.push(p))
        .ok();
    let number = form.number.trim();
    if number.chars().count() > 60 || number.chars().any(char::is_control) {
        problems.push(("number".into(), "keep the number to 60 characters on one line".into()));
    }
    let start = date(&form.cycle_start, "cycle_start", "the day the cycle began")
        .map_err(|p| problems.push(p))
        .ok();
    let end = date(&form.cycle_end, "cycle_end", "the cycle's last day")
        .map_err(|p| problems.push(p))
        .ok();
    if let (Some(start), Some(end)) = (start, end) {
        if end <= start {
            problems.push((
                "cycle_end".into(),
                "make the cycle's last day later than its first".into(),
            ));
        } else if (end - start).num_days() > MAX_CYCLE_DAYS {
            problems.push(("cycle_end".into(), "keep the cycle to ten years at most".into()));
        }
    }
    let hours = amount(
        &form.hours_required,
        "hours_required",
        "the hours the cycle requires",
        true,
    )
    .map_err(|p| problems.push(p))
    .ok();
    let known: Vec<i64> = sqlx::query_scalar("SELECT id FROM credit_types")
        .fetch_all(pool)
        .await?;
    let mut credit_types: Vec<i64> = form.credit_types.clone();
    credit_types.sort_unstable();
    credit_types.dedup();
    if credit_types.is_empty() {
        problems.push((
            "credit_types".into(),
            "choose at least one credit type that counts".into(),
        ));
    } else if credit_types.iter().any(|id| !known.contains(id)) {
        problems.push(("credit_types".into(), "choose credit types from the list".into()));
    }
    let catalog = catalog_topics(pool).await?;
    let mut topics: Vec<TopicRequirement> = Vec::new();
    for (n, (topic, label, hours)) in form.topics.iter().enumerate() {
        if topic.trim().is_empty() && label.trim().is_empty() && hours.trim().is_empty() {
            continue;
        }
        let field = |name: &str| format!("topics[{n}].{name}");
        let topic = topic.trim().to_lowercase();
        let matched = catalog.iter().find(|t| t.to_lowercase() == topic);
        let Some(term) = matched else {
            problems.push((
                field("topic"),
                format!("choose requirement {}'s topic from the catalog's topics", n + 1),
            ));
            continue;
        };
        if topics.iter().any(|t| &t.topic == term) {
            problems.push((field("topic"), format!("“{term}” is required twice: give it one row")));
            continue;
        }
        let words = if label.trim().is_empty() {
            app::model::term_label(term)
        } else {
            match line(label, &field("label"), "the requirement's words", 120) {
                Ok(words) => words,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            }
        };
        match amount(hours, &field("hours"), &format!("requirement {}'s hours", n + 1), false) {
            Ok(hours) => topics.push(TopicRequirement {
                topic: term.clone(),
                label: words,
                hours,
            }),
            Err(p) => problems.push(p),
        }
    }
    if topics.len() > MAX_TOPICS {
        problems.push(("topics".into(), format!("keep to {MAX_TOPICS} topic requirements")));
    }
    if !problems.is_empty() {
        return Ok(None);
    }
    let (Some(board), Some(start), Some(end), Some(hours)) = (board, start, end, hours) else {
        return Ok(None);
    };
    Ok(Some(Checked {
        profession: profession.to_string(),
        board,
        number: (!number.is_empty()).then(|| number.to_string()),
        cycle_start: start.to_string(),
        cycle_end: end.to_string(),
        hours_required: hours,
        credit_types: super::join_ids(&credit_types),
        topics: serde_json::to_string(&topics).map_err(|e| HubError::Corrupt(e.to_string()))?,
    }))
}
