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

impl Problem {
    /// The message as the editor's form says it: the rules speak the exchange format's
    /// language ("expected an integer, got a string"), which is right for an imported file
    /// and opaque beside a form field. Messages without a plainer wording are kept, with a
    /// capital letter.
    pub fn in_plain_words(&self) -> String {
        let field = self
            .pointer
            .rsplit('/')
            .find(|s| s.parse::<usize>().is_err())
            .unwrap_or("");
        let m = self.message.as_str();
        let wants_number = m.starts_with("expected an integer") || m.starts_with("expected a number");
        if wants_number {
            match field {
                "duration_minutes" => "Enter the length in whole minutes, for example 90.",
                "pass_percent" => "Enter the pass mark as a whole number from 0 to 100.",
                "amount" => "Enter the amount as a number, for example 25 or 12.5.",
                "answer" => "Choose which answer is right.",
                "position" => "Enter the position as a whole number.",
                _ => "Enter a number.",
            }
            .to_string()
        } else if m == "must not be empty" || m.starts_with("missing required field") {
            "Fill this in.".to_string()
        } else if m == "must have at least one entry" {
            "Add at least one.".to_string()
        } else if m.ends_with("is not an RFC 3339 date-time with an offset") {
            "Enter the date and time with its offset from UTC, for example 2026-03-12T09:00:00-04:00.".to_string()
        } else if m.ends_with("is not a calendar date (expected YYYY-MM-DD)") {
            "Enter a date as YYYY-MM-DD, for example 2026-03-12.".to_string()
        } else {
            capitalized(m)
        }
    }
}

/// "1 problem", "3 problems".
pub fn problem_count(n: usize) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
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
/// "Item 3 › Quiz › Question 1 › Answer", rows counted from 1 as the form shows them.
pub fn pointer_label(pointer: &str) -> String {
    if pointer.is_empty() {
        return "The record".into();
    }
    let segments: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let name = segments[i];
        match (
            name.parse::<usize>(),
            segments.get(i + 1).and_then(|n| n.parse::<usize>().ok()),
        ) {
            // A list and its row: "questions", 0 is "Question 1".
            (Err(_), Some(row)) => {
                let one = if name.ends_with('s') && !name.ends_with("ss") {
                    &name[..name.len() - 1]
                } else {
                    name
                };
                parts.push(format!("{} {}", capitalized(&one.replace('_', " ")), row + 1));
                i += 2;
            }
            (Ok(n), _) => {
                parts.push(format!("Row {}", n + 1));
                i += 1;
            }
            (Err(_), None) => {
                parts.push(capitalized(&name.replace('_', " ")));
                i += 1;
            }
        }
    }
    parts.join(" › ")
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{pointer_label, problem_count, Problem};

    #[test]
    fn the_rules_words_read_plainly_beside_a_field() {
        let plain = |pointer: &str, message: &str| {
            Problem {
                pointer: pointer.into(),
                message: message.into(),
            }
            .in_plain_words()
        };
        assert_eq!(
            plain("/duration_minutes", "expected an integer, got a string"),
            "Enter the length in whole minutes, for example 90."
        );
        assert_eq!(
            plain("/items/2/duration_minutes", "expected an integer, got a string"),
            "Enter the length in whole minutes, for example 90."
        );
        assert_eq!(plain("/title", "must not be empty"), "Fill this in.");
        assert_eq!(
            plain("/credits/0/amount", "expected a number, got a string"),
            "Enter the amount as a number, for example 25 or 12.5."
        );
        assert_eq!(plain("/slug", "is already taken"), "Is already taken");
    }

    #[test]
    fn a_pointer_reads_as_the_form_counts_its_rows() {
        assert_eq!(
            pointer_label("/items/2/quiz/questions/0/answer"),
            "Item 3 › Quiz › Question 1 › Answer"
        );
        assert_eq!(pointer_label("/cost/currency"), "Cost › Currency");
        assert_eq!(pointer_label("/schedule/1/starts_at"), "Schedule 2 › Starts at");
        assert_eq!(pointer_label("/credits/0/amount"), "Credit 1 › Amount");
        assert_eq!(pointer_label("/topics/3"), "Topic 4");
        assert_eq!(pointer_label(""), "The record");
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(problem_count(1), "1 problem");
        assert_eq!(problem_count(3), "3 problems");
    }
}
