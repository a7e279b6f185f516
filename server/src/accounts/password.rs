//! Password hashing: argon2id with the crate's recommended parameters, in PHC strings so the
//! parameters travel with each hash and can be raised later without breaking old ones.

use crate::error::HubError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// Hashes running at once, at most one per core. Each takes 19 MiB, which glibc keeps in the
/// hashing thread's arena afterwards; unbounded, a burst of 64 sign-ups left a server at
/// 1.5 GiB. Hashing is CPU-bound, so more at once than cores would only queue in the kernel
/// instead of here: a burst now waits its turn and costs no more memory than this many.
static HASHING: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// A hash of a password nobody has, verified against when the email is unknown, so a sign-in
/// takes as long whether or not the account exists.
static DECOY: LazyLock<String> = LazyLock::new(|| hash_now("not a password anyone has").expect("hashing works"));

fn hash_now(password: &str) -> Result<String, HubError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HubError::Corrupt(format!("password hashing failed: {e}")))
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Hashes off the async runtime: argon2 is deliberately slow.
pub async fn hash(password: String) -> Result<String, HubError> {
    let _turn = HASHING.acquire().await.expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| HubError::Corrupt(format!("password hashing stopped: {e}")))?
}

/// Whether `password` matches `hash`; with no hash, checks against the decoy and says no.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    let _turn = HASHING.acquire().await.expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_now(&password, &hash),
        None => {
            verify_now(&password, &DECOY);
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify_only_their_password() {
        let a = hash_now("correct horse battery").unwrap();
        let b = hash_now("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_now("correct horse battery", &a));
        assert!(!verify_now("correct horse batterY", &a));
        assert!(!verify_now("anything", "not a hash"));
    }
}
