//! The compiled site's files (the wasm, its JS, the stylesheet, the favicon), served from disk
//! as cargo-leptos built them: a release build leaves a brotli and a gzip copy beside each
//! (`--precompress`), so nothing is compressed per request; a file whose name carries its
//! content's hash (`hash-files`) never changes, so a browser keeps it for a year without asking
//! again; any other file is checked each time and answered 304 while the browser's copy is
//! current.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::Response;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// Kept for a year and never revalidated: the name changes when the content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Kept, but checked with the server (a 304) before each use.
pub const REVALIDATE: &str = "public, no-cache";

/// `champion-hub.<hash>.wasm`: a name cargo-leptos's `hash-files` gave.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3
        && parts[1].len() >= 16
        && parts[1]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        // The split loader's name before hashing is a row of underscores, not a hash.
        && parts[1].bytes().any(|b| b.is_ascii_alphanumeric())
}

async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let policy = if hashed { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// `/pkg/…` and `/favicon.svg` from `site_root`.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let pkg = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let favicon = ServeFile::new(site_root.join("favicon.svg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", pkg)
        .route_service("/favicon.svg", favicon)
        .layer(from_fn(cache_headers))
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn only_names_with_a_content_hash_are_kept_for_good() {
        assert!(is_hashed("/pkg/champion-hub.gwM2_hbQ0XKeWAAhRbQo-w.wasm"));
        assert!(is_hashed("/pkg/champion-hub.gwM2_hbQ0XKeWAAhRbQo-w.js"));
        assert!(!is_hashed("/pkg/champion-hub.wasm"));
        assert!(!is_hashed("/pkg/champion-hub_bg.wasm"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/pkg/snippets/x/inline0.js"));
        assert!(is_hashed("/pkg/chunk_9.4lgArddU-SotO479HGJqTQ.wasm"));
        assert!(is_hashed("/pkg/__wasm_split.xKUfdmNcTOcbvqfuwslhpQ.js"));
        assert!(!is_hashed("/pkg/__wasm_split.______________________.js"));
    }
}
