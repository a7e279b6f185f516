//! The synonym list as admins edit it. Saved in the database (so every replica reads the same
//! list) and applied to search at once, without a restart; every save is audited.

use crate::audit::{self, Actor, Change};
use crate::catalog::validate::Problem;
use crate::db::now;
use crate::error::HubError;
use crate::search::synonyms::BUILT_IN;
use crate::search::SearchIndex;
use app::model::admin::SynonymList;
use sqlx::AnyPool;

/// Far more than a curated list needs; a guard against pasting something else by mistake.
pub const MAX_BYTES: usize = 200_000;

/// The list in force: the admins' saved list, or the built-in one until they save theirs.
pub async fn current(pool: &AnyPool) -> Result<SynonymList, HubError> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT body, updated_at FROM synonym_list WHERE id = 1")
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        Some((body, updated_at)) => SynonymList {
            groups: groups(&body),
            body,
            built_in: false,
            updated_at: Some(updated_at),
        },
        None => SynonymList {
            body: BUILT_IN.to_string(),
            built_in: true,
            updated_at: None,
            groups: groups(BUILT_IN),
        },
    })
}

fn definition(line: &str) -> &str {
    line.split('#').next().unwrap_or("").trim()
}

fn groups(body: &str) -> usize {
    body.lines().filter(|l| !definition(l).is_empty()).count()
}

/// Checks the list's lines: each group names at least two phrases (or, one-way, at least one
/// on each side of `=>`). Problems point at `/lines/<n>`, counted from 1 as editors show them.
pub fn check(body: &str) -> Result<usize, HubError> {
    let mut problems = Vec::new();
    if body.len() > MAX_BYTES {
        problems.push(Problem {
            pointer: "".into(),
            message: format!("the list is {} bytes; at most {MAX_BYTES} are accepted", body.len()),
        });
    }
    for (n, line) in body.lines().enumerate() {
        let pointer = format!("/lines/{}", n + 1);
        if line.chars().any(|c| c.is_control() && c != '\t' && c != '\r') {
            problems.push(Problem {
                pointer,
                message: "contains a control character".into(),
            });
            continue;
        }
        let def = definition(line);
        if def.is_empty() {
            continue;
        }
        let phrases = |part: &str| part.split(',').filter(|p| !p.trim().is_empty()).count();
        let message = match def.split_once("=>") {
            Some((_, to)) if to.contains("=>") => Some(format!("\"{def}\" has more than one =>")),
            Some((from, to)) if phrases(from) == 0 || phrases(to) == 0 => {
                Some(format!("\"{def}\" needs a phrase on each side of =>"))
            }
            Some(_) => None,
            None if phrases(def) < 2 => Some(format!(
                "\"{def}\" names one phrase; a group needs two or more, separated by commas"
            )),
            None => None,
        };
        if let Some(message) = message {
            problems.push(Problem { pointer, message });
        }
    }
    if problems.is_empty() {
        Ok(groups(body))
    } else {
        Err(HubError::Invalid(problems))
    }
}

/// Saves the list and applies it to this process's search at once (other replicas follow
/// through their poller).
pub async fn save(pool: &AnyPool, search: &SearchIndex, actor: &Actor, body: &str) -> Result<SynonymList, HubError> {
    let body = body.replace("\r\n", "\n");
    check(&body)?;
    let before = current(pool).await?;
    if before.body == body && !before.built_in {
        return Ok(before);
    }
    let at = now();
    let mut tx = crate::db::begin_write(pool).await?;
    let updated = sqlx::query("UPDATE synonym_list SET body = $1, updated_at = $2 WHERE id = 1")
        .bind(body.clone())
        .bind(at.clone())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        sqlx::query("INSERT INTO synonym_list (id, body, updated_at) VALUES (1, $1, $2)")
            .bind(body.clone())
            .bind(at.clone())
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        actor,
        "edit",
        "synonyms",
        "synonym list",
        &line_changes(&before.body, &body),
    )
    .await?;
    tx.commit().await?;
    search.set_synonyms(&body, Some(at));
    current(pool).await
}

/// The lines a save removed and added, as one change each way.
fn line_changes(before: &str, after: &str) -> Vec<Change> {
    fn lines(text: &str) -> Vec<&str> {
        text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect()
    }
    let (before, after) = (lines(before), lines(after));
    let removed: Vec<&str> = before.iter().filter(|l| !after.contains(l)).copied().collect();
    let added: Vec<&str> = after.iter().filter(|l| !before.contains(l)).copied().collect();
    vec![Change {
        field: "lines".into(),
        before: serde_json::json!(removed),
        after: serde_json::json!(added),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_needs_two_phrases_and_one_way_lines_both_sides() {
        assert_eq!(check("# comment\n\na, b\nx => y, z\n").unwrap(), 2);
        let HubError::Invalid(problems) = check("a, b\nlonely\n=> y\nx =>\na => b => c\n").unwrap_err() else {
            panic!("expected problems")
        };
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/lines/2", "/lines/3", "/lines/4", "/lines/5"]);
    }

    #[test]
    fn the_built_in_list_passes_its_own_check() {
        assert!(check(BUILT_IN).is_ok());
    }
}
