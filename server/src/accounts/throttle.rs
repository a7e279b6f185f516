//! Throttling for everything that checks or hashes a password (sign-in, sign-up, password
//! change, account deletion), so passwords cannot be guessed at speed and argon2 cannot be
//! made to run without end.
//!
//! - Per client address, every such attempt counts: thirty at once (a clinic behind one NAT),
//!   then one every two seconds. IPv6 clients count per /64, the block one household or
//!   server is given, so rotating addresses inside it buys nothing.
//! - Per account (the email as typed, normalized, whether or not an account has it, so the
//!   throttle never tells which emails exist), only failures count: five, then one a minute.
//!   Once they are spent the account is locked for the wait. A right password is never
//!   counted, so a stranger trying once a minute cannot keep its owner out. At most as many
//!   checks of one account run at once as it has failures left, so guesses sent together
//!   cannot all pass before the first of them fails.

use crate::error::HubError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct SignInThrottle {
    failures: DefaultKeyedRateLimiter<String>,
    accounts: Mutex<HashMap<String, AccountState>>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

#[derive(Default)]
struct AccountState {
    /// Checks of this account's password running now.
    in_flight: u32,
    /// Its failures are spent until then.
    locked_until: Option<Instant>,
}

/// One password check under way, counted until it ends; [`Attempt::failed`] counts it as a
/// wrong password.
pub struct Attempt<'a> {
    throttle: &'a SignInThrottle,
    account: Option<String>,
}

const ACCOUNT_BURST: u32 = 5;
const ACCOUNT_EVERY: Duration = Duration::from_secs(60);
const ADDRESS_BURST: u32 = 30;
const ADDRESS_EVERY: Duration = Duration::from_secs(2);
/// Past this many keys, the ones whose limits have refilled are forgotten.
const KEYS_KEPT: usize = 10_000;

fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every)
        .expect("period is non-zero")
        .allow_burst(NonZeroU32::new(burst).expect("burst is non-zero"))
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle {
            // The allowance is the failures that pass without a lock: the fifth in a row is
            // the one that finds it spent.
            failures: RateLimiter::keyed(quota(ACCOUNT_BURST - 1, ACCOUNT_EVERY)),
            accounts: Mutex::new(HashMap::new()),
            per_address: RateLimiter::keyed(quota(ADDRESS_BURST, ADDRESS_EVERY)),
        }
    }
}

/// The key an address is counted under: itself for IPv4, its /64 for IPv6 (an IPv4 address
/// written as IPv6 counts as the IPv4 address).
pub fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::from([s[0], s[1], s[2], s[3], 0, 0, 0, 0])
            }
        },
    }
}

fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn throttled(wait: Duration) -> HubError {
    HubError::Throttled {
        retry_after: wait.as_secs().max(1),
    }
}

impl SignInThrottle {
    /// Counts one attempt from `address` and checks that the account `email` (when the attempt
    /// names one) is neither locked nor already being checked as often as it may fail; refused
    /// with the wait when any says no. Called before the password is checked or hashed; the
    /// answer is held until the check ends.
    pub fn attempt(&self, email: Option<&str>, address: Option<IpAddr>) -> Result<Attempt<'_>, HubError> {
        let now = DefaultClock::default().now();
        if let Some(spent) = address.and_then(|a| self.per_address.check_key(&address_key(a)).err()) {
            return Err(throttled(spent.wait_time_from(now)));
        }
        if self.per_address.len() > KEYS_KEPT {
            self.per_address.retain_recent();
        }
        let Some(email) = email else {
            return Ok(Attempt {
                throttle: self,
                account: None,
            });
        };
        let key = account_key(email);
        let mut accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        if accounts.len() > KEYS_KEPT {
            let at = Instant::now();
            accounts.retain(|_, s| s.in_flight > 0 || s.locked_until.is_some_and(|t| t > at));
        }
        let state = accounts.entry(key.clone()).or_default();
        if let Some(until) = state.locked_until {
            let at = Instant::now();
            if until > at {
                return Err(throttled(until - at));
            }
            state.locked_until = None;
        }
        if state.in_flight >= ACCOUNT_BURST {
            return Err(throttled(Duration::from_secs(1)));
        }
        state.in_flight += 1;
        Ok(Attempt {
            throttle: self,
            account: Some(key),
        })
    }
}

impl Attempt<'_> {
    /// The password was wrong: it counts against the account, and once its failures are spent
    /// the account is locked for the wait.
    pub fn failed(self) {
        let Some(key) = &self.account else { return };
        let throttle = self.throttle;
        let now = DefaultClock::default().now();
        if let Err(spent) = throttle.failures.check_key(key) {
            let until = Instant::now() + spent.wait_time_from(now);
            let mut accounts = throttle.accounts.lock().unwrap_or_else(|e| e.into_inner());
            accounts.entry(key.clone()).or_default().locked_until = Some(until);
        }
        if throttle.failures.len() > KEYS_KEPT {
            throttle.failures.retain_recent();
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if let Some(key) = &self.account {
            let mut accounts = self.throttle.accounts.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(state) = accounts.get_mut(key) {
                state.in_flight = state.in_flight.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_an_account_whoever_asks() {
        let t = SignInThrottle::default();
        for i in 0..5 {
            t.attempt(Some("Ana@example.org"), Some(IpAddr::from([10, 0, 0, i])))
                .unwrap_or_else(|e| panic!("try {i}: {e}"))
                .failed();
        }
        match t
            .attempt(Some(" ana@EXAMPLE.org"), Some(IpAddr::from([10, 0, 0, 9])))
            .err()
        {
            Some(HubError::Throttled { retry_after }) => assert!((1..=60).contains(&retry_after)),
            other => panic!("expected a wait, got {other:?}"),
        }
        assert!(t.attempt(Some("someone-else@example.org"), None).is_ok());
    }

    #[test]
    fn attempts_that_succeed_never_lock_an_account() {
        let t = SignInThrottle::default();
        for _ in 0..50 {
            assert!(t.attempt(Some("ana@example.org"), None).is_ok());
        }
        // A stranger's one failure a minute stays inside the allowance: no lock.
        t.attempt(Some("ana@example.org"), None).unwrap().failed();
        assert!(t.attempt(Some("ana@example.org"), None).is_ok());
    }

    #[test]
    fn guesses_sent_together_cannot_outrun_the_lock() {
        let t = SignInThrottle::default();
        let running: Vec<_> = (0..5)
            .map(|_| t.attempt(Some("ana@example.org"), None).unwrap())
            .collect();
        assert!(
            t.attempt(Some("ana@example.org"), None).is_err(),
            "a sixth check while five run"
        );
        for attempt in running {
            attempt.failed();
        }
        assert!(
            t.attempt(Some("ana@example.org"), None).is_err(),
            "locked after five failures"
        );
        assert!(t.attempt(Some("ben@example.org"), None).is_ok());
    }

    #[test]
    fn an_address_gets_thirty_tries_across_accounts() {
        let t = SignInThrottle::default();
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        for i in 0..30 {
            assert!(t.attempt(Some(&format!("user{i}@example.org")), address).is_ok());
        }
        assert!(t.attempt(Some("fresh@example.org"), address).is_err());
        assert!(t.attempt(None, address).is_err(), "sign-ups from the address wait too");
        assert!(t
            .attempt(Some("fresh@example.org"), Some(IpAddr::from([192, 0, 2, 2])))
            .is_ok());
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let same_block: IpAddr = "2001:db8:1:2:ffff:eeee:dddd:cccc".parse().unwrap();
        let next_block: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(one), address_key(same_block));
        assert_ne!(address_key(one), address_key(next_block));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), IpAddr::from([192, 0, 2, 7]));
        let t = SignInThrottle::default();
        for i in 0..30u16 {
            let rotated = IpAddr::from([0x2001, 0xdb8, 1, 2, i, i, i, i]);
            assert!(t.attempt(None, Some(rotated)).is_ok());
        }
        assert!(t.attempt(None, Some(same_block)).is_err());
        assert!(t.attempt(None, Some(next_block)).is_ok());
    }
}
