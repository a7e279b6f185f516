//! Secret addresses: the random part of a link that is its own key (a calendar feed, a team
//! invite), for readers who cannot sign in or have no account yet.

use argon2::password_hash::rand_core::{OsRng, RngCore};

/// 128 random bits from the operating system, as 32 lower-case hex digits.
pub fn token() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is stored for a secret (a token, a session id): its SHA-256, in hex. A leaked backup
/// then holds nothing that opens a session or a secret link; the secret itself (128 random
/// bits) is far too strong to guess from its digest.
pub fn digest(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `text` could be a token at all: what an address is checked against before any
/// query, so a malformed one costs nothing.
pub fn well_formed(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_random_bits_in_hex() {
        let (a, b) = (token(), token());
        assert!(well_formed(&a) && well_formed(&b));
        assert_ne!(a, b);
        assert!(!well_formed("../../etc/passwd"));
        assert!(!well_formed(&a.to_uppercase()));
    }

    #[test]
    fn digests_are_sha256_in_hex() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(digest(&token()), digest(&token()));
    }
}
