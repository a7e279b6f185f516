//! Work that must run once, however many replicas share the database: a lease row per job.
//! A replica takes a job's lease when it is free or has run out, runs the job, and lets go;
//! a replica that dies mid-run holds the lease only until it runs out.

use crate::error::HubError;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{SecondsFormat, Utc};
use sqlx::AnyPool;
use std::sync::LazyLock;
use std::time::Duration;

/// This process, as lease holder: distinct across replicas and restarts.
static HOLDER: LazyLock<String> = LazyLock::new(|| {
    let mut bytes = [0u8; 6];
    OsRng.fill_bytes(&mut bytes);
    let tag: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("pid{}-{tag}", std::process::id())
});

pub fn holder() -> &'static str {
    &HOLDER
}

fn length(ttl: Duration) -> Result<chrono::Duration, HubError> {
    chrono::Duration::from_std(ttl).map_err(|e| HubError::Config(format!("lease length: {e}")))
}

fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A job's lease, held by this process until [`Lease::release`] or until it runs out.
#[derive(Debug)]
pub struct Lease {
    pub name: String,
    holder: String,
}

/// Takes the lease on `name` for `ttl` when nobody holds it (or the holder's ran out); None when
/// another holder has it. One statement, so two replicas asking at once cannot both win.
pub async fn try_acquire(pool: &AnyPool, name: &str, ttl: Duration) -> Result<Option<Lease>, HubError> {
    try_acquire_as(pool, name, holder(), ttl).await
}

/// [`try_acquire`] for a named holder: what tests use to stand in for two replicas.
pub async fn try_acquire_as(
    pool: &AnyPool,
    name: &str,
    holder: &str,
    ttl: Duration,
) -> Result<Option<Lease>, HubError> {
    let now = Utc::now();
    let until = now + length(ttl)?;
    let taken = sqlx::query(
        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE job_leases.expires_at < $4",
    )
    .bind(name.to_string())
    .bind(holder.to_string())
    .bind(stamp(until))
    .bind(stamp(now))
    .execute(pool)
    .await?
    .rows_affected();
    Ok((taken == 1).then(|| Lease {
        name: name.to_string(),
        holder: holder.to_string(),
    }))
}

impl Lease {
    /// Holds on for another `ttl`; an error when the lease ran out and someone else took it.
    pub async fn renew(&self, pool: &AnyPool, ttl: Duration) -> Result<(), HubError> {
        let until = Utc::now() + length(ttl)?;
        let kept = sqlx::query("UPDATE job_leases SET expires_at = $1 WHERE name = $2 AND holder = $3")
            .bind(stamp(until))
            .bind(self.name.clone())
            .bind(self.holder.clone())
            .execute(pool)
            .await?
            .rows_affected();
        if kept == 1 {
            Ok(())
        } else {
            Err(HubError::Conflict(format!("the lease on {} was lost", self.name)))
        }
    }

    /// Lets go, so the next replica that asks may run the job; only if still ours.
    pub async fn release(self, pool: &AnyPool) -> Result<(), HubError> {
        sqlx::query("DELETE FROM job_leases WHERE name = $1 AND holder = $2")
            .bind(self.name)
            .bind(self.holder)
            .execute(pool)
            .await?;
        Ok(())
    }
}

/// Whether someone holds an unexpired lease on `name`.
pub async fn is_held(pool: &AnyPool, name: &str) -> Result<bool, HubError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM job_leases WHERE name = $1 AND expires_at >= $2")
        .bind(name.to_string())
        .bind(stamp(Utc::now()))
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}
