//! The weekly digest at scale: a generated catalog (10k and 100k resources) on SQLite, 1% of it
//! changed in the week, and learners who each follow a topic and a kind. Measured, in the same
//! run and on the same database:
//!
//! - **queue**: `progress::digest::queue_due` at Monday 8:00, finding and queueing every
//!   learner's digest (formatted messages written to the outbox), the outbox emptied between
//!   rounds;
//! - **look**: the same call once every digest is queued (what each replica pays every five
//!   minutes for the rest of the week);
//! - **baseline**: the design the digest does not use, one SQL query per learner joining the
//!   week's changed resources with what they follow (finding only, nothing queued).
//!
//! Run: `cargo bench -p server --bench digest` (add sizes: `-- 10000`). `LEARNERS` (2000),
//! `ROUNDS` (5, after one warm-up).

#[path = "generated/mod.rs"]
mod generated;

use chrono::{DateTime, Utc};
use generated::{catalog, ms, percentile, TOPICS};
use sqlx::AnyPool;
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

const MONDAY: &str = "2026-12-07T08:00:00Z";

async fn learners(pool: &AnyPool, n: usize) {
    let mut tx = pool.begin().await.unwrap();
    for i in 0..n {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (email, name, password_hash, created_at, updated_at, email_confirmed_at)
             VALUES ($1, $2, 'not a hash: nobody signs in', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z',
                     '2026-01-01T00:00:00.000Z') RETURNING id",
        )
        .bind(format!("learner{i}@example.org"))
        .bind(format!("Learner {i}"))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        for (facet, value) in [
            ("topic", TOPICS[i % TOPICS.len()]),
            ("kind", generated::KINDS[(i / TOPICS.len()) % generated::KINDS.len()]),
        ] {
            sqlx::query(
                "INSERT INTO digest_follows (account_id, facet, value, created_at) VALUES ($1, $2, $3, '2026-01-01T00:00:00.000Z')",
            )
            .bind(id)
            .bind(facet)
            .bind(value)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

/// The design not taken: each learner's matches by one query of their own.
async fn baseline(pool: &AnyPool, from: &str, to: &str) -> usize {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT account_id FROM digest_follows GROUP BY account_id ORDER BY account_id")
            .fetch_all(pool)
            .await
            .unwrap();
    let mut found = 0;
    for id in ids {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT DISTINCT r.slug, r.title FROM resources r
             WHERE r.updated_at >= $2 AND r.updated_at < $3 AND r.status = 'published' AND r.deleted_at IS NULL
               AND (r.kind IN (SELECT value FROM digest_follows WHERE account_id = $1 AND facet = 'kind')
                 OR r.id IN (SELECT t.resource_id FROM resource_terms t
                             WHERE t.vocabulary = 'topic'
                               AND LOWER(t.term) IN (SELECT LOWER(value) FROM digest_follows WHERE account_id = $1 AND facet = 'topic')))
             ORDER BY r.slug LIMIT 21",
        )
        .bind(id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(pool)
        .await
        .unwrap();
        found += usize::from(!rows.is_empty());
    }
    found
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
        if args.is_empty() {
            vec![10_000, 100_000]
        } else {
            args
        }
    };
    let people = env("LEARNERS", 2000);
    let rounds = env("ROUNDS", 5).max(1);
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(MONDAY).unwrap().with_timezone(&Utc);
    let mail = hub::mail::MailSettings::default();
    println!(
        "| resources | changed | learners | digests | queue p50 (ms) | look p50 (ms) | baseline p50 (ms) | baseline / queue |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for size in sizes {
        let dir = tempfile::tempdir().unwrap();
        let pool = hub::db::open(&hub::db::default_url(dir.path())).await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("BEGIN").execute(&mut *conn).await.unwrap();
        for (r, updated_at) in catalog(size, 50) {
            hub::catalog::store::write_resource(&mut conn, &r, &updated_at)
                .await
                .unwrap();
        }
        sqlx::query("COMMIT").execute(&mut *conn).await.unwrap();
        drop(conn);
        // 1% changed during the week before Monday, spread over it.
        let changed = size / 100;
        let mut tx = pool.begin().await.unwrap();
        for i in 0..changed {
            let at = now - chrono::Duration::minutes(1 + (i as i64 * 7 * 24 * 60) / changed.max(1) as i64);
            sqlx::query("UPDATE resources SET updated_at = $2 WHERE slug = $1")
                .bind(format!("resource-{}", i * 100))
                .bind(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        learners(&pool, people).await;

        let (mut queue, mut look, mut base) = (Vec::new(), Vec::new(), Vec::new());
        let mut digests = 0;
        for round in 0..=rounds {
            sqlx::query("DELETE FROM outbox").execute(&pool).await.unwrap();
            sqlx::query("DELETE FROM unsubscribe_links")
                .execute(&pool)
                .await
                .unwrap();
            let started = Instant::now();
            digests = hub::progress::digest::queue_due(&pool, &mail, now).await.unwrap();
            let q = started.elapsed();
            let started = Instant::now();
            let again = hub::progress::digest::queue_due(&pool, &mail, now).await.unwrap();
            let l = started.elapsed();
            assert_eq!(again, 0, "every digest is queued once");
            let started = Instant::now();
            let found = baseline(&pool, "2026-11-30T08:00:00.000Z", "2026-12-07T08:00:00.000Z").await;
            let b = started.elapsed();
            assert_eq!(found, digests, "both designs find the same learners");
            if round > 0 {
                queue.push(q);
                look.push(l);
                base.push(b);
            }
        }
        for v in [&mut queue, &mut look, &mut base] {
            v.sort();
        }
        let (q, l, b) = (percentile(&queue, 0.5), percentile(&look, 0.5), percentile(&base, 0.5));
        println!(
            "| {size} | {changed} | {people} | {digests} | {} | {} | {} | {:.1}× |",
            ms(q),
            ms(l),
            ms(b),
            b.as_secs_f64() / q.as_secs_f64().max(f64::EPSILON)
        );
    }
}
