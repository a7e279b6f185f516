//! A nudge about unfinished learning: when a learner has left a module series or a quiz
//! unfinished and recorded nothing for two weeks, one message lists what waits for them. One
//! nudge per quiet stretch (its key is derived from the last thing they recorded), sent in the
//! daytime of their time zone, and only in the fortnight after the two weeks: someone gone for
//! months does not hear from the hub the day this ships.

use crate::accounts::AccountId;
use crate::error::HubError;
use crate::mail::{outbox, Kind, Letter, MailSettings};
use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;
use sqlx::AnyPool;

/// How long a learner has recorded nothing before the nudge.
pub const IDLE: Duration = Duration::days(14);
/// After this much quiet, no nudge (the window closes).
const TOO_LONG: Duration = Duration::days(28);
/// The local hours in which a nudge may go (from 9:00 to before 20:00).
const DAYTIME: std::ops::Range<u32> = 9..20;
/// The most unfinished things one nudge lists.
const MOST_LISTED: usize = 5;

#[derive(sqlx::FromRow)]
struct Quiet {
    id: i64,
    email: String,
    name: String,
    time_zone: Option<String>,
    last: String,
}

/// Something waiting: a title, where it is, and a line about it.
struct Waiting {
    title: String,
    path: String,
    detail: String,
}

/// Queues every nudge due at `now` that is not queued yet; how many.
pub async fn queue_due(pool: &AnyPool, mail: &MailSettings, now: DateTime<Utc>) -> Result<usize, HubError> {
    let stamp = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    // Each learner's last record: a unit's step or a quiz attempt.
    let quiet: Vec<Quiet> = sqlx::query_as(
        "SELECT a.id, a.email, a.name, a.time_zone, l.last FROM accounts a
         JOIN (SELECT account_id, MAX(at) AS last FROM (
                 SELECT account_id, updated_at AS at FROM progress
                 UNION ALL SELECT account_id, submitted_at AS at FROM quiz_attempts) x
               GROUP BY account_id) l ON l.account_id = a.id
         WHERE a.disabled_at IS NULL AND a.email_confirmed_at IS NOT NULL
           AND l.last <= $1 AND l.last > $2
           AND NOT EXISTS (SELECT 1 FROM mail_optouts o WHERE o.address = a.email AND o.kind = 'unfinished')
         ORDER BY a.id",
    )
    .bind(stamp(now - IDLE))
    .bind(stamp(now - TOO_LONG))
    .fetch_all(pool)
    .await?;
    let settled = outbox::settled(pool, Kind::Unfinished.as_str(), now - TOO_LONG).await?;
    let mut queued = 0;
    for q in quiet {
        let zone: Tz = q.time_zone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(Tz::UTC);
        if !DAYTIME.contains(&now.with_timezone(&zone).hour()) {
            continue;
        }
        let key = crate::secret::digest(&format!("unfinished:{}:{}", q.id, q.last))[..32].to_string();
        if settled.contains(&key) {
            continue;
        }
        let waiting = waiting(pool, AccountId(q.id)).await?;
        if waiting.is_empty() {
            outbox::looked(pool, &key).await?;
            continue;
        }
        let letter = letter(mail, &q, &waiting);
        let mut conn = pool.acquire().await?;
        match outbox::queue_keyed(&mut conn, mail, &letter, Some(q.id), &key).await {
            Ok(Some(_)) => queued += 1,
            Ok(None) => {}
            Err(HubError::BadRequest { reason, .. }) => tracing::warn!(%reason, "a nudge could not be written"),
            Err(e) => return Err(e),
        }
    }
    if queued > 0 {
        outbox::wake(mail);
    }
    Ok(queued)
}

/// What the learner left unfinished: quizzes tried and not passed, then module series started
/// and not complete (by the share of their live modules), most recent first.
async fn waiting(pool: &AnyPool, who: AccountId) -> Result<Vec<Waiting>, HubError> {
    let quizzes: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT r.slug, r.title, i.slug, i.title, MAX(q.score_percent) FROM quiz_attempts q
         JOIN items i ON i.id = q.item_id JOIN resources r ON r.id = i.resource_id
         WHERE q.account_id = $1 AND i.retired_at IS NULL AND r.status = 'published' AND r.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM quiz_attempts p WHERE p.account_id = q.account_id AND p.item_id = q.item_id AND p.passed = 1)
         GROUP BY r.slug, r.title, i.slug, i.title ORDER BY MAX(q.submitted_at) DESC",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    let mut out: Vec<Waiting> = quizzes
        .into_iter()
        .map(|(slug, resource, item, title, best)| Waiting {
            title: format!("{title} (quiz)"),
            path: format!("/resources/{slug}/quiz/{item}"),
            detail: format!("In {resource}. Your best score so far: {best}%."),
        })
        .collect();
    let percents = super::marks::percents(pool, who).await?;
    let series: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.slug, r.title FROM resources r
         WHERE r.kind = 'module_series' AND r.status = 'published' AND r.deleted_at IS NULL
           AND r.id IN (SELECT resource_id FROM progress WHERE account_id = $1)
         ORDER BY (SELECT MAX(updated_at) FROM progress p WHERE p.account_id = $1 AND p.resource_id = r.id) DESC",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    for (slug, title) in series {
        let percent = percents.get(&slug).copied().unwrap_or(0);
        if percent < 100 && !out.iter().any(|w| w.path.starts_with(&format!("/resources/{slug}/"))) {
            out.push(Waiting {
                title,
                path: format!("/resources/{slug}"),
                detail: format!("{percent}% done."),
            });
        }
    }
    Ok(out)
}

fn letter(mail: &MailSettings, q: &Quiet, waiting: &[Waiting]) -> Letter {
    let mut letter = Letter::new(Kind::Unfinished, &q.email, Some(&q.name), "Pick up where you left off")
        .para(format!("Hello {},", q.name))
        .para(if waiting.len() == 1 {
            "It has been two weeks since you last recorded progress on the hub. This is waiting for you:".to_string()
        } else {
            "It has been two weeks since you last recorded progress on the hub. These are waiting for you:".to_string()
        });
    for w in waiting.iter().take(MOST_LISTED) {
        letter = letter.entry(w.title.clone(), mail.link(&w.path), w.detail.clone());
    }
    if waiting.len() > MOST_LISTED {
        letter = letter.para(format!(
            "And {} more on your learning page.",
            waiting.len() - MOST_LISTED
        ));
    }
    letter
        .action("Open my learning", mail.link("/me"))
        .para("You get one of these after two quiet weeks, not more. You can turn them off on your account page.")
}

/// Runs [`queue_due`] every few minutes on this replica.
pub fn spawn(pool: AnyPool, mail: std::sync::Arc<MailSettings>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = queue_due(&pool, &mail, Utc::now()).await {
                tracing::warn!(error = %e, "nudges could not be queued; trying again");
            }
        }
    });
}
