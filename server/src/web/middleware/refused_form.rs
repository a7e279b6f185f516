//! A form posted without the wasm and refused comes back to its page (`__path`, `__err`), which
//! would draw its fields empty. So a refused plain post's fields, never a password, wait in the
//! session (for two minutes, as `sessions::keep_once` keeps a value); the next request for a
//! page that carries that refusal takes them, and the page fills its fields from them
//! (`app::components::refused_form`). They never travel in the address, and a session holds at
//! most one refused form.

use crate::accounts::sessions;
use app::components::refused_form::RefusedForm;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tower_sessions::Session;

const KEY: &str = "refused_form";

/// A signed-in post larger than this is not kept (the editor's largest forms are a fraction).
const MAX_KEPT_BYTES: usize = 256 * 1024;

/// Nor an anonymous one larger than this: sign-up and sign-in forms are far smaller, and a
/// stranger's posts must not fill the session table.
const MAX_KEPT_ANONYMOUS_BYTES: usize = 4 * 1024;

pub async fn keep_refused_fields(request: Request, next: Next) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    if is_plain_form_post(&request) {
        let action = request.uri().path().to_string();
        let (parts, body) = request.into_parts();
        let bytes = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            // The body cap turns this into "too large" when that is what it was.
            Err(_) => return (StatusCode::BAD_REQUEST, "The request could not be read.").into_response(),
        };
        let response = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
        if is_refusal(&response) {
            let signed_in = matches!(sessions::account(&session).await, Ok(Some(_)));
            let cap = if signed_in {
                MAX_KEPT_BYTES
            } else {
                MAX_KEPT_ANONYMOUS_BYTES
            };
            if bytes.len() <= cap {
                let refused = RefusedForm::from_post(&action, &bytes);
                let kept = match serde_json::to_string(&refused) {
                    Ok(json) => sessions::keep_once(&session, KEY, &json).await,
                    Err(e) => Err(crate::error::HubError::Corrupt(e.to_string())),
                };
                if let Err(e) = kept {
                    tracing::warn!(error = %e, "could not keep a refused form's fields");
                }
            }
        }
        return response;
    }
    let mut request = request;
    if request.method() == Method::GET {
        if let Some(action) = refused_action(request.uri().query().unwrap_or("")) {
            match sessions::take_from(&session, KEY).await {
                Ok(Some(json)) => match serde_json::from_str::<RefusedForm>(&json) {
                    Ok(refused) if refused.action == action => {
                        request.extensions_mut().insert(refused);
                    }
                    _ => {}
                },
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "could not read a refused form's fields"),
            }
        }
    }
    next.run(request).await
}

/// A form the browser posted to a server function (`ActionForm` without the wasm): the
/// framework answers it with a redirect back to the page.
pub(super) fn is_plain_form_post(request: &Request) -> bool {
    let header_has = |name: header::HeaderName, needle: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains(needle))
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/rpc/")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        && header_has(header::ACCEPT, "text/html")
}

/// A redirect back with the error in its address.
fn is_refusal(response: &Response) -> bool {
    response.status().is_redirection()
        && response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| refused_action(l.split_once('?').map_or("", |(_, q)| q)).is_some())
}

/// The server function whose refusal this query carries (its last `__path`, with an `__err`).
fn refused_action(query: &str) -> Option<String> {
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    pairs.iter().any(|(k, _)| k == "__err").then_some(())?;
    pairs.iter().rev().find(|(k, _)| k == "__path").map(|(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::refused_action;

    #[test]
    fn the_refused_action_is_the_last_path_with_an_error() {
        assert_eq!(
            refused_action("next=%2Fme&__path=%2Frpc%2Fsign_up&__err=AAA").as_deref(),
            Some("/rpc/sign_up")
        );
        assert_eq!(
            refused_action("__path=%2Frpc%2Fa&__path=%2Frpc%2Fb&__err=A#problem").as_deref(),
            Some("/rpc/b")
        );
        assert_eq!(refused_action("__path=%2Frpc%2Fsign_up"), None);
        assert_eq!(refused_action("kind=course"), None);
    }
}
