//! Cross-site request refusal: a request that changes something (any method but GET, HEAD and
//! OPTIONS) must come from the hub's own pages. Browsers name the page's origin in `Origin`
//! (or, failing that, `Referer`); when it names another site the request is refused before it
//! reaches a handler. Requests that name no origin at all (scripts, curl) carry no one's
//! cookies by accident and pass. This is on top of SameSite=Lax session cookies.

use crate::error::HubError;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The `host[:port]` a URL or origin names, lower-cased; None when it names none.
fn authority(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    (!authority.is_empty()).then(|| authority.to_ascii_lowercase())
}

/// Whether the page that sent this request is on the site it was sent to.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let named = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(named) = named else { return true };
    // "null" is what a sandboxed frame or a privacy redirect sends: not our page.
    let Some(from) = authority(named) else { return false };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    host.as_deref() == Some(from.as_str())
}

/// Whether a GET is a navigation from the hub's own pages, and so may record something (an
/// item started, a search result opened). Browsers say where a request came from in
/// `Sec-Fetch-Site`; one that sends none (an old browser) counts if its `Referer` is this site.
/// Anything else (another site's link or image, a typed or bookmarked address, a script with
/// no headers) is still answered but records nothing: a GET must change nothing across sites.
pub fn from_our_pages(headers: &HeaderMap) -> bool {
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site.eq_ignore_ascii_case("same-origin"),
        None => headers.contains_key(header::REFERER) && same_origin(headers),
    }
}

/// RFC 8058's one-click unsubscribe takes posts from wherever a mail program sends them (a web
/// mail page included): its token is the only key, and a cookie adds nothing.
const FROM_ANYWHERE: &str = "/unsubscribe/one-click";

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && request.uri().path() != FROM_ANYWHERE && !same_origin(request.headers()) {
        return HubError::Forbidden("this request came from another site and was refused".into()).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_navigations_from_our_pages_record_anything() {
        let h = |pairs: &[(&'static str, &str)]| from_our_pages(&headers(pairs));
        assert!(h(&[("sec-fetch-site", "same-origin")]));
        assert!(!h(&[("sec-fetch-site", "cross-site")]));
        assert!(!h(&[("sec-fetch-site", "same-site")]));
        assert!(!h(&[("sec-fetch-site", "none")]));
        assert!(!h(&[
            ("host", "hub.example.org"),
            ("sec-fetch-site", "cross-site"),
            ("referer", "https://hub.example.org/")
        ]));
        assert!(h(&[
            ("host", "hub.example.org"),
            ("referer", "https://hub.example.org/search?q=pain")
        ]));
        assert!(!h(&[("host", "hub.example.org"), ("referer", "https://evil.example/")]));
        assert!(!h(&[("host", "hub.example.org")]));
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn own_pages_and_scripts_pass_other_sites_do_not() {
        assert!(same_origin(&headers(&[
            ("host", "hub.example.org"),
            ("origin", "https://hub.example.org")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("referer", "http://127.0.0.1:3000/search?q=x")
        ])));
        assert!(same_origin(&headers(&[("host", "hub.example.org")])));
        assert!(!same_origin(&headers(&[
            ("host", "hub.example.org"),
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "hub.example.org"),
            ("origin", "null")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:4000")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "hub.example.org"),
            ("referer", "https://hub.example.org.evil.example/")
        ])));
    }
}
