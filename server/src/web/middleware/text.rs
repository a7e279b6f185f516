//! Text a request carries (its path, its query, a form or a JSON body) must be UTF-8 without
//! NUL characters. The server functions' form decoder turns bytes that are not UTF-8 (raw, or
//! percent-encoded) into replacement characters, so a name or a note would be saved garbled;
//! and PostgreSQL refuses a NUL in any text, so one would fail the query it reached with a 500.
//! Such a request is refused here with a 400 naming the field, before anything reads it.

use crate::error::HubError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const NOT_UTF8: &str = "not valid UTF-8 text";
const HAS_NUL: &str = "contains a NUL character, which no text may hold";

/// The field of `body` (form-urlencoded, or a query string) whose name or value is not text
/// the hub can keep, and why, if any.
pub fn invalid_field(body: &[u8]) -> Option<(String, &'static str)> {
    for pair in body.split(|b| *b == b'&') {
        let mut halves = pair.splitn(2, |b| *b == b'=');
        let key = decoded(halves.next().unwrap_or_default());
        let value = decoded(halves.next().unwrap_or_default());
        match (key, value) {
            (Some(key), _) if key.contains('\0') => return Some(("a field name".into(), HAS_NUL)),
            (Some(key), Some(value)) if value.contains('\0') => return Some((key, HAS_NUL)),
            (Some(_), Some(_)) => {}
            (Some(key), None) => return Some((key, NOT_UTF8)),
            (None, _) => return Some(("a field name".into(), NOT_UTF8)),
        }
    }
    None
}

fn decoded(part: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = part.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(bytes).ok()
}

/// Where in a JSON document a string (or a key) holds a NUL, as a JSON pointer (pass `""` for
/// `at`). [`refuse_unreadable_text`] names it as the API names fields: `name`, `form/items/0`.
pub fn nul_in_json(value: &serde_json::Value, at: &str) -> Option<String> {
    match value {
        serde_json::Value::String(s) if s.contains('\0') => Some(if at.is_empty() { "/".into() } else { at.into() }),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in_json(v, &format!("{at}/{i}"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(k, v)| {
            let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
            if k.contains('\0') {
                Some(here)
            } else {
                nul_in_json(v, &here)
            }
        }),
        _ => None,
    }
}

fn refused(param: impl Into<String>, reason: &str) -> Response {
    HubError::BadRequest {
        param: param.into(),
        reason: reason.into(),
    }
    .into_response()
}

pub async fn refuse_unreadable_text(request: Request, next: Next) -> Response {
    let path = percent_encoding::percent_decode_str(request.uri().path()).decode_utf8();
    match path {
        Err(_) => return refused("path", NOT_UTF8),
        Ok(path) if path.contains('\0') => return refused("path", HAS_NUL),
        Ok(_) => {}
    }
    if let Some((field, why)) = request.uri().query().and_then(|q| invalid_field(q.as_bytes())) {
        // Not-UTF-8 queries are the readers' to refuse (the page ignores what it cannot use),
        // but a NUL would reach a query.
        if why == HAS_NUL {
            return refused(field, why);
        }
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    let is_json = content_type.starts_with("application/json");
    if !is_form && !is_json {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // The body cap (`limits`) is already on this body: reading it whole is bounded.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return HubError::TooLarge {
                limit: super::limits::body_limit(parts.uri.path(), super::limits::is_admin(&parts.extensions)),
            }
            .into_response()
        }
    };
    if is_form {
        if let Some((field, why)) = invalid_field(&bytes) {
            return refused(field, why);
        }
    } else if bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        // Only a body that spells a NUL out is parsed here; its handler reads it as before.
        if let Some(at) = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| nul_in_json(&v, ""))
        {
            let field = at.trim_start_matches('/');
            return refused(if field.is_empty() { "body" } else { field }, HAS_NUL);
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_field_that_is_not_text() {
        assert_eq!(invalid_field(b"name=Ana+Mar%C3%ADa&note=caf\xc3\xa9"), None);
        assert_eq!(invalid_field(b"name=%FF%FE&email=x"), Some(("name".into(), NOT_UTF8)));
        assert_eq!(invalid_field(b"name=ok&note=\xff"), Some(("note".into(), NOT_UTF8)));
        assert_eq!(invalid_field(b"%FF=1"), Some(("a field name".into(), NOT_UTF8)));
        assert_eq!(invalid_field(b"slug=a%00b"), Some(("slug".into(), HAS_NUL)));
        assert_eq!(invalid_field(b"a%00=1"), Some(("a field name".into(), HAS_NUL)));
        assert_eq!(invalid_field(b""), None);
    }

    #[test]
    fn finds_a_nul_anywhere_in_json() {
        let v = serde_json::json!({"query": "ok", "form": {"items": [{"title": "x\u{0}y"}]}});
        assert_eq!(nul_in_json(&v, "").as_deref(), Some("/form/items/0/title"));
        assert_eq!(nul_in_json(&serde_json::json!({"a/b": ["fine"]}), ""), None);
        assert_eq!(nul_in_json(&serde_json::json!("\u{0}"), "").as_deref(), Some("/"));
    }
}
