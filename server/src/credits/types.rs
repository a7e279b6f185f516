//! The credit types the hub counts in. Providers write a type many ways ("AMA PRA Category 1
//! Credit(s)™", "AMA PRA Category 1 Credits"); a catalog credit counts as the type whose name or
//! spelling reads the same once case, punctuation, trademark signs and plurals are set aside.
//! The catalog itself keeps the provider's words.

use super::{line, refuse};
use crate::audit::{self, Actor};
use crate::db::now;
use crate::error::HubError;
use app::model::credits::{CreditType, PROFESSIONS};
use sqlx::AnyPool;
use std::collections::HashMap;

pub async fn list(pool: &AnyPool) -> Result<Vec<CreditType>, HubError> {
    let rows: Vec<(i64, String, String, String, String)> =
        sqlx::query_as("SELECT id, name, unit, professions, spellings FROM credit_types ORDER BY name")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, unit, professions, spellings)| CreditType {
            id,
            name,
            unit,
            professions: super::split_terms(&professions),
            spellings: spellings
                .lines()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        })
        .collect())
}

/// "AMA PRA Category 1 Credit(s)™" and "ama pra category 1 credits" both read
/// "ama pra category 1 credit".
pub fn normalize(text: &str) -> String {
    let text = text.to_lowercase().replace("(s)", "");
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if w.len() > 3 && !stem.ends_with('s') => stem.to_string(),
            _ => w.to_string(),
        })
        .collect();
    words.join(" ")
}

/// Which credit type a provider's words name.
pub struct Matcher(HashMap<String, i64>);

impl Matcher {
    pub fn new(types: &[CreditType]) -> Matcher {
        let mut names = HashMap::new();
        for t in types {
            for spelling in std::iter::once(&t.name).chain(&t.spellings) {
                names.entry(normalize(spelling)).or_insert(t.id);
            }
        }
        Matcher(names)
    }

    pub fn find(&self, words: &str) -> Option<i64> {
        self.0.get(&normalize(words)).copied()
    }
}

pub use app::model::credits::CreditTypeInput as NewCreditType;

/// Adds a credit type (admins); its id. A name or spelling that reads as an existing type's is
/// refused, since a catalog credit must count as one type only.
pub async fn add(pool: &AnyPool, actor: &Actor, new: NewCreditType) -> Result<i64, HubError> {
    let mut problems = Vec::new();
    let name = line(&new.name, "name", "the credit type's name", 120)
        .map_err(|p| problems.push(p))
        .ok();
    let unit = line(&new.unit, "unit", "the unit (credits, contact hours, points)", 40)
        .map_err(|p| problems.push(p))
        .ok();
    let professions: Vec<String> = new.professions.iter().map(|p| p.trim().to_string()).collect();
    if professions.is_empty() {
        problems.push(("professions".into(), "choose at least one profession it serves".into()));
    } else if let Some(bad) = professions.iter().find(|p| !PROFESSIONS.iter().any(|(c, _)| c == p)) {
        problems.push((
            "professions".into(),
            format!("“{bad}” is not a profession the hub knows"),
        ));
    }
    let spellings: Vec<String> = new
        .spellings
        .lines()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if spellings.len() > 20 || spellings.iter().any(|s| s.chars().count() > 120) {
        problems.push((
            "spellings".into(),
            "keep to 20 spellings of at most 120 characters".into(),
        ));
    }
    if let Some(name) = &name {
        let existing = Matcher::new(&list(pool).await?);
        for spelling in std::iter::once(name).chain(&spellings) {
            if existing.find(spelling).is_some() {
                problems.push((
                    if spelling == name { "name" } else { "spellings" }.into(),
                    format!("“{spelling}” reads as a credit type the hub already has"),
                ));
                break;
            }
        }
    }
    refuse(problems)?;
    let (Some(name), Some(unit)) = (name, unit) else {
        return Err(HubError::Corrupt("a refused credit type was not refused".into()));
    };
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO credit_types (name, unit, professions, spellings, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name.clone())
    .bind(unit.clone())
    .bind(professions.join(","))
    .bind(spellings.join("\n"))
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({"name": name, "unit": unit, "professions": professions, "spellings": spellings});
    audit::record(
        &mut tx,
        actor,
        "create",
        "credit type",
        &name,
        &audit::diff(&serde_json::Value::Null, &after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_providers_spelling_reads_as_the_type() {
        assert_eq!(normalize("AMA PRA Category 1 Credit(s)™"), "ama pra category 1 credit");
        assert_eq!(normalize("AMA PRA Category 1 Credits"), "ama pra category 1 credit");
        assert_eq!(normalize("ANCC Contact Hours"), "ancc contact hour");
        // "ss" is not a plural, nor are short words.
        assert_eq!(normalize("Class AS"), "class as");
        let m = Matcher::new(&[CreditType {
            id: 1,
            name: "AMA PRA Category 1 Credit™".into(),
            unit: "credits".into(),
            professions: vec!["physician".into()],
            spellings: vec![],
        }]);
        assert_eq!(m.find("AMA PRA Category 1 Credit(s)™"), Some(1));
        assert_eq!(m.find("AMA PRA Category 2 Credit"), None);
    }
}
