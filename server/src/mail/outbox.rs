//! The outbox table: messages waiting, sent, or given up on. A message is queued in the
//! transaction of what caused it (the reset token with its mail, or neither), so nothing a
//! committed change promised is lost, and a rolled-back change sends nothing.
//!
//! Each row's key is its idempotency key: the Message-ID and the `.eml` file's name. A try is
//! written down before the message leaves, so a process killed mid-send tries again later with
//! the same bytes, never a second message of its own.

use super::letter::Letter;
use super::MailSettings;
use crate::db::now;
use crate::error::HubError;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{AnyConnection, AnyPool};
use std::time::Duration;

/// Tries before a message is given up on (and shown to admins as failed); with the backoff
/// below, about a day and a half.
pub const MOST_TRIES: i64 = 16;
/// The longest wait between two tries.
const LONGEST_WAIT: Duration = Duration::from_secs(6 * 3600);

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// How long to wait after the `tries`th failed try: `first`, doubled each time, at most six hours.
pub fn backoff(first: Duration, tries: i64) -> Duration {
    let doublings = (tries.max(1) - 1).min(20) as u32;
    first.saturating_mul(2u32.saturating_pow(doublings)).min(LONGEST_WAIT)
}

/// Queues `letter` on `conn` (the caller's transaction); returns its key, or None when its
/// recipient turned its kind off.
pub async fn queue(
    conn: &mut AnyConnection,
    settings: &MailSettings,
    letter: &Letter,
    account: Option<i64>,
) -> Result<Option<String>, HubError> {
    queue_keyed(conn, settings, letter, account, &crate::secret::token()).await
}

/// [`queue`] under a key the caller derives from what the message is about (a reminder of one
/// session to one person), so that every replica, on every run, queues it once: queueing the
/// same key again changes nothing. Returns the key when this call queued it.
pub async fn queue_keyed(
    conn: &mut AnyConnection,
    settings: &MailSettings,
    letter: &Letter,
    account: Option<i64>,
    key: &str,
) -> Result<Option<String>, HubError> {
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE message_key = $1")
        .bind(key.to_string())
        .fetch_one(&mut *conn)
        .await?;
    if exists > 0 {
        return Ok(None);
    }
    let mut unsubscribe = None;
    if letter.kind.optional() {
        if super::unsubscribe::is_off(conn, &letter.to, letter.kind).await? {
            return Ok(None);
        }
        let token = super::unsubscribe::new_link(conn, &letter.to, letter.kind).await?;
        unsubscribe = Some(settings.link(&format!("/unsubscribe?token={token}")));
    }
    let formatted = letter.format(settings, key, unsubscribe.as_deref())?;
    let queued = sqlx::query(
        "INSERT INTO outbox (message_key, kind, account_id, recipient, subject, message, text_body, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (message_key) DO NOTHING",
    )
    .bind(key.to_string())
    .bind(letter.kind.as_str())
    .bind(account)
    .bind(letter.to.clone())
    .bind(letter.subject.clone())
    .bind(formatted.message)
    .bind(formatted.text)
    .bind(now())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok((queued == 1).then(|| key.to_string()))
}

/// Remembers that the scheduled message `key` was looked for and had nothing to say, so later
/// looks skip it. (Looking again would find the same: a digest's week and a nudge's quiet
/// stretch are over when they are looked at.)
pub async fn looked(pool: &AnyPool, key: &str) -> Result<(), HubError> {
    sqlx::query(
        "INSERT INTO mail_looked (message_key, looked_at) VALUES ($1, $2) ON CONFLICT (message_key) DO NOTHING",
    )
    .bind(key.to_string())
    .bind(now())
    .execute(pool)
    .await?;
    Ok(())
}

/// Of `keys`, those queued or looked at already.
pub async fn settled(
    pool: &AnyPool,
    kind: &str,
    since: DateTime<Utc>,
) -> Result<std::collections::HashSet<String>, HubError> {
    let mut keys: std::collections::HashSet<String> =
        sqlx::query_scalar("SELECT message_key FROM outbox WHERE kind = $1 AND created_at >= $2")
            .bind(kind.to_string())
            .bind(stamp(since))
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let looked: Vec<String> = sqlx::query_scalar("SELECT message_key FROM mail_looked WHERE looked_at >= $1")
        .bind(stamp(since))
        .fetch_all(pool)
        .await?;
    keys.extend(looked);
    Ok(keys)
}

/// Tells this replica's sender to look now (others look on their own within seconds). Call it
/// once the transaction that queued the message has committed.
pub fn wake(settings: &MailSettings) {
    settings.wake.notify_one();
}

/// A message due to be tried.
#[derive(Debug, sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub message_key: String,
    pub recipient: String,
    pub message: String,
    pub attempts: i64,
}

/// Messages due now, oldest first.
pub async fn due(pool: &AnyPool, most: i64) -> Result<Vec<Due>, HubError> {
    Ok(sqlx::query_as(
        "SELECT id, message_key, recipient, message, attempts FROM outbox
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(now())
    .bind(most)
    .fetch_all(pool)
    .await?)
}

/// Writes down a try before it starts: should the process die mid-send, the message is tried
/// again once `retry_after` has passed, not at once in a loop.
pub async fn trying(pool: &AnyPool, id: i64, tries: i64, retry_after: Duration) -> Result<(), HubError> {
    let next = Utc::now() + chrono::Duration::from_std(retry_after).unwrap_or(chrono::Duration::hours(1));
    sqlx::query("UPDATE outbox SET attempts = $1, next_attempt_at = $2 WHERE id = $3 AND sent_at IS NULL")
        .bind(tries)
        .bind(stamp(next))
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A message that left. Through a relay, its copy loses its links' tokens (the bytes are not
/// needed again, and a backup or an admin should not hold a live reset link).
pub async fn sent(pool: &AnyPool, id: i64, relay: bool) -> Result<(), HubError> {
    if relay {
        let text: Option<String> = sqlx::query_scalar("SELECT text_body FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
        sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL, message = '', text_body = $3 WHERE id = $2")
            .bind(now())
            .bind(id)
            .bind(without_tokens(&text.unwrap_or_default()))
            .execute(pool)
            .await?;
    } else {
        sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// `text` with every link's token hidden (`token=` and 32 hex digits).
pub fn without_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("token=") {
        let (before, after) = rest.split_at(at + "token=".len());
        out.push_str(before);
        let hex = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex >= 32 {
            out.push_str("(hidden)");
            rest = &after[hex..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A failed try: kept for admins; `give_up` when no try is left or the server refused the
/// message for good.
pub async fn failed(pool: &AnyPool, id: i64, error: &str, give_up: bool) -> Result<(), HubError> {
    let error: String = error.chars().take(500).collect();
    sqlx::query("UPDATE outbox SET last_error = $1, failed_at = $2 WHERE id = $3")
        .bind(error)
        .bind(give_up.then(now))
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A message as admins see it in the outbox.
#[derive(Debug, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub created_at: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
    pub failed_at: Option<String>,
}

/// The newest messages first; `to` narrows them to one recipient's.
pub async fn recent(pool: &AnyPool, to: Option<&str>, most: i64) -> Result<Vec<Row>, HubError> {
    let to = to.map(|t| t.trim().to_lowercase()).unwrap_or_default();
    Ok(sqlx::query_as(
        "SELECT id, kind, recipient, subject, text_body, created_at, attempts, next_attempt_at, last_error, sent_at, failed_at
         FROM outbox WHERE ($1 = '' OR recipient = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(to)
    .bind(most)
    .fetch_all(pool)
    .await?)
}

/// Counts for the admin page's summary: waiting, given up on.
pub async fn counts(pool: &AnyPool) -> Result<(i64, i64), HubError> {
    let (waiting, failed): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM outbox",
    )
    .fetch_one(pool)
    .await?;
    Ok((waiting, failed))
}

/// How long a sent or given-up message stays in the outbox (admins read recent mail there; a
/// scheduled message's key is needed only for days).
pub const KEPT_FOR: chrono::Duration = chrono::Duration::days(90);
/// How long an unsubscribe link keeps working: people unsubscribe from old messages too.
pub const LINKS_KEPT_FOR: chrono::Duration = chrono::Duration::days(400);

/// Forgets messages sent or given up on more than [`KEPT_FOR`] ago, and unsubscribe links
/// older than [`LINKS_KEPT_FOR`] (an opt-out itself is kept for good). How many rows went.
pub async fn prune(pool: &AnyPool, now: DateTime<Utc>) -> Result<u64, HubError> {
    let before = stamp(now - KEPT_FOR);
    let messages = sqlx::query("DELETE FROM outbox WHERE sent_at < $1 OR failed_at < $1")
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected();
    let looks = sqlx::query("DELETE FROM mail_looked WHERE looked_at < $1")
        .bind(stamp(now - KEPT_FOR))
        .execute(pool)
        .await?
        .rows_affected();
    let links = sqlx::query("DELETE FROM unsubscribe_links WHERE created_at < $1")
        .bind(stamp(now - LINKS_KEPT_FOR))
        .execute(pool)
        .await?
        .rows_affected();
    Ok(messages + looks + links)
}

/// Runs [`prune`] once a day on this replica (any replica may: deleting twice is harmless).
pub fn spawn_pruning(pool: AnyPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(24 * 3600));
        loop {
            tick.tick().await;
            if let Err(e) = prune(&pool, Utc::now()).await {
                tracing::warn!(error = %e, "old mail could not be pruned");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_hidden_from_copies() {
        let text =
            "Choose:\nhttps://hub.example.org/reset-password?token=0123456789abcdef0123456789abcdef\nor token=abc";
        assert_eq!(
            without_tokens(text),
            "Choose:\nhttps://hub.example.org/reset-password?token=(hidden)\nor token=abc"
        );
    }

    #[test]
    fn backoff_doubles_and_stops_at_six_hours() {
        let first = Duration::from_secs(30);
        assert_eq!(backoff(first, 1), Duration::from_secs(30));
        assert_eq!(backoff(first, 2), Duration::from_secs(60));
        assert_eq!(backoff(first, 4), Duration::from_secs(240));
        assert_eq!(backoff(first, 30), LONGEST_WAIT);
        let total: Duration = (1..MOST_TRIES).map(|n| backoff(first, n)).sum();
        assert!(total > Duration::from_secs(24 * 3600), "{total:?}");
    }
}
