//! Mail (issue 25): password resets through a real SMTP server (aiosmtpd), the outbox's
//! retries when the relay is down, a `kill -9` while sending, and the admin's and command
//! line's ways to send a reset.

use crate::support::people::{get, post_form, post_plain_form, post_plain_form_landing, PASSWORD};
use crate::support::process::ServeProcess;
use crate::support::smtp::{free_port, SmtpServer};
use crate::support::{stderr, Cli, TestDatabase, TestServer};
use hub::mail::sender::{send_due, Sender};
use hub::mail::transport::Transport;
use hub::mail::MailSettings;
use mail_parser::MessageParser;
use serde_json::json;
use std::time::Duration;

const NEW_PASSWORD: &str = "a brand new passphrase";

fn sender(transport: Transport) -> Sender {
    Sender {
        transport,
        retry_after: Duration::from_secs(1),
    }
}

async fn api_post(client: &reqwest::Client, server: &TestServer, path: &str, body: serde_json::Value) -> (u16, String) {
    let resp = client
        .post(format!("{}{path}", server.base))
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap_or_default())
}

/// Waits until the outbox holds `n` messages of `kind` (asking for a reset answers before its
/// message is written), then a moment more, and checks it still holds `n`: one too many shows.
async fn outbox_settles(pool: &sqlx::AnyPool, kind: &str, n: i64) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while outbox_count(pool, kind).await < n && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(outbox_count(pool, kind).await, n, "{kind} messages");
}

async fn outbox_count(pool: &sqlx::AnyPool, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = $1")
        .bind(kind.to_string())
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The reset link's token in a received message (its plain-text part, decoded).
fn token_in(raw: &[u8]) -> String {
    let message = MessageParser::default().parse(raw).expect("a message");
    let text = message.body_text(0).expect("a text part").into_owned();
    let at = text
        .find("/reset-password?token=")
        .unwrap_or_else(|| panic!("no link in:\n{text}"));
    text[at + "/reset-password?token=".len()..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

async fn signs_in(server: &TestServer, password: &str) -> u16 {
    let (status, _) = api_post(
        &TestServer::browser(),
        server,
        "/api/v1/session",
        json!({"email": "ana@example.org", "password": password}),
    )
    .await;
    status
}

#[tokio::test]
async fn a_reset_link_arrives_over_smtp_and_sets_a_new_password() {
    let server = TestServer::start_with(false).await;
    let signed_in_elsewhere = server.signed_in("ana@example.org", PASSWORD, false).await;
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(dir.path());
    // Through a relay: a sent message keeps no live link.
    let settings = MailSettings {
        relay: true,
        ..MailSettings::default()
    };
    let sender = sender(Transport::new(Some(&smtp.url()), dir.path()).unwrap());

    // Asking answers the same for an account, for nobody, and in any case; a non-address is
    // refused as such.
    let anyone = TestServer::browser();
    for email in ["ana@example.org", "nobody@example.org", " ANA@Example.org "] {
        let (status, body) = api_post(&anyone, &server, "/api/v1/password-resets", json!({ "email": email })).await;
        assert_eq!((status, body.as_str()), (202, ""), "{email}");
    }
    let (status, body) = api_post(
        &anyone,
        &server,
        "/api/v1/password-resets",
        json!({"email": "not an address"}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"param\":\"email\""), "{body}");
    let (status, _) = api_post(
        &anyone,
        &server,
        "/api/v1/password-resets",
        json!({"email": "a@b.org", "extra": 1}),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused");
    // One per request for the account.
    outbox_settles(&server.pool, "password-reset", 2).await;

    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 2);
    let received = smtp.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 2);
    let message = MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(message.subject(), Some("Choose a new password for Champion Hub"));
    assert_eq!(
        message.to().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("ana@example.org")
    );
    let html = message.body_html(0).expect("an HTML part");
    assert!(
        html.contains("/reset-password?token=") && !html.contains("<img"),
        "{html}"
    );
    let key: String = sqlx::query_scalar("SELECT message_key FROM outbox ORDER BY id LIMIT 1")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(
        message.message_id(),
        Some(format!("{key}@localhost").as_str()),
        "the key is the Message-ID"
    );
    let (copy, text): (String, String) = sqlx::query_as("SELECT message, text_body FROM outbox ORDER BY id LIMIT 1")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(copy.is_empty() && text.contains("token=(hidden)"), "{text}");
    let first = token_in(&received[0]);
    let token = token_in(&received[1]);
    assert_eq!(token.len(), 32);
    // Only the token's digest is kept.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_tokens WHERE token_hash = $1")
        .bind(token.clone())
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    // The link's page names the account and asks twice.
    let browser = TestServer::browser();
    let (status, page) = get(&browser, &server, &format!("/reset-password?token={token}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("For the account ana@example.org") && page.contains(r#"name="confirm_password""#),
        "{page}"
    );
    // Kept out of search engines, and its address out of other sites' Referer.
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#), "{page}");
    assert!(
        page.contains(r#"<meta name="referrer" content="same-origin">"#),
        "{page}"
    );

    // Bad input changes nothing.
    for form in [
        format!("token={token}&new_password=short&confirm_password=short"),
        format!("token={token}&new_password={NEW_PASSWORD}&confirm_password=something+else"),
        format!("token=0123456789abcdef0123456789abcdef&new_password={NEW_PASSWORD}&confirm_password={NEW_PASSWORD}"),
        format!("token=..%2F..%2Fetc&new_password={NEW_PASSWORD}&confirm_password={NEW_PASSWORD}"),
    ] {
        let form = form.replace(' ', "+");
        assert_eq!(
            post_plain_form(&browser, &server, "reset_password", &form).await,
            302,
            "{form}"
        );
        assert_eq!(
            signs_in(&server, PASSWORD).await,
            200,
            "the old password still works after {form}"
        );
    }
    let (status, body) = api_post(
        &anyone,
        &server,
        "/api/v1/password-resets/complete",
        json!({"token": "nope", "new_password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("\"param\":\"token\"") && body.contains("expired or was already used"),
        "{body}"
    );

    // The good post: signed in here, out everywhere else; the old password is gone.
    let form = format!("token={token}&new_password={NEW_PASSWORD}&confirm_password={NEW_PASSWORD}").replace(' ', "+");
    let answer = post_plain_form_landing(&browser, &server, "reset_password", &form).await;
    assert_eq!(answer, (302, "/account?done=password-reset".to_string()));
    assert_eq!(
        get(&browser, &server, "/api/v1/me").await.0,
        200,
        "signed in by the reset"
    );
    assert_eq!(
        get(&signed_in_elsewhere, &server, "/api/v1/me").await.0,
        401,
        "other sessions ended"
    );
    assert_eq!(signs_in(&server, PASSWORD).await, 401);
    assert_eq!(signs_in(&server, NEW_PASSWORD).await, 200);

    // Each link works once, and using one voids the account's other links.
    for t in [&token, &first] {
        let (_, page) = get(&TestServer::browser(), &server, &format!("/reset-password?token={t}")).await;
        assert!(page.contains("This reset link no longer works"), "{page}");
        let (status, _) = api_post(
            &anyone,
            &server,
            "/api/v1/password-resets/complete",
            json!({"token": t, "new_password": "yet another passphrase"}),
        )
        .await;
        assert_eq!(status, 400);
    }
    // The owner hears that the password changed.
    assert_eq!(outbox_count(&server.pool, "password-changed").await, 1);
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 1);
    let received = smtp.wait_for(3, Duration::from_secs(10)).await;
    let notice = MessageParser::default().parse(&received[2]).unwrap();
    assert_eq!(notice.subject(), Some("Your Champion Hub password was changed"));
}

#[tokio::test]
async fn asking_never_tells_who_has_an_account_and_is_capped_per_account() {
    let server = TestServer::start_with(false).await;
    server.add_account("ana@example.org", PASSWORD, false).await;
    // The page's form, without JavaScript: the same redirect for an account and for nobody.
    let mut answers = Vec::new();
    for email in ["ana@example.org", "nobody@example.org"] {
        let form = format!("email={email}");
        answers.push(post_plain_form_landing(&TestServer::browser(), &server, "forgot_password", &form).await);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0], (302, "/forgot-password?sent=1".to_string()));
    let (_, page) = get(&TestServer::browser(), &server, "/forgot-password?sent=1").await;
    assert!(page.contains("If an account uses that address"), "{page}");
    // However often it is asked, one inbox gets three links an hour.
    for _ in 0..6 {
        let (status, _) = api_post(
            &TestServer::browser(),
            &server,
            "/api/v1/password-resets",
            json!({"email": "ana@example.org"}),
        )
        .await;
        assert_eq!(status, 202);
    }
    outbox_settles(&server.pool, "password-reset", 3).await;
    // A disabled account gets none.
    sqlx::query("UPDATE accounts SET disabled_at = '2026-01-01T00:00:00.000Z'")
        .execute(&server.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM account_tokens")
        .execute(&server.pool)
        .await
        .unwrap();
    api_post(
        &TestServer::browser(),
        &server,
        "/api/v1/password-resets",
        json!({"email": "ana@example.org"}),
    )
    .await;
    outbox_settles(&server.pool, "password-reset", 3).await;
}

#[tokio::test]
async fn a_relay_that_is_down_is_tried_again_and_nothing_is_lost() {
    let server = TestServer::start_with(false).await;
    server.add_account("ana@example.org", PASSWORD, false).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let settings = MailSettings::default();
    let sender = sender(Transport::new(Some(&format!("smtp://127.0.0.1:{port}?tls=none")), dir.path()).unwrap());
    api_post(
        &TestServer::browser(),
        &server,
        "/api/v1/password-resets",
        json!({"email": "ana@example.org"}),
    )
    .await;
    outbox_settles(&server.pool, "password-reset", 1).await;

    // Down: the try is recorded, with the error, and the message waits.
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 0);
    let (attempts, error, sent): (i64, Option<String>, Option<String>) =
        sqlx::query_as("SELECT attempts, last_error, sent_at FROM outbox")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    assert_eq!((attempts, sent), (1, None));
    assert!(error.is_some_and(|e| !e.is_empty()));
    // Not due again at once: it waits its backoff.
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 0);
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM outbox")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(attempts, 1);

    // Up again: the next try after the wait sends it, once.
    let smtp = SmtpServer::start_on(port, dir.path());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 1);
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 0);
    let received = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 1);
    let (attempts, error, sent): (i64, Option<String>, Option<String>) =
        sqlx::query_as("SELECT attempts, last_error, sent_at FROM outbox")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    assert_eq!(attempts, 2);
    assert!(error.is_none() && sent.is_some());
}

#[tokio::test]
async fn a_message_is_given_up_after_its_last_try_and_an_admin_can_try_again() {
    let server = TestServer::start_with(false).await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    server.add_account("ana@example.org", PASSWORD, false).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = MailSettings::default();
    // A relay that stays down, and a message on its last try.
    let port = free_port();
    let sender = sender(Transport::new(Some(&format!("smtp://127.0.0.1:{port}?tls=none")), dir.path()).unwrap());
    api_post(
        &TestServer::browser(),
        &server,
        "/api/v1/password-resets",
        json!({"email": "ana@example.org"}),
    )
    .await;
    outbox_settles(&server.pool, "password-reset", 1).await;
    sqlx::query("UPDATE outbox SET attempts = $1")
        .bind(hub::mail::outbox::MOST_TRIES - 1)
        .execute(&server.pool)
        .await
        .unwrap();
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 0);
    let failed: Option<String> = sqlx::query_scalar("SELECT failed_at FROM outbox")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(failed.is_some(), "the last try gives up");
    sqlx::query("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z'")
        .execute(&server.pool)
        .await
        .unwrap();
    assert_eq!(
        send_due(&server.pool, &settings, &sender).await.unwrap(),
        0,
        "a message given up on is not tried"
    );

    // The admin sees it, with the relay's answer, and tries again once the relay is up.
    let (status, page) = get(&admin, &server, "/admin/outbox").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("Given up after {} tries", hub::mail::outbox::MOST_TRIES)) && page.contains("Try again"),
        "{page}"
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM outbox")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(
        post_plain_form(&admin, &server, "admin_retry_mail", &format!("id={id}")).await,
        302
    );
    let smtp = SmtpServer::start_on(port, dir.path());
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 1);
    assert_eq!(smtp.wait_for(1, Duration::from_secs(10)).await.len(), 1);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'retry-mail'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    // Retrying a sent message is refused, and changes nothing.
    let (status, _) = post_form(&admin, &server, "admin_retry_mail", &format!("id={id}")).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn admins_send_resets_and_read_the_outbox_and_learners_cannot() {
    let server = TestServer::start_with(false).await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let learner = server.signed_in("ana@example.org", PASSWORD, false).await;
    let ana: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'ana@example.org'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let path = format!("/api/v1/admin/users/{ana}/password-reset");
    let (status, _) = api_post(&learner, &server, &path, json!({})).await;
    assert_eq!(status, 403);
    assert_eq!(get(&learner, &server, "/admin/outbox").await.0, 403);
    let (status, body) = api_post(&admin, &server, &path, json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = api_post(&admin, &server, "/api/v1/admin/users/999999/password-reset", json!({})).await;
    assert_eq!(status, 404);
    // From the users page, without JavaScript: back to the page, saying so.
    let resp = admin
        .post(format!("{}/rpc/admin_send_reset", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", &server.base)
        .header("referer", format!("{}/admin/users", server.base))
        .body(format!(
            "id={ana}&back=%2Fadmin%2Fusers&__landing=user-{ana}&__done=reset-sent"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 302);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/admin/users?done=reset-sent#user-{ana}"));
    let (_, page) = get(&admin, &server, "/admin/users?done=reset-sent").await;
    assert!(page.contains("A password reset link is on its way"), "{page}");
    assert!(page.contains("Send a password reset"));
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'send-password-reset'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(audited, 2);
    // The outbox, narrowed to her, lists both, readable; the delivery says where mail goes.
    let (status, page) = get(&admin, &server, "/admin/outbox?to=ana%40example.org").await;
    assert_eq!(status, 200);
    assert_eq!(
        page.matches(r#"class="outbox__subject">Choose a new password for Champion Hub"#)
            .count(),
        2,
        "{page}"
    );
    assert!(page.contains("A Champion Hub admin sent you this link"));
    assert!(page.contains("No public address is set"));
    let (_, page) = get(&admin, &server, "/admin/outbox?to=someone-else%40example.org").await;
    assert!(page.contains("No messages to someone-else@example.org"), "{page}");
    // A third is fine; the fourth in the hour is refused, and says why.
    api_post(&admin, &server, &path, json!({})).await;
    let (status, body) = api_post(&admin, &server, &path, json!({})).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("reset links in the last hour"), "{body}");
}

#[tokio::test]
async fn the_command_line_sends_a_reset() {
    let cli = Cli::new();
    cli.ok(&["migrate"]);
    let made = cli.run_with_input(
        &["user", "add", "ana@example.org", "--name", "Ana"],
        &format!("{PASSWORD}\n"),
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let out = cli.ok(&[
        "user",
        "reset-password",
        "ANA@example.org",
        "--public-url",
        "https://hub.example.org",
    ]);
    assert!(
        stderr(&out).contains("queued a reset link for ana@example.org"),
        "{}",
        stderr(&out)
    );
    let unknown = cli.run(&["user", "reset-password", "nobody@example.org"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("nobody@example.org"), "{}", stderr(&unknown));
    let pool = hub::db::open(cli.database_url()).await.unwrap();
    let (text, audited): (String, i64) = sqlx::query_as(
        "SELECT text_body, (SELECT COUNT(*) FROM audit_log WHERE action = 'send-password-reset') FROM outbox",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(text.contains("https://hub.example.org/reset-password?token="), "{text}");
    assert_eq!(audited, 1);
}

/// `kill -9` while the hub sends: every message arrives, each under its own Message-ID; a copy
/// sent twice (the relay said yes, the process died before writing it down) carries the same
/// Message-ID, so receivers treat it as one message.
#[tokio::test]
async fn a_kill_9_while_sending_loses_no_message() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    let pool = hub::db::open(&database.url).await.unwrap();
    let settings = MailSettings::default();
    let mut keys = std::collections::BTreeSet::new();
    for n in 0..60 {
        let email = format!("learner{n}@example.org");
        hub::accounts::store::create(
            &pool,
            hub::accounts::NewAccount {
                name: format!("Learner {n}"),
                email: email.clone(),
                password: PASSWORD.into(),
                ..Default::default()
            },
            false,
        )
        .await
        .unwrap();
        hub::accounts::reset::request(&pool, &settings, &email, hub::accounts::reset::AskedBy::Form)
            .await
            .unwrap();
    }
    let stored: Vec<String> = sqlx::query_scalar("SELECT message_key FROM outbox")
        .fetch_all(&pool)
        .await
        .unwrap();
    keys.extend(stored);
    assert_eq!(keys.len(), 60);

    let smtp = SmtpServer::start(dir.path());
    let url = smtp.url();
    let mut hub = ServeProcess::spawn(
        "mailer",
        &database.url,
        dir.path(),
        &["--no-seed", "--smtp-url", &url, "--mail-retry-after", "1s"],
    );
    // Killed twice while it sends (each time once more messages have left than at the last
    // kill: a restarted hub waits out the dead one's lease first), then left to finish.
    let sent = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let mut sent_at_kills = Vec::new();
    for pause in [15, 35] {
        let before = sent_at_kills.last().copied().unwrap_or(0);
        let deadline = std::time::Instant::now() + Duration::from_secs(40);
        while sent().await <= before {
            assert!(
                std::time::Instant::now() < deadline,
                "sending never resumed:\n{}",
                hub.log()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(pause)).await;
        hub.kill();
        sent_at_kills.push(sent().await);
        hub.launch();
    }
    assert!(
        sent_at_kills[1] < 60,
        "the second kill came after the last message: {sent_at_kills:?}"
    );
    hub.wait_ready().await;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
        if left == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{left} messages never left:\n{}",
            hub.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let received = smtp.wait_for(60, Duration::from_secs(10)).await;
    let ids: Vec<String> = received
        .iter()
        .map(|raw| {
            let m = MessageParser::default().parse(raw).expect("a message");
            m.message_id()
                .expect("a Message-ID")
                .trim_end_matches("@localhost")
                .to_string()
        })
        .collect();
    let distinct: std::collections::BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(distinct, keys, "every message arrived, and nothing else did");
    eprintln!(
        "kill -9 ×2 while sending 60 (sent at each kill: {sent_at_kills:?}): {} received, {} distinct, {} sent twice",
        ids.len(),
        distinct.len(),
        ids.len() - distinct.len()
    );
    // At most the one in flight at each kill was sent twice, under its own Message-ID.
    assert!(
        ids.len() - distinct.len() <= 2,
        "{} copies sent twice",
        ids.len() - distinct.len()
    );
}

/// Sends what is due into a folder, and reads each message back: its recipient, subject and
/// decoded text part.
async fn delivered(server: &TestServer, folder: &std::path::Path) -> Vec<(String, String, String)> {
    let sender = sender(Transport::Folder(folder.to_path_buf()));
    send_due(&server.pool, &MailSettings::default(), &sender).await.unwrap();
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).unwrap());
    let mut out = Vec::new();
    for file in files {
        let raw = std::fs::read(&file).unwrap();
        let m = MessageParser::default().parse(&raw).unwrap();
        out.push((
            m.to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_string(),
            m.subject().unwrap_or_default().to_string(),
            m.body_text(0).unwrap_or_default().into_owned(),
        ));
    }
    out
}

/// The path of the first link to `path` in a message's text.
fn link_in(text: &str, path: &str) -> String {
    let at = text.find(path).unwrap_or_else(|| panic!("no {path} in:\n{text}"));
    text[at..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn sign_up_mails_a_link_that_confirms_the_address_and_signs_in() {
    let server = TestServer::start().await;
    let folder = tempfile::tempdir().unwrap();
    let browser = TestServer::browser();
    let form = format!(
        "name=Ana+Ruiz&email=ana%40example.org&password={}&next=%2Fteams",
        PASSWORD.replace(' ', "+")
    );
    let (status, to) = post_plain_form_landing(&browser, &server, "sign_up", &form).await;
    assert_eq!((status, to.as_str()), (302, "/sign-up?sent=1&next=%2Fteams"));
    let (_, page) = get(&browser, &server, &to).await;
    assert!(
        page.contains("Check your email") && page.contains("/sign-in?next=%2Fteams"),
        "{page}"
    );
    assert_eq!(
        get(&browser, &server, "/api/v1/me").await.0,
        401,
        "sign-up signs no one in"
    );

    // Unconfirmed, the account can sign in and learn, but not lead a team, and says why.
    assert_eq!(signs_in(&server, PASSWORD).await, 200);
    let learner = TestServer::browser();
    api_post(
        &learner,
        &server,
        "/api/v1/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM accounts")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let all: Vec<String> = app::model::PLEDGE.iter().map(|(k, _)| k.to_string()).collect();
    hub::accounts::store::take_pledge(&server.pool, hub::accounts::AccountId(id), &all)
        .await
        .unwrap();
    let (status, body) = post_form(&learner, &server, "create_team", "name=Ward+4").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Confirm your email address first"), "{body}");
    let (_, page) = get(&learner, &server, "/account").await;
    assert!(page.contains("Your email is not confirmed yet"), "{page}");
    let (_, me) = get(&learner, &server, "/api/v1/me").await;
    assert!(me.contains("\"email_confirmed\":false"), "{me}");

    // Received by an SMTP server.
    let smtp = SmtpServer::start(folder.path());
    let through = sender(Transport::new(Some(&smtp.url()), folder.path()).unwrap());
    assert_eq!(
        send_due(&server.pool, &MailSettings::default(), &through)
            .await
            .unwrap(),
        1
    );
    let received = smtp.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 1);
    let message = MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(
        (
            message.to().and_then(|a| a.first()).and_then(|a| a.address()),
            message.subject()
        ),
        (Some("ana@example.org"), Some("Confirm your email for Champion Hub"))
    );
    assert!(message.body_html(0).is_some(), "an HTML part");
    let text = message.body_text(0).expect("a text part").into_owned();
    let link = link_in(&text, "/confirm-email?token=");
    assert!(link.ends_with("&next=%2Fteams"), "{link}");

    // Opening the link confirms nothing (mail scanners open links); its button does.
    let reader = TestServer::browser();
    let (status, page) = get(&reader, &server, &link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirm that ana@example.org is your address"), "{page}");
    let confirmed: Option<String> = sqlx::query_scalar("SELECT email_confirmed_at FROM accounts")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(confirmed.is_none());
    let token = link
        .split("token=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let (status, to) = post_plain_form_landing(
        &reader,
        &server,
        "confirm_email",
        &format!("token={token}&next=%2Fteams"),
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/teams?done=confirmed"));
    assert_eq!(
        get(&reader, &server, "/api/v1/me").await.0,
        200,
        "the link signed this browser in"
    );
    let (status, body) = post_form(&learner, &server, "create_team", "name=Ward+4").await;
    assert_eq!(status, 200, "{body}");

    // Used, it is dead, and says what to do.
    let (_, page) = get(&TestServer::browser(), &server, &link).await;
    assert!(page.contains("This link no longer works"), "{page}");
    let (status, _) = post_plain_form_landing(
        &TestServer::browser(),
        &server,
        "confirm_email",
        &format!("token={token}"),
    )
    .await;
    assert_eq!(status, 302);
    for bad in ["nope", "../../etc/passwd", "0123456789abcdef0123456789abcdef"] {
        let (status, body) = post_form(
            &TestServer::browser(),
            &server,
            "confirm_email",
            &format!("token={bad}"),
        )
        .await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
}

#[tokio::test]
async fn sign_up_answers_the_same_for_an_address_in_use_and_tells_its_owner_once_an_hour() {
    let server = TestServer::start_with(false).await;
    server.add_account("ana@example.org", PASSWORD, false).await;
    let folder = tempfile::tempdir().unwrap();
    let form = |email: &str| format!("name=Someone&email={email}&password=another+long+secret");
    let (_, new) =
        post_plain_form_landing(&TestServer::browser(), &server, "sign_up", &form("ben%40example.org")).await;
    let (_, used) =
        post_plain_form_landing(&TestServer::browser(), &server, "sign_up", &form("ana%40example.org")).await;
    assert_eq!(new, used);
    assert_eq!(new, "/sign-up?sent=1");
    for _ in 0..3 {
        post_plain_form_landing(&TestServer::browser(), &server, "sign_up", &form("ANA%40example.org")).await;
    }
    let mail = delivered(&server, folder.path()).await;
    let to_ana: Vec<_> = mail.iter().filter(|(to, _, _)| to == "ana@example.org").collect();
    assert_eq!(to_ana.len(), 1, "one note an hour: {mail:?}");
    assert_eq!(to_ana[0].1, "Someone tried to use your email on Champion Hub");
    assert!(to_ana[0].2.contains("/forgot-password"));
    assert_eq!(
        signs_in(&server, PASSWORD).await,
        200,
        "the owner's password is untouched"
    );
    // Bad input still says what is wrong, field by field, and makes nothing.
    let (status, body) = post_form(
        &TestServer::browser(),
        &server,
        "sign_up",
        "name=&email=nope&password=short",
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("name") && body.contains("email") && body.contains("password"),
        "{body}"
    );
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(accounts, 2);
}

#[tokio::test]
async fn a_new_email_waits_for_its_confirmation_and_the_old_one_is_told() {
    let server = TestServer::start_with(false).await;
    let ana = server.signed_in("ana@example.org", PASSWORD, false).await;
    server.add_account("ben@example.org", PASSWORD, false).await;
    let folder = tempfile::tempdir().unwrap();
    let profile = |email: &str| json!({"name": "Ana Ruiz", "email": email, "password": PASSWORD});
    let put = |body: serde_json::Value| {
        let ana = ana.clone();
        let url = format!("{}/api/v1/me/profile", server.base);
        async move { ana.put(url).json(&body).send().await.unwrap().status().as_u16() }
    };
    // An address another account uses: the same answer, and its owner is told.
    assert_eq!(put(profile("ben@example.org")).await, 200);
    assert_eq!(put(profile("ana.ruiz@example.org")).await, 200);
    let (_, me) = get(&ana, &server, "/api/v1/me").await;
    assert!(
        me.contains("\"email\":\"ana@example.org\"") && me.contains("\"pending_email\":\"ana.ruiz@example.org\""),
        "{me}"
    );
    let mail = delivered(&server, folder.path()).await;
    let subjects: Vec<(&str, &str)> = mail.iter().map(|(to, s, _)| (to.as_str(), s.as_str())).collect();
    assert!(
        subjects.contains(&("ben@example.org", "Someone tried to use your email on Champion Hub")),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&("ana.ruiz@example.org", "Confirm your new email for Champion Hub")),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&("ana@example.org", "Your Champion Hub email is changing")),
        "{subjects:?}"
    );
    assert!(!subjects
        .iter()
        .any(|(to, s)| *to == "ben@example.org" && s.starts_with("Confirm")));
    // Until confirmed, she signs in with the old address.
    assert_eq!(signs_in(&server, PASSWORD).await, 200);
    let (_, _, text) = mail.iter().find(|(to, _, _)| to == "ana.ruiz@example.org").unwrap();
    let link = link_in(text, "/confirm-email?token=");
    let token = link.split("token=").nth(1).unwrap().to_string();
    let (status, to) = post_plain_form_landing(
        &TestServer::browser(),
        &server,
        "confirm_email",
        &format!("token={token}"),
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/me?done=confirmed"));
    let (_, me) = get(&ana, &server, "/api/v1/me").await;
    assert!(
        me.contains("\"email\":\"ana.ruiz@example.org\"") && me.contains("\"pending_email\":null"),
        "{me}"
    );
    assert_eq!(
        signs_in(&server, PASSWORD).await,
        401,
        "the old address no longer signs in"
    );

    // Asking for another, then keeping the current one: its link stops working.
    assert_eq!(
        put(json!({"name": "Ana Ruiz", "email": "ana.r@example.org", "password": PASSWORD})).await,
        200
    );
    let mail = delivered(&server, folder.path()).await;
    let (_, _, text) = mail.iter().find(|(to, _, _)| to == "ana.r@example.org").unwrap();
    let token = link_in(text, "/confirm-email?token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    let (status, to) = post_plain_form_landing(&ana, &server, "keep_email", "").await;
    assert_eq!((status, to.as_str()), (302, "/account?done=email-kept#email-status"));
    let (status, _) = post_form(
        &TestServer::browser(),
        &server,
        "confirm_email",
        &format!("token={token}"),
    )
    .await;
    assert_eq!(status, 400);
    let (_, me) = get(&ana, &server, "/api/v1/me").await;
    assert!(me.contains("\"email\":\"ana.ruiz@example.org\""), "{me}");
}

#[tokio::test]
async fn a_new_confirmation_link_can_be_sent_three_times_an_hour() {
    let server = TestServer::start_with(false).await;
    let browser = TestServer::browser();
    api_post(
        &browser,
        &server,
        "/api/v1/accounts",
        json!({"name": "Ana", "email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    api_post(
        &browser,
        &server,
        "/api/v1/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(post_form(&browser, &server, "send_confirmation", "").await.0);
    }
    assert_eq!(statuses, [200, 200, 409], "the sign-up's link counts as one of three");
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'confirm-address'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(sent, 3);
    // A confirmed account has nothing to confirm.
    let confirmed = server.signed_in("ben@example.org", PASSWORD, false).await;
    let (status, body) = post_form(&confirmed, &server, "send_confirmation", "").await;
    assert_eq!(status, 409, "{body}");
}

/// A session of the seed's Harvard course on 2 March 2027 at 9:00 in New York (14:00 UTC).
async fn a_future_session(server: &TestServer, position: i64, starts_at: &str) {
    sqlx::query(
        "INSERT INTO schedule_entries (resource_id, position, title, starts_at, ends_at)
         VALUES ((SELECT id FROM resources WHERE slug = 'core-practice-of-palliative-care'), $1, $2, $3, $3)",
    )
    .bind(position)
    .bind(format!("Live session {position}"))
    .bind(starts_at.to_string())
    .execute(&server.pool)
    .await
    .unwrap();
}

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[tokio::test]
async fn a_bookmarked_live_session_is_reminded_the_day_before_in_the_learners_zone_once() {
    use hub::progress::reminders::queue_due;
    let server = TestServer::start().await;
    let settings = MailSettings::default();
    a_future_session(&server, 90, "2027-03-02T09:00:00-05:00").await;
    let ana = server.signed_in("ana@example.org", PASSWORD, false).await;
    server.add_account("ben@example.org", PASSWORD, false).await;
    for (email, zone) in [
        ("ana@example.org", "Europe/London"),
        ("ben@example.org", "Europe/London"),
    ] {
        let id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
            .bind(email)
            .fetch_one(&server.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE accounts SET time_zone = $2 WHERE id = $1")
            .bind(id)
            .bind(zone)
            .execute(&server.pool)
            .await
            .unwrap();
        hub::progress::bookmarks::set(
            &server.pool,
            hub::accounts::AccountId(id),
            "core-practice-of-palliative-care",
            None,
        )
        .await
        .unwrap();
    }
    // Ben never confirmed his address: no reminders for him.
    sqlx::query("UPDATE accounts SET email_confirmed_at = NULL WHERE email = 'ben@example.org'")
        .execute(&server.pool)
        .await
        .unwrap();

    // 9:00 on 1 March in London is 09:00 UTC: not before, once from then.
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-03-01T08:59:00Z"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-03-01T09:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-03-01T17:30:00Z"))
            .await
            .unwrap(),
        0,
        "once"
    );
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-03-02T15:00:00Z"))
            .await
            .unwrap(),
        0,
        "never after it starts"
    );
    let folder = tempfile::tempdir().unwrap();
    let mail = delivered(&server, folder.path()).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    let (to, subject, text) = &mail[0];
    assert_eq!(
        (to.as_str(), subject.as_str()),
        ("ana@example.org", "Tomorrow: Live session 90")
    );
    assert!(text.contains("Tuesday 2 March 2027, 14:00 GMT"), "{text}");
    assert!(text.contains("/resources/core-practice-of-palliative-care"), "{text}");

    // RFC 8058: the header's address takes a post from the mail program, with no sign-in.
    let raw = std::fs::read(
        std::fs::read_dir(folder.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    let parsed = MessageParser::default().parse(&raw).unwrap();
    let header = parsed
        .header_raw("List-Unsubscribe")
        .expect("List-Unsubscribe")
        .trim()
        .to_string();
    assert_eq!(
        parsed.header_raw("List-Unsubscribe-Post").map(str::trim),
        Some("List-Unsubscribe=One-Click")
    );
    let one_click = header
        .trim_matches(['<', '>'])
        .replace("http://localhost:3000", &server.base);
    assert!(one_click.contains("/unsubscribe/one-click?token="), "{one_click}");
    let footer = link_in(text, "/unsubscribe?token=");
    // The footer's page asks first: opening it changes nothing.
    let (status, page) = get(&TestServer::browser(), &server, &footer).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Stop live session reminders to ana@example.org?"),
        "{page}"
    );
    // Opened as a link, the header's address leads to that page.
    let opened = TestServer::browser().get(&one_click).send().await.unwrap();
    assert_eq!(opened.status().as_u16(), 303);
    let resp = reqwest::Client::new()
        .post(&one_click)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://mail.example.com")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let (_, page) = get(&TestServer::browser(), &server, &footer).await;
    assert!(
        page.contains("Done: no more live session reminders to ana@example.org."),
        "{page}"
    );
    a_future_session(&server, 91, "2027-03-09T09:00:00-05:00").await;
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-03-08T12:00:00Z"))
            .await
            .unwrap(),
        0,
        "turned off"
    );
    // Her account page says so, and she can turn them back on.
    let (_, choices) = post_form(&ana, &server, "mail_choices", "").await;
    assert!(
        choices.contains(r#""key":"live-session","label":"Live session reminders""#)
            && choices.contains(r#""on":false"#),
        "{choices}"
    );
    let (status, to) = post_plain_form_landing(
        &ana,
        &server,
        "save_mail_choices",
        "live_session=on&time_zone=Europe%2FLondon",
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/account?done=mail#mail-title"));
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-03-08T12:00:00Z"))
            .await
            .unwrap(),
        1
    );

    // Links the hub did not make do nothing.
    let (_, page) = get(
        &TestServer::browser(),
        &server,
        "/unsubscribe?token=0123456789abcdef0123456789abcdef",
    )
    .await;
    assert!(page.contains("This unsubscribe link is not one the hub made"), "{page}");
    let resp = reqwest::Client::new()
        .post(format!("{}/unsubscribe/one-click?token=nope", server.base))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
}

#[tokio::test]
async fn email_choices_refuse_what_they_do_not_know_and_change_nothing() {
    let server = TestServer::start_with(false).await;
    let ana = server.signed_in("ana@example.org", PASSWORD, false).await;
    for form in ["live_session=on&time_zone=Mars%2FOlympus", "time_zone=%3Cscript%3E"] {
        let (status, body) = post_form(&ana, &server, "save_mail_choices", form).await;
        assert_eq!(status, 400, "{form}: {body}");
        assert!(
            body.contains("time_zone") && body.contains("not a time zone the hub knows"),
            "{body}"
        );
    }
    let (_, choices) = post_form(&ana, &server, "mail_choices", "").await;
    assert!(
        choices.contains(r#""time_zone":"""#) && !choices.contains(r#""on":false"#),
        "{choices}"
    );
    let (status, _) = post_form(&ana, &server, "save_mail_choices", "time_zone=America%2FChicago").await;
    assert_eq!(status, 200);
    let (_, choices) = post_form(&ana, &server, "mail_choices", "").await;
    assert!(choices.contains(r#""time_zone":"America/Chicago""#), "{choices}");
    assert_eq!(
        choices.matches(r#""on":false"#).count(),
        5,
        "nothing ticked: all five a learner may choose are off: {choices}"
    );
    assert_eq!(
        post_form(&TestServer::browser(), &server, "mail_choices", "").await.0,
        401
    );
}

#[tokio::test]
async fn signing_up_again_before_confirming_sends_a_new_link_and_a_reset_confirms() {
    let server = TestServer::start_with(false).await;
    let folder = tempfile::tempdir().unwrap();
    let form = format!(
        "name=Ana&email=ana%40example.org&password={}",
        PASSWORD.replace(' ', "+")
    );
    for _ in 0..2 {
        let (status, to) = post_plain_form_landing(&TestServer::browser(), &server, "sign_up", &form).await;
        assert_eq!((status, to.as_str()), (302, "/sign-up?sent=1"));
    }
    let mail = delivered(&server, folder.path()).await;
    let subjects: Vec<&str> = mail.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(
        subjects, ["Confirm your email for Champion Hub"; 2],
        "the lost first link is sent anew"
    );
    // Unconfirmed, her email choices (kept by address) are not hers to set yet.
    let ana = TestServer::browser();
    api_post(
        &ana,
        &server,
        "/api/v1/session",
        json!({"email": "ana@example.org", "password": PASSWORD}),
    )
    .await;
    let (status, body) = post_form(&ana, &server, "save_mail_choices", "time_zone=").await;
    assert_eq!(status, 403, "{body}");
    // A reset link proves the mailbox as well as a confirmation does.
    api_post(
        &TestServer::browser(),
        &server,
        "/api/v1/password-resets",
        json!({"email": "ana@example.org"}),
    )
    .await;
    outbox_settles(&server.pool, "password-reset", 1).await;
    let mail = delivered(&server, folder.path()).await;
    let (_, _, text) = mail
        .iter()
        .find(|(_, s, _)| s.starts_with("Choose a new password"))
        .unwrap();
    let token = link_in(text, "/reset-password?token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    let (status, body) = api_post(
        &TestServer::browser(),
        &server,
        "/api/v1/password-resets/complete",
        json!({"token": token, "new_password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"email_confirmed\":true"), "{body}");
}
