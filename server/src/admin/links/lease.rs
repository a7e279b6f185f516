//! Leasing: a check runs on one replica at a time, so two admins pressing the button (on any
//! replicas) or a schedule firing on every replica do not multiply the load on partner sites.
//! The lease (`crate::jobs`) is taken before a check starts, renewed while it runs and let go
//! however it ends.

use crate::error::HubError;
use crate::jobs::{self, Lease};
use sqlx::AnyPool;
use std::future::Future;
use std::time::Duration;

/// The lease's name.
pub const LEASE: &str = "link-check";
/// How long a lease lasts unless renewed: short, so a replica that dies mid-check holds up the
/// next one for a minute at most; a running check renews it every sixth of that, so a renewal
/// may be slowed by the database (a pool waits up to 30 s for a connection) and still land.
const LEASE_TTL: Duration = Duration::from_secs(60);

/// Whether a check is running now, on any replica.
pub async fn is_running(pool: &AnyPool) -> Result<bool, HubError> {
    jobs::is_held(pool, LEASE).await
}

/// The lease, or None while a check holds it (here or on another replica).
pub(super) async fn take(pool: &AnyPool) -> Result<Option<Lease>, HubError> {
    jobs::try_acquire(pool, LEASE, LEASE_TTL).await
}

/// Runs `work` holding `lease`: renewed while it runs, let go however it ends; stopped (with
/// the conflict) if the lease is lost to another replica.
pub(super) async fn hold_while<T>(
    pool: &AnyPool,
    lease: Lease,
    work: impl Future<Output = Result<T, HubError>>,
) -> Result<T, HubError> {
    let outcome = {
        let renew = async {
            let mut tick = tokio::time::interval(LEASE_TTL / 6);
            tick.tick().await;
            loop {
                tick.tick().await;
                match lease.renew(pool, LEASE_TTL).await {
                    Ok(()) => {}
                    // It ran out and another replica took it: this check stops, or two would
                    // run at once.
                    Err(lost @ HubError::Conflict(_)) => return lost,
                    Err(e) => tracing::warn!(error = %e, "could not renew the link check's lease; trying again"),
                }
            }
        };
        tokio::select! {
            outcome = work => outcome,
            lost = renew => Err(lost),
        }
    };
    lease.release(pool).await?;
    outcome
}
