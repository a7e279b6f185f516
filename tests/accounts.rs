//! Accounts over HTTP: signing up, in and out, sessions kept in the database, throttling,
//! password changes, deletion, the champion pledge, cross-site refusal, and the `user` commands.

use crate::support;

use reqwest::Client;
use serde_json::{json, Value};
use support::{stderr, Cli, TestServer};

const PASSWORD: &str = "a long enough secret";

async fn send(client: &Client, method: reqwest::Method, url: String, body: Option<Value>) -> (u16, Value, Vec<String>) {
    let mut req = client.request(method, url);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let cookies = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let text = resp.text().await.expect("body");
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, json, cookies)
}

async fn post(client: &Client, base: &str, path: &str, body: Value) -> (u16, Value, Vec<String>) {
    send(
        client,
        reqwest::Method::POST,
        format!("{base}/api/v1{path}"),
        Some(body),
    )
    .await
}

async fn get(client: &Client, base: &str, path: &str) -> (u16, Value) {
    let (status, json, _) = send(client, reqwest::Method::GET, format!("{base}/api/v1{path}"), None).await;
    (status, json)
}

async fn sign_up(server: &TestServer, email: &str) -> Client {
    let client = TestServer::browser();
    let (status, body, _) = post(
        &client,
        &server.base,
        "/accounts",
        json!({"name": "Ana Ruiz", "email": email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    // Sign-up signs no one in (it tells no one whether the address was new): sign in.
    let (status, body, _) = post(
        &client,
        &server.base,
        "/session",
        json!({"email": email, "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    client
}

/// The status a fresh browser gets signing in with these credentials.
async fn sign_in_status(server: &TestServer, email: &str, password: &str) -> u16 {
    let fresh = TestServer::browser();
    post(
        &fresh,
        &server.base,
        "/session",
        json!({"email": email, "password": password}),
    )
    .await
    .0
}

async fn count(server: &TestServer, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&server.pool).await.unwrap()
}

fn session_cookie(cookies: &[String]) -> Option<String> {
    cookies
        .iter()
        .find(|c| c.starts_with("hub_session="))
        .map(|c| c.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn signing_in_after_sign_up_gives_a_safe_cookie_and_me_shows_the_account() {
    let server = TestServer::start().await;
    let client = TestServer::browser();
    let (status, body, cookies) = post(
        &client,
        &server.base,
        "/accounts",
        json!({"name": " Ana Ruiz ", "email": "Ana@Example.org", "password": PASSWORD, "profession": "Nurse"}),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    assert!(
        !cookies.iter().any(|c| c.starts_with("hub_session=")),
        "sign-up signs no one in"
    );
    let (status, body, cookies) = post(
        &client,
        &server.base,
        "/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["email"], "ana@example.org");
    assert_eq!(body["email_confirmed"], false);
    assert_eq!(body["name"], "Ana Ruiz");
    assert_eq!(body["roles"], json!(["learner"]));
    assert!(body.get("password_hash").is_none() && !body.to_string().contains("argon2"));
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with("hub_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP here: {cookie}");
    // The table holds the digest of the session id, never the id the cookie carries.
    let id = cookie.split(';').next().unwrap().trim_start_matches("hub_session=");
    let stored: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions")
        .fetch_all(&server.pool)
        .await
        .unwrap();
    assert_eq!(stored, vec![hub::secret::digest(id)], "cookie {id}");

    let (status, me) = get(&client, &server.base, "/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], "ana@example.org");
    assert_eq!(me["profession"], "Nurse");

    let stranger = TestServer::browser();
    let (status, body) = get(&stranger, &server.base, "/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");

    let hash: String = sqlx::query_scalar("SELECT password_hash FROM accounts")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[tokio::test]
async fn bad_sign_up_input_gets_a_400_naming_the_field_and_creates_nothing() {
    let server = TestServer::start().await;
    let client = TestServer::browser();
    let cases = [
        (
            json!({"name": "", "email": "a@example.org", "password": PASSWORD}),
            "name",
        ),
        (
            json!({"name": "Ana", "email": "not-an-email", "password": PASSWORD}),
            "email",
        ),
        (
            json!({"name": "Ana", "email": "a@example.org", "password": "short"}),
            "password",
        ),
        (
            json!({"name": "Ana", "email": "a@example.org", "password": "x".repeat(1001)}),
            "password",
        ),
        (
            json!({"name": "Ana\u{0}", "email": "a@example.org", "password": PASSWORD}),
            "name",
        ),
        (json!({"email": "a@example.org", "password": PASSWORD}), "body"),
        (json!(42), "body"),
    ];
    for (body, field) in cases {
        let (status, answer, _) = post(&client, &server.base, "/accounts", body.clone()).await;
        assert_eq!(status, 400, "{body} → {answer}");
        assert_eq!(answer["error"]["param"], field, "{body} → {answer}");
    }
    let resp = client
        .post(format!("{}/api/v1/accounts", server.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM accounts").await, 0);
}

/// A form with three mistakes hears about all three in one answer, in the form's order.
#[tokio::test]
async fn every_bad_sign_up_field_is_named_at_once() {
    let server = TestServer::start().await;
    let client = TestServer::browser();
    let body = json!({"name": " ", "email": "not-an-email", "password": "short"});
    let (status, answer, _) = post(&client, &server.base, "/accounts", body).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["code"], "bad_request", "{answer}");
    assert_eq!(
        answer["error"]["param"], "name",
        "the first, for clients reading one: {answer}"
    );
    let fields: Vec<&str> = answer["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["param"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "email", "password"], "{answer}");
    assert!(answer["error"]["fields"][2]["reason"]
        .as_str()
        .unwrap()
        .contains("at least 10 characters"));
    assert_eq!(count(&server, "SELECT COUNT(*) FROM accounts").await, 0);
}

#[tokio::test]
async fn an_email_in_use_gets_the_same_answer_whatever_its_case_and_its_owner_is_told() {
    let server = TestServer::start().await;
    let new = TestServer::browser();
    let (status, first, _) = post(
        &new,
        &server.base,
        "/accounts",
        json!({"name": "Ana Ruiz", "email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    // Her address confirmed (tests/mail.rs follows the link; an unconfirmed one would get a
    // new link instead of the note).
    sqlx::query("UPDATE accounts SET email_confirmed_at = created_at")
        .execute(&server.pool)
        .await
        .unwrap();
    let (again, second, _) = post(
        &TestServer::browser(),
        &server.base,
        "/accounts",
        json!({"name": "Other", "email": " ANA@example.org", "password": "another long secret"}),
    )
    .await;
    assert_eq!((status, again), (202, 202));
    assert_eq!(first, second, "the same answer, new or in use");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM accounts").await, 1);
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM outbox WHERE kind = 'confirm-address'").await,
        1
    );
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM outbox WHERE kind = 'address-in-use'").await,
        1
    );
    // Nobody was signed in, and the first password is the account's.
    assert_eq!(get(&new, &server.base, "/me").await.0, 401);
    assert_eq!(
        sign_in_status(&server, "ana@example.org", "another long secret").await,
        401
    );
    assert_eq!(sign_in_status(&server, "ana@example.org", PASSWORD).await, 200);
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_wrong_credentials_all_look_alike() {
    let server = TestServer::start().await;
    sign_up(&server, "ana@example.org").await;
    let client = TestServer::browser();

    let (wrong_password, body_a, _) = post(
        &client,
        &server.base,
        "/session",
        json!({"email": "ana@example.org", "password": "not the password"}),
    )
    .await;
    let (unknown_email, body_b, _) = post(
        &client,
        &server.base,
        "/session",
        json!({"email": "nobody@example.org", "password": "not the password"}),
    )
    .await;
    assert_eq!((wrong_password, unknown_email), (401, 401));
    assert_eq!(body_a, body_b, "the answer never says whether an email exists");

    let (status, _, first) = post(
        &client,
        &server.base,
        "/session",
        json!({"email": "ANA@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200);
    let first = session_cookie(&first).expect("a session cookie");
    let (status, _, second) = post(
        &client,
        &server.base,
        "/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200);
    let second = session_cookie(&second).expect("a new session cookie");
    assert_ne!(first, second, "signing in issues a new session id");

    // The old id opens nothing; the new one works.
    let replay = |cookie: String| {
        let base = server.base.clone();
        async move {
            Client::new()
                .get(format!("{base}/api/v1/me"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(replay(first).await, 401);
    assert_eq!(replay(second).await, 200);
}

#[tokio::test]
async fn sessions_live_in_the_database_and_sign_out_ends_them() {
    let server = TestServer::start().await;
    let client = sign_up(&server, "ana@example.org").await;
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM sessions WHERE account_id IS NOT NULL").await,
        1
    );

    // Another server on the same database (a restart, or a second replica) knows the session.
    let other = server.another_on_same_database().await;
    let (status, me) = get(&client, &other, "/me").await;
    assert_eq!(status, 200, "{me}");

    let (status, _, _) = send(
        &client,
        reqwest::Method::DELETE,
        format!("{}/api/v1/session", server.base),
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(get(&client, &server.base, "/me").await.0, 401);
    assert_eq!(get(&client, &other, "/me").await.0, 401);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn an_expired_session_opens_nothing_and_is_cleaned_up() {
    let server = TestServer::start().await;
    let client = sign_up(&server, "ana@example.org").await;
    sqlx::query("UPDATE sessions SET expires_at = 0")
        .execute(&server.pool)
        .await
        .unwrap();
    assert_eq!(get(&client, &server.base, "/me").await.0, 401);
    let store = hub::accounts::sessions::DbSessionStore::new(server.pool.clone());
    assert_eq!(store.delete_expired().await.unwrap(), 1);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_without_telling_which_accounts_exist() {
    let server = TestServer::start().await;
    sign_up(&server, "ana@example.org").await;
    for email in ["ana@example.org", "nobody@example.org"] {
        let client = TestServer::browser();
        for i in 0..5 {
            let (status, _, _) = post(
                &client,
                &server.base,
                "/session",
                json!({"email": email, "password": "wrong guess"}),
            )
            .await;
            assert_eq!(status, 401, "{email} try {i}");
        }
        // Now even the right password waits.
        let resp = client
            .post(format!("{}/api/v1/session", server.base))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 429, "{email}");
        let retry: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "too_many_attempts");
    }
    // Another account is not held up.
    sign_up(&server, "ben@example.org").await;
    let (status, _, _) = post(
        &TestServer::browser(),
        &server.base,
        "/session",
        json!({"email": "ben@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let server = TestServer::start().await;
    let here = sign_up(&server, "ana@example.org").await;
    let elsewhere = TestServer::browser();
    let (status, _, _) = post(
        &elsewhere,
        &server.base,
        "/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200);

    let (status, body, _) = post(
        &here,
        &server.base,
        "/me/password",
        json!({"current_password": "not it at all", "new_password": "another long secret"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], "current_password");
    assert_eq!(
        get(&elsewhere, &server.base, "/me").await.0,
        200,
        "a refused change ends nothing"
    );

    let (status, _, _) = post(
        &here,
        &server.base,
        "/me/password",
        json!({"current_password": PASSWORD, "new_password": "another long secret"}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(get(&here, &server.base, "/me").await.0, 200);
    assert_eq!(get(&elsewhere, &server.base, "/me").await.0, 401);
    assert_eq!(sign_in_status(&server, "ana@example.org", PASSWORD).await, 401);
    assert_eq!(
        sign_in_status(&server, "ana@example.org", "another long secret").await,
        200
    );
}

#[tokio::test]
async fn the_profile_can_be_changed_and_a_new_email_needs_the_password() {
    let server = TestServer::start().await;
    let ana = sign_up(&server, "ana@example.org").await;
    sign_up(&server, "ben@example.org").await;
    let put = |body: Value| {
        let ana = ana.clone();
        let url = format!("{}/api/v1/me/profile", server.base);
        async move { send(&ana, reqwest::Method::PUT, url, Some(body)).await }
    };

    // Name, profession and discipline: no password needed.
    let (status, body, _) =
        put(json!({"name": "Ana María Ruiz", "email": "ana@example.org", "profession": "Nurse"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "Ana María Ruiz");
    assert_eq!(body["profession"], "Nurse");
    assert_eq!(get(&ana, &server.base, "/me").await.1["name"], "Ana María Ruiz");

    // Every bad field at once, and nothing changes.
    let (status, body, _) = put(json!({"name": " ", "email": "not-an-email"})).await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["param"].as_str().unwrap())
        .collect();
    // The new email's missing password is named with the rest.
    assert_eq!(fields, ["name", "email", "password"], "{body}");
    assert_eq!(get(&ana, &server.base, "/me").await.1["name"], "Ana María Ruiz");

    // A new email: without the password, or with a wrong one, refused.
    let (status, body, _) = put(json!({"name": "Ana", "email": "ana.ruiz@example.org"})).await;
    assert_eq!(
        (status, body["error"]["param"].as_str()),
        (400, Some("password")),
        "{body}"
    );
    let (status, body, _) =
        put(json!({"name": "Ana", "email": "ana.ruiz@example.org", "password": "not it at all"})).await;
    assert_eq!(
        (status, body["error"]["param"].as_str()),
        (400, Some("password")),
        "{body}"
    );
    let me = get(&ana, &server.base, "/me").await.1;
    assert_eq!(
        (me["name"].as_str(), me["email"].as_str(), &me["pending_email"]),
        (Some("Ana María Ruiz"), Some("ana@example.org"), &Value::Null)
    );

    // With it: the new address waits for its link (tests/mail.rs follows it), whether or not
    // another account uses it, and the email signs in as before.
    for new in ["BEN@example.org", " Ana.Ruiz@example.org "] {
        let (status, body, _) = put(json!({"name": "Ana", "email": new, "password": PASSWORD})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["email"], "ana@example.org");
        assert_eq!(body["pending_email"], new.trim().to_lowercase());
    }
    assert_eq!(sign_in_status(&server, "ana@example.org", PASSWORD).await, 200);
    assert_eq!(sign_in_status(&server, "ana.ruiz@example.org", PASSWORD).await, 401);
}

#[tokio::test]
async fn deleting_the_account_needs_the_password_and_removes_it() {
    let server = TestServer::start().await;
    let client = sign_up(&server, "ana@example.org").await;
    let (status, _, _) = send(
        &client,
        reqwest::Method::DELETE,
        format!("{}/api/v1/me", server.base),
        Some(json!({"password": "not the password"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM accounts").await, 1);

    let (status, _, _) = send(
        &client,
        reqwest::Method::DELETE,
        format!("{}/api/v1/me", server.base),
        Some(json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM accounts").await, 0);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(get(&client, &server.base, "/me").await.0, 401);
    let again = post(
        &client,
        &server.base,
        "/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(again.0, 401);
}

#[tokio::test]
async fn the_champion_pledge_takes_all_four_commitments() {
    let server = TestServer::start().await;
    let client = sign_up(&server, "ana@example.org").await;
    let (status, body, _) = post(
        &client,
        &server.base,
        "/me/pledge",
        json!({"commitments": ["communication", "team"]}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("all four commitments: tick the 2 left unticked"),
        "{body}"
    );
    let (status, body, _) = post(
        &client,
        &server.base,
        "/me/pledge",
        json!({"commitments": ["communication", "integration", "access", "team"]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["roles"], json!(["learner", "champion"]));
    assert!(body["champion_since"].is_string());
}

#[tokio::test]
async fn requests_from_another_site_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    let client = sign_up(&server, "ana@example.org").await;
    let evil = |method: reqwest::Method, path: &str| {
        client
            .request(method, format!("{}/api/v1{path}", server.base))
            .header("origin", "https://evil.example")
    };
    let resp = evil(reqwest::Method::POST, "/me/pledge")
        .json(&json!({"commitments": ["communication", "integration", "access", "team"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    let resp = evil(reqwest::Method::DELETE, "/session").send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    let resp = Client::new()
        .post(format!("{}/api/v1/accounts", server.base))
        .header("referer", "https://evil.example/page")
        .json(&json!({"name": "Eve", "email": "eve@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);

    let (status, me) = get(&client, &server.base, "/me").await;
    assert_eq!(status, 200, "still signed in");
    assert_eq!(me["roles"], json!(["learner"]), "no pledge was taken");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM accounts").await, 1);

    // The hub's own pages pass.
    let resp = client
        .post(format!("{}/api/v1/me/pledge", server.base))
        .header("origin", &server.base)
        .json(&json!({"commitments": ["communication", "integration", "access", "team"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

#[test]
fn the_first_admin_is_made_on_the_command_line() {
    let cli = Cli::new();
    let out = cli.run_with_input(
        &["user", "add", "Admin@Example.org", "--name", "Hub Admin", "--admin"],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("admin@example.org (learner, admin)"),
        "{}",
        stderr(&out)
    );

    let out = cli.run_with_input(&["user", "add", "ana@example.org"], "short\n");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("password"), "{}", stderr(&out));

    let out = cli.run_with_input(&["user", "add", "ana@example.org"], &format!("{PASSWORD}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cli.run(&["user", "promote", "ana@example.org", "--role", "admin"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("learner, admin"), "{}", stderr(&out));

    let out = cli.run(&["user", "promote", "nobody@example.org", "--role", "admin"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not found"), "{}", stderr(&out));

    // Two admins: one may step down; the last may not.
    assert!(cli
        .run(&["user", "demote", "admin@example.org", "--role", "admin"])
        .status
        .success());
    let out = cli.run(&["user", "demote", "ana@example.org", "--role", "admin"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("at least one admin"), "{}", stderr(&out));
}

#[tokio::test]
async fn bookmarks_are_idempotent_keep_their_notes_and_need_a_session() {
    let server = TestServer::start().await;
    let client = sign_up(&server, "ana@example.org").await;
    let slug = "core-practice-of-palliative-care";
    let url = |s: &str| format!("{}/api/v1/me/bookmarks/{s}", server.base);

    assert_eq!(
        send(&TestServer::browser(), reqwest::Method::PUT, url(slug), None)
            .await
            .0,
        401
    );
    assert_eq!(
        send(&client, reqwest::Method::PUT, url("no-such-resource"), None)
            .await
            .0,
        404
    );

    let (status, first, _) = send(
        &client,
        reqwest::Method::PUT,
        url(slug),
        Some(json!({"note": " For the team meeting "})),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["note"], "For the team meeting");
    assert_eq!(first["resource"]["slug"], slug);
    // A double submit, and a bare PUT, change nothing.
    for body in [Some(json!({"note": "For the team meeting"})), None] {
        let (status, again, _) = send(&client, reqwest::Method::PUT, url(slug), body).await;
        assert_eq!(status, 200);
        assert_eq!(again["note"], "For the team meeting");
    }
    let (status, body, _) = send(
        &client,
        reqwest::Method::PUT,
        url(slug),
        Some(json!({"note": "x".repeat(2001)})),
    )
    .await;
    assert_eq!((status, body["error"]["param"].as_str()), (400, Some("note")));
    let (status, body, _) = send(&client, reqwest::Method::PUT, url(slug), Some(json!({"nope": 1}))).await;
    assert_eq!((status, body["error"]["param"].as_str()), (400, Some("body")));

    let (status, list) = get(&client, &server.base, "/me/bookmarks").await;
    assert_eq!(status, 200);
    assert_eq!(list["bookmarks"].as_array().unwrap().len(), 1);
    assert_eq!(list["bookmarks"][0]["note"], "For the team meeting");
    assert_eq!(count(&server, "SELECT COUNT(*) FROM bookmarks").await, 1);

    // Another learner's bookmarks are their own.
    let other = sign_up(&server, "ben@example.org").await;
    assert_eq!(
        get(&other, &server.base, "/me/bookmarks").await.1["bookmarks"],
        json!([])
    );

    for _ in 0..2 {
        assert_eq!(send(&client, reqwest::Method::DELETE, url(slug), None).await.0, 204);
    }
    assert_eq!(
        get(&client, &server.base, "/me/bookmarks").await.1["bookmarks"],
        json!([])
    );
}

/// Behind a proxy the hub trusts (`--trusted-proxy`), each visitor's address gets its own
/// sign-in budget, read from the address the proxy appended to X-Forwarded-For; without that
/// option the header is anyone's to write and changes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_each_visitor_has_their_own_sign_in_budget() {
    let dir = tempfile::tempdir().unwrap();
    let database = support::TestDatabase::new(dir.path());
    let proxies = ["--no-seed", "--trusted-proxy", "10.0.0.0/8,127.0.0.1"];
    let proxied = support::process::ServeProcess::start("proxied", &database.url, dir.path(), &proxies).await;
    let direct = support::process::ServeProcess::start("direct", &database.url, dir.path(), &["--no-seed"]).await;
    let client = TestServer::browser();
    // Each try is for a new account, so that only the per-address limit applies.
    let mut account = 0;
    let mut attempt = |base: String, forwarded_for: String| {
        account += 1;
        let send = client
            .post(format!("{base}/api/v1/session"))
            .header("x-forwarded-for", forwarded_for)
            .json(&json!({"email": format!("visitor{account}@example.org"), "password": "a wrong guess"}))
            .send();
        async move { send.await.expect("request").status().as_u16() }
    };
    // An address has 30 tries at once, then one every 2 seconds: how many tries a run of them
    // may get before the first 429, for however long it took.
    let budget = |began: std::time::Instant| 30 + began.elapsed().as_secs() / 2 + 1;

    // One visitor, some of whose tries claim another address in front of the one the proxy
    // appended: all of them count against that one address.
    let began = std::time::Instant::now();
    let mut tries = 0;
    loop {
        let claimed = if tries % 2 == 0 {
            "203.0.113.7"
        } else {
            "198.51.100.1, 203.0.113.7"
        };
        match attempt(proxied.base(), claimed.into()).await {
            401 => tries += 1,
            429 => break,
            other => panic!("try {tries}: {other}"),
        }
        assert!(tries <= budget(began), "the visitor was never held up");
    }
    assert!(tries >= 30, "held up after {tries} tries");
    // Another visitor through the same proxy is not held up, nor one behind a second hop.
    assert_eq!(attempt(proxied.base(), "203.0.113.8".into()).await, 401);
    assert_eq!(attempt(proxied.base(), "203.0.113.9, 10.1.2.3".into()).await, 401);

    // A hub that trusts no proxy counts the connection's own address, whatever the header says.
    let began = std::time::Instant::now();
    let mut tries = 0;
    loop {
        match attempt(direct.base(), format!("192.0.2.{}", tries % 250)).await {
            401 => tries += 1,
            429 => break,
            other => panic!("try {tries}: {other}"),
        }
        assert!(tries <= budget(began), "the header gave each try a budget of its own");
    }
    assert!(tries >= 30, "held up after {tries} tries");
}

#[test]
fn a_trusted_proxy_that_is_not_an_address_is_refused_by_name() {
    let cli = Cli::new();
    let out = cli.run(&["serve", "--no-seed", "--trusted-proxy", "127.0.0.1,proxy.internal"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("--trusted-proxy")
            && err.contains("\"proxy.internal\" is neither an IP address nor a network such as 10.0.0.0/8"),
        "{err}"
    );
}

#[tokio::test]
async fn over_tls_the_session_cookie_is_host_prefixed_and_secure() {
    let server = TestServer::start_configured(true, |state| {
        let mut state = state;
        state.secure_cookies = true;
        state
    })
    .await;
    let client = TestServer::browser();
    let (status, body, _) = post(
        &client,
        &server.base,
        "/accounts",
        json!({"name": "Ana Ruiz", "email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    let (status, body, cookies) = post(
        &client,
        &server.base,
        "/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with("__Host-hub_session="))
        .unwrap_or_else(|| panic!("a __Host- cookie: {cookies:?}"));
    assert!(cookie.contains("Secure") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn an_https_public_address_makes_cookies_secure() {
    let dir = tempfile::tempdir().unwrap();
    let database = support::TestDatabase::new(dir.path());
    let hub = support::process::ServeProcess::start(
        "tls",
        &database.url,
        dir.path(),
        &["--public-url", "https://hub.example.org"],
    )
    .await;
    let resp = Client::new()
        .post(format!("{}/api/v1/accounts", hub.base()))
        .json(&json!({"name": "Ana Ruiz", "email": "ana@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 202);
    let resp = Client::new()
        .post(format!("{}/api/v1/session", hub.base()))
        .json(&json!({"email": "ana@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("__Host-hub_session=") && cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(resp.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn every_password_check_and_hash_is_throttled() {
    let server = TestServer::start().await;
    let client = sign_up(&server, "ana@example.org").await;
    // A wrong current password, five times: the sixth try waits, even with the right one.
    for i in 0..5 {
        let (status, body, _) = post(
            &client,
            &server.base,
            "/me/password",
            json!({"current_password": "not it at all", "new_password": "another long secret"}),
        )
        .await;
        assert_eq!(status, 400, "try {i}: {body}");
    }
    let (status, body, _) = post(
        &client,
        &server.base,
        "/me/password",
        json!({"current_password": PASSWORD, "new_password": "another long secret"}),
    )
    .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (429, &json!("too_many_attempts")),
        "{body}"
    );
    // Deleting the account checks the same password, under the same lock.
    let resp = client
        .delete(format!("{}/api/v1/me", server.base))
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM accounts").await,
        1,
        "nothing was deleted"
    );

    // Sign-ups from one address: thirty at once, then they wait (each costs a hash).
    let mut refused = 0;
    for i in 0..40 {
        let (status, _, _) = post(
            &TestServer::browser(),
            &server.base,
            "/accounts",
            json!({"name": "Someone", "email": format!("user{i}@example.org"), "password": PASSWORD}),
        )
        .await;
        assert!(status == 202 || status == 429, "{status}");
        refused += usize::from(status == 429);
    }
    assert!(refused >= 5, "only {refused} of 40 sign-ups waited");
}

/// Starts a POST to `path` that declares a body and sends only part of it: the request holds
/// one of the server's slots until its body comes or its time runs out. The connection, to
/// read the answer from later.
async fn half_sent(base: &str, path: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"email\":"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

async fn status_line(stream: &mut tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => answer.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_flood_meets_503s_and_the_hub_keeps_answering() {
    let server = TestServer::start_configured(true, |state| {
        state.with_capacity(hub::web::middleware::overload::Capacity {
            concurrent: 2,
            timeout: std::time::Duration::from_millis(1500),
        })
    })
    .await;
    // Two slow requests to one route fill the server: a request to any other route is turned
    // away at once, with a time to come back.
    let mut slow = vec![
        half_sent(&server.base, "/api/v1/session").await,
        half_sent(&server.base, "/api/v1/session").await,
    ];
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for path in ["/api/v1/search?q=pain", "/resources", "/healthz"] {
        let resp = Client::new()
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 503, "{path} while the server is full");
        assert!(resp.headers().contains_key("retry-after"), "{path}");
    }
    // A server function hears it as a server function: an error the page can show.
    let rpc = hub::web::access::server_fn_path("load_home").unwrap();
    let resp = Client::new()
        .post(format!("{}{rpc}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    assert_eq!(
        resp.json::<app::error::UiError>().await.unwrap(),
        app::error::UiError::Unavailable
    );
    // The slow ones run out of time: 503 too.
    for stream in &mut slow {
        let line = status_line(stream).await;
        assert!(line.contains(" 503 "), "{line}");
    }
    drop(slow);
    // And the hub answers again.
    let (status, _) = server.get("/api/v1/search?q=pain").await;
    assert_eq!(status, 200);
    let (status, _) = server.get("/healthz").await;
    assert_eq!(status, 200);
}

/// A link shown once (a calendar address, an invite, a shared collection) is read by every
/// rendering of the page its form returns to, even two asking at the same moment, and by no
/// later request.
#[tokio::test]
async fn a_value_kept_once_reaches_every_rendering_of_the_next_page_and_no_other() {
    use hub::accounts::sessions::{keep_once, take_once, DbSessionStore};
    use tower_sessions::Session;
    let server = TestServer::start().await;
    let store = std::sync::Arc::new(DbSessionStore::new(server.pool.clone()));
    let made = Session::new(None, store.clone(), None);
    keep_once(&made, "calendar", "https://hub.example/calendar/abc.ics")
        .await
        .unwrap();
    made.save().await.unwrap();
    let id = made.id();
    // The next request: its session is loaded from the store on first use, so both readings
    // wait on the database at once.
    let next = Session::new(id, store.clone(), None);
    let (first, second) = tokio::join!(
        take_once(&next, "calendar", "request-1"),
        take_once(&next, "calendar", "request-1"),
    );
    assert_eq!(first.unwrap().as_deref(), Some("https://hub.example/calendar/abc.ics"));
    assert_eq!(second.unwrap().as_deref(), Some("https://hub.example/calendar/abc.ics"));
    next.save().await.unwrap();
    let later = Session::new(id, store, None);
    assert_eq!(take_once(&later, "calendar", "request-2").await.unwrap(), None);
}

/// A link shown once survives real traffic: several learners at once make and remake their
/// calendar address with plain form posts (as without JavaScript), and each time the page the
/// form returns to shows the new address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_shown_once_reaches_its_page_under_load() {
    let server = std::sync::Arc::new(TestServer::start().await);
    let mut learners = Vec::new();
    for n in 0..6 {
        let server = server.clone();
        learners.push(tokio::spawn(async move {
            let (_, client) = support::people::person(&server, &format!("Learner {n}"), false).await;
            let mut last = String::new();
            for round in 0..15 {
                let status = support::people::post_plain_form(&client, &server, "set_calendar_feed", "on=true").await;
                assert!((300..400).contains(&status), "{status}");
                let (_, page) = support::people::get(&client, &server, "/me/bookmarks").await;
                assert!(
                    page.contains("id=\"calendar-url\""),
                    "learner {n}, round {round}: the page the form returned to shows no address"
                );
                let shown = support::people::field_value(&page, "calendar-url");
                assert_ne!(shown, last, "learner {n}, round {round}: a new address each time");
                last = shown;
            }
        }));
    }
    for learner in learners {
        learner.await.unwrap();
    }
}
