//! The `champion-hub` command line: serve, migrate, import and export.

use crate::catalog::{export, import, seed};
use crate::error::HubError;
use crate::{db, search, web};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "champion-hub",
    version,
    about = "Champion Hub: palliative care education for clinicians and the champions who lead them."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database URL: sqlite://PATH (the default is an SQLite file inside the data directory).
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory for the SQLite database and, later, the search index.
    #[arg(long, env = "HUB_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server: apply pending migrations, load the seed catalog into an empty
    /// database (unless --no-seed), then serve pages and the JSON API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "HUB_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Start with an empty catalog instead of the seed catalog.
        #[arg(long)]
        no_seed: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import a catalog file (the exchange format): all or nothing, upserting by slug. Every
    /// problem is listed with its JSON pointer and nothing changes if there is any.
    Import {
        /// The catalog file to read ("-" for standard input).
        file: PathBuf,
    },
    /// Rebuild the search index from the database (it is otherwise kept up to date on its own).
    Reindex,
    /// Export the whole catalog, drafts included, sorted and byte-stable.
    Export {
        /// Where to write it; standard output when left out.
        file: Option<PathBuf>,
    },
}

impl Global {
    pub fn database_url(&self) -> Result<String, HubError> {
        match &self.database_url {
            Some(url) => Ok(url.clone()),
            None => {
                std::fs::create_dir_all(&self.data_dir).map_err(HubError::io(format!(
                    "cannot create data directory {}",
                    self.data_dir.display()
                )))?;
                Ok(db::default_url(&self.data_dir))
            }
        }
    }
}

/// Writes through a temporary file and renames it, so a failed export never leaves half a file.
fn write_atomically(path: &Path, text: &str) -> Result<(), HubError> {
    let tmp = path.with_extension("tmp-export");
    std::fs::write(&tmp, text).map_err(HubError::io(format!("cannot write {}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(HubError::io(format!("cannot write {}", path.display())))
}

pub async fn run(cli: Cli) -> Result<(), HubError> {
    let url = cli.global.database_url()?;
    match cli.command {
        Command::Serve { addr, no_seed } => {
            let pool = db::open(&url).await?;
            if !no_seed {
                if let Some(report) = seed::seed_if_empty(&pool).await? {
                    tracing::info!("loaded the seed catalog: {report}");
                }
            }
            let search = search::open(&cli.global.data_dir, &pool).await?;
            search::spawn_poller(search.clone(), pool.clone(), std::time::Duration::from_millis(250));
            let state = web::AppState {
                pool,
                search,
                leptos_options: web::site::leptos_options(addr),
            };
            let site_root = state.leptos_options.site_root.clone();
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(HubError::io(format!("cannot listen on {addr}")))?;
            tracing::info!("Champion Hub is listening on http://{addr} (site files from {site_root})");
            axum::serve(listener, web::router(state))
                .with_graceful_shutdown(shutdown_signal())
                .await
                .map_err(HubError::io("server failed"))?;
            Ok(())
        }
        Command::Migrate => {
            db::open(&url).await?;
            eprintln!("migrations are up to date");
            Ok(())
        }
        Command::Import { file } => {
            let bytes = if file.as_os_str() == "-" {
                let mut buf = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                    .map_err(HubError::io("cannot read standard input"))?;
                buf
            } else {
                std::fs::read(&file).map_err(HubError::io(format!("cannot read {}", file.display())))?
            };
            let pool = db::open(&url).await?;
            let report = import::import(&pool, &bytes).await?;
            eprintln!("imported {}: {report}", file.display());
            Ok(())
        }
        Command::Reindex => {
            let pool = db::open(&url).await?;
            let dir = search::index_dir(&cli.global.data_dir);
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(HubError::io(format!("cannot remove {}", dir.display())))?;
            }
            let index = search::open(&cli.global.data_dir, &pool).await?;
            eprintln!(
                "search index rebuilt: {} documents in {}",
                index.num_docs(),
                dir.display()
            );
            Ok(())
        }
        Command::Export { file } => {
            let pool = db::open(&url).await?;
            let text = export::export(&pool).await?;
            match file {
                Some(path) => write_atomically(&path, &text),
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(text.as_bytes())
                        .map_err(HubError::io("cannot write standard output"))
                }
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
