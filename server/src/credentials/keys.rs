//! The hub's signing key: one Ed25519 key, kept in the data directory as a private JWK (a file
//! only the hub's user can read), published as a JWKS and in the issuer's profile. Credentials
//! are signed as compact JWS (VC-JOSE-COSE: `alg` EdDSA, `typ` vc+jwt, `cty` vc), and `kid` is
//! the key's address in the issuer's profile, `<base>/issuer#<RFC 7638 thumbprint>`, as
//! VC-JOSE-COSE asks of an issuer named by a URL.

use crate::error::HubError;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "issuer-ed25519.jwk";

pub struct Issuer {
    key: SigningKey,
    thumbprint: String,
    /// Its public half is in the database's key set (`credentials::publish`).
    pub(super) published: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Issuer {
    // Never the private half, even in a debug print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("thumbprint", &self.thumbprint)
            .finish_non_exhaustive()
    }
}

/// Why a signed text does not check out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unverified {
    #[error("not a compact JWS (three base64url parts)")]
    Malformed,
    #[error("signed by another key or with another algorithm")]
    OtherKey,
    #[error("the signature does not match")]
    BadSignature,
}

impl Issuer {
    fn from_seed(seed: [u8; 32]) -> Issuer {
        let key = SigningKey::from_bytes(&seed);
        let thumbprint = thumbprint(&key.verifying_key());
        Issuer {
            key,
            thumbprint,
            published: Default::default(),
        }
    }

    /// A key of this process only (tests, tools that sign nothing that outlives them).
    pub fn ephemeral() -> Issuer {
        let mut seed = [0u8; 32];
        OsRng.fill_bytes(&mut seed);
        Issuer::from_seed(seed)
    }

    /// The data directory's key, made on first use. The file appears whole or not at all (written
    /// aside, then linked into place, which fails if it is there already), so two processes
    /// starting on one data directory end with one key, and neither reads half a file.
    pub fn in_data_dir(dir: &Path) -> Result<Issuer, HubError> {
        let path = dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => return parse_private(&text).ok_or_else(|| bad_file(&path)),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(HubError::io(format!("reading the signing key {}", path.display()))(e));
            }
            Err(_) => {}
        }
        let made = Issuer::ephemeral();
        let text = serde_json::to_string_pretty(&made.private_jwk()).expect("a JWK serializes");
        let failed = || HubError::io(format!("writing the signing key {}", path.display()));
        // tempfile makes its file readable by this user only (0600).
        let mut aside = tempfile::NamedTempFile::new_in(dir).map_err(failed())?;
        {
            use std::io::Write;
            aside
                .write_all(text.as_bytes())
                .and_then(|_| aside.as_file().sync_all())
                .map_err(failed())?;
        }
        match std::fs::hard_link(aside.path(), &path) {
            Ok(()) => {
                tracing::info!(thumbprint = %made.thumbprint, path = %path.display(), "made the hub's signing key");
                Ok(made)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Issuer::in_data_dir(dir),
            Err(e) => Err(failed()(e)),
        }
    }

    /// The key's RFC 7638 thumbprint.
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The key's id for a hub at `base`: its place in the issuer's profile.
    pub fn kid(&self, base: &str) -> String {
        kid(base, &self.thumbprint)
    }

    /// The public key's `x` (base64url).
    pub fn x(&self) -> String {
        B64.encode(self.key.verifying_key().to_bytes())
    }

    fn private_jwk(&self) -> Value {
        json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": B64.encode(self.key.verifying_key().to_bytes()),
            "d": B64.encode(self.key.to_bytes()),
        })
    }

    /// `payload` as a compact JWS (`typ` vc+jwt) for a hub at `base`.
    pub fn sign(&self, payload: &Value, base: &str) -> String {
        let header = json!({ "alg": "EdDSA", "kid": self.kid(base), "typ": "vc+jwt", "cty": "vc" });
        let input = format!(
            "{}.{}",
            B64.encode(serde_json::to_vec(&header).expect("a header serializes")),
            B64.encode(serde_json::to_vec(payload).expect("a payload serializes"))
        );
        let signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", B64.encode(signature.to_bytes()))
    }

    /// The payload of a compact JWS this key signed, or why not.
    pub fn verify(&self, jws: &str) -> Result<Value, Unverified> {
        let mut parts = jws.trim().split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Unverified::Malformed);
        };
        let decode = |part: &str| B64.decode(part).map_err(|_| Unverified::Malformed);
        let header: Value = serde_json::from_slice(&decode(header)?).map_err(|_| Unverified::Malformed)?;
        let ours = header["kid"].as_str().is_some_and(|kid| {
            kid.strip_suffix(self.thumbprint.as_str())
                .is_some_and(|rest| rest.ends_with("/issuer#"))
        });
        if header["alg"] != "EdDSA" || !ours {
            return Err(Unverified::OtherKey);
        }
        let signature = ed25519_dalek::Signature::from_slice(&decode(signature)?).map_err(|_| Unverified::Malformed)?;
        let input = &jws.trim()[..jws.trim().rfind('.').expect("three parts")];
        self.key
            .verifying_key()
            .verify(input.as_bytes(), &signature)
            .map_err(|_| Unverified::BadSignature)?;
        serde_json::from_slice(&decode(payload)?).map_err(|_| Unverified::Malformed)
    }
}

/// The id of the key with this thumbprint, for a hub at `base`.
pub fn kid(base: &str, thumbprint: &str) -> String {
    format!("{base}/issuer#{thumbprint}")
}

/// A public key as a JWK, named as a hub at `base` names it.
pub fn public_jwk(base: &str, thumbprint: &str, x: &str) -> Value {
    json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": x,
        "kid": kid(base, thumbprint),
        "alg": "EdDSA",
        "use": "sig",
    })
}

/// RFC 7638: SHA-256 of the required members in lexicographic order, no spaces.
fn thumbprint(key: &VerifyingKey) -> String {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        B64.encode(key.to_bytes())
    );
    B64.encode(Sha256::digest(canonical.as_bytes()))
}

fn parse_private(text: &str) -> Option<Issuer> {
    let jwk: Value = serde_json::from_str(text).ok()?;
    if jwk["kty"] != "OKP" || jwk["crv"] != "Ed25519" {
        return None;
    }
    let seed: [u8; 32] = B64.decode(jwk["d"].as_str()?).ok()?.try_into().ok()?;
    let issuer = Issuer::from_seed(seed);
    // A file whose public half does not belong to its private half has been tampered with.
    (jwk["x"].as_str() == Some(B64.encode(issuer.key.verifying_key().to_bytes()).as_str())).then_some(issuer)
}

fn bad_file(path: &Path) -> HubError {
    HubError::Config(format!(
        "{} is not an Ed25519 private JWK: restore it from a backup (certificates signed with it verify only against it)",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_and_one_changed_byte_does_not() {
        let issuer = Issuer::ephemeral();
        let jws = issuer.sign(&json!({"name": "Certificate"}), "https://hub.example.org");
        assert_eq!(issuer.verify(&jws).unwrap()["name"], "Certificate");
        let mut bytes = jws.clone().into_bytes();
        let at = jws.find('.').unwrap() + 5;
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        assert!(issuer.verify(&String::from_utf8(bytes).unwrap()).is_err());
        assert_eq!(Issuer::ephemeral().verify(&jws), Err(Unverified::OtherKey));
    }

    #[test]
    fn the_key_file_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = Issuer::in_data_dir(dir.path()).unwrap();
        let again = Issuer::in_data_dir(dir.path()).unwrap();
        assert_eq!(first.thumbprint(), again.thumbprint());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join(KEY_FILE), "{}").unwrap();
        assert!(Issuer::in_data_dir(dir.path()).is_err());
    }

    #[test]
    fn the_thumbprint_follows_rfc_8037() {
        // RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
        let x = B64.decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
        let key = VerifyingKey::from_bytes(&x.try_into().unwrap()).unwrap();
        assert_eq!(thumbprint(&key), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }
}
