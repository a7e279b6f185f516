//! Progress writes on SQLite from many learners at once, through the hub's own write path
//! (`progress::units::record`, the call behind `PUT /api/v1/me/progress/{slug}/items/{item}`)
//! on a fresh, migrated and seeded database: throughput per round with 64 learners writing
//! concurrently, beside a sequential baseline (one task doing a round's updates one after
//! another) in the same run, then a check that nothing was lost: every (learner, resource,
//! unit) written is in `progress` with the status its writes add up to, and nothing else is.
//!
//! Run: `cargo bench -p server --bench progress`. Environment: `LEARNERS` (200),
//! `CONCURRENCY` (64 learners writing at once), `UPDATES` (25 per learner per round), `ROUNDS`
//! (10 concurrent rounds, after one discarded warm-up round), `BASELINE_ROUNDS` (3).

use app::model::Status;
use hub::accounts::{store, AccountId, NewAccount};
use hub::progress::units;
use sqlx::AnyPool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A unit a learner can record progress on by saying so (quizzes are completed by passing).
struct Target {
    slug: String,
    unit: String,
}

/// What learner `learner` writes in round `round`: `per` (target, status) pairs, the same in
/// every run. Rounds walk through the catalog, so later rounds both start new units and repeat
/// or complete earlier ones, as learners do.
fn plan(targets: usize, learner: usize, round: usize, per: usize) -> Vec<(usize, Status)> {
    (0..per)
        .map(|k| {
            let target = (learner * 7 + round * per + k) % targets;
            let status = if (learner + round + k).is_multiple_of(3) {
                Status::Completed
            } else {
                Status::InProgress
            };
            (target, status)
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    WarmUp,
    Concurrent,
    Baseline,
}

struct Round {
    mode: Mode,
    elapsed: Duration,
    updates: usize,
    latencies: Vec<Duration>,
    errors: Vec<String>,
}

/// One round: every learner's plan, `tasks` learners at a time, each learner's own updates in
/// order (one person, one browser tab).
async fn run_round(
    pool: &AnyPool,
    learners: &Arc<Vec<AccountId>>,
    targets: &Arc<Vec<Target>>,
    round: usize,
    per: usize,
    tasks: usize,
    mode: Mode,
) -> Round {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut handles = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let (pool, learners, targets, next) = (pool.clone(), learners.clone(), targets.clone(), next.clone());
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&who) = learners.get(i) else { break };
                for (t, status) in plan(targets.len(), i, round, per) {
                    let target = &targets[t];
                    let at = Instant::now();
                    match units::record(&pool, who, &target.slug, &target.unit, status).await {
                        Ok(p) => {
                            std::hint::black_box(p);
                        }
                        Err(e) => errors.push(format!("learner {i} {}/{}: {e}", target.slug, target.unit)),
                    }
                    latencies.push(at.elapsed());
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for h in handles {
        let (l, e) = h.await.expect("a writer task panicked");
        latencies.extend(l);
        errors.extend(e);
    }
    Round {
        mode,
        elapsed: started.elapsed(),
        updates: latencies.len(),
        latencies,
        errors,
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile<T: Copy>(sorted: &[T], p: f64) -> T {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// (median, p10, p90) of the rounds' updates per second.
fn rates(rounds: &[&Round]) -> (f64, f64, f64) {
    let mut r: Vec<f64> = rounds
        .iter()
        .map(|r| r.updates as f64 / r.elapsed.as_secs_f64())
        .collect();
    r.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = if r.len() % 2 == 1 {
        r[r.len() / 2]
    } else {
        (r[r.len() / 2 - 1] + r[r.len() / 2]) / 2.0
    };
    (median, percentile(&r, 0.1), percentile(&r, 0.9))
}

#[tokio::main]
async fn main() {
    let n_learners = env("LEARNERS", 200).max(1);
    let concurrency = env("CONCURRENCY", 64).max(1);
    let per = env("UPDATES", 25).max(1);
    let rounds = env("ROUNDS", 10).max(1);
    let baseline_rounds = env("BASELINE_ROUNDS", 3).max(1);
    let total_started = Instant::now();

    let dir = tempfile::tempdir().expect("temp dir");
    let pool = hub::db::open(&hub::db::default_url(dir.path()))
        .await
        .expect("database opens");
    hub::catalog::seed::seed_if_empty(&pool).await.expect("seed loads");
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&pool)
        .await
        .unwrap();
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&pool).await.unwrap();

    // Every unit a learner can complete by saying so, across the published catalog.
    let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM resources WHERE status = 'published' ORDER BY slug")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut targets = Vec::new();
    for slug in &slugs {
        let r = units::resource(&pool, slug).await.unwrap();
        for u in units::units(&pool, &r).await.unwrap() {
            if !u.retired && u.pass_percent.is_none() {
                targets.push(Target {
                    slug: slug.clone(),
                    unit: u.slug,
                });
            }
        }
    }
    let targets = Arc::new(targets);

    // Learners made through the accounts store (argon2 and all), two at a time: one per core.
    let made = Instant::now();
    let mut learners = Vec::with_capacity(n_learners);
    for chunk in (0..n_learners).collect::<Vec<_>>().chunks(2) {
        let mut handles = Vec::new();
        for &i in chunk {
            let pool = pool.clone();
            handles.push(tokio::spawn(async move {
                let new = NewAccount {
                    name: format!("Learner {i}"),
                    email: format!("learner{i}@bench.example.org"),
                    password: "a benchmark password".into(),
                    ..Default::default()
                };
                store::create(&pool, new, false).await.expect("account created").0
            }));
        }
        for h in handles {
            learners.push(h.await.unwrap());
        }
    }
    let learners = Arc::new(learners);
    eprintln!(
        "{} learners in {:.1} s; {} units over {} published resources; SQLite journal_mode={journal}, \
         synchronous={synchronous}, busy_timeout={busy} ms, pool of {} connections",
        learners.len(),
        made.elapsed().as_secs_f64(),
        targets.len(),
        slugs.len(),
        pool.options().get_max_connections()
    );

    // A warm-up round, then the concurrent rounds with a baseline round after every few, so
    // both see the same minutes of this shared machine.
    let mut schedule = vec![Mode::WarmUp];
    let every = (rounds / baseline_rounds).max(1);
    let (mut c, mut b) = (0, 0);
    while c < rounds || b < baseline_rounds {
        if c < rounds {
            schedule.push(Mode::Concurrent);
            c += 1;
        }
        if b < baseline_rounds && (c % every == 0 || c == rounds) {
            schedule.push(Mode::Baseline);
            b += 1;
        }
    }
    let mut done = Vec::new();
    for (round, &mode) in schedule.iter().enumerate() {
        let tasks = if mode == Mode::Baseline { 1 } else { concurrency };
        let r = run_round(&pool, &learners, &targets, round, per, tasks, mode).await;
        eprintln!(
            "round {round:>2} {:<10} {:>6} updates in {:>6.3} s: {:>7.0}/s{}",
            match mode {
                Mode::WarmUp => "warm-up",
                Mode::Concurrent => "concurrent",
                Mode::Baseline => "baseline",
            },
            r.updates,
            r.elapsed.as_secs_f64(),
            r.updates as f64 / r.elapsed.as_secs_f64(),
            if r.errors.is_empty() {
                String::new()
            } else {
                format!(", {} errors", r.errors.len())
            }
        );
        done.push(r);
    }

    // What the database must now hold: for every (learner, resource, unit) written, completed
    // if any write said so (progress only moves forward), in progress otherwise.
    let mut expected: HashMap<(i64, String, String), Status> = HashMap::new();
    for round in 0..schedule.len() {
        for (i, who) in learners.iter().enumerate() {
            for (t, status) in plan(targets.len(), i, round, per) {
                let key = (who.0, targets[t].slug.clone(), targets[t].unit.clone());
                let entry = expected.entry(key).or_insert(Status::InProgress);
                if status == Status::Completed {
                    *entry = Status::Completed;
                }
            }
        }
    }
    let rows = sqlx::query_as::<_, (i64, String, String, String, Option<String>)>(
        "SELECT p.account_id, r.slug, CASE WHEN p.unit = '' THEN r.slug ELSE p.unit END, p.status, p.completed_at
         FROM progress p JOIN resources r ON r.id = p.resource_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut found: HashMap<(i64, String, String), (String, Option<String>)> = HashMap::new();
    for (account, slug, unit, status, completed_at) in rows {
        found.insert((account, slug, unit), (status, completed_at));
    }
    let missing = expected.keys().filter(|k| !found.contains_key(*k)).count();
    let extra = found.keys().filter(|k| !expected.contains_key(*k)).count();
    let wrong = expected
        .iter()
        .filter(|(k, status)| {
            found.get(*k).is_some_and(|(s, completed_at)| {
                s != status.as_str() || completed_at.is_some() != (**status == Status::Completed)
            })
        })
        .count();
    let errors: Vec<&String> = done.iter().flat_map(|r| &r.errors).collect();
    for e in errors.iter().take(5) {
        eprintln!("error: {e}");
    }
    let total_updates: usize = done.iter().map(|r| r.updates).sum();

    let concurrent: Vec<&Round> = done.iter().filter(|r| r.mode == Mode::Concurrent).collect();
    let baseline: Vec<&Round> = done.iter().filter(|r| r.mode == Mode::Baseline).collect();
    let (c50, c10, c90) = rates(&concurrent);
    let (b50, b10, b90) = rates(&baseline);
    let latency = |rounds: &[&Round]| {
        let mut l: Vec<Duration> = rounds.iter().flat_map(|r| r.latencies.iter().copied()).collect();
        l.sort();
        (percentile(&l, 0.5), percentile(&l, 0.99))
    };
    let (cl50, cl99) = latency(&concurrent);
    let (bl50, bl99) = latency(&baseline);
    let per_round = n_learners * per;

    println!(
        "{n_learners} learners, {} units each can write, {per} updates per learner per round ({per_round} per round)\n",
        targets.len()
    );
    println!("| writers | rounds | median updates/s | p10 | p90 | latency p50 (ms) | latency p99 (ms) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {concurrency} learners at once | {} | {c50:.0} | {c10:.0} | {c90:.0} | {} | {} |",
        concurrent.len(),
        ms(cl50),
        ms(cl99)
    );
    println!(
        "| 1 task, sequential (baseline) | {} | {b50:.0} | {b10:.0} | {b90:.0} | {} | {} |",
        baseline.len(),
        ms(bl50),
        ms(bl99)
    );
    println!("\nconcurrent / baseline (medians): {:.2}×\n", c50 / b50);
    println!("| updates made | errors | rows expected (checked) | rows found | missing | wrong status | unexpected |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {total_updates} | {} | {} | {} | {missing} | {wrong} | {extra} |",
        errors.len(),
        expected.len(),
        found.len()
    );
    let lost = errors.len() + missing + wrong + extra;
    println!(
        "\ntarget ≥ 2,000 updates/s with zero lost: {} (median {c50:.0}/s, {lost} lost or wrong); whole run {:.1} s",
        if c50 >= 2000.0 && lost == 0 { "MET" } else { "NOT MET" },
        total_started.elapsed().as_secs_f64()
    );
}
