//! The names learners give what they make (a team, a collection): one trimmed line, short
//! enough for a heading, refused by the `name` field with words that say which rule it broke.

use crate::error::HubError;

/// `raw`, trimmed: 1 to `max` characters on one line, as the name of a `what`.
pub fn label(raw: &str, what: &str, max: usize) -> Result<String, HubError> {
    let bad = |reason: String| HubError::BadRequest {
        param: "name".into(),
        reason,
    };
    let name = raw.trim();
    if name.is_empty() {
        return Err(bad(format!("give the {what} a name")));
    }
    if name.chars().count() > max {
        return Err(bad(format!("keep the {what}'s name to {max} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(bad(format!("keep the {what}'s name on one line")));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn a_label_is_one_trimmed_line_of_at_most_max_characters() {
        assert_eq!(label("  Ward 7 nurses ", "team", 80).unwrap(), "Ward 7 nurses");
        assert!(label("   ", "team", 80).is_err());
        assert!(label(&"x".repeat(81), "team", 80).is_err());
        assert!(label(&"é".repeat(80), "team", 80).is_ok());
        assert!(label("two\nlines", "collection", 80).is_err());
    }
}
