//! The learner's data export over HTTP: everything the hub holds about the signed-in learner as
//! JSON (and nothing about anyone else, nor any secret), their progress as CSV, refusals, and
//! nothing left of them after the account is deleted.

use crate::support;

use reqwest::{Client, Method};
use serde_json::{json, Value};
use support::TestServer;

const PASSWORD: &str = "a long enough secret";
const SERIES: &str = "palliative-care-module-series-part-1";
const QUIZ: &str = "check-your-understanding";
const BARE: &str = "american-academy-of-hospice-and-palliative-medicine";
/// The seed quiz's answer key, and a 60% attempt (the pass mark is 80).
const RIGHT: [i64; 5] = [1, 3, 0, 2, 1];
const THREE_OF_FIVE: [i64; 5] = [1, 3, 0, 0, 0];
const NOTE: &str = "For the team meeting, \"week 2\"; share with Sam";
/// The tables that hold a learner's rows, each by `account_id`.
const LEARNER_TABLES: [&str; 7] = [
    "sessions",
    "bookmarks",
    "progress",
    "quiz_attempts",
    "certificates",
    "calendar_feeds",
    "team_members",
];

async fn call(client: &Client, server: &TestServer, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = client.request(method, format!("{}/api/v1{path}", server.base));
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    (
        status,
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} gave non-JSON ({e}): {text}"))
        },
    )
}

/// The export's status, headers we check, and body text.
struct Download {
    status: u16,
    content_type: String,
    disposition: String,
    cache: String,
    body: String,
}

async fn download(client: &Client, server: &TestServer, query: &str) -> Download {
    let resp = client
        .get(format!("{}/api/v1/me/export{query}", server.base))
        .send()
        .await
        .expect("request");
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (content_type, disposition, cache) = (
        header("content-type"),
        header("content-disposition"),
        header("cache-control"),
    );
    Download {
        status: resp.status().as_u16(),
        content_type,
        disposition,
        cache,
        body: resp.text().await.expect("body"),
    }
}

async fn sign_up(server: &TestServer, name: &str, email: &str) -> Client {
    let client = TestServer::browser();
    let (status, body) = call(
        &client,
        server,
        Method::POST,
        "/accounts",
        Some(json!({"name": name, "email": email, "password": PASSWORD, "profession": "Nurse"})),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    let (status, body) = call(
        &client,
        server,
        Method::POST,
        "/session",
        Some(json!({"email": email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // As following the mailed link does (tests/mail.rs follows it): teams need a confirmed address.
    sqlx::query("UPDATE accounts SET email_confirmed_at = created_at WHERE email = $1")
        .bind(email.to_string())
        .execute(&server.pool)
        .await
        .unwrap();
    client
}

async fn account_id(server: &TestServer, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(email.to_string())
        .fetch_one(&server.pool)
        .await
        .unwrap()
}

async fn put_progress(client: &Client, server: &TestServer, slug: &str, item: &str, status: &str) {
    let (code, body) = call(
        client,
        server,
        Method::PUT,
        &format!("/me/progress/{slug}/items/{item}"),
        Some(json!({"status": status})),
    )
    .await;
    assert_eq!(code, 200, "{body}");
}

async fn attempt(client: &Client, server: &TestServer, answers: [i64; 5]) -> Value {
    let (code, body) = call(
        client,
        server,
        Method::POST,
        &format!("/me/quizzes/{SERIES}/items/{QUIZ}/attempts"),
        Some(json!({"answers": answers})),
    )
    .await;
    assert_eq!(code, 201, "{body}");
    body
}

/// Ana bookmarks with a note, records progress (then the catalog retires one of those items),
/// fails and then passes the quiz, and holds a certificate; Ben, another learner, bookmarks too.
async fn busy_learner(server: &TestServer) -> Client {
    let ana = sign_up(server, "Ana Ruiz", "ana@example.org").await;
    let (code, body) = call(
        &ana,
        server,
        Method::PUT,
        &format!("/me/bookmarks/{SERIES}"),
        Some(json!({"note": NOTE})),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    put_progress(&ana, server, SERIES, "presentation-1", "completed").await;
    put_progress(&ana, server, SERIES, "presentation-2", "in_progress").await;
    put_progress(&ana, server, SERIES, "presentation-5", "completed").await;
    put_progress(&ana, server, BARE, BARE, "completed").await;
    assert_eq!(attempt(&ana, server, THREE_OF_FIVE).await["passed"], false);
    assert_eq!(attempt(&ana, server, RIGHT).await["passed"], true);
    sqlx::query(
        "UPDATE items SET retired_at = '2026-11-23T00:00:00Z'
         WHERE slug = 'presentation-5' AND resource_id = (SELECT id FROM resources WHERE slug = $1)",
    )
    .bind(SERIES)
    .execute(&server.pool)
    .await
    .unwrap();
    // Certificates are read from their table as stored, whoever issued them.
    sqlx::query(
        "INSERT INTO certificates (code, account_id, subject_kind, subject_id, learner_name, title, completed_on, issued_at)
         SELECT 'EXPORT-TEST-1', $1, 'resource', id, 'Ana Ruiz', title, '2026-11-23', '2026-11-23T12:00:00.000Z'
         FROM resources WHERE slug = $2",
    )
    .bind(account_id(server, "ana@example.org").await)
    .bind(SERIES)
    .execute(&server.pool)
    .await
    .unwrap();

    // Her personal calendar feed.
    let ana_id = hub::accounts::AccountId(account_id(server, "ana@example.org").await);
    hub::progress::calendar_feed::reset(&server.pool, ana_id).await.unwrap();

    let ben = sign_up(server, "Ben Okafor", "ben@example.org").await;
    let (code, _) = call(
        &ben,
        server,
        Method::PUT,
        &format!("/me/bookmarks/{BARE}"),
        Some(json!({"note": "Ben's own note"})),
    )
    .await;
    assert_eq!(code, 200);
    put_progress(&ben, server, SERIES, "presentation-3", "completed").await;
    ana
}

fn progress_row<'a>(export: &'a Value, resource: &str, unit: &str) -> &'a Value {
    export["progress"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["resource_slug"] == resource && p["unit"] == unit)
        .unwrap_or_else(|| panic!("no progress row for {resource} / {unit}"))
}

#[tokio::test]
async fn the_export_needs_a_session() {
    let server = TestServer::start().await;
    let stranger = TestServer::browser();
    for query in ["", "?format=csv", "?format=xml"] {
        let d = download(&stranger, &server, query).await;
        assert_eq!(d.status, 401, "{query}: {}", d.body);
        let body: Value = serde_json::from_str(&d.body).unwrap();
        assert_eq!(body["error"]["code"], "unauthorized");
    }
}

#[tokio::test]
async fn the_json_export_holds_everything_about_the_learner_and_no_secret() {
    let server = TestServer::start().await;
    let ana = busy_learner(&server).await;

    let d = download(&ana, &server, "").await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert!(d.content_type.starts_with("application/json"), "{}", d.content_type);
    assert_eq!(d.disposition, "attachment; filename=\"champion-hub-export.json\"");
    assert_eq!(d.cache, "no-store");
    assert_eq!(download(&ana, &server, "?format=json").await.status, 200);

    // No secret: neither the password nor its hash, nor any session id.
    assert!(!d.body.contains("argon2"), "a password hash leaked");
    assert!(!d.body.contains(PASSWORD), "the password leaked");
    assert!(!d.body.contains("password"), "no password field at all");
    let session_ids: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions")
        .fetch_all(&server.pool)
        .await
        .unwrap();
    assert!(!session_ids.is_empty());
    for id in &session_ids {
        assert!(!d.body.contains(id.as_str()), "a session id leaked");
    }
    // Nothing of Ben's.
    assert!(!d.body.contains("ben@example.org") && !d.body.contains("Ben's own note"));

    let export: Value = serde_json::from_str(&d.body).unwrap();
    assert_eq!(export["format_version"], 1);
    assert!(export["exported_at"].as_str().unwrap().starts_with("20"));

    let account = &export["account"];
    assert_eq!(account["id"], account_id(&server, "ana@example.org").await);
    assert_eq!(
        (
            account["name"].as_str(),
            account["email"].as_str(),
            account["profession"].as_str()
        ),
        (Some("Ana Ruiz"), Some("ana@example.org"), Some("Nurse"))
    );
    assert_eq!(account["discipline"], Value::Null);
    assert_eq!(account["roles"], json!(["learner"]));
    assert_eq!(account["is_admin"], false);
    assert_eq!(account["champion_since"], Value::Null);
    assert!(account["created_at"].is_string() && account["updated_at"].is_string());

    let bookmarks = export["bookmarks"].as_array().unwrap();
    assert_eq!(bookmarks.len(), 1, "{bookmarks:?}");
    assert_eq!(bookmarks[0]["resource_slug"], SERIES);
    assert_eq!(bookmarks[0]["resource_title"], "Palliative Care Module Series Part 1");
    assert_eq!(bookmarks[0]["note"], NOTE);
    assert!(bookmarks[0]["created_at"].is_string() && bookmarks[0]["updated_at"].is_string());

    // Four recorded units and the quiz (which the attempts recorded), the retired one kept.
    let progress = export["progress"].as_array().unwrap();
    assert_eq!(progress.len(), 5, "{progress:#?}");
    let done = progress_row(&export, SERIES, "presentation-1");
    assert_eq!(
        (
            done["status"].as_str(),
            done["retired"].as_bool(),
            done["self_reported"].as_bool()
        ),
        (Some("completed"), Some(false), Some(false))
    );
    assert!(done["started_at"].is_string() && done["completed_at"].is_string() && done["updated_at"].is_string());
    assert_eq!(done["reported_on"], Value::Null);
    let started = progress_row(&export, SERIES, "presentation-2");
    assert_eq!(
        (started["status"].as_str(), &started["completed_at"]),
        (Some("in_progress"), &Value::Null)
    );
    let retired = progress_row(&export, SERIES, "presentation-5");
    assert_eq!(
        (retired["status"].as_str(), retired["retired"].as_bool()),
        (Some("completed"), Some(true))
    );
    assert_eq!(progress_row(&export, SERIES, QUIZ)["status"], "completed");
    let bare = progress_row(&export, BARE, BARE);
    assert_eq!(bare["status"], "completed");
    assert!(bare["resource_title"].as_str().unwrap().contains("Hospice"));

    let attempts = export["quiz_attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{attempts:#?}");
    for (a, answers, correct, score, passed) in [
        (&attempts[0], THREE_OF_FIVE, 3, 60, false),
        (&attempts[1], RIGHT, 5, 100, true),
    ] {
        assert_eq!(
            (a["resource_slug"].as_str(), a["item_slug"].as_str()),
            (Some(SERIES), Some(QUIZ))
        );
        assert_eq!(a["answers"], json!(answers));
        assert_eq!(
            (
                a["correct"].as_i64(),
                a["questions"].as_i64(),
                a["score_percent"].as_i64(),
                a["passed"].as_bool()
            ),
            (Some(correct), Some(5), Some(score), Some(passed))
        );
        assert!(a["submitted_at"].is_string());
    }

    let certificate = export["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "EXPORT-TEST-1")
        .expect("the certificate is exported");
    assert_eq!(
        certificate,
        &json!({"code": "EXPORT-TEST-1", "subject_kind": "resource", "title": "Palliative Care Module Series Part 1",
                "learner_name": "Ana Ruiz", "completed_on": "2026-11-23", "issued_at": "2026-11-23T12:00:00.000Z"})
    );

    assert_eq!(export["sessions"]["active"], 1);
    let ends = export["sessions"]["expires_at"].as_array().unwrap();
    assert_eq!(ends.len(), 1);
    let end = chrono::DateTime::parse_from_rfc3339(ends[0].as_str().unwrap()).unwrap();
    assert!(end > chrono::Utc::now() + chrono::Duration::days(13), "{end}");

    // The calendar feed is said to exist; its secret address is not in the file.
    let token: String = sqlx::query_scalar("SELECT token FROM calendar_feeds")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(
        export["calendar_feed"]["created_at"].is_string(),
        "{}",
        export["calendar_feed"]
    );
    assert!(
        !export.to_string().contains(&token),
        "the feed's token stays out of the export"
    );
}

#[tokio::test]
async fn the_csv_export_has_one_row_per_recorded_unit() {
    let server = TestServer::start().await;
    let ana = busy_learner(&server).await;

    let d = download(&ana, &server, "?format=csv").await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert_eq!(d.content_type, "text/csv; charset=utf-8");
    assert_eq!(d.disposition, "attachment; filename=\"champion-hub-progress.csv\"");
    assert_eq!(d.cache, "no-store");

    let mut reader = csv::Reader::from_reader(d.body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "resource_slug",
            "resource_title",
            "unit",
            "status",
            "started_at",
            "completed_at",
            "self_reported",
            "reported_on"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a well-formed row")).collect();
    let mut seen: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[0].to_string(), r[2].to_string(), r[3].to_string()))
        .collect();
    seen.sort();
    let mut expected: Vec<(String, String, String)> = [
        (BARE, BARE, "completed"),
        (SERIES, QUIZ, "completed"),
        (SERIES, "presentation-1", "completed"),
        (SERIES, "presentation-2", "in_progress"),
        (SERIES, "presentation-5", "completed"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    expected.sort();
    assert_eq!(seen, expected);
    for row in &rows {
        assert_eq!(row.len(), 8);
        assert!(!row[1].is_empty() && !row[4].is_empty(), "{row:?}");
        assert_eq!(&row[6], "false");
        assert_eq!(&row[7], "");
        assert_eq!(row[5].is_empty(), &row[3] == "in_progress", "{row:?}");
    }
    let series = rows.iter().find(|r| &r[0] == SERIES).unwrap();
    assert_eq!(&series[1], "Palliative Care Module Series Part 1");
    assert!(!d.body.contains("ben@example.org") && !d.body.contains("presentation-3"));

    // A learner with nothing recorded gets the header row alone.
    let new = sign_up(&server, "Cy New", "cy@example.org").await;
    let d = download(&new, &server, "?format=csv").await;
    assert_eq!(
        d.body,
        "resource_slug,resource_title,unit,status,started_at,completed_at,self_reported,reported_on\n"
    );
}

#[tokio::test]
async fn an_unknown_format_or_parameter_is_a_400() {
    let server = TestServer::start().await;
    let ana = sign_up(&server, "Ana Ruiz", "ana@example.org").await;
    for (query, param) in [
        ("?format=xml", "format"),
        ("?format=", "format"),
        ("?format=csv&format=pdf", "format"),
        ("?page=2", "page"),
    ] {
        let d = download(&ana, &server, query).await;
        assert_eq!(d.status, 400, "{query}: {}", d.body);
        let body: Value = serde_json::from_str(&d.body).unwrap();
        assert_eq!(body["error"]["code"], "bad_request", "{query}");
        assert_eq!(body["error"]["param"], param, "{query}");
    }
    let d = download(&ana, &server, "?format=xml").await;
    let body: Value = serde_json::from_str(&d.body).unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("\"json\"") && message.contains("\"csv\"") && message.contains("xml"),
        "{message}"
    );
}

#[tokio::test]
async fn after_deleting_the_account_nothing_of_the_learner_is_left() {
    let server = TestServer::start().await;
    let ana = busy_learner(&server).await;
    let ana_id = account_id(&server, "ana@example.org").await;
    let ben_id = account_id(&server, "ben@example.org").await;
    // Ana is in Ben's team, sharing, and leads a team of her own.
    let (ana_acct, ben_acct) = (hub::accounts::AccountId(ana_id), hub::accounts::AccountId(ben_id));
    let pledge: Vec<String> = app::model::PLEDGE.iter().map(|(k, _)| k.to_string()).collect();
    for who in [ana_acct, ben_acct] {
        hub::accounts::store::take_pledge(&server.pool, who, &pledge)
            .await
            .unwrap();
    }
    let bens = hub::teams::store::create(&server.pool, ben_acct, "Ben's team")
        .await
        .unwrap();
    let invite = hub::teams::invites::create(&server.pool, bens, ben_acct, 7, "")
        .await
        .unwrap();
    let token = invite
        .url
        .clone()
        .expect("a new link carries its address")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    hub::teams::invites::join(&server.pool, &token, ana_acct, true)
        .await
        .unwrap();
    let anas = hub::teams::store::create(&server.pool, ana_acct, "Ana's team")
        .await
        .unwrap();
    let own = hub::teams::invites::create(&server.pool, anas, ana_acct, 7, "")
        .await
        .unwrap();
    // And keeps a collection, shared by link and with Ben's team.
    let shelf = hub::collections::store::create(&server.pool, ana_acct, "Ana's shelf")
        .await
        .unwrap();
    hub::collections::entries::add(
        &server.pool,
        shelf,
        ana_acct,
        "palliative-care-module-series-part-1",
        "Start here.",
    )
    .await
    .unwrap();
    hub::collections::sharing::set_link(&server.pool, shelf, ana_acct, true)
        .await
        .unwrap();
    hub::collections::sharing::set_team(&server.pool, shelf, ana_acct, Some(bens))
        .await
        .unwrap();
    let shelf_token: String = sqlx::query_scalar("SELECT share_token FROM collections WHERE id = $1")
        .bind(shelf)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let export = download(&ana, &server, "").await;
    let data: Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(data["collections"][0]["name"], "Ana's shelf");
    assert_eq!(data["collections"][0]["link_shared"], true);
    assert_eq!(data["collections"][0]["shared_with_team"], "Ben's team");
    assert_eq!(data["collections"][0]["entries"][0]["note"], "Start here.");
    assert!(
        !export.body.contains(&shelf_token),
        "no collection link's secret in the export"
    );
    assert_eq!(data["team_memberships"][0]["team_name"], "Ben's team");
    assert_eq!(data["team_memberships"][0]["shares_progress"], true);
    assert_eq!(data["teams_led"][0]["name"], "Ana's team");
    assert!(
        !export.body.contains(&token)
            && !export
                .body
                .contains(own.url.as_deref().unwrap().rsplit('/').next().unwrap()),
        "no invite link's secret in the export"
    );
    let held = |id: i64| {
        let pool = server.pool.clone();
        async move {
            let mut counts = Vec::new();
            for table in LEARNER_TABLES {
                let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE account_id = $1"))
                    .bind(id)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                counts.push((table, n));
            }
            counts
        }
    };
    assert!(
        held(ana_id).await.iter().all(|(_, n)| *n > 0),
        "the test covers every table: {:?}",
        held(ana_id).await
    );
    let ben_before = held(ben_id).await;

    let (code, body) = call(
        &ana,
        &server,
        Method::DELETE,
        "/me",
        Some(json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!(code, 204, "{body}");

    assert_eq!(
        held(ana_id).await,
        LEARNER_TABLES.iter().map(|t| (*t, 0)).collect::<Vec<_>>(),
        "every learner table is empty of the deleted account"
    );
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE id = $1 OR email = $2")
        .bind(ana_id)
        .bind("ana@example.org")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(accounts, 0);
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM collections WHERE owner_id = $1")
        .bind(ana_id)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0, "the deleted account's collections went with it");
    let led: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE champion_id = $1")
        .bind(ana_id)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(led, 0, "the teams Ana led went with her");
    assert!(hub::teams::store::list(&server.pool, ben_acct).await.unwrap().teams[0].members == 0);
    assert_eq!(held(ben_id).await, ben_before, "another learner keeps everything");

    assert_eq!(download(&ana, &server, "").await.status, 401);
    let (code, _) = call(
        &TestServer::browser(),
        &server,
        Method::POST,
        "/session",
        Some(json!({"email": "ana@example.org", "password": PASSWORD})),
    )
    .await;
    assert_eq!(code, 401);
}

fn absolute_iri(s: &Value) -> bool {
    s.as_str().is_some_and(|s| {
        let (scheme, rest) = s.split_once(':').unwrap_or(("", ""));
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !rest.is_empty()
    })
}

/// What the xAPI 1.0.3 specification requires of each statement a learning record store
/// accepts: a UUID, an identified agent, IRIs for the verb and the activity, a display map, an
/// ISO 8601 timestamp and a well-formed result.
fn check_statement(s: &Value) {
    let id = s["id"].as_str().expect("an id");
    assert!(uuid_like(id), "a UUID: {id}");
    assert_eq!(s["actor"]["objectType"], "Agent");
    assert!(s["actor"]["mbox"].as_str().unwrap().starts_with("mailto:"), "{s}");
    assert!(absolute_iri(&s["verb"]["id"]), "{s}");
    assert!(s["verb"]["display"]["en-US"].is_string(), "{s}");
    assert_eq!(s["object"]["objectType"], "Activity");
    assert!(absolute_iri(&s["object"]["id"]), "{s}");
    assert!(absolute_iri(&s["object"]["definition"]["type"]), "{s}");
    assert!(s["object"]["definition"]["name"]["en-US"].is_string(), "{s}");
    chrono::DateTime::parse_from_rfc3339(s["timestamp"].as_str().unwrap()).expect("an ISO 8601 timestamp");
    if let Some(parents) = s["context"]["contextActivities"]["parent"].as_array() {
        assert!(parents.iter().all(|p| absolute_iri(&p["id"])), "{s}");
    }
    if let Some(score) = s["result"]["score"].as_object() {
        let scaled = score["scaled"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&scaled), "{s}");
        let (raw, min, max) = (
            score["raw"].as_i64().unwrap(),
            score["min"].as_i64().unwrap(),
            score["max"].as_i64().unwrap(),
        );
        assert!(min <= raw && raw <= max, "{s}");
    }
    for key in ["stored", "authority"] {
        assert!(s[key].is_null(), "{key} is the store's to set: {s}");
    }
}

fn uuid_like(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()))
}

#[tokio::test]
async fn progress_exports_as_xapi_statements_a_learning_record_store_accepts() {
    let server = TestServer::start().await;
    let ana = busy_learner(&server).await;
    let d = download(&ana, &server, "?format=xapi").await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert!(d.content_type.starts_with("application/json"), "{}", d.content_type);
    assert!(d.disposition.contains("champion-hub-xapi.json"), "{}", d.disposition);
    assert_eq!(d.cache, "no-store");
    let statements: Vec<Value> = serde_json::from_str(&d.body).unwrap();
    for s in &statements {
        check_statement(s);
        assert_eq!(s["actor"]["mbox"], "mailto:ana@example.org", "only Ana's");
    }
    let verbs = |verb: &str| {
        statements
            .iter()
            .filter(|s| s["verb"]["display"]["en-US"] == verb)
            .count()
    };
    // One "attempted" per unit recorded, one "completed" per unit finished, as the JSON export
    // holds them; the two quiz attempts, one failed and one passed.
    let everything: Value = serde_json::from_str(&download(&ana, &server, "").await.body).unwrap();
    let progress = everything["progress"].as_array().unwrap();
    assert!(progress.len() >= 4);
    assert_eq!(verbs("attempted"), progress.len());
    assert_eq!(
        verbs("completed"),
        progress.iter().filter(|p| p["status"] == "completed").count()
    );
    assert_eq!(verbs("failed"), 1);
    assert_eq!(verbs("passed"), 1);
    let passed = statements
        .iter()
        .find(|s| s["verb"]["display"]["en-US"] == "passed")
        .unwrap();
    assert_eq!(passed["result"]["score"]["raw"], 5);
    assert_eq!(passed["result"]["score"]["max"], 5);
    assert_eq!(passed["result"]["success"], true);
    assert_eq!(
        passed["object"]["id"],
        json!(format!("{}/resources/{SERIES}#item-{QUIZ}", server.base))
    );
    assert_eq!(
        passed["context"]["contextActivities"]["parent"][0]["id"],
        json!(format!("{}/resources/{SERIES}", server.base))
    );
    let failed = statements
        .iter()
        .find(|s| s["verb"]["display"]["en-US"] == "failed")
        .unwrap();
    assert_eq!(failed["result"]["score"]["scaled"], json!(0.6));
    assert_eq!(failed["result"]["success"], false);
    // A resource without items is one activity, with no parent.
    let bare = statements
        .iter()
        .find(|s| s["object"]["id"] == json!(format!("{}/resources/{BARE}", server.base)))
        .expect("the bare resource");
    assert!(bare["context"]["contextActivities"].is_null());
    // Oldest first, every id different; exported again, the same statements with the same ids.
    let times: Vec<&str> = statements.iter().map(|s| s["timestamp"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let ids: std::collections::HashSet<&str> = statements.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), statements.len());
    let again: Vec<Value> = serde_json::from_str(&download(&ana, &server, "?format=xapi").await.body).unwrap();
    assert_eq!(again, statements);
}
