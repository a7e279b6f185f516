//! Security headers: pages allow only their own nonced scripts; everything else allows nothing;
//! every response says nosniff, no framing and a referrer policy; HSTS only over TLS.

use crate::support::TestServer;
use hub::web;

fn header<'a>(resp: &'a reqwest::Response, name: &str) -> &'a str {
    resp.headers()
        .get(name)
        .unwrap_or_else(|| panic!("{} has no {name}", resp.url()))
        .to_str()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_allow_only_their_own_nonced_scripts() {
    let server = TestServer::start().await;
    let mut nonces = Vec::new();
    // Each public page twice: the second answer is the page kept for visitors without a
    // session, which must carry its own response's nonce all the same.
    for path in [
        "/",
        "/",
        "/search?q=grief",
        "/resources/palliative-care-module-series-part-1",
        "/resources/palliative-care-module-series-part-1",
        "/no-such-page",
    ] {
        let resp = server
            .client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        let csp = header(&resp, "content-security-policy").to_string();
        let scripts = csp
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap()
            .to_string();
        assert!(!scripts.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        let nonce = scripts
            .split(' ')
            .find_map(|s| s.strip_prefix("'nonce-").and_then(|s| s.strip_suffix('\'')))
            .unwrap_or_else(|| panic!("{path}: no nonce in {csp}"))
            .to_string();
        assert!(
            nonce.len() >= 16,
            "{path}: the nonce is too short to be unguessable: {nonce}"
        );
        let body = resp.text().await.unwrap();
        let doc = scraper::Html::parse_document(&body);
        let scripts: Vec<_> = doc.select(&scraper::Selector::parse("script").unwrap()).collect();
        assert!(!scripts.is_empty(), "{path} has its hydration script");
        assert_eq!(
            body.matches("<script").count(),
            scripts.len(),
            "{path}: every <script> is an element"
        );
        for script in scripts {
            assert_eq!(
                script.value().attr("nonce"),
                Some(nonce.as_str()),
                "{path}: every script carries this response's nonce: {:?}",
                script.html().chars().take(120).collect::<String>()
            );
        }
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 6, "every response has a nonce of its own");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_response_carries_the_headers() {
    let server = TestServer::start().await;
    for path in ["/healthz", "/api/v1/resources", "/api/v1/nope", "/", "/go/nope/nope"] {
        let resp = server
            .client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(header(&resp, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&resp, "x-frame-options"), "DENY", "{path}");
        assert_eq!(
            header(&resp, "referrer-policy"),
            "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            header(&resp, "content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(
            resp.headers().get("strict-transport-security").is_none(),
            "{path}: no HSTS over plain HTTP"
        );
        if path.starts_with("/api") || path == "/healthz" {
            assert!(
                header(&resp, "content-security-policy").starts_with("default-src 'none'"),
                "{path}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hsts_when_served_over_tls() {
    let server = TestServer::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = web::AppState::new(
        server.pool.clone(),
        server.search.clone(),
        web::routes::site::leptos_options(addr),
        true,
    );
    tokio::spawn(web::serve(listener, state, std::future::pending()));
    let resp = reqwest::get(format!("http://{addr}/healthz")).await.unwrap();
    assert!(header(&resp, "strict-transport-security").starts_with("max-age="));
}
