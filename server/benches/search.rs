//! Search speed on generated catalogs of 1k, 10k and 100k resources (words drawn by a Zipf
//! distribution from the seed catalog's vocabulary and clinical terms): index build time, and
//! p50/p99 of a fixed query mix through the hub's whole search (ranking, facets, snippets), beside
//! SQLite FTS5 with bm25 over the same text, in the same run.
//!
//! Run: `cargo bench --bench search` (add `-- 1000 10000` to choose sizes). Environment:
//! `ROUNDS=n` (default 25, the first discarded), `BENCH_QUERIES=1` (each query's median on
//! stderr), `BENCH_HUB_ONLY=1` (skip FTS5, e.g. under a profiler), `BENCH_ONLY=text` (only
//! the queries containing it).

use app::query::{BrowseQuery, SearchQuery, Sort};
#[path = "generated/mod.rs"]
mod generated;

use generated::{catalog, ms, percentile};
use hub::search::SearchIndex;
use sqlx::sqlite::SqlitePoolOptions;
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "pain",
    "SOB",
    "bad news",
    "peds pain",
    "palative certifcate",
    "advance care planning",
    "opioid methadone",
    "grief support for families",
    "heart failure prognosis",
    "delirum",
    "CME",
    "communication workshop",
    "surgical palliative care",
    "team champion leadership",
    "dementia home hospice",
    "nausea vomiting",
    "goals of care conversation",
    "spiritual care chaplain",
    "renal",
    "pal",
];

/// The words of a query as an FTS5 expression: each word quoted (so no syntax can break), OR'd.
fn fts_expression(q: &str) -> String {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.to_lowercase()))
        .collect::<Vec<_>>()
        .join(" OR ")
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
        if args.is_empty() {
            vec![1_000, 10_000, 100_000]
        } else {
            args
        }
    };
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(25)
        .max(2);
    println!("| resources | index build (s) | Tantivy p50 (ms) | Tantivy p99 (ms) | FTS5 build (s) | FTS5 p50 (ms) | FTS5 p99 (ms) | p50 ratio FTS5/Tantivy |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for size in sizes {
        let records = catalog(size, 0);
        let dir = tempfile::tempdir().unwrap();
        let (index, _) = SearchIndex::open(&dir.path().join("index"), None).unwrap();
        let started = Instant::now();
        index.index_records(&records).unwrap();
        let build = started.elapsed();

        let hub_only = std::env::var_os("BENCH_HUB_ONLY").is_some();
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, summary, body, items, terms, tokenize = 'porter unicode61 remove_diacritics 2')")
            .execute(&pool)
            .await
            .unwrap();
        let started = Instant::now();
        let mut tx = pool.begin().await.unwrap();
        for (r, _) in &records {
            let items: Vec<String> = r
                .items
                .iter()
                .map(|i| format!("{} {}", i.title, i.summary.clone().unwrap_or_default()))
                .collect();
            sqlx::query("INSERT INTO docs (slug, title, summary, body, items, terms) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(&r.slug)
                .bind(&r.title)
                .bind(&r.summary)
                .bind(r.body.clone().unwrap_or_default())
                .bind(items.join(" "))
                .bind(r.topics.join(" "))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let fts_build = started.elapsed();

        // The engines take turns, a round of the query mix each, so both see the same machine
        // (a shared VM's speed drifts by tens of percent over a minute) with warm caches.
        let fts_sql = "SELECT slug, snippet(docs, 2, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ?
                       ORDER BY bm25(docs, 4.0, 2.0, 0.7, 1.0, 2.0) LIMIT 10";
        let mut tantivy_times = Vec::new();
        let mut fts_times = Vec::new();
        let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
        let only = std::env::var("BENCH_ONLY").unwrap_or_default();
        for round in 0..rounds {
            for (qi, q) in QUERIES.iter().enumerate().filter(|(_, q)| q.contains(&only)) {
                let query = SearchQuery {
                    q: q.to_string(),
                    filters: BrowseQuery {
                        page: 1,
                        per_page: 10,
                        ..Default::default()
                    },
                    sort: Sort::Relevance,
                };
                let t = Instant::now();
                let page = index.search(&query).unwrap();
                let elapsed = t.elapsed();
                std::hint::black_box(page);
                if round > 0 {
                    tantivy_times.push(elapsed);
                    per_query[qi].push(elapsed);
                }
            }
            if hub_only {
                continue;
            }
            for q in QUERIES {
                let expr = fts_expression(q);
                let t = Instant::now();
                let rows = sqlx::query(fts_sql).bind(&expr).fetch_all(&pool).await.unwrap();
                let elapsed = t.elapsed();
                std::hint::black_box(rows);
                if round > 0 {
                    fts_times.push(elapsed);
                }
            }
        }
        tantivy_times.sort();
        fts_times.sort();
        // BENCH_QUERIES=1: each query's median, to see which ones make the tail.
        if std::env::var_os("BENCH_QUERIES").is_some() {
            for (q, times) in QUERIES.iter().zip(per_query.iter_mut()).filter(|(_, t)| !t.is_empty()) {
                times.sort();
                eprintln!("{size:>7} {:>9} ms  {q}", ms(percentile(times, 0.5)));
            }
        }
        if hub_only {
            eprintln!(
                "{size}: p50 {} ms, p99 {} ms",
                ms(percentile(&tantivy_times, 0.5)),
                ms(percentile(&tantivy_times, 0.99))
            );
            continue;
        }
        let (t50, t99) = (percentile(&tantivy_times, 0.5), percentile(&tantivy_times, 0.99));
        let (f50, f99) = (percentile(&fts_times, 0.5), percentile(&fts_times, 0.99));
        println!(
            "| {size} | {:.2} | {} | {} | {:.2} | {} | {} | {:.1}× |",
            build.as_secs_f64(),
            ms(t50),
            ms(t99),
            fts_build.as_secs_f64(),
            ms(f50),
            ms(f99),
            f50.as_secs_f64() / t50.as_secs_f64()
        );
    }
}
