//! Fixed pools of threads for the CPU-heavy work requests ask for, so it never runs on the
//! async workers, where a few slow calls would stall every other request. One thread per core:
//! the work is CPU-bound, so more at once would only queue in the kernel. How much waits here is
//! bounded by the server's concurrency limit (`web::middleware::overload`), and a request that
//! waits too long is ended by its timeout. `WORKERS` searches, renders Markdown and validates
//! and writes catalogs; password hashing has a pool of its own (`accounts::password`).

use crate::error::HubError;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

/// A pool of one thread per core, its threads named `{name}-{i}`.
pub fn pool(name: &'static str) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .thread_name(move |i| format!("{name}-{i}"))
        .build()
        .expect("the worker threads start")
}

static WORKERS: LazyLock<rayon::ThreadPool> = LazyLock::new(|| pool("heavy-work"));

/// Runs `work` on `threads` and waits for it without blocking the async runtime. A panic in
/// `work` fails this call only (rayon would otherwise abort the whole process).
pub async fn run_on<T: Send + 'static>(
    threads: &rayon::ThreadPool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HubError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    threads.spawn(move || {
        // Nobody waits any more when the request ended (a timeout, a closed connection).
        if !tx.is_closed() {
            let _ = tx.send(catch_unwind(AssertUnwindSafe(work)));
        }
    });
    match rx.await {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(_)) => Err(HubError::Corrupt("a worker thread panicked on this request".into())),
        Err(_) => Err(HubError::Corrupt("a worker thread stopped mid-task".into())),
    }
}

/// Runs `work` on the heavy-work pool.
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, HubError> {
    run_on(&WORKERS, work).await
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn work_runs_off_the_async_workers() {
        let name = super::run(|| std::thread::current().name().map(str::to_string))
            .await
            .unwrap();
        assert!(name.is_some_and(|n| n.starts_with("heavy-work-")));
    }

    #[tokio::test]
    async fn a_panic_fails_its_request_not_the_process() {
        let failed = super::run(|| -> u8 { panic!("a bug reached by a request") }).await;
        assert!(failed.is_err());
        assert_eq!(super::run(|| 7).await.unwrap(), 7, "the pool still works");
    }
}
