//! Several `champion-hub serve` processes on one database, each with its own data directory and
//! search index: what a hub behind a load balancer runs. On PostgreSQL when the suite runs with
//! `HUB_TEST_DATABASE` (as CI does), otherwise on one SQLite file.
//!
//! Changes made through any replica show in every replica's search within two seconds, a
//! replica killed mid-stream catches up when it starts again, sessions work on every replica,
//! and a scheduled job runs once per period however many replicas run it.

use crate::support;

use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::process::{add_admin, sign_in_admin as sign_in, ServeProcess as Replica, ADMIN};
use support::TestDatabase;
use support::TestServer;

/// How soon a change must show on every replica.
const WITHIN: Duration = Duration::from_secs(2);

async fn search_slugs(base: &str, q: &str) -> Vec<String> {
    let v: Value = reqwest::get(format!("{base}/api/v1/search?q={q}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("search answered {v}"))
        .iter()
        .map(|h| h["slug"].as_str().unwrap().to_string())
        .collect()
}

/// Waits until `base`'s search for `q` does (or does not) find `slug`; how long that took.
async fn until_search(base: &str, q: &str, slug: &str, present: bool) -> Duration {
    let start = Instant::now();
    loop {
        if search_slugs(base, q).await.iter().any(|s| s == slug) == present {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{base}: search for {q} still {} {slug} after 10 s",
            if present { "lacks" } else { "shows" }
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A partner site that counts the requests the link checker makes.
async fn partner_site() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = Router::new().route(
        "/page",
        get(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                "fine"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), hits)
}

fn record(slug: &str, title: &str, url: &str) -> Value {
    json!({"slug": slug, "kind": "guide", "title": title, "summary": "A guide for the whole team.",
           "url": url, "status": "published"})
}

async fn send(client: &reqwest::Client, method: reqwest::Method, url: String, body: Option<Value>) -> Value {
    let mut req = client.request(method.clone(), &url);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    assert!((200..300).contains(&status), "{method} {url}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn version(client: &reqwest::Client, base: &str, slug: &str) -> i64 {
    send(
        client,
        reqwest::Method::GET,
        format!("{base}/api/v1/admin/resources/{slug}"),
        None,
    )
    .await["version"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn two_replicas_share_changes_sessions_and_scheduled_jobs_and_one_catches_up_after_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    let (site, site_hits) = partner_site().await;
    // Migrations first, then the admin, as an install does.
    let out = Command::new(env!("CARGO_BIN_EXE_champion-hub"))
        .args(["migrate", "--data-dir"])
        .arg(dir.path().join("cli"))
        .env("DATABASE_URL", &database.url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "migrate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    add_admin(&database.url, dir.path());
    let schedule = ["--no-seed", "--check-links-every", "2s", "--allow-private-links"];
    let a = Replica::start("a", &database.url, dir.path(), &schedule).await;
    let mut b = Replica::start("b", &database.url, dir.path(), &schedule).await;
    let (a_base, b_base) = (a.base(), b.base());

    // Sessions: signed in through a, signed in on b; signed out on b, out on a.
    let admin = TestServer::browser();
    sign_in(&admin, &a_base).await;
    let me = send(&admin, reqwest::Method::GET, format!("{b_base}/api/v1/me"), None).await;
    assert_eq!(me["email"], ADMIN);

    // An import through a shows in b's search.
    let catalog = json!({"format": "champion-hub-catalog", "version": 1, "resources": [
        record("zebrafish-guide", "Zebrafish Guide to Family Meetings", &format!("{site}/page")),
        record("other-guide", "Another Guide", &format!("{site}/page")),
    ]});
    let report = send(
        &admin,
        reqwest::Method::POST,
        format!("{a_base}/api/v1/admin/catalog?dry_run=false"),
        Some(catalog),
    )
    .await;
    assert_eq!(
        report["report"]["created"],
        json!(["zebrafish-guide", "other-guide"]),
        "{report}"
    );
    let mut waits = vec![until_search(&b_base, "zebrafish", "zebrafish-guide", true).await];

    // An admin edit through b shows in a's search.
    let v = version(&admin, &b_base, "zebrafish-guide").await;
    let edited = record(
        "zebrafish-guide",
        "Quokka Guide to Family Meetings",
        &format!("{site}/page"),
    );
    send(
        &admin,
        reqwest::Method::PUT,
        format!("{b_base}/api/v1/admin/resources/zebrafish-guide"),
        Some(json!({"version": v, "record": edited})),
    )
    .await;
    waits.push(until_search(&a_base, "quokka", "zebrafish-guide", true).await);
    waits.push(until_search(&a_base, "zebrafish", "zebrafish-guide", false).await);

    // Unpublish through a, publish again through b, delete through a, restore through b.
    let v = version(&admin, &a_base, "zebrafish-guide").await;
    send(
        &admin,
        reqwest::Method::POST,
        format!("{a_base}/api/v1/admin/resources/zebrafish-guide/status"),
        Some(json!({"version": v, "status": "draft"})),
    )
    .await;
    waits.push(until_search(&b_base, "quokka", "zebrafish-guide", false).await);
    let v = version(&admin, &b_base, "zebrafish-guide").await;
    send(
        &admin,
        reqwest::Method::POST,
        format!("{b_base}/api/v1/admin/resources/zebrafish-guide/status"),
        Some(json!({"version": v, "status": "published"})),
    )
    .await;
    waits.push(until_search(&a_base, "quokka", "zebrafish-guide", true).await);
    send(
        &admin,
        reqwest::Method::DELETE,
        format!("{a_base}/api/v1/admin/resources/zebrafish-guide"),
        None,
    )
    .await;
    waits.push(until_search(&b_base, "quokka", "zebrafish-guide", false).await);
    send(
        &admin,
        reqwest::Method::POST,
        format!("{b_base}/api/v1/admin/resources/zebrafish-guide/restore"),
        None,
    )
    .await;
    waits.push(until_search(&a_base, "quokka", "zebrafish-guide", true).await);
    let slowest = waits.iter().max().unwrap();
    eprintln!("a change made on one replica showed in the other's search after {waits:?}");
    assert!(
        *slowest < WITHIN,
        "every change showed on the other replica within 2 s: {waits:?}"
    );

    // b is killed mid-stream: a learner's searches are flowing to it when it dies.
    let stream = {
        let b_base = b_base.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let (mut ok, mut failed) = (0, 0);
            for _ in 0..400 {
                match client.get(format!("{b_base}/api/v1/search?q=guide")).send().await {
                    Ok(r) if r.status().is_success() => ok += 1,
                    _ => failed += 1,
                }
            }
            (ok, failed)
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    b.kill();
    let (ok, failed) = stream.await.unwrap();
    assert!(
        ok > 0 && failed > 0,
        "b served searches, then died mid-stream ({ok} ok, {failed} failed)"
    );

    // While b is down, a changes the catalog.
    let v = version(&admin, &a_base, "zebrafish-guide").await;
    let renamed = record(
        "zebrafish-guide",
        "Narwhal Guide to Family Meetings",
        &format!("{site}/page"),
    );
    send(
        &admin,
        reqwest::Method::PUT,
        format!("{a_base}/api/v1/admin/resources/zebrafish-guide"),
        Some(json!({"version": v, "record": renamed})),
    )
    .await;
    send(
        &admin,
        reqwest::Method::DELETE,
        format!("{a_base}/api/v1/admin/resources/other-guide"),
        None,
    )
    .await;

    // b starts again on its old index and has caught up before it answers.
    b.restart().await;
    assert_eq!(
        search_slugs(&b_base, "narwhal").await,
        ["zebrafish-guide"],
        "b caught up on start"
    );
    assert!(!search_slugs(&b_base, "another")
        .await
        .contains(&"other-guide".to_string()));
    let me = send(&admin, reqwest::Method::GET, format!("{b_base}/api/v1/me"), None).await;
    assert_eq!(me["email"], ADMIN, "the session survived b's restart");

    // The link check, due every 2 s on both replicas, ran once per period: never two at a time,
    // each at least 2 s after the one before, the partner site asked once per run.
    let pool = hub::db::connect(&database.url).await.unwrap();
    let read_runs = || async {
        sqlx::query_as::<_, (String, Option<String>, i64)>(
            "SELECT started_at, finished_at, checked FROM link_checks ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    // Until two runs have finished since the guides were imported. A run b was making when it was
    // killed holds the lease until it runs out (60 s), then the schedule goes on.
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut runs = read_runs().await;
    while runs.iter().filter(|r| r.1.is_some() && r.2 > 0).count() < 2 {
        assert!(Instant::now() < deadline, "scheduled checks did not run: {runs:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        runs = read_runs().await;
    }
    // Stopped, so nothing moves while the runs are counted against the site's requests.
    let mut a = a;
    a.kill();
    b.kill();
    let runs = read_runs().await;
    assert!(runs.len() >= 2, "scheduled checks ran: {runs:?}");
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    for pair in runs.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        let prev_end = prev.1.as_deref().map(at);
        assert!(
            at(&next.0) - at(&prev.0) >= chrono::Duration::seconds(2),
            "a run started within 2 s of the one before: {runs:?}"
        );
        // A run with no end was b's when it was killed; the lease kept the next one waiting.
        assert!(
            prev_end.is_none_or(|end| end <= at(&next.0)),
            "runs overlapped: {runs:?}"
        );
    }
    // Both guides link to one page, checked once per run that found any link.
    let asked: i64 = runs.iter().filter(|r| r.1.is_some()).map(|r| r.2).sum();
    let running = runs.iter().filter(|r| r.1.is_none()).count() as i64;
    let hits = site_hits.load(Ordering::SeqCst) as i64;
    assert!(
        asked >= 1 && (asked..=asked + running).contains(&hits),
        "{hits} requests for {runs:?}"
    );
    pool.close().await;
}

#[tokio::test]
async fn replicas_starting_together_on_a_new_database_seed_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    let mut replicas: Vec<Replica> = ["a", "b", "c"]
        .into_iter()
        .map(|name| Replica::spawn(name, &database.url, dir.path(), &[]))
        .collect();
    for r in &mut replicas {
        r.wait_ready().await;
    }
    let seed: Value = serde_json::from_str(hub::catalog::seed::SEED_CATALOG).unwrap();
    let expected = seed["resources"].as_array().unwrap().len() as i64;
    let pool = hub::db::connect(&database.url).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resources")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, expected, "the seed catalog, once");
    let audit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audit, 0, "seeding is not an admin's change");
    for r in &replicas {
        assert!(
            !search_slugs(&r.base(), "palliative").await.is_empty(),
            "replica {} searches the seed",
            r.name
        );
    }
    pool.close().await;
}
