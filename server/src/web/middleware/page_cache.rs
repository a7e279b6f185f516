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
//! came in on (pages print absolute links when no public address is configured).
//!
//! A search page is kept too, but each first page of a search is counted for the admins'
//! analytics with a token its result links carry. The render says what it counted through a
//! [`SearchCount`] slot in the request; a visit answered from the kept page logs the same
//! search again and carries its own token in place of the kept one.

use crate::admin::analytics;
use crate::catalog::home_cache::CatalogMark;
use crate::search::SearchIndex;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use lru::LruCache;
use sqlx::AnyPool;
use std::sync::{Arc, Mutex};

/// Says whether a page came from the cache (`hit`) or was rendered and kept (`miss`), as a
/// CDN's would: for whoever measures, and for tests.
const CACHE_HEADER: &str = "x-page-cache";

/// What the kept pages may weigh in all (a public page is 15–50 KB: a few thousand pages);
/// the least recently asked for go first. Addresses with made-up queries only push out other
/// pages, never past this.
const BUDGET_BYTES: usize = 64 * 1024 * 1024;
/// A page larger than this is not kept (no public page comes near it).
const MAX_PAGE_BYTES: usize = 1024 * 1024;

struct Kept {
    mark: CatalogMark,
    /// The nonce the kept body carries.
    nonce: String,
    /// The search the render logged, when it logged one: its token is in the kept body.
    counted: Option<Counted>,
    headers: HeaderMap,
    body: Bytes,
}

/// A search as the analytics log counted it.
#[derive(Clone, Debug)]
pub struct Counted {
    /// The words as typed (the log normalizes them).
    pub words: String,
    pub results: u64,
    pub token: String,
}

/// What a search page's render logged, for the layer that keeps the page: put in the request
/// by [`serve_kept`], filled by the search page's loader.
#[derive(Clone, Default)]
pub struct SearchCount(Arc<Mutex<Logged>>);

#[derive(Clone, Debug, Default)]
enum Logged {
    /// Nothing to count (a later page, no words).
    #[default]
    Nothing,
    Counted(Counted),
    /// The log could not be written: the page is not kept, so later visits try again.
    Failed,
}

impl SearchCount {
    pub fn counted(&self, counted: Counted) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Logged::Counted(counted);
    }

    pub fn failed(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Logged::Failed;
    }

    fn read(&self) -> Logged {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

struct Shelf {
    pages: LruCache<String, Arc<Kept>>,
    bytes: usize,
}

pub struct PageCache {
    kept: Mutex<Shelf>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            kept: Mutex::new(Shelf {
                pages: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }
}

impl PageCache {
    fn get(&self, key: &str, mark: &CatalogMark) -> Option<Arc<Kept>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.pages.get(key).filter(|k| k.mark == *mark).cloned()
    }

    fn keep(&self, key: String, page: Kept) {
        let mut shelf = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let weight = |k: &str, p: &Kept| k.len() + p.body.len();
        shelf.bytes += weight(&key, &page);
        if let Some((old_key, old)) = shelf.pages.push(key, Arc::new(page)) {
            shelf.bytes -= weight(&old_key, &old);
        }
        while shelf.bytes > BUDGET_BYTES {
            let Some((k, p)) = shelf.pages.pop_lru() else { break };
            shelf.bytes -= weight(&k, &p);
        }
    }

    /// The pages kept and what they weigh.
    pub fn size(&self) -> (usize, usize) {
        let shelf = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        (shelf.pages.len(), shelf.bytes)
    }
}

/// The layer's state: the cache, the index whose mark says whether a kept page is current,
/// and the database the searches are counted in.
#[derive(Clone)]
pub struct Pages {
    pub cache: Arc<PageCache>,
    pub search: Arc<SearchIndex>,
    pub pool: AnyPool,
}

/// Whether `path` is a public page every anonymous visitor sees alike.
fn is_kept_path(path: &str) -> bool {
    let one_segment_under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('/') && !rest.contains('.'))
    };
    path == "/"
        || path == "/resources"
        || path == "/search"
        || one_segment_under("/resources/")
        || one_segment_under("/pathways/")
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

pub async fn serve_kept(State(pages): State<Pages>, mut request: Request, next: Next) -> Response {
    let (Some(key), Some(mark)) = (key(&request), pages.search.catalog_mark()) else {
        return next.run(request).await;
    };
    let Some(nonce) = request.extensions().get::<Nonce>().map(|n| n.to_string()) else {
        return next.run(request).await;
    };
    if let Some(kept) = pages.cache.get(&key, &mark) {
        match recount(&pages.pool, &kept).await {
            Ok(token) => return answer(&kept, &nonce, token.as_deref()),
            // Not counted: a render tries again (and says so if it fails too).
            Err(()) => return next.run(request).await,
        }
    }
    let count = SearchCount::default();
    request.extensions_mut().insert(count.clone());
    let response = next.run(request).await;
    let counted = match count.read() {
        Logged::Nothing => None,
        Logged::Counted(counted) => Some(counted),
        Logged::Failed => return response,
    };
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
            counted,
            headers,
            body: body.clone(),
        },
    );
    Response::from_parts(parts, Body::from(body))
}

/// Logs the kept page's search once more, as its render did, and returns the new token; None
/// when the page counts nothing.
async fn recount(pool: &AnyPool, kept: &Kept) -> Result<Option<String>, ()> {
    let Some(counted) = &kept.counted else {
        return Ok(None);
    };
    analytics::record(pool, &counted.words, counted.results)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "could not log a search for analytics");
        })
}

/// The kept page with this response's nonce and, for a counted search, its own token.
fn answer(kept: &Kept, nonce: &str, token: Option<&str>) -> Response {
    let body = match std::str::from_utf8(&kept.body) {
        Ok(text) if !kept.nonce.is_empty() => {
            let text = text.replace(&kept.nonce, nonce);
            let text = match (&kept.counted, token) {
                (Some(counted), Some(token)) => text.replace(&counted.token, token),
                _ => text,
            };
            Bytes::from(text)
        }
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
        for kept in [
            "/",
            "/resources",
            "/search",
            "/resources/core-practice",
            "/pathways/first-steps",
        ] {
            assert!(is_kept_path(kept), "{kept}");
        }
        for not in [
            "/search/opened/0123/x",
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

    #[test]
    fn the_kept_pages_stay_within_their_budget_dropping_the_least_recent() {
        use super::*;
        let cache = PageCache::default();
        let mark = CatalogMark {
            index: 1,
            pathways: 1,
            synonyms: 0,
            day: "2026-12-07".into(),
        };
        let page = |n: usize| Kept {
            mark: mark.clone(),
            nonce: "n".into(),
            counted: None,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; n]),
        };
        let big = BUDGET_BYTES / 4 - 100;
        for i in 0..4 {
            cache.keep(format!("/p{i}"), page(big));
        }
        assert!(cache.get("/p0", &mark).is_some(), "four fit");
        // /p0 was just asked for: /p1 is now the least recent, and goes first.
        cache.keep("/p4".into(), page(big));
        let (pages, bytes) = cache.size();
        assert!(bytes <= BUDGET_BYTES, "{bytes}");
        assert!(cache.get("/p1", &mark).is_none());
        assert!(cache.get("/p0", &mark).is_some());
        assert!(pages <= 4);
        // The same address again replaces its page, and its weight.
        cache.keep("/p4".into(), page(10));
        assert!(cache.size().1 < bytes);
        // A kept page is given only for its own mark.
        let moved = CatalogMark { index: 2, ..mark };
        assert!(cache.get("/p4", &moved).is_none());
    }
}
