//! Sign-in throttling, per account and per client address, so passwords cannot be guessed at
//! speed. Keyed by the email as typed (normalized), whether or not an account has it, so the
//! throttle itself never tells anyone which emails exist.

use crate::error::HubError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

pub struct SignInThrottle {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

/// Five tries at once for an account, then one a minute; thirty at once from an address (a
/// clinic behind one NAT), then one every two seconds.
const ACCOUNT_BURST: u32 = 5;
const ACCOUNT_EVERY: Duration = Duration::from_secs(60);
const ADDRESS_BURST: u32 = 30;
const ADDRESS_EVERY: Duration = Duration::from_secs(2);

fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every)
        .expect("period is non-zero")
        .allow_burst(NonZeroU32::new(burst).expect("burst is non-zero"))
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle {
            per_account: RateLimiter::keyed(quota(ACCOUNT_BURST, ACCOUNT_EVERY)),
            per_address: RateLimiter::keyed(quota(ADDRESS_BURST, ADDRESS_EVERY)),
        }
    }
}

impl SignInThrottle {
    /// Counts one sign-in attempt; refused with the wait when either limit is spent.
    pub fn attempt(&self, email: &str, address: Option<IpAddr>) -> Result<(), HubError> {
        let now = DefaultClock::default().now();
        let by_address = address.and_then(|a| self.per_address.check_key(&a).err());
        let by_account = self.per_account.check_key(&email.trim().to_lowercase()).err();
        let wait = [by_address, by_account]
            .into_iter()
            .flatten()
            .map(|e| e.wait_time_from(now))
            .max();
        // Old keys are forgotten once their limit has refilled.
        if self.per_account.len() > 10_000 {
            self.per_account.retain_recent();
            self.per_address.retain_recent();
        }
        match wait {
            Some(wait) => Err(HubError::Throttled {
                retry_after: wait.as_secs().max(1),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_five_tries_then_waits_whoever_asks() {
        let t = SignInThrottle::default();
        for i in 0..5 {
            let address = Some(IpAddr::from([10, 0, 0, i]));
            assert!(t.attempt("Ana@example.org", address).is_ok(), "try {i}");
        }
        match t.attempt(" ana@EXAMPLE.org", Some(IpAddr::from([10, 0, 0, 9]))) {
            Err(HubError::Throttled { retry_after }) => assert!((1..=60).contains(&retry_after)),
            other => panic!("expected a wait, got {other:?}"),
        }
        assert!(t.attempt("someone-else@example.org", None).is_ok());
    }

    #[test]
    fn an_address_gets_thirty_tries_across_accounts() {
        let t = SignInThrottle::default();
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        for i in 0..30 {
            assert!(t.attempt(&format!("user{i}@example.org"), address).is_ok());
        }
        assert!(t.attempt("fresh@example.org", address).is_err());
        assert!(t
            .attempt("fresh@example.org", Some(IpAddr::from([192, 0, 2, 2])))
            .is_ok());
    }
}
