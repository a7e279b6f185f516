//! Secret addresses: the random part of a link that is its own key (a calendar feed, a team
//! invite), for readers who cannot sign in or have no account yet.

use argon2::password_hash::rand_core::{OsRng, RngCore};

/// 128 random bits from the operating system, as 32 lower-case hex digits.
pub fn token() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
}
