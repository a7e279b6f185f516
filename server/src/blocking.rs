//! A fixed pool of threads for the CPU-heavy work requests ask for (searching, rendering
//! Markdown, validating an imported catalog), so it never runs on the async workers, where a
//! few slow calls would stall every other request. One thread per core: the work is CPU-bound,
//! so more at once would only queue in the kernel. How much waits here is bounded by the
//! server's concurrency limit (`web::overload`), and a request that waits too long is ended by
//! its timeout. Password hashing has its own pool (`accounts::password`).

use crate::error::HubError;
use std::sync::LazyLock;

static WORKERS: LazyLock<rayon::ThreadPool> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .thread_name(|i| format!("heavy-work-{i}"))
        .build()
        .expect("the worker threads start")
});

/// Runs `work` on the pool and waits for it without blocking the async runtime.
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, HubError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    WORKERS.spawn(move || {
        // Nobody waits any more when the request ended (a timeout, a closed connection).
        if !tx.is_closed() {
            let _ = tx.send(work());
        }
    });
    rx.await
        .map_err(|_| HubError::Corrupt("a worker thread stopped mid-task".into()))
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
}
