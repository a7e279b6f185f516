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

/// A pointer as the editor's rows read: `/items/2/quiz/questions/0/answer` is
/// "items › 3 › quiz › questions › 1 › answer", counted from 1 as the form shows rows.
pub fn pointer_label(pointer: &str) -> String {
    if pointer.is_empty() {
        return "The record".into();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|seg| match seg.parse::<usize>() {
            Ok(n) => (n + 1).to_string(),
            Err(_) => seg.replace('_', " "),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

#[cfg(test)]
mod tests {
    use super::pointer_label;

    #[test]
    fn a_pointer_reads_as_the_form_counts_its_rows() {
        assert_eq!(
            pointer_label("/items/2/quiz/questions/0/answer"),
            "items › 3 › quiz › questions › 1 › answer"
        );
        assert_eq!(pointer_label("/cost/currency"), "cost › currency");
        assert_eq!(pointer_label(""), "The record");
    }
}
