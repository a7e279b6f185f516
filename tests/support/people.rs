//! People in a test: named accounts (champions or not) signed in as browsers that keep their
//! cookie, and the requests they make as the pages would.

use super::TestServer;
use hub::accounts::{store, AccountId, NewAccount};
use reqwest::Client;
use serde_json::Value;

pub const PASSWORD: &str = "a long enough secret";

/// A new account named `name` (its email made from the name), who took the champion pledge
/// when `champion`, signed in as a browser that keeps its cookie.
pub async fn person(server: &TestServer, name: &str, champion: bool) -> (AccountId, Client) {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let (id, _) = store::create(
        &server.pool,
        NewAccount {
            name: name.into(),
            email: email.clone(),
            password: PASSWORD.into(),
            ..Default::default()
        },
        false,
    )
    .await
    .expect("account");
    if champion {
        let all: Vec<String> = app::model::PLEDGE.iter().map(|(k, _)| k.to_string()).collect();
        store::take_pledge(&server.pool, id, &all).await.expect("pledge");
    }
    let client = TestServer::browser();
    let resp = client
        .post(format!("{}/api/v1/session", server.base))
        .json(&serde_json::json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert_eq!(resp.status().as_u16(), 200);
    (id, client)
}

/// `GET path` as `client`: the status and the body.
pub async fn get(client: &Client, server: &TestServer, path: &str) -> (u16, String) {
    let resp = client
        .get(format!("{}{path}", server.base))
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("body"))
}

/// `GET url` as `client`: the status, the content type and the body.
pub async fn get_typed(client: &Client, url: &str) -> (u16, String, String) {
    let resp = client.get(url).send().await.expect("request");
    let status = resp.status().as_u16();
    let kind = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, resp.text().await.expect("body"))
}

/// `GET path` as `client`, the body as JSON (null when it is not JSON).
pub async fn get_json(client: &Client, server: &TestServer, path: &str) -> (u16, Value) {
    let (status, body) = get(client, server, path).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// Posts a server function's form as a page would, with the wasm running (it answers JSON).
pub async fn post_form(client: &Client, server: &TestServer, name: &str, form: &str) -> (u16, String) {
    let path = hub::web::access::server_fn_path(name).expect("registered");
    let resp = client
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("origin", &server.base)
        .body(form.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// Posts a server function's form as a browser without JavaScript does (it answers with a
/// redirect to the page to show next): the status.
pub async fn post_plain_form(client: &Client, server: &TestServer, name: &str, form: &str) -> u16 {
    post_plain_form_landing(client, server, name, form).await.0
}

/// [`post_plain_form`], with where the redirect leads ("" for none).
pub async fn post_plain_form_landing(client: &Client, server: &TestServer, name: &str, form: &str) -> (u16, String) {
    let path = hub::web::access::server_fn_path(name).expect("registered");
    let resp = client
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", &server.base)
        .body(form.to_string())
        .send()
        .await
        .expect("request");
    let location = resp
        .headers()
        .get("location")
        .map(|l| l.to_str().expect("a text location").to_string())
        .unwrap_or_default();
    (resp.status().as_u16(), location)
}

/// The `value` of the field with `id` in a rendered page. Links shown once are read from
/// their field, never from the first mention: streamed resource data can come first, with the
/// link inside an escaped JSON string.
pub fn field_value(page: &str, id: &str) -> String {
    let at = page
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("the page has no #{id}"));
    let tag = &page[at..at + page[at..].find('>').expect("a closed tag")];
    let value = tag
        .split(r#"value=""#)
        .nth(1)
        .unwrap_or_else(|| panic!("#{id} holds no value"));
    value.split('"').next().unwrap().replace("&amp;", "&")
}

/// The last path segment of a link: the token of an invite or a shared collection.
pub fn token_of(url: &str) -> String {
    url.rsplit('/').next().expect("token").to_string()
}

/// A new invite link's token for `team`, made by its champion `lead`, working for `days`.
pub async fn new_invite(pool: &sqlx::AnyPool, team: i64, lead: AccountId, days: u32) -> String {
    let invite = hub::teams::invites::create(pool, team, lead, days, "")
        .await
        .expect("invite");
    token_of(invite.url.as_deref().expect("a new link carries its address"))
}
