//! Starting the real server on a temporary database (SQLite, or PostgreSQL when
//! `HUB_TEST_DATABASE` says so), and running the real binary on one.

pub mod database;
pub mod people;
pub mod process;
pub mod smtp;
pub use database::{postgres_server, TestDatabase};

use hub::{catalog, db, web};
use sqlx::AnyPool;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

pub struct TestServer {
    pub base: String,
    pub pool: AnyPool,
    pub search: std::sync::Arc<hub::search::SearchIndex>,
    pub client: reqwest::Client,
    pub database: TestDatabase,
    _dir: TempDir,
}

impl TestServer {
    /// The full server (pages, API, health) on a fresh, seeded database and a free port.
    pub async fn start() -> TestServer {
        Self::start_with(true).await
    }

    pub async fn start_with(seed: bool) -> TestServer {
        Self::start_configured(seed, |state| state).await
    }

    /// The full server with settings of its own (what `serve`'s options would set).
    pub async fn start_configured(seed: bool, configure: fn(web::AppState) -> web::AppState) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = TestDatabase::new(dir.path());
        Self::start_on_configured(database, dir, seed, configure).await
    }

    /// The full server on `database`, with its index in `dir`.
    pub async fn start_on(database: TestDatabase, dir: TempDir, seed: bool) -> TestServer {
        Self::start_on_configured(database, dir, seed, |state| state).await
    }

    async fn start_on_configured(
        database: TestDatabase,
        dir: TempDir,
        seed: bool,
        configure: fn(web::AppState) -> web::AppState,
    ) -> TestServer {
        let pool = db::open(&database.url).await.expect("database opens");
        if seed {
            catalog::seed::seed_if_empty(&pool).await.expect("seed loads");
        }
        let search = hub::search::open(dir.path(), &pool).await.expect("search index opens");
        hub::search::spawn_poller(search.clone(), pool.clone(), std::time::Duration::from_millis(100));
        TestServer {
            base: serve(&pool, &search, configure).await,
            pool,
            search,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            database,
            _dir: dir,
        }
    }

    /// A second server process's worth of state (its own router, throttle and index reader)
    /// on this server's database: what a restart, or another replica, sees.
    pub async fn another_on_same_database(&self) -> String {
        serve(&self.pool, &self.search, |state| state).await
    }

    /// A client that keeps cookies, as a browser does: one per person in a test.
    pub fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// A new account (an admin when `admin`), signed in over the API, as a browser that keeps
    /// its session cookie.
    pub async fn signed_in(&self, email: &str, password: &str, admin: bool) -> reqwest::Client {
        self.add_account(email, password, admin).await;
        let client = TestServer::browser();
        let resp = client
            .post(format!("{}/api/v1/session", self.base))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(resp.status().as_u16(), 200, "sign-in works");
        client
    }

    /// A new account (an admin when `admin`), made directly in the database.
    pub async fn add_account(&self, email: &str, password: &str, admin: bool) {
        hub::accounts::store::create(
            &self.pool,
            hub::accounts::store::NewAccount {
                name: "Someone".into(),
                email: email.into(),
                password: password.into(),
                ..Default::default()
            },
            admin,
        )
        .await
        .expect("account created");
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        let status = resp.status().as_u16();
        (status, resp.text().await.expect("body"))
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.get(path).await;
        let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path} gave non-JSON ({e}): {body}"));
        (status, json)
    }
}

/// Serves the hub (with a router, throttle and session layer of its own) over `pool` and
/// `search` on a free port; its base URL.
async fn serve(
    pool: &AnyPool,
    search: &std::sync::Arc<hub::search::SearchIndex>,
    configure: fn(web::AppState) -> web::AppState,
) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = configure(web::AppState::new(
        pool.clone(),
        search.clone(),
        web::routes::site::leptos_options(addr),
        false,
    ));
    tokio::spawn(async move {
        web::serve(listener, state, std::future::pending())
            .await
            .expect("server runs");
    });
    format!("http://{addr}")
}

/// The `champion-hub` binary, run with a data directory of its own.
pub struct Cli {
    pub database: TestDatabase,
    pub dir: TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        let dir = tempfile::tempdir().expect("temp dir");
        Cli {
            database: TestDatabase::new(&dir.path().join("data")),
            dir,
        }
    }

    /// The database every command of this CLI works on.
    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with `args`, on this data directory and no inherited configuration.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_champion-hub"));
        command
            .args(args)
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .env_remove("DATABASE_URL")
            .env_remove("HUB_DATA_DIR")
            .env("RUST_LOG", "warn");
        // SQLite is the default: the data directory's own file, which is this database's URL.
        if postgres_server().is_some() {
            command.env("DATABASE_URL", &self.database.url);
        }
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("binary runs")
    }

    /// Runs with `input` on standard input.
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("binary runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("binary finishes")
    }

    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "champion-hub {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write file");
        p
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The shared spec folder beside the repository, when present (it is in CI).
pub fn shared_spec() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec");
    p.is_dir().then_some(p)
}

pub fn seed_catalog() -> serde_json::Value {
    serde_json::from_str(catalog::seed::SEED_CATALOG).expect("seed is JSON")
}
