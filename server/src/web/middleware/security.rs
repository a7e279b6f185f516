//! Security headers on every response. Pages get a Content-Security-Policy whose only allowed
//! scripts are the ones carrying this response's nonce (Leptos puts it on the hydration script
//! and its data scripts), so markup that slips into a page can never run. Everything else (the
//! JSON API, files, redirects) gets a policy that allows nothing at all.
//!
//! One place decides both: the middleware mints the nonce, hands it to the render through the
//! request (`provide_page_nonce`), and names it in the policy of every HTML response it sees.
//! The header never depends on how a page's response options travel through the renderer.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

/// A rendered page's policy. `'strict-dynamic'` lets the nonced module script import the app's
/// JS; `'wasm-unsafe-eval'` lets it compile the wasm (it allows no JS `eval`).
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// For every response that is not a rendered page.
pub const NOTHING_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Called in the Leptos context of every rendered page (and server function): the page's
/// scripts carry the nonce the middleware minted for this request, which its policy names.
/// (Leptos has provided a nonce of its own in the same owner just before; this replaces it.)
pub fn provide_page_nonce() {
    let minted = use_context::<axum::http::request::Parts>().and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = minted {
        provide_context(nonce);
    }
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

/// The headers every response carries. `tls`: the hub is served over HTTPS (directly or by
/// its proxy), so browsers may be told to use nothing else (HSTS).
pub async fn headers(State(tls): State<bool>, mut request: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let page = is_html(&response);
    let headers = response.headers_mut();
    if page {
        let policy = HeaderValue::from_str(&page_policy(&nonce)).expect("a nonce is URL-safe base64");
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    let mut set = |name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, NOTHING_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    // Partner sites learn that a clinician came from the hub, never which search or page.
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    );
    if tls {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_no_inline_script_but_the_nonced_one() {
        let policy = page_policy("abc123");
        let scripts = policy.split("; ").find(|d| d.starts_with("script-src")).unwrap();
        assert!(scripts.contains("'nonce-abc123'"));
        assert!(!scripts.contains("unsafe-inline"));
        assert!(!scripts.contains("'unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("object-src 'none'"));
    }
}
