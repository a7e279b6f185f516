use clap::Parser;
use hub::cli::{run, Cli};
use hub::HubError;
use std::process::ExitCode;

// glibc malloc took a fifth of a page render under load, with its threads waiting on each
// other; mimalloc served 14–29 % more pages per second (BENCHMARKS.md, session 18).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(HubError::Invalid(problems)) => {
            eprintln!(
                "error: the catalog file has {}; nothing was changed:",
                app::model::problems::problem_count(problems.len())
            );
            for p in problems {
                eprintln!("  {p}");
            }
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
