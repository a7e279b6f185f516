//! Faults: the server killed with SIGKILL at random moments during an import and during
//! concurrent progress writes, twenty times each; stopped with SIGTERM mid-request. After
//! each restart the database holds the whole import or none of it, every write that was
//! acknowledged is there, and search agrees with the database.

use crate::support::process::{add_admin, sign_in_admin, ServeProcess};
use crate::support::TestDatabase;
use crate::support::TestServer;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROUNDS: usize = 20;

/// A small, seedable generator, so a failing run can be replayed (the seed is printed).
struct Dice(u64);

impl Dice {
    fn from_clock() -> Dice {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1;
        eprintln!("dice seed {seed}");
        Dice(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// `n` published guides whose titles carry `word`, each with `items` readings.
fn catalog(prefix: &str, word: &str, n: usize, items: usize) -> Value {
    let resources: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "slug": format!("{prefix}-{i}"),
                "kind": "guide",
                "title": format!("{word} guide number {i}"),
                "summary": "A guide for the whole team, made by the fault tests.",
                "url": "https://example.org/guide",
                "status": "published",
                "items": (0..items).map(|j| json!({"slug": format!("part-{j}"), "title": format!("Part {j}"), "kind": "reading"})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"format": "champion-hub-catalog", "version": 1, "resources": resources})
}

async fn count(pool: &sqlx::AnyPool, prefix: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM resources WHERE slug LIKE $1")
        .bind(format!("{prefix}-%"))
        .fetch_one(pool)
        .await
        .unwrap();
    n
}

async fn search_total(base: &str, word: &str) -> u64 {
    let v: Value = reqwest::get(format!("{base}/api/v1/search?q={word}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["total"].as_u64().unwrap_or_else(|| panic!("search answered {v}"))
}

async fn started(database: &TestDatabase, dir: &std::path::Path) -> ServeProcess {
    add_admin(&database.url, dir);
    ServeProcess::start("hub", &database.url, dir, &["--no-seed"]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_killed_at_any_moment_lands_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    let mut hub = started(&database, dir.path()).await;
    let pool = hub::db::connect(&database.url).await.unwrap();
    let mut dice = Dice::from_clock();
    const N: usize = 400;

    // Round 0 is not killed: how long an import takes here sets the window to kill in.
    let admin = TestServer::browser();
    sign_in_admin(&admin, &hub.base()).await;
    let started_at = Instant::now();
    let resp = admin
        .post(format!("{}/api/v1/admin/catalog?dry_run=false", hub.base()))
        .json(&catalog("k0", "killroundzero", N, 2))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{}", resp.text().await.unwrap());
    let window = started_at.elapsed();
    eprintln!("an import of {N} resources takes {window:?}");

    let (mut whole, mut none) = (0, 0);
    for round in 1..=ROUNDS {
        let prefix = format!("k{round}");
        let word =
            format!("killround{}", ["alpha", "bravo", "charlie", "delta", "echo"][round % 5]) + &"x".repeat(round);
        let admin = TestServer::browser();
        sign_in_admin(&admin, &hub.base()).await;
        let body = catalog(&prefix, &word, N, 2);
        let url = format!("{}/api/v1/admin/catalog?dry_run=false", hub.base());
        let import = tokio::spawn(async move { admin.post(url).json(&body).send().await.map(|r| r.status().as_u16()) });
        let delay = Duration::from_micros(dice.below(window.as_micros() as u64 * 3 / 2));
        tokio::time::sleep(delay).await;
        hub.kill();
        let acknowledged = matches!(import.await.unwrap(), Ok(200));
        hub.launch();
        hub.wait_ready().await;

        let landed = count(&pool, &prefix).await;
        assert!(
            landed == 0 || landed == N as i64,
            "round {round} (killed after {delay:?}): {landed} of {N} resources landed"
        );
        if acknowledged {
            assert_eq!(
                landed, N as i64,
                "round {round}: the import was acknowledged, so it is all there"
            );
        }
        if landed == 0 {
            none += 1;
        } else {
            whole += 1;
        }
        assert_eq!(
            search_total(&hub.base(), &word).await,
            landed as u64,
            "round {round}: search agrees with the database"
        );
    }
    eprintln!("{ROUNDS} kills: {whole} imports landed whole, {none} not at all");
    assert_eq!(count(&pool, "k0").await, N as i64, "the first import is untouched");
}

#[tokio::test(flavor = "multi_thread")]
async fn acknowledged_progress_survives_a_kill_at_any_moment() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    let mut hub = started(&database, dir.path()).await;
    let admin = TestServer::browser();
    sign_in_admin(&admin, &hub.base()).await;
    const RESOURCES: usize = 60;
    const ITEMS: usize = 10;
    let resp = admin
        .post(format!("{}/api/v1/admin/catalog?dry_run=false", hub.base()))
        .json(&catalog("p", "progressfixture", RESOURCES, ITEMS))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);

    // Eight learners, signed in once: sessions live in the database and survive restarts.
    const LEARNERS: usize = 8;
    let mut learners = Vec::new();
    for n in 0..LEARNERS {
        let client = TestServer::browser();
        let resp = client
            .post(format!("{}/api/v1/accounts", hub.base()))
            .json(&json!({"name": format!("Learner {n}"), "email": format!("learner{n}@example.org"), "password": "a long enough secret"}))
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "sign-up: {}", resp.text().await.unwrap());
        let resp = client
            .post(format!("{}/api/v1/session", hub.base()))
            .json(&json!({"email": format!("learner{n}@example.org"), "password": "a long enough secret"}))
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "sign-in: {}", resp.text().await.unwrap());
        learners.push(client);
    }

    let mut dice = Dice::from_clock();
    // (learner, resource, item) → the furthest status acknowledged.
    type Acked = std::collections::HashMap<(usize, usize, usize), &'static str>;
    let acked: Arc<Mutex<Acked>> = Default::default();
    let mut next_key = [0usize; LEARNERS];
    let mut writes = 0usize;
    for round in 1..=ROUNDS {
        let mut tasks = Vec::new();
        for (n, client) in learners.iter().enumerate() {
            let client = client.clone();
            let base = hub.base();
            let acked = acked.clone();
            let start = next_key[n];
            let statuses: Vec<&'static str> = (0..400)
                .map(|_| if dice.below(2) == 0 { "in_progress" } else { "completed" })
                .collect();
            tasks.push(tokio::spawn(async move {
                let mut done = 0;
                for (k, status) in statuses.into_iter().enumerate() {
                    let key = (start + k) % (RESOURCES * ITEMS);
                    let (r, i) = (key / ITEMS, key % ITEMS);
                    let url = format!("{base}/api/v1/me/progress/p-{r}/items/part-{i}");
                    match client.put(&url).json(&json!({"status": status})).send().await {
                        Ok(resp) if resp.status().is_success() => {
                            let mut acked = acked.lock().unwrap();
                            let entry = acked.entry((n, r, i)).or_insert(status);
                            if status == "completed" {
                                *entry = "completed";
                            }
                            done += 1;
                        }
                        Ok(resp) => panic!("{url}: {} before the kill", resp.status()),
                        Err(_) => break, // the server is gone
                    }
                }
                done
            }));
        }
        let delay = Duration::from_millis(50 + dice.below(700));
        tokio::time::sleep(delay).await;
        hub.kill();
        for (n, task) in tasks.into_iter().enumerate() {
            let done = task.await.unwrap();
            next_key[n] += done + 1;
            writes += done;
        }
        hub.launch();
        hub.wait_ready().await;
        eprintln!("round {round}: killed after {delay:?}; {writes} writes acknowledged so far");
    }

    // Every acknowledged write is there, at least as far along as acknowledged.
    let acked = acked.lock().unwrap().clone();
    assert!(writes > 100, "the writers got going ({writes} writes)");
    for (n, client) in learners.iter().enumerate() {
        for r in 0..RESOURCES {
            let mine: Vec<_> = acked.iter().filter(|((l, res, _), _)| *l == n && *res == r).collect();
            if mine.is_empty() {
                continue;
            }
            let v: Value = client
                .get(format!("{}/api/v1/me/progress/p-{r}", hub.base()))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let text = v.to_string();
            for ((_, _, i), status) in mine {
                let unit = v["units"]
                    .as_array()
                    .and_then(|units| units.iter().find(|u| u["slug"] == format!("part-{i}")))
                    .unwrap_or_else(|| panic!("p-{r}: no unit part-{i} in {text}"));
                let stored = unit["status"].as_str().unwrap();
                assert!(
                    stored == *status || stored == "completed",
                    "learner {n}, p-{r}/part-{i}: acknowledged {status}, stored {stored}"
                );
            }
        }
    }
    eprintln!("{writes} acknowledged progress writes, all there after {ROUNDS} kills");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_lets_in_flight_requests_finish() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    let mut hub = started(&database, dir.path()).await;
    let admin = TestServer::browser();
    sign_in_admin(&admin, &hub.base()).await;
    // A big import is in flight when the stop comes. Its body is ready and the client holds an
    // open connection before the clock starts, so the 150 ms are the import's own, not a busy
    // machine's time to schedule, serialize and connect (which once let the stop come first).
    let url = format!("{}/api/v1/admin/catalog?dry_run=false", hub.base());
    let body = serde_json::to_vec(&catalog("t", "terminated", 800, 2)).unwrap();
    admin.get(format!("{}/healthz", hub.base())).send().await.unwrap();
    let (sending, sent) = tokio::sync::oneshot::channel();
    let import = tokio::spawn(async move {
        let request = admin
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .send();
        let _ = sending.send(());
        request.await
    });
    sent.await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    hub.terminate();
    let resp = import.await.unwrap().expect("the in-flight import got its answer");
    assert_eq!(resp.status().as_u16(), 200, "{}", resp.text().await.unwrap());
    let status = tokio::task::spawn_blocking(move || {
        let status = hub.wait_exit(Duration::from_secs(30));
        (status, hub)
    })
    .await
    .unwrap();
    let (status, mut hub) = status;
    let status = status.expect("the hub stopped within 30 s of SIGTERM");
    assert!(status.success(), "it exited cleanly: {status}");
    let pool = hub::db::connect(&database.url).await.unwrap();
    assert_eq!(count(&pool, "t").await, 800, "the whole import is there");
    hub.launch();
    hub.wait_ready().await;
    assert_eq!(search_total(&hub.base(), "terminated").await, 800);
}
