//! A form posted without the wasm and accepted comes back to the page it was posted from (the
//! framework redirects to the `Referer`), at the page's top and with a bare `?` where the
//! framework stripped an earlier error. On a long page that loses the reader: they pressed
//! "Mark as completed" on the fifth item and land at the title. So a form may name where its
//! answer lands, in a hidden field `__landing` (`app::components::form::Landing`: an element id on the same page); the redirect
//! then ends in `#that-id`, and never in a bare `?`. A form may also name what it did, in
//! `__done` (`app::components::form::Done`: one word); the redirect then carries `done=<word>`,
//! which the page reads to say so ("Note saved.") and the browser then drops from the address
//! (`app::components::done_notice`). Server functions ignore the extra fields.

use super::refused_form::is_plain_form_post;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use app::components::form::{DONE_FIELD, LANDING_FIELD as FIELD};

pub async fn land_where_the_form_says(request: Request, next: Next) -> Response {
    if !is_plain_form_post(&request) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return (StatusCode::BAD_REQUEST, "The request could not be read.").into_response(),
    };
    let field = |name: &str| {
        form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .filter(|id| is_element_id(id))
    };
    let (landing, done) = (field(FIELD), field(DONE_FIELD));
    let mut response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if response.status().is_redirection() {
        let location = response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok());
        if let Some(tidy) = location.and_then(|l| landed(l, landing.as_deref(), done.as_deref())) {
            if let Ok(value) = HeaderValue::from_str(&tidy) {
                response.headers_mut().insert(header::LOCATION, value);
            }
        }
    }
    response
}

/// Only what an element id on our pages looks like: it goes into a header as it is.
fn is_element_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 120 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The redirect `location` without a bare trailing `?`, carrying `done=<done>` and ending in
/// `#landing` when it is not a refusal (a refusal lands on its explanation instead); `None` when
/// nothing changes.
fn landed(location: &str, landing: Option<&str>, done: Option<&str>) -> Option<String> {
    let (before, fragment) = location.split_once('#').map_or((location, None), |(b, f)| (b, Some(f)));
    let refused = before
        .split_once('?')
        .is_some_and(|(_, q)| form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k == "__err"));
    if refused {
        return None;
    }
    let base = before.strip_suffix('?').unwrap_or(before);
    let base = match done {
        Some(word) => {
            let (path, query) = base.split_once('?').unwrap_or((base, ""));
            let kept = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k != "done");
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .append_pair("done", word)
                .finish();
            format!("{path}?{query}")
        }
        None => base.to_string(),
    };
    let tidy = match landing.or(fragment) {
        Some(id) => format!("{base}#{id}"),
        None => base,
    };
    (tidy != location).then_some(tidy)
}

#[cfg(test)]
mod tests {
    use super::{is_element_id, landed};

    #[test]
    fn an_accepted_post_lands_on_its_form_and_loses_the_bare_question_mark() {
        assert_eq!(
            landed("http://hub/resources/series?", Some("item-presentation-5"), None).as_deref(),
            Some("http://hub/resources/series#item-presentation-5")
        );
        assert_eq!(
            landed("http://hub/resources/series?", None, None).as_deref(),
            Some("http://hub/resources/series")
        );
        assert_eq!(
            landed("http://hub/resources?kind=course", Some("x"), None).as_deref(),
            Some("http://hub/resources?kind=course#x")
        );
        assert_eq!(landed("http://hub/me", None, None), None);
    }

    #[test]
    fn an_accepted_post_says_what_it_did() {
        assert_eq!(
            landed("http://hub/resources/series?done=old&x=1", Some("note"), Some("note")).as_deref(),
            Some("http://hub/resources/series?x=1&done=note#note")
        );
        assert_eq!(
            landed("http://hub/resources/series?", None, Some("note")).as_deref(),
            Some("http://hub/resources/series?done=note")
        );
    }

    #[test]
    fn a_refusal_keeps_its_own_landing() {
        assert_eq!(
            landed(
                "http://hub/sign-up?__path=%2Frpc%2Fsign_up&__err=AAA#problem",
                Some("x"),
                Some("note")
            ),
            None
        );
    }

    #[test]
    fn a_landing_is_only_an_element_id() {
        assert!(is_element_id("item-presentation-1"));
        assert!(!is_element_id("x\r\nSet-Cookie: a=b"));
        assert!(!is_element_id("a b"));
        assert!(!is_element_id(""));
    }
}
