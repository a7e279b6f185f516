//! Validation of a catalog file: the JSON Schema first, then the rules a schema cannot say
//! (catalog-format.md). Every problem is collected, each with the JSON pointer of the offending
//! value and a plain reason; nothing is written unless the list is empty.

use super::format::CatalogFile;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The format's schema, a copy of `shared/spec/catalog.schema.json` (a test keeps them equal).
pub const SCHEMA_JSON: &str = include_str!("../../schema/catalog.schema.json");

static VALIDATOR: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("the bundled schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the bundled schema compiles")
});

/// One thing wrong with a file (shared with the UI, which shows it beside its field).
pub use app::model::admin::Problem;

fn problem(pointer: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// What the hub already holds that a file may refer to: resource slugs and their kinds.
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub resource_kinds: HashMap<String, String>,
}

/// Checks `bytes` as a catalog file against the schema and every rule, given what the hub holds.
pub fn validate(bytes: &[u8], known: &Known) -> Result<CatalogFile, Vec<Problem>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        vec![problem(
            "",
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )]
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![problem(
            "",
            format!(
                "not valid JSON: {} at line {}, column {}",
                strip_position(&e.to_string()),
                e.line(),
                e.column()
            ),
        )]
    })?;
    // Every problem at once (the format's rule: "the errors are listed together"): the rules
    // beyond the schema read the document as it is, so a file with a schema problem still
    // hears about its unknown provider or duplicate slug in the same answer.
    let mut problems: Vec<Problem> = VALIDATOR.iter_errors(&value).map(|e| describe(&e)).collect();
    check_text(&value, &mut String::new(), None, &mut problems);
    check_rules(&value, known, &mut problems);
    if problems.is_empty() {
        return into_records(value);
    }
    problems.sort_by(|a, b| {
        natural_key(&a.pointer)
            .cmp(&natural_key(&b.pointer))
            .then(a.message.cmp(&b.message))
    });
    problems.dedup();
    Err(problems)
}

/// serde_json appends "at line L column C"; we say it our own way.
/// The schema-valid document as typed records. JSON Schema calls `5.0` an integer, so whole
/// numbers written with a fraction become integers first; what still does not fit (an integer
/// beyond 64 bits, which the schema has no maximum for) is named by its pointer.
fn into_records(mut value: Value) -> Result<CatalogFile, Vec<Problem>> {
    whole_numbers_as_integers(&mut value);
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let mut pointer = String::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                serde_path_to_error::Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&escape_segment(key));
                }
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let message = match value.pointer(&pointer) {
            Some(Value::Number(n)) => format!(
                "{} is too large: {n} does not fit in a 64-bit integer",
                field_name(&pointer)
            ),
            _ => strip_position(&e.inner().to_string()),
        };
        vec![problem(pointer, message)]
    })
}

fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                // Both bounds exact in f64; i64::MAX is not, so the upper one is exclusive.
                if f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Sorts `/resources/10` after `/resources/9`.
fn natural_key(pointer: &str) -> Vec<(u64, String)> {
    pointer
        .split('/')
        .map(|seg| match seg.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (u64::MAX, seg.to_string()),
        })
        .collect()
}

fn escape_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The field a pointer ends in, with array indices skipped: `/resources/0/audiences/1` → `audiences`.
fn field_name(pointer: &str) -> &str {
    pointer
        .rsplit('/')
        .find(|seg| !seg.is_empty() && seg.parse::<u64>().is_err())
        .unwrap_or("value")
}

fn singular(field: &str) -> String {
    match field {
        "audiences" => "audience".into(),
        "disciplines" => "discipline".into(),
        "specialties" => "specialty".into(),
        "topics" => "topic".into(),
        "tags" => "tag".into(),
        other => other.to_string(),
    }
}

fn show(value: &Value) -> String {
    let s = value.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

fn describe(err: &jsonschema::ValidationError<'_>) -> Problem {
    let pointer = err.instance_path().to_string();
    let instance = err.instance();
    let field = field_name(&pointer).to_string();
    let message = match err.kind() {
        ValidationErrorKind::Enum { options } => {
            let expected: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "unknown {} {} (expected one of {})",
                singular(&field),
                show(instance),
                expected.join(", ")
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let (first, rest) = unexpected
                .split_first()
                .map(|(f, r)| (f.clone(), r.len()))
                .unwrap_or_default();
            let message = if rest == 0 {
                format!("unknown field \"{first}\"")
            } else {
                format!(
                    "unknown fields {}",
                    unexpected
                        .iter()
                        .map(|u| format!("\"{u}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let at = if rest == 0 {
                format!("{pointer}/{}", escape_segment(&first))
            } else {
                pointer.clone()
            };
            return problem(at, message);
        }
        ValidationErrorKind::Required { property } => {
            format!("missing required field {}", property)
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
            };
            format!(
                "expected {} {expected}, got {}",
                article(&expected),
                json_type(instance)
            )
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!("expected {}, got {}", expected_value, show(instance))
        }
        ValidationErrorKind::Pattern { .. } => pattern_message(&field, instance),
        ValidationErrorKind::Format { format } => match format.as_str() {
            "date" => format!("{} is not a calendar date (expected YYYY-MM-DD)", show(instance)),
            "date-time" => format!("{} is not an RFC 3339 date-time with an offset", show(instance)),
            other => format!("{} is not a valid {other}", show(instance)),
        },
        ValidationErrorKind::MinLength { limit: 1 } => "must not be empty".to_string(),
        ValidationErrorKind::MinLength { limit } => format!("must be at least {limit} characters long"),
        ValidationErrorKind::MaxLength { limit } => format!("must be at most {limit} characters long"),
        ValidationErrorKind::MinItems { limit: 1 } => "must have at least one entry".to_string(),
        ValidationErrorKind::MinItems { limit } => format!("must have at least {limit} entries"),
        ValidationErrorKind::MaxItems { limit } => format!("must have at most {limit} entries"),
        ValidationErrorKind::Minimum { limit } => format!("{} is below the minimum of {limit}", show(instance)),
        ValidationErrorKind::Maximum { limit } => format!("{} is above the maximum of {limit}", show(instance)),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("must be greater than {limit}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        ValidationErrorKind::UniqueItems => "has duplicate entries".to_string(),
        _ => err.to_string(),
    };
    problem(pointer, message)
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn pattern_message(field: &str, instance: &Value) -> String {
    let shown = show(instance);
    match field {
        "slug" | "provider" | "steps" => {
            format!("{shown} is not a valid slug (lower-case letters and digits in words joined by single hyphens)")
        }
        "url" => format!("{shown} is not an http:// or https:// address"),
        "language" => format!("{shown} is not a language code such as \"en\" or \"pt-BR\""),
        "currency" => format!("{shown} is not a three-letter currency code such as \"USD\""),
        other => format!(
            "{shown} is not a valid {} (lower-case letters and digits in words joined by single hyphens)",
            singular(other)
        ),
    }
}

/// Rule 4: text is UTF-8 without control characters; newline and tab only in `body` and
/// `summary`.
fn check_text(value: &Value, pointer: &mut String, key: Option<&str>, problems: &mut Vec<Problem>) {
    match value {
        Value::String(s) => {
            let multiline = matches!(key, Some("body") | Some("summary"));
            if let Some(c) = s
                .chars()
                .find(|&c| c.is_control() && !(multiline && (c == '\n' || c == '\t')))
            {
                let hint = if c == '\n' || c == '\t' {
                    " (newlines and tabs are allowed only in body and summary)"
                } else {
                    ""
                };
                problems.push(problem(
                    pointer.clone(),
                    format!("contains the control character U+{:04X}{hint}", c as u32),
                ));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                check_text(item, pointer, key, problems);
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_segment(k));
                check_text(v, pointer, Some(k), problems);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
}

fn parse_instant(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(s).ok()
}

/// Rules 1–3.
/// The array at `v`, or none when it is missing or not an array.
fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// The string at `v[key]`, or none.
fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The rules beyond the schema (catalog-format.md), on the document as parsed: a value of the
/// wrong type is the schema's to report, and is skipped here.
fn check_rules(doc: &Value, known: &Known, problems: &mut Vec<Problem>) {
    let resources = list(doc.get("resources"));
    let mut kinds: HashMap<&str, &str> = known
        .resource_kinds
        .iter()
        .map(|(s, k)| (s.as_str(), k.as_str()))
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, r) in resources.iter().enumerate() {
        let Some(slug) = text(r, "slug") else { continue };
        if let Some(first) = seen.insert(slug, i) {
            problems.push(problem(
                format!("/resources/{i}/slug"),
                format!("duplicate slug \"{slug}\" (also used by /resources/{first})"),
            ));
        }
        kinds.insert(slug, text(r, "kind").unwrap_or(""));
    }
    for (i, r) in resources.iter().enumerate() {
        let at = format!("/resources/{i}");
        if let Some(provider) = text(r, "provider") {
            match kinds.get(provider) {
                None => problems.push(problem(
                    format!("{at}/provider"),
                    format!("no resource \"{provider}\" in this file or in the hub"),
                )),
                Some(&"organization") => {}
                // A kind the schema refuses is reported there.
                Some(&"") => {}
                Some(other) => problems.push(problem(
                    format!("{at}/provider"),
                    format!("\"{provider}\" is a {other}, not an organization"),
                )),
            }
        }
        let starts = text(r, "starts_on").map(|s| (s, parse_date(s)));
        let ends = text(r, "ends_on").map(|s| (s, parse_date(s)));
        for (field, date) in [("starts_on", starts), ("ends_on", ends)] {
            if let Some((text, None)) = date {
                problems.push(problem(
                    format!("{at}/{field}"),
                    format!("\"{text}\" is not a calendar date (expected YYYY-MM-DD)"),
                ));
            }
        }
        if let (Some((s, Some(sd))), Some((e, Some(ed)))) = (starts, ends) {
            if ed < sd {
                problems.push(problem(
                    format!("{at}/ends_on"),
                    format!("ends on {e}, before it starts on {s}"),
                ));
            }
        }
        for (j, entry) in list(r.get("schedule")).iter().enumerate() {
            let here = format!("{at}/schedule/{j}");
            let (Some(starts_at), Some(ends_at)) = (text(entry, "starts_at"), text(entry, "ends_at")) else {
                continue;
            };
            match (parse_instant(starts_at), parse_instant(ends_at)) {
                (Some(s), Some(e)) if e <= s => problems.push(problem(
                    format!("{here}/ends_at"),
                    format!("ends at {ends_at}, not after it starts at {starts_at}"),
                )),
                (None, _) => problems.push(problem(
                    format!("{here}/starts_at"),
                    format!("\"{starts_at}\" is not an RFC 3339 date-time with an offset"),
                )),
                (_, None) => problems.push(problem(
                    format!("{here}/ends_at"),
                    format!("\"{ends_at}\" is not an RFC 3339 date-time with an offset"),
                )),
                _ => {}
            }
        }
        let mut item_slugs: HashMap<&str, usize> = HashMap::new();
        for (j, item) in list(r.get("items")).iter().enumerate() {
            if let Some(slug) = text(item, "slug") {
                if let Some(first) = item_slugs.insert(slug, j) {
                    problems.push(problem(
                        format!("{at}/items/{j}/slug"),
                        format!("duplicate item slug \"{slug}\" (also used by {at}/items/{first})"),
                    ));
                }
            }
            let questions = list(item.get("quiz").and_then(|q| q.get("questions")));
            for (k, q) in questions.iter().enumerate() {
                let pointer = format!("{at}/items/{j}/quiz/questions/{k}/answer");
                // `2.0` is the integer 2 to JSON Schema, and to the import.
                let answer = match q.get("answer") {
                    Some(Value::Number(n)) => match n.as_i64() {
                        Some(a) => Some(a),
                        None => match n.as_f64() {
                            Some(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(f as i64),
                            Some(f) if f.fract() == 0.0 => {
                                problems.push(problem(
                                    pointer.clone(),
                                    format!("answer is too large: {n} does not fit in a 64-bit integer"),
                                ));
                                None
                            }
                            _ => None,
                        },
                    },
                    _ => None,
                };
                let (Some(answer), Some(choices)) = (answer, q.get("choices").and_then(Value::as_array)) else {
                    continue;
                };
                if answer < 0 || answer as usize >= choices.len() {
                    problems.push(problem(
                        pointer,
                        format!(
                            "answer {answer} is not an index into choices (expected 0 to {})",
                            choices.len().saturating_sub(1)
                        ),
                    ));
                }
            }
        }
    }
    let mut pathway_slugs: HashSet<&str> = HashSet::new();
    for (i, p) in list(doc.get("pathways")).iter().enumerate() {
        if let Some(slug) = text(p, "slug") {
            if !pathway_slugs.insert(slug) {
                problems.push(problem(
                    format!("/pathways/{i}/slug"),
                    format!("duplicate pathway slug \"{slug}\""),
                ));
            }
        }
        for (j, step) in list(p.get("steps")).iter().enumerate() {
            let Some(step) = step.as_str() else { continue };
            if !kinds.contains_key(step) {
                problems.push(problem(
                    format!("/pathways/{i}/steps/{j}"),
                    format!("no resource \"{step}\" in this file or in the hub"),
                ));
            }
        }
    }
}
