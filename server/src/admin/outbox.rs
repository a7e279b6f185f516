//! The outbox as admins see it (`/admin/outbox`): where mail goes, the newest messages with
//! their state, and "try again" for one given up on (audited).

use crate::audit::{self, Actor};
use crate::error::HubError;
use crate::mail::{outbox, MailSettings};
use app::model::admin::{OutboxMessage, OutboxPage};
use sqlx::AnyPool;

/// Messages a page lists.
const SHOWN: i64 = 100;

pub async fn page(pool: &AnyPool, mail: &MailSettings, transport: &str, to: &str) -> Result<OutboxPage, HubError> {
    let to = to.trim().to_lowercase();
    if to.chars().count() > 254 {
        return Err(HubError::BadRequest {
            param: "to".into(),
            reason: "an email address has at most 254 characters".into(),
        });
    }
    let (waiting, failed) = outbox::counts(pool).await?;
    let rows = outbox::recent(pool, Some(&to), SHOWN).await?;
    Ok(OutboxPage {
        transport: transport.to_string(),
        base_url: mail.base_url.clone(),
        base_configured: mail.base_configured,
        waiting,
        failed,
        to,
        messages: rows
            .into_iter()
            .map(|r| OutboxMessage {
                id: r.id,
                kind: crate::mail::Kind::label(&r.kind).to_string(),
                status: if r.sent_at.is_some() {
                    "sent"
                } else if r.failed_at.is_some() {
                    "failed"
                } else {
                    "waiting"
                }
                .to_string(),
                recipient: r.recipient,
                subject: r.subject,
                // Through a relay the mail goes to its reader; an admin never sees a live link.
                text: if mail.relay {
                    outbox::without_tokens(&r.text_body)
                } else {
                    r.text_body
                },
                created_at: r.created_at,
                attempts: r.attempts,
                next_attempt_at: r.next_attempt_at,
                last_error: r.last_error,
                sent_at: r.sent_at,
            })
            .collect(),
    })
}

/// Makes message `id`, given up on, due again.
pub async fn retry(pool: &AnyPool, mail: &MailSettings, actor: &Actor, id: i64) -> Result<(), HubError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT recipient, sent_at, failed_at FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((recipient, sent_at, failed_at)) = row else {
        return Err(HubError::NotFound("message".into()));
    };
    if sent_at.is_some() {
        return Err(HubError::Conflict("This message was sent already.".into()));
    }
    if failed_at.is_none() {
        return Err(HubError::Conflict(
            "This message is still being tried; it needs no push.".into(),
        ));
    }
    sqlx::query("UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = $1 WHERE id = $2")
        .bind(crate::db::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        "retry-mail",
        "message",
        &format!("{id} to {recipient}"),
        &[],
    )
    .await?;
    tx.commit().await?;
    outbox::wake(mail);
    Ok(())
}
