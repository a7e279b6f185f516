//! The link checker: asks every resource and item URL whether it still answers, and keeps what
//! it found so admins can fix broken links before learners meet them.
//!
//! Each distinct URL is checked once, whatever number of places use it, and the outcome is
//! recorded for every place. This is the public face and the run loop; the parts are checking
//! URLs over HTTP (`checker`), judging each answer (`verdict`), running on one replica at a
//! time (`lease`) and keeping runs and results (`store`).

mod checker;
mod lease;
pub mod notify;
mod store;
mod verdict;

use crate::error::HubError;
use crate::jobs::Lease;
use sqlx::AnyPool;
use std::collections::BTreeSet;
use std::time::Duration;

pub use checker::{Options, DEFAULT_CONCURRENCY, DEFAULT_PER_HOST, DEFAULT_TIMEOUT_SECS, USER_AGENT};
pub use lease::{is_running, LEASE};
pub use store::{latest, report};
pub use verdict::MAX_REDIRECTS;

// The report's types are the app's, so the admin pages show them as they are.
pub use app::model::admin::{CheckReport, Counts, LinkResult, Outcome};

/// A check that has its row and holds the lease, not yet run. Split from
/// [`StartedCheck::run`] so the web layer can answer with the id (or the conflict) at once and
/// check in the background.
pub struct StartedCheck {
    pub id: i64,
    options: Options,
    lease: Lease,
}

/// Takes the lease and records the start of a check; a conflict while one runs anywhere.
pub async fn start(pool: &AnyPool, options: Options) -> Result<StartedCheck, HubError> {
    options.validate()?;
    let lease = lease::take(pool)
        .await?
        .ok_or_else(|| HubError::Conflict("a link check is already running".into()))?;
    begin(pool, options, lease).await
}

async fn begin(pool: &AnyPool, options: Options, lease: Lease) -> Result<StartedCheck, HubError> {
    match store::open(pool).await {
        Ok(id) => Ok(StartedCheck { id, options, lease }),
        Err(e) => {
            lease.release(pool).await.ok();
            Err(e)
        }
    }
}

impl StartedCheck {
    /// Checks every URL, stores what it found and finishes the run; its report.
    pub async fn run(self, pool: &AnyPool) -> Result<CheckReport, HubError> {
        let StartedCheck { id, options, lease } = self;
        lease::hold_while(pool, lease, check_and_store(pool, id, &options)).await
    }
}

/// The check itself: every URL, then the results stored in one transaction.
async fn check_and_store(pool: &AnyPool, id: i64, options: &Options) -> Result<CheckReport, HubError> {
    let places = store::places(pool).await?;
    let urls: BTreeSet<String> = places.iter().map(|p| p.url.clone()).collect();
    let found = checker::check_all(urls, options).await?;
    store::record(pool, id, &places, &found).await?;
    report(pool, id)
        .await?
        .ok_or_else(|| HubError::Corrupt(format!("link check {} vanished", id)))
}

/// The scheduled check: runs one when the last started `every` ago or longer (or none ever ran)
/// and no check is running. Every replica calls this on its own timer; deciding under the lease
/// means that only one of them runs each due check. The report when this call ran one.
pub async fn run_if_due(pool: &AnyPool, every: Duration, options: &Options) -> Result<Option<CheckReport>, HubError> {
    options.validate()?;
    let Some(lease) = lease::take(pool).await? else {
        return Ok(None);
    };
    let last = match store::last_started(pool).await {
        Ok(last) => last,
        Err(e) => {
            lease.release(pool).await.ok();
            return Err(e);
        }
    };
    let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
    let due = last
        .and_then(|l| chrono::DateTime::parse_from_rfc3339(&l).ok())
        .is_none_or(|l| l.with_timezone(&chrono::Utc) + every <= chrono::Utc::now());
    if !due {
        lease.release(pool).await?;
        return Ok(None);
    }
    let started = begin(pool, options.clone(), lease).await?;
    tracing::info!(check = started.id, "scheduled link check started");
    started.run(pool).await.map(Some)
}

/// [`run_if_due`], then mail to admins when the check it ran found broken links: what the
/// schedule does each time. The report, and how many messages were queued.
pub async fn scheduled(
    pool: &AnyPool,
    every: Duration,
    options: &Options,
    mail: &crate::mail::MailSettings,
) -> Result<Option<(CheckReport, usize)>, HubError> {
    let Some(report) = run_if_due(pool, every, options).await? else {
        return Ok(None);
    };
    let told = notify::queue(pool, mail, &report).await?;
    Ok(Some((report, told)))
}

/// Calls [`scheduled`] now and then for as long as the server runs (`serve --check-links-every`).
pub fn spawn_schedule(
    pool: AnyPool,
    every: Duration,
    options: Options,
    mail: std::sync::Arc<crate::mail::MailSettings>,
) {
    // Often enough to start within a minute of being due, rarely enough to cost nothing.
    let tick_every = (every / 4).clamp(Duration::from_millis(200), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(tick_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match scheduled(&pool, every, &options, &mail).await {
                Ok(Some((report, told))) => tracing::info!(
                    check = report.id,
                    checked = report.checked,
                    admins_told = told,
                    "scheduled link check finished"
                ),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "scheduled link check failed; will retry"),
            }
        }
    });
}

/// Runs a whole check and waits for it: what the command line and tests do.
pub async fn run(pool: &AnyPool, options: &Options) -> Result<CheckReport, HubError> {
    start(pool, options.clone()).await?.run(pool).await
}
