//! The `?format=` query of the endpoints that answer in more than one format, and nothing else
//! beside it.

use crate::error::HubError;

/// One format an endpoint offers: its name in the query, what it gives (said when a request
/// asks for something else; empty to say nothing), and the value it stands for.
pub struct Choice<T> {
    pub name: &'static str,
    pub gives: &'static str,
    pub value: T,
}

/// The format `raw` asks for, the first choice when it names none. Any other parameter, or a
/// format not offered, is a 400 naming the parameter and what `endpoint` takes.
pub fn chosen<T: Copy>(raw: Option<&str>, endpoint: &str, choices: &[Choice<T>]) -> Result<T, HubError> {
    let mut value = choices[0].value;
    for (key, asked) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if key != "format" {
            return Err(HubError::BadRequest {
                param: key.into_owned(),
                reason: format!("unknown parameter; {endpoint} takes only \"format\""),
            });
        }
        value = match choices.iter().find(|c| c.name == asked) {
            Some(choice) => choice.value,
            None => {
                return Err(HubError::BadRequest {
                    param: "format".into(),
                    reason: format!("expected {}, got \"{asked}\"", offered(choices)),
                })
            }
        };
    }
    Ok(value)
}

/// `"json" (…), "csv" (…) or "xapi" (…)`.
fn offered<T>(choices: &[Choice<T>]) -> String {
    let named: Vec<String> = choices
        .iter()
        .map(|c| match c.gives {
            "" => format!("\"{}\"", c.name),
            gives => format!("\"{}\" ({gives})", c.name),
        })
        .collect();
    match named.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHOICES: [Choice<u8>; 3] = [
        Choice {
            name: "json",
            gives: "everything",
            value: 0,
        },
        Choice {
            name: "csv",
            gives: "",
            value: 1,
        },
        Choice {
            name: "xapi",
            gives: "statements",
            value: 2,
        },
    ];

    #[test]
    fn the_first_format_unless_another_is_asked_for() {
        for (query, value) in [
            (None, 0),
            (Some(""), 0),
            (Some("format=json"), 0),
            (Some("format=csv"), 1),
            (Some("format=xapi"), 2),
        ] {
            assert_eq!(chosen(query, "the export", &CHOICES).unwrap(), value, "{query:?}");
        }
    }

    #[test]
    fn anything_else_is_refused_by_name() {
        for (query, param) in [
            ("format=xml", "format"),
            ("format=CSV", "format"),
            ("page=2", "page"),
            ("format=csv&x=1", "x"),
        ] {
            match chosen(Some(query), "the export", &CHOICES) {
                Err(HubError::BadRequest { param: p, reason }) => {
                    assert_eq!(p, param, "{query}");
                    if param == "format" {
                        assert_eq!(
                            reason,
                            format!(
                                "expected \"json\" (everything), \"csv\" or \"xapi\" (statements), got \"{}\"",
                                &query[7..]
                            )
                        );
                    } else {
                        assert_eq!(reason, "unknown parameter; the export takes only \"format\"");
                    }
                }
                other => panic!("{query}: {other:?}"),
            }
        }
    }
}
