//! The sender: one replica at a time (a lease) sends what is due, oldest first, and writes
//! each try down before it starts. A failure waits longer each time (`--mail-retry-after`,
//! doubled per try) and, after the last try or a refusal for good, is kept for admins.

use super::outbox;
use super::transport::Transport;
use super::MailSettings;
use crate::error::HubError;
use crate::jobs;
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;

/// The lease's name.
pub const LEASE: &str = "mail-sender";
/// Short, so a replica that dies while sending holds the others up for seconds; it is renewed
/// after every message. (Should one send outlast it, another replica may start on the other
/// due messages; never on that one, whose try is written down and not due again yet.)
const LEASE_TTL: Duration = Duration::from_secs(15);
/// How often each replica looks for due mail when nothing wakes it.
const LOOK_EVERY: Duration = Duration::from_secs(2);
/// Messages taken per look.
const BATCH: i64 = 20;
/// The longest one message may take to leave: well inside the lease.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// How sending goes: where, and how long the first wait after a failure is.
pub struct Sender {
    pub transport: Transport,
    pub retry_after: Duration,
}

/// Starts this replica's sender.
pub fn spawn(pool: AnyPool, settings: Arc<MailSettings>, sender: Sender) {
    tracing::info!("mail is {}", sender.transport.describe());
    tokio::spawn(async move {
        loop {
            match send_due(&pool, &settings, &sender).await {
                Ok(n) if n > 0 => tracing::debug!("sent {n} messages"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "the mail sender could not run; trying again"),
            }
            tokio::select! {
                _ = settings.wake.notified() => {}
                _ = tokio::time::sleep(LOOK_EVERY) => {}
            }
        }
    });
}

/// One look: if anything is due and no other replica is sending, send it. Returns how many
/// messages left. Public so tests can drive a round without waiting for the timer.
pub async fn send_due(pool: &AnyPool, settings: &MailSettings, sender: &Sender) -> Result<usize, HubError> {
    if outbox::due(pool, 1).await?.is_empty() {
        return Ok(0);
    }
    let Some(lease) = jobs::try_acquire(pool, LEASE, LEASE_TTL).await? else {
        return Ok(0);
    };
    let outcome = send_batch(pool, settings, sender, &lease).await;
    lease.release(pool).await?;
    outcome
}

async fn send_batch(
    pool: &AnyPool,
    settings: &MailSettings,
    sender: &Sender,
    lease: &jobs::Lease,
) -> Result<usize, HubError> {
    let from = settings.from.email.to_string();
    let mut sent = 0;
    // Due again after the lease was taken: another replica may have sent these meanwhile.
    for message in outbox::due(pool, BATCH).await? {
        // Renewed before each message, and each send is cut off well inside the lease, so no
        // other replica can take it over while a message is still on its way.
        lease.renew(pool, LEASE_TTL).await?;
        let tries = message.attempts + 1;
        outbox::trying(pool, message.id, tries, outbox::backoff(sender.retry_after, tries)).await?;
        let sending = sender
            .transport
            .send(&message.message_key, &from, &message.recipient, &message.message);
        let outcome = match tokio::time::timeout(SEND_TIMEOUT, sending).await {
            Ok(outcome) => outcome,
            Err(_) => Err(super::transport::SendError {
                message: format!("the relay took longer than {} s", SEND_TIMEOUT.as_secs()),
                permanent: false,
            }),
        };
        match outcome {
            Ok(()) => {
                outbox::sent(pool, message.id, settings.relay).await?;
                sent += 1;
            }
            Err(e) => {
                let give_up = e.permanent || tries >= outbox::MOST_TRIES;
                tracing::warn!(
                    to = %message.recipient, tries, give_up, error = %e.message,
                    "a message could not be sent"
                );
                outbox::failed(pool, message.id, &e.message, give_up).await?;
            }
        }
    }
    Ok(sent)
}
