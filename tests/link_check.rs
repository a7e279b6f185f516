//! The link checker against a local site that misbehaves on purpose (never the internet): each
//! outcome, dedupe, what is skipped, the per-host and overall limits, stored results, the
//! `check-links` command and the admin API.

use crate::support;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hub::admin::links::{self, CheckReport, LinkResult, Options, Outcome};
use hub::HubError;
use serde_json::{json, Value};
use sqlx::AnyPool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{stdout, Cli, TestDatabase, TestServer};
use tempfile::TempDir;

const PASSWORD: &str = "a long enough secret";

/// What the site saw: every request, and the most requests in flight at once.
#[derive(Default)]
struct Seen {
    requests: Mutex<Vec<(String, String, String)>>,
    in_flight: Mutex<HashMap<String, usize>>,
    max_per_host: Mutex<HashMap<String, usize>>,
    overall: AtomicUsize,
    max_overall: AtomicUsize,
}

impl Seen {
    fn count(&self, method: &str, path: &str) -> usize {
        let requests = self.requests.lock().unwrap();
        requests.iter().filter(|(m, p, _)| m == method && p == path).count()
    }

    fn paths(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|(_, p, _)| p.clone())
            .collect()
    }

    fn max_per_host(&self) -> HashMap<String, usize> {
        self.max_per_host.lock().unwrap().clone()
    }
}

/// Counts a request as in flight until its response is sent or it is dropped (a client that
/// timed out and hung up).
struct InFlight {
    seen: Arc<Seen>,
    host: String,
}

impl InFlight {
    fn enter(seen: Arc<Seen>, host: String) -> InFlight {
        let now = seen.overall.fetch_add(1, Ordering::SeqCst) + 1;
        seen.max_overall.fetch_max(now, Ordering::SeqCst);
        {
            let mut in_flight = seen.in_flight.lock().unwrap();
            let n = in_flight.entry(host.clone()).or_default();
            *n += 1;
            let mut max = seen.max_per_host.lock().unwrap();
            let m = max.entry(host.clone()).or_default();
            *m = (*m).max(*n);
        }
        InFlight { seen, host }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.seen.overall.fetch_sub(1, Ordering::SeqCst);
        *self.seen.in_flight.lock().unwrap().get_mut(&self.host).unwrap() -= 1;
    }
}

async fn track(State(seen): State<Arc<Seen>>, request: Request, next: Next) -> Response {
    let _in_flight = record(&seen, &request);
    next.run(request).await
}

/// Notes the request and counts it as in flight (a plain function: the request's body is not
/// Sync, so no borrow of it may live across the middleware's await).
fn record(seen: &Arc<Seen>, request: &Request) -> InFlight {
    let header = |name| {
        let value = request.headers().get(name).and_then(|v| v.to_str().ok());
        value.unwrap_or_default().to_string()
    };
    let host = header(header::HOST).split(':').next().unwrap_or_default().to_string();
    seen.requests.lock().unwrap().push((
        request.method().to_string(),
        request.uri().path().to_string(),
        header(header::USER_AGENT),
    ));
    InFlight::enter(seen.clone(), host)
}

fn redirect(status: StatusCode, to: &'static str) -> Response {
    (status, [(header::LOCATION, to)]).into_response()
}

/// A partner site with one route per way a link can go wrong; its base URL.
async fn site() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let app = Router::new()
        .route("/ok", get(|| async { "fine" }))
        .route(
            "/wait",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                "fine, eventually"
            }),
        )
        .route(
            "/wait-long",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(800)).await;
                "fine, eventually"
            }),
        )
        .route(
            "/moved",
            get(|| async { redirect(StatusCode::MOVED_PERMANENTLY, "/ok") }),
        )
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route("/error", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                "too late"
            }),
        )
        .route(
            "/no-head",
            get(|| async { "GET only" }).head(|| async { StatusCode::METHOD_NOT_ALLOWED }),
        )
        .route("/loop", get(|| async { redirect(StatusCode::FOUND, "/loop") }))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(axum::middleware::from_fn_with_state(seen.clone(), track));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

/// A URL on which nothing listens.
async fn refused_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/")
}

fn item(slug: &str, url: &str) -> Value {
    json!({"slug": slug, "title": format!("Part {slug}"), "kind": "reading", "url": url})
}

fn resource(slug: &str, url: Option<&str>, items: Vec<Value>) -> Value {
    let mut r =
        json!({"slug": slug, "kind": "guide", "title": format!("Guide {slug}"), "summary": "A guide.", "items": items});
    if let Some(url) = url {
        r["url"] = json!(url);
    }
    r
}

fn catalog(resources: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({"format": "champion-hub-catalog", "version": 1, "resources": resources})).unwrap()
}

async fn database() -> ((TestDatabase, TempDir), AnyPool) {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    let pool = hub::db::open(&database.url).await.unwrap();
    ((database, dir), pool)
}

async fn import(pool: &AnyPool, resources: Vec<Value>) {
    hub::catalog::import::import(pool, &catalog(resources))
        .await
        .expect("catalog imports");
}

/// Every way a link can go: alpha (published) and beta (a draft) are checked, gamma is in the
/// trash, alpha's part-4 is retired, and alpha's own URL is also its part-3's.
async fn misbehaving_catalog(pool: &AnyPool, base: &str) -> String {
    let refused = refused_url().await;
    let u = |path: &str| format!("{base}{path}");
    let mut beta = resource(
        "beta",
        Some(&u("/error")),
        vec![
            item("slow", &u("/slow")),
            item("no-head", &u("/no-head")),
            item("loop", &u("/loop")),
        ],
    );
    beta["status"] = json!("draft");
    import(
        pool,
        vec![
            resource(
                "alpha",
                Some(&u("/ok")),
                vec![
                    item("part-1", &u("/gone")),
                    item("part-2", &u("/moved")),
                    item("part-3", &u("/ok")),
                    item("part-4", &u("/retired")),
                ],
            ),
            beta,
            resource("gamma", Some(&u("/trashed")), vec![item("inside", &u("/trashed-item"))]),
            resource("delta", Some(&refused), vec![]),
        ],
    )
    .await;
    sqlx::query("UPDATE resources SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE slug = 'gamma'")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE items SET retired_at = '2026-01-01T00:00:00.000Z' WHERE slug = 'part-4'")
        .execute(pool)
        .await
        .unwrap();
    refused
}

fn find<'a>(report: &'a CheckReport, place: &str) -> &'a LinkResult {
    report
        .results
        .iter()
        .find(|r| r.place() == place)
        .unwrap_or_else(|| panic!("no result for {place}: {:#?}", report.results))
}

fn short_timeout() -> Options {
    Options {
        timeout: Duration::from_millis(300),
        ..local()
    }
}

/// The test sites listen on this machine: a private address the checker visits only when allowed.
fn local() -> Options {
    Options {
        allow_private: true,
        ..Options::default()
    }
}

#[tokio::test]
async fn each_url_is_checked_once_and_classified() {
    let (base, seen) = site().await;
    let (_dir, pool) = database().await;
    let refused = misbehaving_catalog(&pool, &base).await;
    assert_eq!(links::latest(&pool).await.unwrap(), None, "nothing ran yet");

    let report = links::run(&pool, &short_timeout()).await.expect("the check runs");

    // Places, worst first and by resource within each outcome.
    let order: Vec<(Outcome, String)> = report.results.iter().map(|r| (r.outcome, r.place())).collect();
    let expected: Vec<(Outcome, String)> = [
        (Outcome::Broken, "alpha/part-1"),
        (Outcome::Broken, "beta"),
        (Outcome::Broken, "beta/loop"),
        (Outcome::Broken, "beta/slow"),
        (Outcome::Broken, "delta"),
        (Outcome::Redirected, "alpha/part-2"),
        (Outcome::Ok, "alpha"),
        (Outcome::Ok, "alpha/part-3"),
        (Outcome::Ok, "beta/no-head"),
    ]
    .into_iter()
    .map(|(o, p)| (o, p.to_string()))
    .collect();
    assert_eq!(order, expected);
    assert_eq!(report.checked, 8, "alpha's URL is its part-3's too");
    assert!(!report.running && report.finished_at.is_some());
    assert_eq!(report.summary(), "checked 8 links: 2 ok, 1 redirected, 5 broken");

    let r = find(&report, "alpha");
    assert_eq!(
        (r.status, r.location.as_deref(), r.error.as_deref()),
        (Some(200), None, None)
    );
    assert_eq!(find(&report, "alpha/part-3").status, Some(200));

    let r = find(&report, "alpha/part-1");
    assert_eq!((r.status, r.error.as_deref()), (Some(404), Some("404 Not Found")));
    assert_eq!(r.url, format!("{base}/gone"));

    let r = find(&report, "alpha/part-2");
    assert_eq!(r.status, Some(200));
    assert_eq!(r.location.as_deref(), Some(format!("{base}/ok").as_str()));
    assert_eq!(r.error, None);

    let r = find(&report, "beta");
    assert_eq!(
        (r.status, r.error.as_deref()),
        (Some(500), Some("500 Internal Server Error"))
    );

    let r = find(&report, "beta/slow");
    assert_eq!((r.status, r.error.as_deref()), (None, Some("timed out after 300 ms")));

    let r = find(&report, "beta/no-head");
    assert_eq!((r.outcome, r.status), (Outcome::Ok, Some(200)));

    let r = find(&report, "beta/loop");
    assert_eq!(
        (r.status, r.error.as_deref()),
        (Some(302), Some("too many redirects (more than 5)"))
    );
    assert_eq!(r.location.as_deref(), Some(format!("{base}/loop").as_str()));

    let r = find(&report, "delta");
    assert_eq!((r.url.as_str(), r.status), (refused.as_str(), None));
    assert_eq!(r.error.as_deref(), Some("connection refused"));

    // What the site saw: HEAD first, GET only where HEAD was refused, each URL once (the ok
    // page twice: once itself, once as where /moved led), nothing trashed or retired, and a
    // user agent that names the hub.
    assert_eq!(seen.count("HEAD", "/ok"), 2);
    assert_eq!(seen.count("GET", "/ok"), 0);
    assert_eq!((seen.count("HEAD", "/no-head"), seen.count("GET", "/no-head")), (1, 1));
    assert_eq!(seen.count("HEAD", "/gone"), 1);
    assert_eq!(seen.count("HEAD", "/loop"), 1 + links::MAX_REDIRECTS);
    assert_eq!(seen.count("HEAD", "/slow"), 1, "a timeout is not retried");
    let paths = seen.paths();
    for skipped in ["/retired", "/trashed", "/trashed-item"] {
        assert!(!paths.iter().any(|p| p == skipped), "{skipped} was checked: {paths:?}");
    }
    for (_, path, user_agent) in seen.requests.lock().unwrap().iter() {
        assert_eq!(
            user_agent,
            &format!("ChampionHub-LinkChecker/{}", env!("CARGO_PKG_VERSION")),
            "{path}"
        );
    }
    assert!(seen.max_per_host()["127.0.0.1"] <= 2, "{:?}", seen.max_per_host());

    // Stored: the latest check reads back the same.
    let latest = links::latest(&pool).await.unwrap().expect("a check ran");
    assert_eq!(latest, report);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM link_results WHERE check_id = $1")
        .bind(report.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 9, "one row per place");

    // A second run is the new latest.
    let again = links::run(&pool, &short_timeout()).await.unwrap();
    assert!(again.id > report.id);
    assert_eq!(links::latest(&pool).await.unwrap().unwrap().id, again.id);
}

#[tokio::test]
async fn requests_stay_within_the_per_host_and_overall_limits() {
    let (base, seen) = site().await;
    let other_host = base.replace("127.0.0.1", "localhost");
    let (_dir, pool) = database().await;
    let items: Vec<Value> = (0..12)
        .flat_map(|i| {
            [
                item(&format!("a{i}"), &format!("{base}/wait?n={i}")),
                item(&format!("b{i}"), &format!("{other_host}/wait?n={i}")),
            ]
        })
        .collect();
    import(&pool, vec![resource("many", None, items)]).await;

    let options = Options {
        concurrency: 3,
        per_host: 2,
        timeout: Duration::from_secs(5),
        allow_private: true,
    };
    let report = links::run(&pool, &options).await.unwrap();
    assert_eq!(report.checked, 24);
    assert!(
        report.results.iter().all(|r| r.outcome == Outcome::Ok),
        "{:#?}",
        report.results
    );

    let per_host = seen.max_per_host();
    assert_eq!(per_host.len(), 2, "{per_host:?}");
    // Equal, not just at most: the checks did run side by side.
    assert!(per_host.values().all(|&n| n == 2), "{per_host:?}");
    assert_eq!(seen.max_overall.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_lease_has_one_holder_until_it_is_let_go_or_runs_out() {
    let (_dir, pool) = database().await;
    let ttl = Duration::from_millis(400);
    let a = hub::jobs::try_acquire_as(&pool, "job", "replica-a", ttl)
        .await
        .unwrap()
        .expect("free");
    assert!(hub::jobs::try_acquire_as(&pool, "job", "replica-b", ttl)
        .await
        .unwrap()
        .is_none());
    assert!(
        hub::jobs::try_acquire_as(&pool, "job", "replica-a", ttl)
            .await
            .unwrap()
            .is_none(),
        "not twice, even by its holder"
    );
    a.renew(&pool, ttl).await.unwrap();
    a.release(&pool).await.unwrap();
    let b = hub::jobs::try_acquire_as(&pool, "job", "replica-b", ttl)
        .await
        .unwrap()
        .expect("let go");
    // Replica b dies holding it: once the lease runs out, a takes over, and b's renewal fails.
    tokio::time::sleep(ttl + Duration::from_millis(100)).await;
    let a = hub::jobs::try_acquire_as(&pool, "job", "replica-a", ttl)
        .await
        .unwrap()
        .expect("ran out");
    assert!(matches!(b.renew(&pool, ttl).await, Err(HubError::Conflict(_))));
    b.release(&pool).await.unwrap();
    assert!(
        hub::jobs::is_held(&pool, "job").await.unwrap(),
        "b letting go late does not free a's lease"
    );
    a.release(&pool).await.unwrap();
    assert!(!hub::jobs::is_held(&pool, "job").await.unwrap());
}

#[tokio::test]
async fn a_scheduled_check_runs_once_however_many_replicas_ask() {
    let (base, seen) = site().await;
    let (_dir, pool) = database().await;
    import(&pool, vec![resource("guide", Some(&format!("{base}/ok")), vec![])]).await;
    let every = Duration::from_secs(3600);
    // Eight replicas' timers fire at once.
    let asks = (0..8).map(|_| {
        let pool = pool.clone();
        tokio::spawn(async move { links::run_if_due(&pool, every, &local()).await })
    });
    let mut ran = 0;
    for ask in asks {
        if ask.await.unwrap().unwrap().is_some() {
            ran += 1;
        }
    }
    assert_eq!(ran, 1, "one replica ran the due check");
    let checks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM link_checks")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(checks, 1);
    assert_eq!(seen.requests.lock().unwrap().len(), 1, "the site was asked once");
    // Not due again for an hour; due at once with a zero period.
    assert!(links::run_if_due(&pool, every, &local()).await.unwrap().is_none());
    assert!(links::run_if_due(&pool, Duration::ZERO, &local())
        .await
        .unwrap()
        .is_some());
    assert!(!links::is_running(&pool).await.unwrap());
}

#[tokio::test]
async fn one_check_at_a_time_and_sane_options() {
    let (_dir, pool) = database().await;
    let started = links::start(&pool, local()).await.unwrap();
    assert!(links::is_running(&pool).await.unwrap());
    let latest = links::latest(&pool).await.unwrap().unwrap();
    assert_eq!(
        (latest.id, latest.running, latest.finished_at),
        (started.id, true, None)
    );
    match links::run(&pool, &local()).await {
        Err(HubError::Conflict(why)) => assert_eq!(why, "a link check is already running"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let report = started.run(&pool).await.unwrap();
    assert_eq!((report.checked, report.results.len(), report.running), (0, 0, false));
    assert!(!links::is_running(&pool).await.unwrap());

    let zero = Options {
        per_host: 0,
        ..Options::default()
    };
    assert!(matches!(
        links::run(&pool, &zero).await,
        Err(HubError::BadRequest { .. })
    ));
    assert!(
        !links::is_running(&pool).await.unwrap(),
        "a refused start holds nothing"
    );
}

#[tokio::test]
async fn the_command_prints_what_needs_fixing_and_exits_1_when_anything_is_broken() {
    let (base, _seen) = site().await;
    let cli = Arc::new(Cli::new());
    let file = cli.write(
        "catalog.json",
        std::str::from_utf8(&catalog(vec![resource(
            "alpha",
            Some(&format!("{base}/ok")),
            vec![
                item("part-1", &format!("{base}/gone")),
                item("part-2", &format!("{base}/moved")),
            ],
        )]))
        .unwrap(),
    );
    cli.ok(&["import", file.to_str().unwrap()]);

    // The binary blocks; the site answers from this test's runtime meanwhile.
    let run = |args: &'static [&'static str]| {
        let cli = cli.clone();
        tokio::task::spawn_blocking(move || cli.run(args))
    };
    let out = run(&[
        "check-links",
        "--allow-private-links",
        "--timeout-secs",
        "2",
        "--per-host",
        "1",
    ])
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", support::stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("broken") && lines[0].contains("alpha/part-1") && lines[0].ends_with("404 Not Found"),
        "{text}"
    );
    assert!(lines[0].contains(&format!("{base}/gone")), "{text}");
    assert!(
        lines[1].starts_with("redirected")
            && lines[1].contains("alpha/part-2")
            && lines[1].ends_with(&format!("-> {base}/ok")),
        "{text}"
    );
    assert_eq!(lines[2], "checked 3 links: 1 ok, 1 redirected, 1 broken");

    // Fixed: the items are gone (retired), only a working URL is left.
    cli.write(
        "catalog.json",
        std::str::from_utf8(&catalog(vec![resource("alpha", Some(&format!("{base}/ok")), vec![])])).unwrap(),
    );
    cli.ok(&["import", file.to_str().unwrap()]);
    let out = run(&["check-links", "--allow-private-links"]).await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", support::stderr(&out));
    assert_eq!(stdout(&out), "checked 1 link: 1 ok, 0 redirected, 0 broken\n");

    let out = run(&["check-links", "--per-host", "0"]).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        support::stderr(&out).contains("per_host: must be at least 1"),
        "{}",
        support::stderr(&out)
    );

    let help = stdout(&run(&["check-links", "--help"]).await.unwrap());
    for words in [
        "--concurrency",
        "--per-host",
        "--timeout-secs",
        "Exit status: 0 when no link is broken",
    ] {
        assert!(help.contains(words), "{words} missing from: {help}");
    }
}

async fn send(client: &reqwest::Client, method: reqwest::Method, url: String) -> (u16, Value) {
    let resp = client.request(method, url).send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn signed_in(server: &TestServer, email: &str, admin: bool) -> reqwest::Client {
    server.signed_in(email, PASSWORD, admin).await
}

#[tokio::test]
async fn admins_start_a_check_over_the_api_and_read_the_latest() {
    let (base, _seen) = site().await;
    // No seed: its URLs are real sites on the internet. The test site is on this machine,
    // which the checker visits only when allowed (`serve --allow-private-links`).
    let server = TestServer::start_configured(false, |state| state.with_private_links(true)).await;
    import(
        &server.pool,
        vec![resource(
            "alpha",
            Some(&format!("{base}/wait-long")),
            vec![item("part-1", &format!("{base}/gone"))],
        )],
    )
    .await;
    let start = format!("{}/api/v1/admin/link-checks", server.base);
    let latest = format!("{}/api/v1/admin/link-checks/latest", server.base);
    let (post, get) = (reqwest::Method::POST, reqwest::Method::GET);

    let anonymous = TestServer::browser();
    assert_eq!(send(&anonymous, post.clone(), start.clone()).await.0, 401);
    assert_eq!(send(&anonymous, get.clone(), latest.clone()).await.0, 401);
    let learner = signed_in(&server, "learner@example.org", false).await;
    assert_eq!(send(&learner, post.clone(), start.clone()).await.0, 403);
    assert_eq!(send(&learner, get.clone(), latest.clone()).await.0, 403);

    let admin = signed_in(&server, "admin@example.org", true).await;
    let (status, body) = send(&admin, get.clone(), latest.clone()).await;
    assert_eq!((status, &body["error"]["code"]), (404, &json!("not_found")), "{body}");

    let (status, body) = send(&admin, post.clone(), start.clone()).await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_i64().expect("an id");
    // The slow page keeps the first check busy.
    let (status, body) = send(&admin, post.clone(), start.clone()).await;
    assert_eq!((status, &body["error"]["code"]), (409, &json!("conflict")), "{body}");

    let report = loop {
        let (status, body) = send(&admin, get.clone(), latest.clone()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["id"], id);
        if body["running"] == false {
            break body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(report["finished_at"].is_string(), "{report}");
    assert_eq!(report["checked"], 2);
    assert_eq!(
        report["results"],
        json!([
            {"resource": "alpha", "item": "part-1", "url": format!("{base}/gone"), "outcome": "broken",
             "status": 404, "location": null, "error": "404 Not Found"},
            {"resource": "alpha", "item": null, "url": format!("{base}/wait-long"), "outcome": "ok",
             "status": 200, "location": null, "error": null},
        ])
    );
}

#[tokio::test]
async fn without_the_option_no_hop_reaches_a_private_or_local_address() {
    let (base, seen) = site().await;
    let port = base.rsplit(':').next().unwrap().to_string();
    let (_dir, pool) = database().await;
    import(
        &pool,
        vec![resource(
            "alpha",
            Some(&format!("{base}/ok")),
            vec![
                item("by-name", &format!("http://localhost:{port}/ok")),
                item("by-v6", &format!("http://[::1]:{port}/ok")),
                item("metadata", "http://169.254.169.254/latest/meta-data/"),
                item("decimal", &format!("http://2130706433:{port}/ok")),
            ],
        )],
    )
    .await;
    let before = seen.paths().len();
    let report = links::run(&pool, &Options::default()).await.unwrap();
    assert_eq!(report.checked, 5);
    for result in &report.results {
        assert_eq!(result.outcome, Outcome::Broken, "{result:?}");
        let why = result.error.as_deref().unwrap_or_default();
        assert!(why.contains("private or local"), "{result:?}");
    }
    assert_eq!(seen.paths().len(), before, "the site on this machine was never asked");
    // With the option, the same links reach it.
    let report = links::run(&pool, &local()).await.unwrap();
    let ok = report
        .results
        .iter()
        .find(|r| r.item.as_deref() == Some("by-name"))
        .unwrap();
    assert_eq!(ok.outcome, Outcome::Ok, "{ok:?}");
}

#[tokio::test]
async fn a_scheduled_check_that_finds_broken_links_mails_each_admin_once() {
    use hub::accounts::{store, NewAccount};
    let (base, _seen) = site().await;
    let (_dir, pool) = database().await;
    let mail = hub::mail::MailSettings::default();
    let account = |email: &str| NewAccount {
        name: email.split('@').next().unwrap().into(),
        email: email.into(),
        password: PASSWORD.into(),
        ..Default::default()
    };
    store::create(&pool, account("root@example.org"), true).await.unwrap();
    store::create(&pool, account("quiet@example.org"), true).await.unwrap();
    store::create(&pool, account("learner@example.org"), false)
        .await
        .unwrap();
    hub::mail::unsubscribe::set(&pool, "quiet@example.org", "broken-links", false)
        .await
        .unwrap();
    // Nothing broken: nothing sent.
    import(&pool, vec![resource("fine", Some(&format!("{base}/ok")), vec![])]).await;
    let (report, told) = links::scheduled(&pool, Duration::ZERO, &local(), &mail)
        .await
        .unwrap()
        .expect("due");
    assert_eq!((report.counts().broken, told), (0, 0));
    import(
        &pool,
        vec![
            resource("fine", Some(&format!("{base}/ok")), vec![]),
            resource("lost", Some(&format!("{base}/gone")), vec![]),
        ],
    )
    .await;
    let (report, told) = links::scheduled(&pool, Duration::ZERO, &local(), &mail)
        .await
        .unwrap()
        .expect("due");
    assert_eq!(report.counts().broken, 1);
    assert_eq!(told, 1, "one admin; the other turned these off; learners never");
    // The same check's report is never mailed twice.
    assert_eq!(links::notify::queue(&pool, &mail, &report).await.unwrap(), 0);
    let (to, subject, text): (String, String, String) =
        sqlx::query_as("SELECT recipient, subject, text_body FROM outbox WHERE kind = 'broken-links'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (to.as_str(), subject.as_str()),
        ("root@example.org", "The link check found 1 broken link")
    );
    assert!(text.contains(&format!("{base}/gone (404 Not Found)")), "{text}");
    assert!(
        text.contains("/admin/resources/lost/edit") && text.contains("/admin/links"),
        "{text}"
    );
    assert!(text.contains("Stop these emails: "), "{text}");
}
