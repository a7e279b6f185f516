//! What is wrong with a record, and what differs between two versions of it: a problem at a
//! JSON pointer, a changed field, an edit refused because someone saved first. The error type
//! carries them, so they sit below it and below the admin pages that show them.

use serde::{Deserialize, Serialize};

/// One problem with a record or file: the JSON pointer of the offending value and a reason.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{pointer}: {}", self.message)
    }
}

/// One field that changed: its path (`title`, `items/2/quiz/pass_percent`) and its values.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// A save refused because someone else saved first: what they saved, by whom and when, and
/// where it differs from the refused edit, so the admin can merge and save again.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditConflict {
    pub slug: String,
    /// The version now stored; saving again against it keeps the admin's edit.
    pub version: i64,
    pub saved_by: Option<String>,
    pub saved_at: String,
    /// The stored record, in the exchange format.
    pub current: serde_json::Value,
    /// `before` is the stored value, `after` the refused edit's.
    pub differences: Vec<Change>,
}
