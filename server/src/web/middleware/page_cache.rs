//! Public pages for visitors without a session, kept until the catalog moves. Most visits to
//! the home page, browse and a resource's page come from people who are not signed in, and
//! each one rendered the same page again (Leptos, the index, the database). A page kept under
//! the catalog's mark (`CatalogMark`: the index's generation, the newest pathway change and
//! the day) is right until that mark moves, as the home page's data already was.
//!
//! What differs between two such visits is only the CSP nonce, minted per response by
//! `security::headers`: a kept page carries the nonce of the render that made it, which is
//! replaced by this response's. Only a complete 200 HTML answer with no cookie is kept, for
//! a request with no cookie and no credentials, and the key includes the address the request
//! came in on (pages print absolute links when no public address is configured). Search pages
//! are not kept: each search is counted for the admins' analytics.

use crate::catalog::home_cache::CatalogMark;
use crate::search::SearchIndex;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

/// Says whether a page came from the cache (`hit`) or was rendered and kept (`miss`), as a
/// CDN's would: for whoever measures, and for tests.
const CACHE_HEADER: &str = "x-page-cache";

/// Pages kept at most: at 30–50 KB each, a few tens of MB.
const PAGES_KEPT: usize = 1_000;
/// A page larger than this is not kept (no public page comes near it).
const MAX_PAGE_BYTES: usize = 1024 * 1024;

struct Kept {
    mark: CatalogMark,
    /// The nonce the kept body carries.
    nonce: String,
    headers: HeaderMap,
    body: Bytes,
}

pub struct PageCache {
    kept: Mutex<LruCache<String, Arc<Kept>>>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            kept: Mutex::new(LruCache::new(NonZeroUsize::new(PAGES_KEPT).expect("not zero"))),
        }
    }
}

impl PageCache {
    fn get(&self, key: &str, mark: &CatalogMark) -> Option<Arc<Kept>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key).filter(|k| k.mark == *mark).cloned()
    }

    fn keep(&self, key: String, page: Kept) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.put(key, Arc::new(page));
    }
}

/// The layer's state: the cache and the index whose mark says whether a kept page is current.
#[derive(Clone)]
pub struct Pages {
    pub cache: Arc<PageCache>,
    pub search: Arc<SearchIndex>,
}

/// Whether `path` is a public page every anonymous visitor sees alike.
fn is_kept_path(path: &str) -> bool {
    let one_segment_under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('/') && !rest.contains('.'))
    };
    path == "/" || path == "/resources" || one_segment_under("/resources/") || one_segment_under("/pathways/")
}

/// The request's cache key, or None when its answer is not the same for every visitor.
fn key(request: &Request) -> Option<String> {
    if request.method() != Method::GET {
        return None;
    }
    let headers = request.headers();
    if headers.contains_key(header::COOKIE) || headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    let path = request.uri().path();
    if !is_kept_path(path) {
        return None;
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    Some(format!(
        "{}|{}|{}|{}|{}",
        header("host"),
        header("x-forwarded-host"),
        header("x-forwarded-proto"),
        header("forwarded"),
        request.uri().path_and_query().map_or(path, |p| p.as_str()),
    ))
}

pub async fn serve_kept(State(pages): State<Pages>, request: Request, next: Next) -> Response {
    let (Some(key), Some(mark)) = (key(&request), pages.search.catalog_mark()) else {
        return next.run(request).await;
    };
    let Some(nonce) = request.extensions().get::<Nonce>().map(|n| n.to_string()) else {
        return next.run(request).await;
    };
    if let Some(kept) = pages.cache.get(&key, &mark) {
        return answer(&kept, &nonce);
    }
    let response = next.run(request).await;
    let keepable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    if !keepable {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Our own page, rendered whole: read to its end (only then is it known to be complete).
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "a page's render failed while it was being kept");
            parts.status = StatusCode::INTERNAL_SERVER_ERROR;
            return Response::from_parts(parts, Body::empty());
        }
    };
    if body.len() > MAX_PAGE_BYTES {
        return Response::from_parts(parts, Body::from(body));
    }
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::DATE);
    parts.headers.insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    pages.cache.keep(
        key,
        Kept {
            mark,
            nonce,
            headers,
            body: body.clone(),
        },
    );
    Response::from_parts(parts, Body::from(body))
}

/// The kept page with this response's nonce.
fn answer(kept: &Kept, nonce: &str) -> Response {
    let body = match std::str::from_utf8(&kept.body) {
        Ok(text) if !kept.nonce.is_empty() => Bytes::from(text.replace(&kept.nonce, nonce)),
        _ => kept.body.clone(),
    };
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = kept.headers.clone();
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static("hit"));
    response
}

#[cfg(test)]
mod tests {
    use super::is_kept_path;

    #[test]
    fn only_public_pages_are_kept() {
        for kept in ["/", "/resources", "/resources/core-practice", "/pathways/first-steps"] {
            assert!(is_kept_path(kept), "{kept}");
        }
        for not in [
            "/search",
            "/me",
            "/account",
            "/admin",
            "/resources/x/calendar.ics",
            "/resources/x.json",
            "/resources/",
            "/api/v1/resources",
            "/rpc/sign_in",
            "/sign-in",
        ] {
            assert!(!is_kept_path(not), "{not}");
        }
    }
}
