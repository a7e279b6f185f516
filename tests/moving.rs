//! Moving an install: `copy-db` between SQLite and PostgreSQL (both ways, learners' data
//! included, refusing a non-empty target), and `backup` / `restore`.

use crate::support;

use serde_json::{json, Value};
use sqlx::AnyPool;
use support::{stderr, Cli, TestDatabase, TestServer};

const PASSWORD: &str = "a long enough secret";
const SERIES: &str = "palliative-care-module-series-part-1";
const QUIZ: &str = "check-your-understanding";

/// A hub with a bit of everything: learners with bookmarks, progress, a quiz attempt and a
/// certificate's worth of data; an admin's edit and a resource in the trash; searches logged.
async fn lived_in(server: &TestServer) {
    let learner = TestServer::browser();
    let resp = learner
        .post(format!("{}/api/v1/accounts", server.base))
        .json(&json!({"name": "Lena Mover", "email": "lena@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 202);
    let resp = learner
        .post(format!("{}/api/v1/session", server.base))
        .json(&json!({"email": "lena@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let ok = |r: reqwest::Response| {
        assert!(r.status().is_success(), "{} {}", r.url(), r.status());
    };
    ok(learner
        .put(format!("{}/api/v1/me/bookmarks/{SERIES}", server.base))
        .json(&json!({"note": "for Tuesday's huddle — «ünïcode» too"}))
        .send()
        .await
        .unwrap());
    ok(learner
        .put(format!(
            "{}/api/v1/me/progress/{SERIES}/items/presentation-1",
            server.base
        ))
        .json(&json!({"status": "completed"}))
        .send()
        .await
        .unwrap());
    ok(learner
        .post(format!(
            "{}/api/v1/me/quizzes/{SERIES}/items/{QUIZ}/attempts",
            server.base
        ))
        .json(&json!({"answers": [0, 0, 0, 0, 0]}))
        .send()
        .await
        .unwrap());
    // A collection with a note, shared by link: its rows move too.
    let lena = hub::accounts::store::authenticate(&server.pool, "lena@example.org", PASSWORD)
        .await
        .unwrap()
        .expect("Lena signs in");
    let shelf = hub::collections::store::create(&server.pool, lena, "Moving shelf")
        .await
        .unwrap();
    hub::collections::entries::add(&server.pool, shelf, lena, SERIES, "Still here after the move?")
        .await
        .unwrap();
    hub::collections::sharing::set_link(&server.pool, shelf, lena, true)
        .await
        .unwrap();
    let admin = server.signed_in("curator@example.org", PASSWORD, true).await;
    let (_, record) = {
        let r = admin
            .get(format!("{}/api/v1/admin/resources/{SERIES}", server.base))
            .send()
            .await
            .unwrap();
        (r.status(), r.json::<Value>().await.unwrap())
    };
    let mut edited = record["record"].clone();
    edited["summary"] = json!("Edited before the move.");
    ok(admin
        .put(format!("{}/api/v1/admin/resources/{SERIES}", server.base))
        .json(&json!({"version": record["version"], "record": edited}))
        .send()
        .await
        .unwrap());
    ok(admin
        .delete(format!(
            "{}/api/v1/admin/resources/indications-for-outpatient-palliative-care-consultation",
            server.base
        ))
        .send()
        .await
        .unwrap());
    for q in ["goals of care", "zzqx nothing"] {
        ok(server
            .client
            .get(format!("{}/search?q={q}", server.base))
            .send()
            .await
            .unwrap());
    }
}

async fn counts(pool: &AnyPool) -> Vec<(String, i64)> {
    hub::db::copy::counts(pool).await.unwrap()
}

fn count(counts: &[(String, i64)], table: &str) -> i64 {
    counts.iter().find(|(t, _)| t == table).unwrap().1
}

fn copy_db(cli: &Cli, from: &str, to: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["copy-db", "--from", from, "--to", to];
    args.extend(extra);
    cli.run(&args)
}

fn exports_equal(a: &str, b: &str) {
    assert!(a == b, "the catalog exports differ");
}

#[tokio::test]
async fn copy_db_moves_everything_from_sqlite_to_postgresql_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let source = TestServer::start_on(TestDatabase::sqlite_in(dir.path()), tempfile::tempdir().unwrap(), true).await;
    lived_in(&source).await;
    let before = counts(&source.pool).await;
    for table in [
        "accounts",
        "sessions",
        "bookmarks",
        "progress",
        "quiz_attempts",
        "audit_log",
        "search_log",
        "collections",
        "collection_entries",
    ] {
        assert!(count(&before, table) > 0, "the source has {table}");
    }
    let export_before = hub::catalog::export::export(&source.pool).await.unwrap();
    let sqlite_url = source.database.url.clone();

    let cli = Cli::new();
    let pg = TestDatabase::postgres();
    let out = copy_db(&cli, &sqlite_url, &pg.url, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("row counts, rows and the catalog export match"),
        "{}",
        stderr(&out)
    );
    let pg_pool = hub::db::open(&pg.url).await.unwrap();
    assert_eq!(counts(&pg_pool).await, before);
    exports_equal(&hub::catalog::export::export(&pg_pool).await.unwrap(), &export_before);

    // A second copy into the now non-empty target is refused, and changes nothing.
    let out = copy_db(&cli, &sqlite_url, &pg.url, &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the target database is not empty"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--replace"), "{}", stderr(&out));
    assert_eq!(counts(&pg_pool).await, before);
    // Unless told: --replace empties it (audit log included) and copies again.
    let out = copy_db(&cli, &sqlite_url, &pg.url, &["--replace"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&pg_pool).await, before);
    drop(source);

    // The hub runs on the copy: the learner signs in with her password and finds her bookmark,
    // and new rows get fresh ids.
    let moved = TestServer::start_on(pg, tempfile::tempdir().unwrap(), true).await;
    let lena = TestServer::browser();
    let resp = lena
        .post(format!("{}/api/v1/session", moved.base))
        .json(&json!({"email": "lena@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let bookmarks: Value = lena
        .get(format!("{}/api/v1/me/bookmarks", moved.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        bookmarks["bookmarks"][0]["note"],
        "for Tuesday's huddle — «ünïcode» too"
    );
    let resp = TestServer::browser()
        .post(format!("{}/api/v1/accounts", moved.base))
        .json(&json!({"name": "New Person", "email": "new@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 202, "a new account after the move");
    let after_move = counts(&moved.pool).await;
    let export_moved = hub::catalog::export::export(&moved.pool).await.unwrap();

    // And back, into a new SQLite file.
    let back_dir = tempfile::tempdir().unwrap();
    let back = TestDatabase::sqlite_in(back_dir.path());
    let out = copy_db(&cli, &moved.database.url, &back.url, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let back_pool = hub::db::open(&back.url).await.unwrap();
    assert_eq!(counts(&back_pool).await, after_move);
    exports_equal(&hub::catalog::export::export(&back_pool).await.unwrap(), &export_moved);

    // The same database twice is refused.
    let out = copy_db(&cli, &back.url, &back.url, &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("must be another database"), "{}", stderr(&out));
}

#[tokio::test]
async fn a_backup_taken_while_the_hub_runs_restores_everything() {
    let server = TestServer::start().await;
    lived_in(&server).await;
    let before = counts(&server.pool).await;
    let export_before = hub::catalog::export::export(&server.pool).await.unwrap();

    // The CLI works on the same database the running server uses.
    let cli = Cli::new();
    let on_server = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_champion-hub"));
        command
            .args(args)
            .arg("--data-dir")
            .arg(cli.path("data"))
            .env("DATABASE_URL", &server.database.url)
            .env("RUST_LOG", "warn");
        command.output().unwrap()
    };
    let file = cli.path("hub-backup.db");
    let out = on_server(&["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("backed up"), "{}", stderr(&out));
    // The backup is the one file: no rows wait in a write-ahead log beside it (a copy of the
    // file alone would lose them).
    let wal = std::fs::metadata(format!("{}-wal", file.display()))
        .map(|m| m.len())
        .unwrap_or(0);
    assert_eq!(wal, 0, "the backup left {wal} bytes in its write-ahead log");
    let again = on_server(&["backup", file.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("never overwrites"), "{}", stderr(&again));

    // Disaster: the learner deletes her account, an admin empties the catalog's summary.
    let lena = TestServer::browser();
    lena.post(format!("{}/api/v1/session", server.base))
        .json(&json!({"email": "lena@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let resp = lena
        .delete(format!("{}/api/v1/me", server.base))
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    assert_ne!(counts(&server.pool).await, before);

    // Restoring into a database that holds data needs --replace; then all is as it was.
    let out = on_server(&["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    let out = on_server(&["restore", file.to_str().unwrap(), "--replace"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(counts(&server.pool).await, before);
    exports_equal(
        &hub::catalog::export::export(&server.pool).await.unwrap(),
        &export_before,
    );
    let resp = TestServer::browser()
        .post(format!("{}/api/v1/session", server.base))
        .json(&json!({"email": "lena@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "her account is back");
    assert!(file.exists(), "the backup file is left as it was");
}
