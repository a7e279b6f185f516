//! Activities a learner took elsewhere, on their word: title, provider, the day they finished,
//! the credit type and amount, the catalog topics it covered, and the certificate's file.
//! Only the learner lists, changes or downloads them; to anyone else one is not there (404).

use super::files::{self, FileStore};
use super::{amount, date, line, refuse, split_terms};
use crate::db::now;
use crate::error::HubError;
use app::model::credits::{OutsideActivity, StoredFile};
use sqlx::AnyPool;

/// The most outside activities one learner records.
pub const MAX_ACTIVITIES: i64 = 500;

/// The most topics one activity counts toward.
const MAX_TOPICS: usize = 10;

pub use app::model::credits::OutsideInput as OutsideForm;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    provider: String,
    completed_on: String,
    credit_type_id: i64,
    credit_name: String,
    amount: f64,
    topics: String,
    file_name: Option<String>,
    file_type: Option<String>,
    file_bytes: Option<i64>,
}

pub async fn list(pool: &AnyPool, who: i64) -> Result<Vec<OutsideActivity>, HubError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.id, o.title, o.provider, o.completed_on, o.credit_type_id, t.name AS credit_name, o.amount, o.topics,
                o.file_name, o.file_type, o.file_bytes
         FROM outside_activities o JOIN credit_types t ON t.id = o.credit_type_id
         WHERE o.account_id = $1 ORDER BY o.completed_on DESC, o.id DESC",
    )
    .bind(who)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutsideActivity {
            id: r.id,
            title: r.title,
            provider: r.provider,
            completed_on: r.completed_on,
            credit_type: r.credit_type_id,
            credit_name: r.credit_name,
            amount: r.amount,
            topics: split_terms(&r.topics),
            file: match (r.file_name, r.file_type, r.file_bytes) {
                (Some(name), Some(media_type), Some(bytes)) => Some(StoredFile {
                    name,
                    media_type,
                    bytes,
                }),
                _ => None,
            },
        })
        .collect())
}

/// Records an activity; its id. Nothing is saved when anything is refused.
pub async fn add(pool: &AnyPool, who: i64, form: &OutsideForm) -> Result<i64, HubError> {
    let mut problems = Vec::new();
    let title = line(&form.title, "title", "the activity's title", 300)
        .map_err(|p| problems.push(p))
        .ok();
    let provider = line(&form.provider, "provider", "who provided it", 200)
        .map_err(|p| problems.push(p))
        .ok();
    let completed_on = date(&form.completed_on, "completed_on", "the day you finished it")
        .map_err(|p| problems.push(p))
        .ok();
    if completed_on.is_some_and(|d| d > chrono::Utc::now().date_naive() + chrono::Days::new(1)) {
        problems.push((
            "completed_on".into(),
            "the day you finished it cannot be in the future".into(),
        ));
    }
    let credit_type: Option<i64> = match form.credit_type.trim().parse::<i64>() {
        Ok(id) => {
            sqlx::query_scalar("SELECT id FROM credit_types WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }
        Err(_) => None,
    };
    if credit_type.is_none() {
        problems.push(("credit_type".into(), "choose the credit type from the list".into()));
    }
    let amount = amount(&form.amount, "amount", "the credit awarded", false)
        .map_err(|p| problems.push(p))
        .ok();
    let catalog = super::rule::catalog_topics(pool).await?;
    let mut topics: Vec<String> = Vec::new();
    // A form shows each topic once; a post naming more than the catalog could hold is not one.
    let named = if form.topics.len() > 10 * MAX_TOPICS {
        &form.topics[..0]
    } else {
        &form.topics[..]
    };
    if named.len() < form.topics.len() {
        problems.push(("topics".into(), format!("choose at most {MAX_TOPICS} topics")));
    }
    for topic in named {
        let topic = topic.trim().to_lowercase();
        if topic.is_empty() {
            continue;
        }
        match catalog.iter().find(|t| t.to_lowercase() == topic) {
            Some(term) if !topics.contains(term) => topics.push(term.clone()),
            Some(_) => {}
            None => {
                problems.push(("topics".into(), format!("“{topic}” is not one of the catalog's topics")));
                break;
            }
        }
    }
    if topics.len() > MAX_TOPICS {
        problems.push(("topics".into(), format!("choose at most {MAX_TOPICS} topics")));
    }
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outside_activities WHERE account_id = $1")
        .bind(who)
        .fetch_one(pool)
        .await?;
    if held >= MAX_ACTIVITIES {
        problems.push((
            "title".into(),
            format!("keep to {MAX_ACTIVITIES} activities from elsewhere: remove an old one first"),
        ));
    }
    refuse(problems)?;
    let (Some(title), Some(provider), Some(completed_on), Some(credit_type), Some(amount)) =
        (title, provider, completed_on, credit_type, amount)
    else {
        return Err(HubError::Corrupt("a refused activity was not refused".into()));
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO outside_activities (account_id, title, provider, completed_on, credit_type_id, amount, topics, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(who)
    .bind(title)
    .bind(provider)
    .bind(completed_on.to_string())
    .bind(credit_type)
    .bind(amount)
    .bind(topics.join(","))
    .bind(now())
    .fetch_one(pool)
    .await?)
}

async fn owned(pool: &AnyPool, who: i64, activity: i64) -> Result<(), HubError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM outside_activities WHERE id = $1 AND account_id = $2")
        .bind(activity)
        .bind(who)
        .fetch_optional(pool)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| HubError::NotFound(format!("activity {activity}")))
}

/// Removes an activity and, with it, its file.
pub async fn delete(pool: &AnyPool, store: &dyn FileStore, who: i64, activity: i64) -> Result<(), HubError> {
    owned(pool, who, activity).await?;
    sqlx::query("DELETE FROM outside_activities WHERE id = $1 AND account_id = $2")
        .bind(activity)
        .bind(who)
        .execute(pool)
        .await?;
    sweep_now(pool, store).await;
    Ok(())
}

/// Removes what is due now; a failure leaves it queued for the hourly sweep (what the learner
/// asked for is done either way).
async fn sweep_now(pool: &AnyPool, store: &dyn FileStore) {
    if let Err(e) = files::sweep(pool, store).await {
        tracing::warn!(error = %e, "a removed certificate's file stays until the next sweep");
    }
}

/// Attaches a certificate file (replacing any before it): checked whole before anything is kept.
pub async fn attach(
    pool: &AnyPool,
    store: &dyn FileStore,
    who: i64,
    activity: i64,
    name: &str,
    bytes: Vec<u8>,
) -> Result<StoredFile, HubError> {
    owned(pool, who, activity).await?;
    let accepted = files::accept(name, &bytes)?;
    let key = crate::secret::token();
    let size = bytes.len() as i64;
    // Queued before it exists, so a crash from here on leaves nothing the sweep misses.
    files::queue(pool, &key, chrono::Duration::hours(1)).await?;
    store.put(&key, bytes).await?;
    let mut tx = pool.begin().await?;
    let saved = sqlx::query(
        "UPDATE outside_activities SET file_key = $1, file_name = $2, file_type = $3, file_bytes = $4
         WHERE id = $5 AND account_id = $6",
    )
    .bind(key.clone())
    .bind(accepted.name.clone())
    .bind(accepted.media_type)
    .bind(size)
    .bind(activity)
    .bind(who)
    .execute(&mut *tx)
    .await?;
    if saved.rows_affected() != 1 {
        // Removed meanwhile: the file is nobody's, and stays queued.
        return Err(HubError::NotFound(format!("activity {activity}")));
    }
    sqlx::query("DELETE FROM stored_file_removals WHERE file_key = $1")
        .bind(key)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    // The file it replaced, queued by the trigger, goes now.
    sweep_now(pool, store).await;
    Ok(StoredFile {
        name: accepted.name,
        media_type: accepted.media_type.to_string(),
        bytes: size,
    })
}

/// The activity's file for its owner: (name, media type, bytes); 404 for anyone else or none.
pub async fn file(
    pool: &AnyPool,
    store: &dyn FileStore,
    who: i64,
    activity: i64,
) -> Result<(String, String, Vec<u8>), HubError> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT file_key, file_name, file_type FROM outside_activities WHERE id = $1 AND account_id = $2",
    )
    .bind(activity)
    .bind(who)
    .fetch_optional(pool)
    .await?;
    let gone = || HubError::NotFound(format!("activity {activity}'s file"));
    let Some((Some(key), Some(name), Some(media_type))) = row else {
        return Err(gone());
    };
    let bytes = store.get(&key).await?.ok_or_else(gone)?;
    Ok((name, media_type, bytes))
}
