//! The rules for what a person types into account forms. Each failure names its field, so a
//! form can show the message beside it and the API can return it as `param`.

use crate::error::HubError;

pub const MIN_PASSWORD_CHARS: usize = 10;
/// Far above any real password, and low enough that hashing one costs nothing unusual.
pub const MAX_PASSWORD_CHARS: usize = 1000;
const MAX_NAME_CHARS: usize = 100;
const MAX_EMAIL_CHARS: usize = 254;

fn bad(field: &str, reason: impl Into<String>) -> HubError {
    HubError::BadRequest {
        param: field.to_string(),
        reason: reason.into(),
    }
}

/// A name as shown on profiles and certificates: trimmed, 1 to 100 characters, no control
/// characters.
pub fn name(field: &str, raw: &str) -> Result<String, HubError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(bad(field, "enter your name"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(bad(field, format!("use at most {MAX_NAME_CHARS} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(bad(field, "remove the line breaks or control characters"));
    }
    Ok(name.to_string())
}

/// An email address, trimmed and lower-cased: the account's identity.
pub fn email(raw: &str) -> Result<String, HubError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(bad("email", "enter your email address"));
    }
    let shaped = email.chars().count() <= MAX_EMAIL_CHARS
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if !shaped {
        return Err(bad("email", "enter an email address like name@example.org"));
    }
    Ok(email)
}

pub fn password(field: &str, raw: &str) -> Result<(), HubError> {
    let n = raw.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(bad(field, format!("use at least {MIN_PASSWORD_CHARS} characters")));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(bad(field, format!("use at most {MAX_PASSWORD_CHARS} characters")));
    }
    Ok(())
}

/// Every field's failure at once: `Ok` when none of `checks` failed a field, the one failure
/// when one did, and all of them (in the form's order) when several did. (The checks here fail
/// only as `BadRequest`; the caller's `?` on each result still passes on anything else.)
pub fn all(checks: &[Option<&HubError>]) -> Result<(), HubError> {
    let mut fields = Vec::new();
    for e in checks.iter().flatten() {
        if let HubError::BadRequest { param, reason } = e {
            fields.push((param.clone(), reason.clone()));
        }
    }
    match fields.len() {
        0 => Ok(()),
        1 => {
            let (param, reason) = fields.remove(0);
            Err(HubError::BadRequest { param, reason })
        }
        _ => Err(HubError::BadFields(fields)),
    }
}

/// An optional short text (profession, discipline): empty means none.
pub fn optional(field: &str, raw: Option<&str>) -> Result<Option<String>, HubError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => name(field, s).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_shaped() {
        assert_eq!(email("  Ana@Example.ORG ").unwrap(), "ana@example.org");
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "a b@example.org",
            "a@b@c.org",
            "a@.org",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn names_and_passwords_have_limits() {
        assert_eq!(name("name", "  Dr. Ana Ruiz ").unwrap(), "Dr. Ana Ruiz");
        assert!(name("name", "   ").is_err());
        assert!(name("name", &"a".repeat(101)).is_err());
        assert!(name("name", "Ana\nRuiz").is_err());
        assert!(password("password", "short").is_err());
        assert!(password("password", "long enough!").is_ok());
        assert!(password("password", &"x".repeat(1001)).is_err());
    }
}
