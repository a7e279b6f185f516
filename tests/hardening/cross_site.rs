//! Cross-site requests: a page on another site that makes a signed-in clinician's browser post
//! a form or send JSON to the hub is refused before anything changes, on top of SameSite
//! cookies (which a test client, like an old browser, does not enforce).

use crate::support::TestServer;
use reqwest::Client;

const SLUG: &str = "palliative-care-module-series-part-1";

async fn bookmarks(client: &Client, server: &TestServer) -> usize {
    let resp = client
        .get(format!("{}/api/v1/me/bookmarks", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    body["bookmarks"].as_array().map_or(0, Vec::len)
}

fn rpc(name: &str) -> String {
    hub::web::access::server_fn_path(name)
        .unwrap_or_else(|| panic!("{name} is registered"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_site_forms_and_json_change_nothing() {
    let server = TestServer::start().await;
    let learner = server
        .signed_in("learner@example.org", "a long passphrase", false)
        .await;
    let form = format!("slug={SLUG}&saved=true&note=from+evil");
    let attacks = [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("origin", &format!("{}.evil.example", server.base)),
        ("referer", "https://evil.example/page.html"),
    ];
    for (header, value) in attacks {
        // A form on another site, posting to a server function (no wasm: it accepts HTML).
        let resp = learner
            .post(format!("{}{}", server.base, rpc("set_bookmark")))
            .header(header, value)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .body(form.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 403, "form post with {header}: {value}");
        // Script on another site, sending JSON to the API (and to a server function).
        for (method, url) in [
            (
                reqwest::Method::PUT,
                format!("{}/api/v1/me/bookmarks/{SLUG}", server.base),
            ),
            (reqwest::Method::DELETE, format!("{}/api/v1/me", server.base)),
            (
                reqwest::Method::PUT,
                format!("{}/api/v1/me/progress/{SLUG}/items/presentation-1", server.base),
            ),
        ] {
            let resp = learner
                .request(method.clone(), &url)
                .header(header, value)
                .json(&serde_json::json!({"note": "from evil", "password": "a long passphrase", "status": "completed"}))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status().as_u16(), 403, "{method} {url} with {header}: {value}");
        }
    }
    assert_eq!(bookmarks(&learner, &server).await, 0, "no bookmark was made");
    let (status, _) = {
        let resp = learner.get(format!("{}/api/v1/me", server.base)).send().await.unwrap();
        (resp.status().as_u16(), ())
    };
    assert_eq!(status, 200, "the account was not deleted");
    let resp = learner
        .get(format!("{}/api/v1/me/progress/{SLUG}", server.base))
        .send()
        .await
        .unwrap();
    let progress: serde_json::Value = resp.json().await.unwrap();
    assert!(
        progress["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["status"] == "not_started"),
        "no progress was recorded: {progress}"
    );

    // The same form from the hub's own page works: the refusal above is about the origin.
    let resp = learner
        .post(format!("{}{}", server.base, rpc("set_bookmark")))
        .header("origin", &server.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{}", resp.text().await.unwrap());
    assert_eq!(bookmarks(&learner, &server).await, 1);
}
