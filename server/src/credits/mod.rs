//! Continuing-education credit: the credit types the hub counts in (`types`), the board rules
//! admins keep as templates (`templates`), each learner's licences and certifications
//! (`licences`) and the figures both hold (`rule`), the activities they took elsewhere (`outside`) with their certificate files
//! (`files`), and where each licence stands in its cycle (`standing`).
//!
//! Hub credit is what the catalog says a completed activity offers (the provider awards it, the
//! hub records the completion and its certificate); outside credit is on the learner's word.
//! Neither is converted: a licence counts the amounts of the credit types it accepts, as stated.

pub mod files;
pub mod licences;
pub mod lines;
pub mod outside;
pub mod rule;
pub mod standing;
pub mod templates;
pub mod transcript;
pub mod types;

use crate::error::HubError;

/// A YYYY-MM-DD date the learner typed, as `field` refuses it.
pub(crate) fn date(raw: &str, field: &str, what: &str) -> Result<chrono::NaiveDate, (String, String)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err((field.into(), format!("enter {what}")));
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| (field.into(), format!("enter {what} as a date, like 2027-01-31")))
}

/// An amount of credit or hours the learner typed: above 0 (or 0 when `zero` is allowed), at
/// most 1,000, with at most two decimals' worth of meaning.
pub(crate) fn amount(raw: &str, field: &str, what: &str, zero: bool) -> Result<f64, (String, String)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err((field.into(), format!("enter {what}")));
    }
    let n: f64 = raw
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite())
        .ok_or_else(|| (field.to_string(), format!("enter {what} as a number, like 1.5")))?;
    if n < 0.0 || (!zero && n == 0.0) {
        return Err((field.into(), format!("enter {what} above 0")));
    }
    if n > 1000.0 {
        return Err((field.into(), format!("keep {what} to 1000 at most")));
    }
    Ok((n * 100.0).round() / 100.0)
}

/// Short free text (a board's name, a provider), trimmed, one line, 1 to `max` characters.
pub(crate) fn line(raw: &str, field: &str, what: &str, max: usize) -> Result<String, (String, String)> {
    let text = raw.trim();
    if text.is_empty() {
        return Err((field.into(), format!("enter {what}")));
    }
    if text.chars().count() > max {
        return Err((field.into(), format!("keep {what} to {max} characters")));
    }
    if text.chars().any(char::is_control) {
        return Err((field.into(), format!("keep {what} on one line")));
    }
    Ok(text.to_string())
}

/// Every refusal of a form at once, or nothing.
pub(crate) fn refuse(problems: Vec<(String, String)>) -> Result<(), HubError> {
    match problems.len() {
        0 => Ok(()),
        1 => {
            let (param, reason) = problems.into_iter().next().unwrap_or_default();
            Err(HubError::BadRequest { param, reason })
        }
        _ => Err(HubError::BadFields(problems)),
    }
}

/// Ids as stored: "1,4,7".
pub(crate) fn join_ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

pub(crate) fn split_ids(stored: &str) -> Vec<i64> {
    stored.split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

pub(crate) fn split_terms(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}
