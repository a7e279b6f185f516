//! Mail to admins after a scheduled check that found broken links: one message per admin per
//! check, listing the broken places, so the catalog is fixed before learners meet them. A check
//! with nothing broken sends nothing; an admin who turned these off gets none.

use super::{CheckReport, Outcome};
use crate::error::HubError;
use crate::mail::{outbox, Kind, Letter, MailSettings};
use sqlx::AnyPool;
use std::collections::BTreeSet;

/// The most broken places one message lists; the rest are on `/admin/links`.
const MOST_LISTED: usize = 25;

/// Queues the message about `report` to every admin; how many it queued.
pub async fn queue(pool: &AnyPool, mail: &MailSettings, report: &CheckReport) -> Result<usize, HubError> {
    let broken: Vec<_> = report.results.iter().filter(|r| r.outcome == Outcome::Broken).collect();
    if broken.is_empty() {
        return Ok(0);
    }
    let urls: BTreeSet<&str> = broken.iter().map(|r| r.url.as_str()).collect();
    let admins: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, email, name FROM accounts
         WHERE is_admin = 1 AND disabled_at IS NULL AND email_confirmed_at IS NOT NULL ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    let summary = if urls.len() == 1 {
        "1 broken link".to_string()
    } else {
        format!("{} broken links", urls.len())
    };
    let mut queued = 0;
    for (id, email, name) in admins {
        let mut letter = Letter::new(
            Kind::BrokenLinks,
            &email,
            Some(&name),
            &format!("The link check found {summary}"),
        )
        .para(format!("Hello {name},"))
        .para(format!(
            "The scheduled link check (number {}) found {summary}, in {} places in the catalog. Learners who follow them reach an error page:",
            report.id,
            broken.len()
        ));
        for r in broken.iter().take(MOST_LISTED) {
            letter = letter.entry(
                r.place(),
                mail.link(&format!("/admin/resources/{}/edit", r.resource)),
                format!("{} ({})", r.url, r.error.as_deref().unwrap_or("broken")),
            );
        }
        if broken.len() > MOST_LISTED {
            letter = letter.para(format!("And {} more places.", broken.len() - MOST_LISTED));
        }
        letter = letter
            .action("Review the link check", mail.link("/admin/links"))
            .para("You get this as an admin of the hub, after a scheduled check that finds broken links. You can turn these off on your account page.");
        let key = crate::secret::digest(&format!("broken-links:{}:{id}", report.id))[..32].to_string();
        let mut conn = pool.acquire().await?;
        match outbox::queue_keyed(&mut conn, mail, &letter, Some(id), &key).await {
            Ok(Some(_)) => queued += 1,
            Ok(None) => {}
            Err(HubError::BadRequest { reason, .. }) => tracing::warn!(%reason, "a link report could not be written"),
            Err(e) => return Err(e),
        }
    }
    if queued > 0 {
        outbox::wake(mail);
    }
    Ok(queued)
}
