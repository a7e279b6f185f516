//! Where a problem of a refused save sits in the editor: the label the form gives the field,
//! the id of the control to jump to, and the field's place in the form, so the summary lists
//! problems in the order a person meets the fields, each a link to its field.

use crate::model::problems::pointer_label;

/// The record's top-level fields in the order the editor shows them, with the form's label and
/// control id (`f-<name>`, as `fields::TextInput` names it).
const FIELDS: &[(&str, &str, &str)] = &[
    ("title", "Title", "f-title"),
    ("slug", "Slug", "f-slug"),
    ("kind", "Kind", "f-kind"),
    ("summary", "Summary", "f-summary"),
    ("body", "Description", "f-body"),
    ("url", "Web address", "f-url"),
    ("provider", "Provider", "f-provider"),
    ("status", "Status", "f-status"),
    ("featured", "Feature it on the home page", "f-featured"),
    ("audiences", "Audiences", "f-audiences"),
    ("disciplines", "Disciplines", "f-disciplines"),
    ("specialties", "Specialties", "f-specialties"),
    ("topics", "Topics", "f-topics"),
    ("tags", "Tags", "f-tags"),
    ("format", "Format", "f-format"),
    ("starts_on", "Starts on", "f-starts_on"),
    ("ends_on", "Ends on", "f-ends_on"),
    ("duration_minutes", "Duration (minutes)", "f-duration_minutes"),
    ("location", "Location", "f-location"),
    ("language", "Language", "f-language"),
    ("cost", "Cost", "f-cost-free"),
    ("credits", "Credit", ""),
    ("schedule", "Session", ""),
    ("items", "Item", ""),
];

/// The cost's parts: (JSON name, label, control id).
const COST: &[(&str, &str, &str)] = &[
    ("free", "Free of charge", "f-cost-free"),
    ("currency", "Currency", "f-cost_currency"),
    ("amount", "Amount", "f-cost_amount"),
    ("notes", "Notes on cost", "f-cost_notes"),
];

/// A row field's control id, as `fields::RowInput` makes it from the field's name.
fn row_control(list: &str, row: usize, field: &str) -> String {
    format!("f-form-{list}--{row}--{field}-")
}

/// The problem at `pointer` as the editor shows it: (its place in the form, the label, the id
/// of the control to jump to, if one holds it).
pub fn locate(pointer: &str) -> (usize, String, Option<String>) {
    let segments: Vec<&str> = pointer
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let Some(first) = segments.first().copied() else {
        return (0, pointer_label(pointer), None);
    };
    let Some(place) = FIELDS.iter().position(|(name, ..)| *name == first) else {
        return (FIELDS.len(), pointer_label(pointer), None);
    };
    let (_, label, id) = FIELDS[place];
    let row = segments.get(1).and_then(|r| r.parse::<usize>().ok());
    match (first, row, segments.get(2).copied()) {
        ("cost", _, _) => {
            let part = segments.get(1).and_then(|p| COST.iter().find(|(name, ..)| name == p));
            match part {
                Some((_, part_label, part_id)) => (place, format!("Cost › {part_label}"), Some(part_id.to_string())),
                None => (place, label.to_string(), Some(id.to_string())),
            }
        }
        ("credits" | "schedule" | "items", Some(row), field) => {
            // A credit's type is `credit_type` in the form; a quiz's pass mark sits on its item.
            let control_field = match (first, field, segments.get(3).copied()) {
                ("credits", Some("type"), _) => Some("credit_type"),
                ("items", Some("quiz"), Some("pass_percent")) => Some("pass_percent"),
                ("items", Some("quiz"), _) => None,
                ("items", Some("kind"), _) => {
                    return (
                        place,
                        format!("{label} {} › Kind", row + 1),
                        Some(format!("f-item-{row}-kind")),
                    )
                }
                (_, Some(f), _) => Some(f),
                (_, None, _) => None,
            };
            let control = control_field
                .or(match first {
                    "credits" => Some("credit_type"),
                    "items" => Some("slug"),
                    _ => Some("title"),
                })
                .map(|f| row_control(first, row, f));
            let rest = pointer_label(&format!("/{}", segments[2..].join("/")));
            let label = if segments.len() > 2 {
                format!("{label} {} › {rest}", row + 1)
            } else {
                format!("{label} {}", row + 1)
            };
            (place, label, control)
        }
        _ if segments.len() == 1 => (place, label.to_string(), Some(id.to_string())),
        _ => (
            place,
            format!("{label} › {}", pointer_label(&format!("/{}", segments[1..].join("/")))),
            Some(id.to_string()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn problems_are_named_and_placed_as_the_form_shows_them() {
        assert_eq!(locate("/url"), (5, "Web address".into(), Some("f-url".into())));
        assert_eq!(
            locate("/cost/amount"),
            (20, "Cost › Amount".into(), Some("f-cost_amount".into()))
        );
        assert_eq!(
            locate("/credits/0/type"),
            (
                21,
                "Credit 1 › Type".into(),
                Some("f-form-credits--0--credit_type-".into())
            )
        );
        assert_eq!(
            locate("/items/2/quiz/questions/0/answer"),
            (
                23,
                "Item 3 › Quiz › Question 1 › Answer".into(),
                Some("f-form-items--2--slug-".into())
            )
        );
        assert_eq!(
            locate("/items/1/quiz/pass_percent"),
            (
                23,
                "Item 2 › Quiz › Pass percent".into(),
                Some("f-form-items--1--pass_percent-".into())
            )
        );
        assert!(locate("/title").0 < locate("/items/0/title").0);
        assert_eq!(locate("").1, "The record");
    }
}
