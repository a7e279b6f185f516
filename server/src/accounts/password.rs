//! Password hashing: argon2id with the crate's recommended parameters, in PHC strings so the
//! parameters travel with each hash and can be raised later without breaking old ones.

use crate::error::HubError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::LazyLock;

/// The threads that hash, one per core and kept for the life of the process. Each hash takes
/// 19 MiB, which glibc keeps in the hashing thread's arena afterwards; on tokio's blocking pool
/// a burst spread the hashes over dozens of threads and left a server at 1.5 GiB. Here only
/// these threads ever hold that memory, and a burst waits its turn: hashing is CPU-bound, so
/// more at once than cores would only queue in the kernel instead.
static HASHERS: LazyLock<rayon::ThreadPool> = LazyLock::new(|| crate::blocking::pool("password-hash"));

/// Runs `work` on a hashing thread and waits for it without blocking the async runtime.
async fn on_hasher<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    crate::blocking::run_on(&HASHERS, work).await.ok()
}

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

/// Hashes on a hashing thread: argon2 is deliberately slow.
pub async fn hash(password: String) -> Result<String, HubError> {
    on_hasher(move || hash_now(&password))
        .await
        .ok_or_else(|| HubError::Corrupt("password hashing stopped".into()))?
}

/// Whether `password` matches `hash`; with no hash, checks against the decoy and says no.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    on_hasher(move || match hash {
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
