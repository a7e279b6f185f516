//! What a learner's weekly digest follows: topics and kinds they choose on `/account`, and,
//! without choosing, what their collections hold and what their teams follow.

use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use app::model::{DigestFollows, Followed, Kind as ResourceKind};
use sqlx::AnyPool;

/// The most topics and kinds one learner follows: a digest, not the whole catalog.
pub const MAX_FOLLOWS: i64 = 40;

/// A topic's longest spelling the form accepts (the catalog's own are far shorter).
const MAX_TOPIC_CHARS: usize = 120;

fn label(facet: &str, value: &str) -> String {
    match facet {
        "kind" => ResourceKind::parse(value)
            .map_or(value, |k| k.plural_label())
            .to_string(),
        _ => value.to_string(),
    }
}

/// What the learner follows, and what they could follow next.
pub async fn get(pool: &AnyPool, who: AccountId) -> Result<DigestFollows, HubError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT facet, value FROM digest_follows WHERE account_id = $1 ORDER BY facet DESC, value")
            .bind(who.0)
            .fetch_all(pool)
            .await?;
    let follows: Vec<Followed> = rows
        .iter()
        .map(|(facet, value)| Followed {
            facet: facet.clone(),
            value: value.clone(),
            label: label(facet, value),
        })
        .collect();
    let followed = |facet: &str, value: &str| rows.iter().any(|(f, v)| f == facet && v == value);
    let topics: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT t.term FROM resource_terms t JOIN resources r ON r.id = t.resource_id
         WHERE t.vocabulary = 'topic' AND r.status = 'published' AND r.deleted_at IS NULL ORDER BY t.term",
    )
    .fetch_all(pool)
    .await?;
    let (collections, teams): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(DISTINCT c.id) FROM collections c JOIN collection_entries e ON e.collection_id = c.id
                 WHERE c.owner_id = $1),
                (SELECT COUNT(*) FROM teams WHERE champion_id = $1)
              + (SELECT COUNT(*) FROM team_members WHERE account_id = $1)",
    )
    .bind(who.0)
    .fetch_one(pool)
    .await?;
    Ok(DigestFollows {
        topics: topics.into_iter().filter(|t| !followed("topic", t)).collect(),
        kinds: ResourceKind::ALL
            .iter()
            .filter(|k| !followed("kind", k.as_str()))
            .map(|k| (k.as_str().to_string(), k.plural_label().to_string()))
            .collect(),
        follows,
        collections,
        teams,
    })
}

/// Follows (`follow`) or stops following a topic or a kind. A topic must be one the catalog
/// uses (matched without regard to case, kept as the catalog spells it); a kind one of the
/// eight. Anything else is refused, and nothing changes.
pub async fn set(pool: &AnyPool, who: AccountId, facet: &str, value: &str, follow: bool) -> Result<Followed, HubError> {
    let value = value.trim();
    let refuse = |param: &str, reason: String| HubError::BadRequest {
        param: param.into(),
        reason,
    };
    let value = match facet {
        "kind" => ResourceKind::parse(value)
            .ok_or_else(|| {
                refuse(
                    "value",
                    format!(
                        "\"{}\" is not a kind of resource: choose one from the list",
                        shown(value)
                    ),
                )
            })?
            .as_str()
            .to_string(),
        "topic" => {
            if value.is_empty() {
                return Err(refuse("value", "choose a topic to follow".into()));
            }
            if value.chars().count() > MAX_TOPIC_CHARS {
                return Err(refuse(
                    "value",
                    format!("a topic is at most {MAX_TOPIC_CHARS} characters"),
                ));
            }
            let known: Option<String> = sqlx::query_scalar(
                "SELECT t.term FROM resource_terms t JOIN resources r ON r.id = t.resource_id
                 WHERE t.vocabulary = 'topic' AND LOWER(t.term) = LOWER($1)
                   AND r.status = 'published' AND r.deleted_at IS NULL LIMIT 1",
            )
            .bind(value.to_string())
            .fetch_optional(pool)
            .await?;
            match (known, follow) {
                (Some(term), _) => term,
                // A topic that left the catalog can still be unfollowed.
                (None, false) => value.to_string(),
                (None, true) => {
                    return Err(refuse(
                        "value",
                        format!(
                            "no resource in the catalog has the topic \"{}\": choose one from the list",
                            shown(value)
                        ),
                    ))
                }
            }
        }
        other => return Err(refuse("facet", format!("\"{}\" is not topic or kind", shown(other)))),
    };
    if follow {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM digest_follows WHERE account_id = $1")
            .bind(who.0)
            .fetch_one(pool)
            .await?;
        if count >= MAX_FOLLOWS {
            return Err(HubError::Conflict(format!(
                "you follow {count} topics and kinds, the most a digest holds: stop following one first"
            )));
        }
        sqlx::query(
            "INSERT INTO digest_follows (account_id, facet, value, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (account_id, facet, value) DO NOTHING",
        )
        .bind(who.0)
        .bind(facet.to_string())
        .bind(value.clone())
        .bind(now())
        .execute(pool)
        .await?;
    } else {
        sqlx::query("DELETE FROM digest_follows WHERE account_id = $1 AND facet = $2 AND value = $3")
            .bind(who.0)
            .bind(facet.to_string())
            .bind(value.clone())
            .execute(pool)
            .await?;
    }
    Ok(Followed {
        label: label(facet, &value),
        facet: facet.to_string(),
        value,
    })
}

/// A refused value as a message quotes it: short, on one line.
fn shown(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).take(60).collect()
}
