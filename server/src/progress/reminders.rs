//! Reminders of live sessions: the day before a session of a course the learner bookmarked,
//! from 9:00 in the learner's time zone (the session's own when they set none), one message a
//! session. Every replica runs the same look every few minutes; each reminder's outbox key is
//! derived from who and which session, so it is queued once however many look.
//!
//! Only confirmed addresses get reminders, and never one who turned them off.

use crate::error::HubError;
use crate::mail::{outbox, Kind, Letter, MailSettings};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use sqlx::AnyPool;

/// From this hour of the day before, in the learner's time zone, a reminder is due.
const FROM_HOUR: u32 = 9;

#[derive(sqlx::FromRow)]
struct Candidate {
    account_id: i64,
    email: String,
    name: String,
    time_zone: Option<String>,
    slug: String,
    resource_title: String,
    position: i64,
    session_title: String,
    starts_at: String,
}

/// When a reminder of a session starting at `starts` is due for someone in `zone`: 9:00 on the
/// day before, in that zone.
pub fn due_from(starts: DateTime<FixedOffset>, zone: Option<Tz>) -> DateTime<Utc> {
    let from = NaiveTime::from_hms_opt(FROM_HOUR, 0, 0).expect("a time");
    match zone {
        Some(tz) => {
            let day_before = starts.with_timezone(&tz).date_naive() - Duration::days(1);
            // A 9:00 that a clock change skips is read forward; one it repeats, the first.
            tz.from_local_datetime(&day_before.and_time(from))
                .earliest()
                .unwrap_or_else(|| tz.from_utc_datetime(&day_before.and_time(from)))
                .with_timezone(&Utc)
        }
        None => {
            let offset = *starts.offset();
            let day_before = starts.date_naive() - Duration::days(1);
            offset
                .from_local_datetime(&day_before.and_time(from))
                .single()
                .expect("a fixed offset has every time")
                .with_timezone(&Utc)
        }
    }
}

/// Queues every reminder due at `now` that is not queued yet; how many it queued.
pub async fn queue_due(pool: &AnyPool, mail: &MailSettings, now: DateTime<Utc>) -> Result<usize, HubError> {
    // Sessions are stored with their own offsets, so the window is applied after parsing; the
    // query narrows by the date's text to the days that can qualify.
    let rows: Vec<Candidate> = sqlx::query_as(
        "SELECT a.id AS account_id, a.email, a.name, a.time_zone, r.slug, r.title AS resource_title,
                s.position, s.title AS session_title, s.starts_at
         FROM bookmarks b
         JOIN accounts a ON a.id = b.account_id
         JOIN resources r ON r.id = b.resource_id
         JOIN schedule_entries s ON s.resource_id = r.id
         WHERE a.disabled_at IS NULL AND a.email_confirmed_at IS NOT NULL
           AND r.status = 'published' AND r.deleted_at IS NULL AND s.starts_at >= $1 AND s.starts_at < $2
         ORDER BY a.id, s.starts_at",
    )
    .bind((now - Duration::days(1)).format("%Y-%m-%d").to_string())
    .bind((now + Duration::days(4)).format("%Y-%m-%d").to_string())
    .fetch_all(pool)
    .await?;
    let mut queued = 0;
    for c in rows {
        let Ok(starts) = DateTime::parse_from_rfc3339(&c.starts_at) else {
            continue;
        };
        let zone: Option<Tz> = c.time_zone.as_deref().and_then(|z| z.parse().ok());
        if now < due_from(starts, zone) || now >= starts.with_timezone(&Utc) {
            continue;
        }
        let key = crate::secret::digest(&format!(
            "live-session:{}:{}:{}:{}",
            c.account_id, c.slug, c.position, c.starts_at
        ));
        let letter = reminder(mail, &c, starts, zone);
        let mut conn = pool.acquire().await?;
        match outbox::queue_keyed(&mut conn, mail, &letter, Some(c.account_id), &key[..32]).await {
            Ok(Some(_)) => queued += 1,
            Ok(None) => {}
            Err(HubError::BadRequest { reason, .. }) => tracing::warn!(%reason, "a reminder could not be written"),
            Err(e) => return Err(e),
        }
    }
    if queued > 0 {
        outbox::wake(mail);
    }
    Ok(queued)
}

fn reminder(mail: &MailSettings, c: &Candidate, starts: DateTime<FixedOffset>, zone: Option<Tz>) -> Letter {
    let when = match zone {
        Some(tz) => starts.with_timezone(&tz).format("%A %-d %B %Y, %H:%M %Z").to_string(),
        None => starts.format("%A %-d %B %Y, %H:%M (UTC%:z)").to_string(),
    };
    Letter::new(
        Kind::LiveSession,
        &c.email,
        Some(&c.name),
        &format!("Tomorrow: {}", c.session_title),
    )
    .para(format!("Hello {},", c.name))
    .para(format!(
        "A live session of {}, which you bookmarked, is tomorrow: {}, {}.",
        c.resource_title, c.session_title, when
    ))
    .action(
        "See the course and its sessions",
        mail.link(&format!("/resources/{}", c.slug)),
    )
    .para("Times are in your time zone, which you can set on your account page. The course's page has how to join.")
}

/// Runs [`queue_due`] every few minutes on this replica.
pub fn spawn(pool: AnyPool, mail: std::sync::Arc<MailSettings>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            if let Err(e) = queue_due(&pool, &mail, Utc::now()).await {
                tracing::warn!(error = %e, "live session reminders could not be queued; trying again");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminder_is_due_at_nine_the_day_before_in_the_learners_zone() {
        let starts = DateTime::parse_from_rfc3339("2027-03-02T09:00:00-05:00").unwrap();
        // New York: 9:00 on March 1, Eastern (14:00 UTC).
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(due_from(starts, Some(ny)).to_rfc3339(), "2027-03-01T14:00:00+00:00");
        // Sydney: the session is at 01:00 on March 3 there, so 9:00 on March 2 (22:00 UTC on the 1st).
        let sydney: Tz = "Australia/Sydney".parse().unwrap();
        assert_eq!(due_from(starts, Some(sydney)).to_rfc3339(), "2027-03-01T22:00:00+00:00");
        // No zone: the session's own.
        assert_eq!(due_from(starts, None).to_rfc3339(), "2027-03-01T14:00:00+00:00");
    }
}
