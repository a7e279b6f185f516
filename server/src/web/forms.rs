//! Form bodies must be UTF-8 text. The server functions' form decoder turns bytes that are not
//! (raw, or percent-encoded) into replacement characters, so a name or a note would be saved
//! garbled; such a form is refused here, naming the field, before anything reads it.

use crate::error::HubError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The field of `body` (a form-urlencoded body) whose name or value is not UTF-8, if any.
pub fn invalid_field(body: &[u8]) -> Option<String> {
    for pair in body.split(|b| *b == b'&') {
        let mut halves = pair.splitn(2, |b| *b == b'=');
        let key = decoded(halves.next().unwrap_or_default());
        let value = decoded(halves.next().unwrap_or_default());
        match (key, value) {
            (Some(_), Some(_)) => {}
            (Some(key), None) => return Some(key),
            (None, _) => return Some("a field name".into()),
        }
    }
    None
}

fn decoded(part: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = part.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(bytes).ok()
}

pub async fn refuse_invalid_utf8(request: Request, next: Next) -> Response {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
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
    if let Some(field) = invalid_field(&bytes) {
        return HubError::BadRequest {
            param: field,
            reason: "not valid UTF-8 text".into(),
        }
        .into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::invalid_field;

    #[test]
    fn names_the_field_that_is_not_text() {
        assert_eq!(invalid_field(b"name=Ana+Mar%C3%ADa&note=caf\xc3\xa9"), None);
        assert_eq!(invalid_field(b"name=%FF%FE&email=x"), Some("name".into()));
        assert_eq!(invalid_field(b"name=ok&note=\xff"), Some("note".into()));
        assert_eq!(invalid_field(b"%FF=1"), Some("a field name".into()));
        assert_eq!(invalid_field(b""), None);
    }
}
