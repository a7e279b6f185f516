//! Server functions answer every error with 500 unless the function itself set a status, which
//! ours do (`app::api::answer`). Errors the framework raises before the function runs (a body
//! that is not the function's arguments, a missing argument) are the caller's fault: this
//! gives them the status their error names, 400, instead of a 500 that blames the hub.

use app::error::UiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Server-function error bodies are a serialized `UiError`: small.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub async fn caller_errors_are_4xx(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    tidy_error_redirect(&mut response);
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        // An error body this big (or one that could not be read) is no `UiError` the hub
        // wrote: a decoder's complaint about what the caller sent.
        parts.status = StatusCode::BAD_REQUEST;
        let refusal = UiError::BadRequest("The request could not be read.".into());
        return Response::from_parts(parts, Body::from(serde_json::to_vec(&refusal).unwrap_or_default()));
    };
    if let Ok(error) = serde_json::from_slice::<UiError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A form posted without the wasm comes back to the page it was posted from, with the error in
/// its address (`__path`, `__err`). Two things would go wrong there: posted again from that
/// page, the framework appends a second pair, and a third (the address grows with each
/// attempt); and the page opens at its top, the explanation off screen on a phone. So only the
/// latest error stays, and the address lands on `#problem`, the id the refused form gives what
/// explains the refusal (`app::components::form::PROBLEM_ID`).
fn tidy_error_redirect(response: &mut Response) {
    if !response.status().is_redirection() {
        return;
    }
    let Some(location) = response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()) else {
        return;
    };
    if let Some(tidy) = error_landing(location) {
        if let Ok(value) = HeaderValue::from_str(&tidy) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
}

/// `location` with only its last `__path` and `__err`, landing on the problem, or `None` when
/// it carries no error.
fn error_landing(location: &str) -> Option<String> {
    let before_fragment = location.split_once('#').map_or(location, |(b, _)| b);
    let (base, query) = before_fragment.split_once('?')?;
    let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let key = |p: &str| p.split('=').next().unwrap_or("").to_string();
    let last = |name: &str| pairs.iter().rposition(|p| key(p) == name);
    let (path, err) = (last("__path"), last("__err"));
    err?;
    let kept: Vec<&str> = pairs
        .iter()
        .enumerate()
        .filter(|(i, p)| match key(p).as_str() {
            "__path" => Some(*i) == path,
            "__err" => Some(*i) == err,
            _ => true,
        })
        .map(|(_, p)| *p)
        .collect();
    Some(format!(
        "{base}?{}#{}",
        kept.join("&"),
        app::components::form::PROBLEM_ID
    ))
}

#[cfg(test)]
mod tests {
    use super::error_landing;

    #[test]
    fn only_the_latest_error_stays_in_the_address() {
        let grown = "http://hub/sign-up?next=%2Fme&__path=%2Frpc%2Fsign_up&__err=AAA&__path=%2Frpc%2Fsign_up&__err=BBB";
        assert_eq!(
            error_landing(grown).as_deref(),
            Some("http://hub/sign-up?next=%2Fme&__path=%2Frpc%2Fsign_up&__err=BBB#problem")
        );
    }

    #[test]
    fn an_error_lands_on_the_problem() {
        assert_eq!(
            error_landing("http://hub/sign-up?__path=%2Frpc%2Fsign_up&__err=AAA").as_deref(),
            Some("http://hub/sign-up?__path=%2Frpc%2Fsign_up&__err=AAA#problem")
        );
        assert_eq!(
            error_landing("http://hub/me/bookmarks?__path=%2Frpc%2Fx&__err=AAA#calendar").as_deref(),
            Some("http://hub/me/bookmarks?__path=%2Frpc%2Fx&__err=AAA#problem")
        );
    }

    #[test]
    fn an_address_without_an_error_is_left_alone() {
        assert_eq!(error_landing("http://hub/resources?kind=course"), None);
        assert_eq!(error_landing("http://hub/me/bookmarks#calendar"), None);
        assert_eq!(error_landing("http://hub/me"), None);
    }
}
