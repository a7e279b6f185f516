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
//!   counted, so a stranger trying once a minute cannot keep its owner out.

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
    /// Accounts whose failures are spent, and until when.
    locked: Mutex<HashMap<String, Instant>>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
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
            locked: Mutex::new(HashMap::new()),
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
    /// names one) is not locked; refused with the wait when either says no. Called before the
    /// password is checked or hashed.
    pub fn attempt(&self, email: Option<&str>, address: Option<IpAddr>) -> Result<(), HubError> {
        let now = DefaultClock::default().now();
        let by_address = address
            .and_then(|a| self.per_address.check_key(&address_key(a)).err())
            .map(|e| e.wait_time_from(now));
        let by_account = email.and_then(|email| {
            let mut locked = self.locked.lock().unwrap_or_else(|e| e.into_inner());
            let key = account_key(email);
            match locked.get(&key) {
                Some(until) if *until > Instant::now() => Some(*until - Instant::now()),
                Some(_) => {
                    locked.remove(&key);
                    None
                }
                None => None,
            }
        });
        if self.per_address.len() > KEYS_KEPT {
            self.per_address.retain_recent();
        }
        match [by_address, by_account].into_iter().flatten().max() {
            Some(wait) => Err(throttled(wait)),
            None => Ok(()),
        }
    }

    /// Counts a wrong password for `email`; once its failures are spent, the account is locked
    /// for the wait.
    pub fn failed(&self, email: &str) {
        let key = account_key(email);
        let now = DefaultClock::default().now();
        if let Err(spent) = self.failures.check_key(&key) {
            let wait = spent.wait_time_from(now);
            let mut locked = self.locked.lock().unwrap_or_else(|e| e.into_inner());
            if locked.len() > KEYS_KEPT {
                let now = Instant::now();
                locked.retain(|_, until| *until > now);
            }
            locked.insert(key, Instant::now() + wait);
        }
        if self.failures.len() > KEYS_KEPT {
            self.failures.retain_recent();
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
            assert!(
                t.attempt(Some("Ana@example.org"), Some(IpAddr::from([10, 0, 0, i])))
                    .is_ok(),
                "try {i}"
            );
            t.failed("Ana@example.org");
        }
        match t.attempt(Some(" ana@EXAMPLE.org"), Some(IpAddr::from([10, 0, 0, 9]))) {
            Err(HubError::Throttled { retry_after }) => assert!((1..=60).contains(&retry_after)),
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
        t.failed("ana@example.org");
        assert!(t.attempt(Some("ana@example.org"), None).is_ok());
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
