//! Listings at scale: one page of browse (unfiltered, and a kind on page 3) and the home page's
//! glance at the catalog (featured cards, counts by kind and audience), from the search index
//! against the SQL they replaced, on the same SQLite database of generated resources, in the
//! same run. The SQL path is still what answers while the index is first built.
//!
//! Then a restart's index work: opening the index and catching up with the database, as a
//! restart does now (from the change the index recorded) against rebuilding it (what every
//! restart did before).
//!
//! Run: `cargo bench --bench listing` (add `-- 10000` to choose sizes; default 10k and 100k).
//! `ROUNDS=n` (default 15, the first discarded). `BENCH_DATA_DIR=dir` keeps each size's data
//! directory (database and index) in `dir/{size}`, to serve it afterwards
//! (`champion-hub serve --data-dir dir/100000`) and time a whole restart.

#[path = "generated/mod.rs"]
mod generated;

use app::model::Kind;
use app::query::BrowseQuery;
use generated::{catalog, ms, percentile};
use std::time::{Duration, Instant};

struct Case {
    name: &'static str,
    query: Option<BrowseQuery>,
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
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15)
        .max(2);
    let cases = [
        Case {
            name: "browse, page 1",
            query: Some(BrowseQuery::default()),
        },
        Case {
            name: "browse, courses, page 3",
            query: Some(BrowseQuery {
                kinds: vec![Kind::Course],
                page: 3,
                ..BrowseQuery::default()
            }),
        },
        Case {
            // Deep in the list: at 10k, near its end.
            name: "browse, page 800",
            query: Some(BrowseQuery {
                page: 800,
                ..BrowseQuery::default()
            }),
        },
        Case {
            name: "browse, free + credits + topic",
            query: Some(BrowseQuery {
                free: Some(true),
                credits: true,
                topics: vec!["pain".into()],
                ..BrowseQuery::default()
            }),
        },
        Case {
            name: "home glance",
            query: None,
        },
    ];
    println!(
        "| resources | listing | SQL p50 (ms) | SQL p99 (ms) | index p50 (ms) | index p99 (ms) | p50 ratio SQL/index |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for size in sizes {
        let temporary = tempfile::tempdir().unwrap();
        let kept = std::env::var_os("BENCH_DATA_DIR").map(|d| std::path::PathBuf::from(d).join(size.to_string()));
        if let Some(kept) = &kept {
            std::fs::create_dir_all(kept).unwrap();
        }
        let dir = kept.as_deref().unwrap_or(temporary.path());
        let url = hub::db::default_url(dir);
        let pool = hub::db::open(&url).await.unwrap();
        let started = Instant::now();
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("BEGIN").execute(&mut *conn).await.unwrap();
        for (r, updated_at) in catalog(size, 50) {
            hub::catalog::store::write_resource(&mut conn, &r, &updated_at)
                .await
                .unwrap();
        }
        sqlx::query("COMMIT").execute(&mut *conn).await.unwrap();
        drop(conn);
        let written = started.elapsed();
        let started = Instant::now();
        let index = hub::search::open(dir, &pool).await.unwrap();
        eprintln!(
            "{size}: written in {:.1} s, indexed in {:.1} s",
            written.as_secs_f64(),
            started.elapsed().as_secs_f64()
        );
        let mut sql: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
        let mut indexed: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
        // The two take turns, a round each, so both see the same machine with warm caches.
        for round in 0..rounds {
            for (i, case) in cases.iter().enumerate() {
                let started = Instant::now();
                match &case.query {
                    Some(q) => {
                        let mut conn = pool.acquire().await.unwrap();
                        std::hint::black_box(hub::catalog::browse::browse(&mut conn, q).await.unwrap());
                    }
                    None => {
                        std::hint::black_box(hub::catalog::glance(&pool).await.unwrap());
                    }
                }
                let took_sql = started.elapsed();
                let started = Instant::now();
                match &case.query {
                    Some(q) => {
                        std::hint::black_box(hub::search::listing::browse(&index, &pool, q).await.unwrap());
                    }
                    None => {
                        std::hint::black_box(hub::search::listing::glance(&index, &pool).await.unwrap());
                    }
                }
                let took_index = started.elapsed();
                if round > 0 {
                    sql[i].push(took_sql);
                    indexed[i].push(took_index);
                }
            }
        }
        // A restart: the index as left on disk, caught up (nothing changed, then one change),
        // against a rebuild from the database.
        drop(index);
        let mut resumed = Vec::new();
        let mut rebuilt = Vec::new();
        for round in 0..3 {
            sqlx::query("UPDATE resources SET version = version + 1 WHERE slug = 'resource-7'")
                .execute(&pool)
                .await
                .unwrap();
            let started = Instant::now();
            let index = hub::search::open(dir, &pool).await.unwrap();
            resumed.push(started.elapsed());
            drop(index);
            if round == 0 {
                std::fs::remove_dir_all(hub::search::index_dir(dir)).unwrap();
                let started = Instant::now();
                drop(hub::search::open(dir, &pool).await.unwrap());
                rebuilt.push(started.elapsed());
            }
        }
        resumed.sort();
        eprintln!(
            "{size}: restart's index work: resumed median {} ms (of {:?}), rebuilt {} ms",
            ms(resumed[1]),
            resumed.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
            ms(rebuilt[0])
        );
        for (i, case) in cases.iter().enumerate() {
            sql[i].sort();
            indexed[i].sort();
            let (s50, i50) = (percentile(&sql[i], 0.5), percentile(&indexed[i], 0.5));
            println!(
                "| {size} | {} | {} | {} | {} | {} | {:.0}× |",
                case.name,
                ms(s50),
                ms(percentile(&sql[i], 0.99)),
                ms(i50),
                ms(percentile(&indexed[i], 0.99)),
                s50.as_secs_f64() / i50.as_secs_f64()
            );
        }
    }
}
