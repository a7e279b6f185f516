//! `champion-hub serve` as a real process on a test database: started, killed (SIGKILL or
//! SIGTERM) and restarted on the same port, database and data directory.

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "a long enough secret";
pub const ADMIN: &str = "ops@example.org";

pub struct ServeProcess {
    pub name: &'static str,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub args: Vec<String>,
    pub port: u16,
    pub child: Option<Child>,
    /// A command the binary runs under (e.g. `prlimit --as=…`), empty for none.
    pub prefix: Vec<String>,
}

impl ServeProcess {
    /// Starts `serve` on a free port and waits until it answers.
    pub async fn start(name: &'static str, database_url: &str, dir: &Path, args: &[&str]) -> ServeProcess {
        let mut replica = ServeProcess::spawn(name, database_url, dir, args);
        replica.wait_ready().await;
        replica
    }

    /// Starts `serve` without waiting.
    pub fn spawn(name: &'static str, database_url: &str, dir: &Path, args: &[&str]) -> ServeProcess {
        Self::spawn_under(&[], name, database_url, dir, args)
    }

    /// Starts `serve` under `prefix` (a command that runs the binary, such as `prlimit`) and
    /// waits until it answers.
    pub async fn start_under(
        prefix: &[&str],
        name: &'static str,
        database_url: &str,
        dir: &Path,
        args: &[&str],
    ) -> ServeProcess {
        let mut replica = ServeProcess::spawn_under(prefix, name, database_url, dir, args);
        replica.wait_ready().await;
        replica
    }

    fn spawn_under(prefix: &[&str], name: &'static str, database_url: &str, dir: &Path, args: &[&str]) -> ServeProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut replica = ServeProcess {
            name,
            database_url: database_url.to_string(),
            data_dir: dir.join(name),
            args: args.iter().map(|a| a.to_string()).collect(),
            port,
            child: None,
            prefix: prefix.iter().map(|a| a.to_string()).collect(),
        };
        replica.launch();
        replica
    }

    pub fn launch(&mut self) {
        std::fs::create_dir_all(&self.data_dir).expect("data dir");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir.join("serve.log"))
            .expect("log file");
        let binary = env!("CARGO_BIN_EXE_champion-hub");
        let mut command = match self.prefix.split_first() {
            Some((program, rest)) => {
                let mut c = Command::new(program);
                c.args(rest).arg(binary);
                c
            }
            None => Command::new(binary),
        };
        let child = command
            .arg("serve")
            .args(["--addr", &format!("127.0.0.1:{}", self.port)])
            .args(&self.args)
            .arg("--data-dir")
            .arg(&self.data_dir)
            .env("DATABASE_URL", &self.database_url)
            .env_remove("HUB_DATA_DIR")
            .env_remove("HUB_ADDR")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("champion-hub serve starts");
        self.child = Some(child);
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("serve.log")).unwrap_or_default()
    }

    pub async fn wait_ready(&mut self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = client.get(format!("{}/healthz", self.base())).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().expect("child status")) {
                panic!("replica {} exited with {status}:\n{}", self.name, self.log());
            }
            assert!(
                Instant::now() < deadline,
                "replica {} never answered:\n{}",
                self.name,
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no chance to finish anything.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("kill");
            child.wait().expect("reaped");
        }
    }

    /// Starts again on the same port, database and data directory (index included).
    pub async fn restart(&mut self) {
        self.kill();
        self.launch();
        self.wait_ready().await;
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The admin every install starts with, made on the command line.
pub fn add_admin(database_url: &str, dir: &Path) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_champion-hub"))
        .args(["user", "add", ADMIN, "--name", "Ops", "--admin", "--data-dir"])
        .arg(dir.join("cli"))
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("champion-hub user add");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "user add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl ServeProcess {
    /// SIGTERM: the polite request to stop that service managers send.
    pub fn terminate(&self) {
        if let Some(child) = &self.child {
            let status = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status()
                .expect("kill -TERM");
            assert!(status.success());
        }
    }

    /// Waits up to `within` for the process to exit on its own; its exit status.
    pub fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        let child = self.child.as_mut()?;
        loop {
            if let Some(status) = child.try_wait().expect("child status") {
                self.child = None;
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Signs `client` in as the admin `add_admin` made.
pub async fn sign_in_admin(client: &reqwest::Client, base: &str) {
    let resp = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": ADMIN, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "signed in at {base}");
}
