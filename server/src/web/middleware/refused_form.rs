//! A form posted without the wasm and refused comes back to its page (`__path`, `__err`), which
//! would draw its fields empty. So a refused plain post's fields, never a password, wait in the
//! session (for two minutes, as `sessions::keep_once` keeps a value); the next request for a
//! page that carries that refusal takes them, and the page fills its fields from them
//! (`app::components::refused_form`). They never travel in the address, and a session holds at
//! most one refused form. Nor does the refusal: the framework's redirect carries it as
//! `__path=…&__err=<base64>`, which this moves into the session beside the fields, so the
//! address a person sees (and bookmarks, and shares) is the page's own. Where nothing can be
//! kept (no session, a post too large) the address keeps it, and the page still explains.

use crate::accounts::sessions;
use app::components::refused_form::RefusedForm;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
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
        let mut response = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
        let refusal = response
            .headers()
            .get(header::LOCATION)
            .filter(|_| response.status().is_redirection())
            .and_then(|l| l.to_str().ok())
            .and_then(Refusal::from_location);
        if let Some(refusal) = refusal {
            let signed_in = matches!(sessions::account(&session).await, Ok(Some(_)));
            let cap = if signed_in {
                MAX_KEPT_BYTES
            } else {
                MAX_KEPT_ANONYMOUS_BYTES
            };
            if bytes.len() <= cap {
                let mut refused = RefusedForm::from_post(&action, &bytes);
                refused.error = Some(refusal.error.clone());
                // What is kept also holds the address (from the client's Referer) and the
                // error: the whole is capped too, with room for those beside the fields.
                let kept = match serde_json::to_string(&(&refusal.landing, &refused)) {
                    Ok(json) if json.len() <= 2 * cap => sessions::keep_once(&session, KEY, &json).await.map(|()| true),
                    Ok(_) => Ok(false),
                    Err(e) => Err(crate::error::HubError::Corrupt(e.to_string())),
                };
                match kept {
                    Ok(true) => {
                        if let Ok(clean) = HeaderValue::from_str(&refusal.location) {
                            response.headers_mut().insert(header::LOCATION, clean);
                        }
                    }
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "could not keep a refused form's fields"),
                }
            }
        }
        return response;
    }
    let mut request = request;
    // Only a page is where a refusal lands: the site's files and API calls do not read the
    // session for it (each read could be a trip to the session store).
    if request.method() == Method::GET && accepts_html(&request) {
        if let Some(refused) = refused_here(&session, request.uri()).await {
            request.extensions_mut().insert(refused);
        }
    }
    next.run(request).await
}

/// The refused form this page is where it lands: kept in the session for this address, or,
/// when the address carries the refusal itself, kept for that server function. Taken from the
/// session only when it is this page's, so a refusal is not lost to a page loaded meanwhile.
async fn refused_here(session: &Session, uri: &axum::http::Uri) -> Option<RefusedForm> {
    let here = uri.path_and_query().map_or("/", |p| p.as_str());
    let in_address = refused_action(uri.query().unwrap_or(""));
    let kept = match sessions::peek_once(session, KEY).await {
        Ok(kept) => kept?,
        Err(e) => {
            tracing::warn!(error = %e, "could not read a refused form's fields");
            return None;
        }
    };
    let (landing, refused) = serde_json::from_str::<(String, RefusedForm)>(&kept).ok()?;
    let mine = match &in_address {
        Some(action) => refused.action == *action,
        None => landing == here,
    };
    if !mine {
        return None;
    }
    sessions::take_from(session, KEY).await.ok().flatten()?;
    // Where the address carries the refusal, the framework reads it from there.
    Some(RefusedForm {
        error: if in_address.is_some() { None } else { refused.error },
        ..refused
    })
}

/// A refusal's redirect, taken apart: what it refused and why, and the address without them.
#[derive(Debug, PartialEq)]
struct Refusal {
    /// The framework's encoding of the error (`__err`).
    error: String,
    /// The redirect's address without `__path` and `__err`, its fragment kept.
    location: String,
    /// That address's path and query: what the browser asks for next.
    landing: String,
}

impl Refusal {
    fn from_location(location: &str) -> Option<Refusal> {
        let (before_fragment, fragment) = match location.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (location, None),
        };
        let (base, query) = before_fragment.split_once('?')?;
        let key = |p: &str| p.split('=').next().unwrap_or("").to_string();
        let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
        let error = pairs
            .iter()
            .rev()
            .find(|p| key(p) == "__err")
            .and_then(|p| form_urlencoded::parse(p.as_bytes()).next())
            .map(|(_, v)| v.into_owned())?;
        let kept: Vec<&str> = pairs
            .into_iter()
            .filter(|p| !matches!(key(p).as_str(), "__path" | "__err"))
            .collect();
        let mut clean = base.to_string();
        if !kept.is_empty() {
            clean.push('?');
            clean.push_str(&kept.join("&"));
        }
        // The path and query of an absolute address (the framework redirects to the Referer).
        let landing = match clean.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/".to_string(), |at| rest[at..].to_string()),
            None => clean.clone(),
        };
        let location = match fragment {
            Some(f) => format!("{clean}#{f}"),
            None => clean,
        };
        Some(Refusal {
            error,
            location,
            landing,
        })
    }
}

/// A browser asking for a page (a navigation), not for a file or data.
fn accepts_html(request: &Request) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("text/html"))
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

/// The server function whose refusal this query carries (its last `__path`, with an `__err`).
fn refused_action(query: &str) -> Option<String> {
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    pairs.iter().any(|(k, _)| k == "__err").then_some(())?;
    pairs.iter().rev().find(|(k, _)| k == "__path").map(|(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::{refused_action, Refusal};

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

    #[test]
    fn a_refusal_leaves_the_address_and_the_rest_stays() {
        let r = Refusal::from_location("http://hub/sign-up?next=%2Fme&__path=%2Frpc%2Fsign_up&__err=QUJD%3D#problem")
            .unwrap();
        assert_eq!(
            r,
            Refusal {
                error: "QUJD=".into(),
                location: "http://hub/sign-up?next=%2Fme#problem".into(),
                landing: "/sign-up?next=%2Fme".into(),
            }
        );
        let r = Refusal::from_location("/admin/users?__path=%2Frpc%2Fx&__err=AAA#problem").unwrap();
        assert_eq!(
            (r.location.as_str(), r.landing.as_str()),
            ("/admin/users#problem", "/admin/users")
        );
        let r = Refusal::from_location("http://hub?__path=%2Frpc%2Fx&__err=A").unwrap();
        assert_eq!(r.landing, "/");
        assert_eq!(Refusal::from_location("/me?saved=1#item-a"), None);
        assert_eq!(Refusal::from_location("/me"), None);
    }
}
