//! The database under strain: many writers in several processes on one SQLite file never see
//! "database is locked"; a PostgreSQL server that restarts under load is ridden out without
//! restarting the hub (requests fail cleanly with 503 while it is away and work after).

use crate::support::process::{add_admin, sign_in_admin, ServeProcess};
use crate::support::TestServer;
use crate::support::{postgres_server, TestDatabase};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

async fn learner(base: &str, n: usize) -> reqwest::Client {
    let client = TestServer::browser();
    let resp = client
        .post(format!("{base}/api/v1/accounts"))
        .json(&json!({"name": format!("Learner {n}"), "email": format!("learner{n}@example.org"), "password": "a long enough secret"}))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "sign-up: {}", resp.text().await.unwrap());
    let resp = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": format!("learner{n}@example.org"), "password": "a long enough secret"}))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "sign-in: {}", resp.text().await.unwrap());
    client
}

const SLUGS: [&str; 2] = [
    "palliative-care-module-series-part-1",
    "palliative-care-module-series-part-2",
];

#[tokio::test(flavor = "multi_thread")]
async fn writers_in_three_processes_never_see_a_locked_database() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    add_admin(&database.url, dir.path());
    let a = ServeProcess::start("a", &database.url, dir.path(), &[]).await;
    let b = ServeProcess::start("b", &database.url, dir.path(), &["--no-seed"]).await;
    let c = ServeProcess::start("c", &database.url, dir.path(), &["--no-seed"]).await;
    let bases = [a.base(), b.base(), c.base()];
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    // Twelve learners per process write progress as fast as they can...
    for (p, base) in bases.iter().enumerate() {
        for n in 0..12 {
            let client = learner(base, p * 100 + n).await;
            let base = base.clone();
            let failures = failures.clone();
            tasks.push(tokio::spawn(async move {
                let mut ok = 0;
                for k in 0..40 {
                    let url = format!(
                        "{base}/api/v1/me/progress/{}/items/presentation-{}",
                        SLUGS[k % 2],
                        1 + k % 5
                    );
                    let status = if k % 3 == 0 { "completed" } else { "in_progress" };
                    let resp = client.put(&url).json(&json!({"status": status})).send().await.unwrap();
                    if resp.status().is_success() {
                        ok += 1;
                    } else {
                        let failure = format!("{url}: {} {}", resp.status(), resp.text().await.unwrap());
                        failures.lock().unwrap().push(failure);
                    }
                }
                ok
            }));
        }
    }
    // ...while an admin imports a catalog through one of them, twice.
    let admin = TestServer::browser();
    sign_in_admin(&admin, &bases[1]).await;
    for round in 0..2 {
        let resources: Vec<Value> = (0..300)
            .map(|i| json!({"slug": format!("busy-{round}-{i}"), "kind": "guide", "title": format!("Busy guide {i}"),
                            "summary": "Imported while learners write.", "url": "https://example.org/", "status": "published"}))
            .collect();
        let resp = admin
            .post(format!("{}/api/v1/admin/catalog?dry_run=false", bases[1]))
            .json(&json!({"format": "champion-hub-catalog", "version": 1, "resources": resources}))
            .send()
            .await
            .unwrap();
        let status = resp.status();
        assert!(
            status.is_success(),
            "import {round}: {status} {}",
            resp.text().await.unwrap()
        );
    }
    let mut writes = 0;
    for task in tasks {
        writes += task.await.unwrap();
    }
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} writes failed, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(writes, 3 * 12 * 40);
}

/// A PostgreSQL server of the test's own, so stopping it disturbs no other test.
struct PrivatePostgres {
    dir: PathBuf,
    port: u16,
}

fn pg_bin(name: &str) -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("PostgreSQL's binaries are installed (/usr/lib/postgresql)")
        .map(|e| e.unwrap().path())
        .collect();
    versions.sort();
    versions.last().expect("a PostgreSQL version").join("bin").join(name)
}

/// Runs a PostgreSQL tool as the postgres user (it refuses to run as root).
fn as_postgres(tool: &str, args: &[&str]) {
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(pg_bin(tool))
        .args(args)
        .output()
        .expect("runuser");
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PrivatePostgres {
    fn start(parent: &Path) -> PrivatePostgres {
        let dir = parent.join("pg");
        std::fs::create_dir_all(&dir).unwrap();
        let chown = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(parent)
            .status()
            .unwrap();
        assert!(chown.success());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data = dir.join("data");
        as_postgres(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        let server = PrivatePostgres { dir, port };
        server.up();
        server
    }

    fn up(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.display()
        );
        let data = self.dir.join("data");
        let log = self.dir.join("server.log");
        as_postgres(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
    }

    fn down(&self) {
        let data = self.dir.join("data");
        as_postgres("pg_ctl", &["-D", data.to_str().unwrap(), "-m", "fast", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(pg_bin("pg_ctl"))
            .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
    }
}

/// Runs in the PostgreSQL pass of the suite (`HUB_TEST_DATABASE`), as the other PostgreSQL-only
/// behaviour does; it starts a server of its own.
#[tokio::test(flavor = "multi_thread")]
async fn a_postgres_restart_under_load_is_ridden_out() {
    if postgres_server().is_none() {
        eprintln!("runs in the PostgreSQL pass (HUB_TEST_DATABASE)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pg = PrivatePostgres::start(dir.path());
    add_admin(&pg.url(), dir.path());
    let mut hub = ServeProcess::start("hub", &pg.url(), dir.path(), &[]).await;
    let pid = hub.child.as_ref().unwrap().id();
    let base = hub.base();
    let learners = [
        learner(&base, 1).await,
        learner(&base, 2).await,
        learner(&base, 3).await,
    ];

    // (when, status, how long it took) for every request of the load.
    let log = Arc::new(Mutex::new(Vec::<(Instant, u16, Duration, String)>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for (n, client) in learners.iter().enumerate() {
        for kind in 0..2 {
            let (client, base, log, stop) = (client.clone(), base.clone(), log.clone(), stop.clone());
            tasks.push(tokio::spawn(async move {
                let mut k = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    k += 1;
                    let started = Instant::now();
                    let request = if kind == 0 {
                        client.get(format!("{base}/api/v1/resources?page={}", 1 + k % 3))
                    } else {
                        client
                            .put(format!(
                                "{base}/api/v1/me/progress/{}/items/presentation-{}",
                                SLUGS[n % 2],
                                1 + k % 5
                            ))
                            .json(&json!({"status": "in_progress"}))
                    };
                    let (status, body) = match request.timeout(Duration::from_secs(30)).send().await {
                        Ok(resp) => (resp.status().as_u16(), resp.text().await.unwrap_or_default()),
                        Err(e) => (0, e.to_string()),
                    };
                    log.lock().unwrap().push((started, status, started.elapsed(), body));
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }));
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let down_at = Instant::now();
    tokio::task::spawn_blocking({
        let dir = pg.dir.clone();
        let port = pg.port;
        move || {
            let pg = std::mem::ManuallyDrop::new(PrivatePostgres { dir, port });
            pg.down();
            // Longer than a request waits for a connection (5 s), so some are answered 503.
            std::thread::sleep(Duration::from_secs(8));
            pg.up();
        }
    })
    .await
    .unwrap();
    let up_at = Instant::now();
    tokio::time::sleep(Duration::from_secs(8)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }

    let log = log.lock().unwrap();
    // Before: answered before the stop. After: sent once it has been back for 3 s. During:
    // the rest, in flight at the stop or sent while it was away.
    let settled = up_at + Duration::from_secs(3);
    let before: Vec<_> = log.iter().filter(|(t, _, took, _)| *t + *took < down_at).collect();
    let after: Vec<_> = log.iter().filter(|(t, ..)| *t >= settled).collect();
    let during: Vec<_> = log
        .iter()
        .filter(|(t, _, took, _)| *t + *took >= down_at && *t < settled)
        .collect();
    let failed_before: Vec<_> = before.iter().filter(|(_, s, ..)| !(200..300).contains(s)).collect();
    assert!(
        failed_before.is_empty(),
        "before the restart all worked: {:?}",
        failed_before
            .iter()
            .map(|(_, s, _, b)| format!("{s} {b}"))
            .take(5)
            .collect::<Vec<_>>()
    );
    for (_, status, took, body) in &during {
        assert!(
            (200..300).contains(status) || *status == 503,
            "while PostgreSQL was away: {status} {body}\n{}",
            hub.log()
                .lines()
                .filter(|l| l.contains("failed"))
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        );
        if *status == 503 {
            assert!(body.contains("try again"), "a 503 says what to do: {body}");
        }
        assert!(*took < Duration::from_secs(12), "no request hung ({took:?})");
    }
    assert!(
        during.iter().any(|(_, s, ..)| *s == 503),
        "some requests met the outage"
    );
    assert!(!after.is_empty(), "the load went on after the restart");
    let failed_after: Vec<_> = after.iter().filter(|(_, s, ..)| !(200..300).contains(s)).collect();
    assert!(
        failed_after.is_empty(),
        "3 s after PostgreSQL came back, everything works: {:?}",
        failed_after
            .iter()
            .map(|(_, s, _, b)| format!("{s} {b}"))
            .take(5)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        hub.child.as_ref().map(|c| c.id()),
        Some(pid),
        "the same hub process throughout"
    );
    assert!(
        hub.wait_exit(Duration::from_millis(10)).is_none(),
        "and it is still running"
    );
    eprintln!(
        "PostgreSQL restart: {} requests before, {} during ({} answered 503), {} after",
        before.len(),
        during.len(),
        during.iter().filter(|(_, s, ..)| *s == 503).count(),
        after.len()
    );
}
