//! Relevance, in two judged sets:
//! - the seed catalog (29 resources, 35 queries), on which the ranking was first tuned;
//! - a real catalog of public palliative-care education resources (`relevance/real/`), with
//!   queries written and graded before any ranking was seen, split into a tuning half and a
//!   held-out half that is never looked at while tuning (see `relevance/real/RUBRIC.md`).
//!
//! The real set is scored for the hub, for the hub as it ranked before partial matches, word
//! families and intents ("before"), for plain Tantivy BM25 (any word, nothing added), and for SQLite FTS5
//! bm25 over the same text with the words OR'd, all in the same run.
//! `RELEVANCE_REPORT=1` prints each tuning-half query's ranking, and `RELEVANCE_QUERY=q003,q017`
//! those tuning-half queries' first pages with scores; the held-out half is only ever reported
//! as its means.

use crate::support;

use hub::catalog::format::CatalogFile;
use hub::search::{SearchIndex, Tuning};
use serde::Deserialize;
use serde_json::Value;
use sqlx::sqlite::SqlitePoolOptions;
use std::collections::BTreeMap;
use support::TestServer;

/// Below this, a change made ranking on the seed catalog worse.
const MIN_SEED_NDCG: f64 = 0.90;
/// Floors on the real set's held-out half, a little below what the hub measured (2026-12-07:
/// nDCG@10 0.666 against FTS5's 0.557), so a ranking regression fails here. The goal is 0.85
/// and 0.10 above FTS5 (BENCHMARKS.md says how far off it is and what was tried).
const MIN_HELD_OUT_NDCG: f64 = 0.645;
const MIN_MARGIN_OVER_FTS5: f64 = 0.09;

fn gain(grade: f64) -> f64 {
    2f64.powf(grade) - 1.0
}

fn ndcg_at_10(ranked: &[String], grades: &BTreeMap<String, f64>) -> f64 {
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, slug)| gain(grades.get(slug).copied().unwrap_or(0.0)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<f64> = grades.values().copied().collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| gain(*g) / ((i + 2) as f64).log2())
        .sum();
    if idcg == 0.0 {
        0.0
    } else {
        dcg / idcg
    }
}

/// Reciprocal rank of the first result graded 2 or 3 ("clearly useful"), within the first 10.
fn reciprocal_rank(ranked: &[String], grades: &BTreeMap<String, f64>) -> f64 {
    ranked
        .iter()
        .take(10)
        .position(|s| grades.get(s).copied().unwrap_or(0.0) >= 2.0)
        .map(|i| 1.0 / (i + 1) as f64)
        .unwrap_or(0.0)
}

fn grades_of(v: &Value) -> BTreeMap<String, f64> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, g)| (k.clone(), g.as_f64().unwrap()))
        .collect()
}

fn first_page(index: &SearchIndex, text: &str, tuning: Tuning) -> Vec<String> {
    page_of(index, text, tuning, true)
}

/// The first page's slugs; with `related`, followed by what a short page adds below them (the
/// baselines have no such list).
fn page_of(index: &SearchIndex, text: &str, tuning: Tuning, related: bool) -> Vec<String> {
    let query = app::query::SearchQuery {
        q: text.to_string(),
        filters: app::query::BrowseQuery {
            page: 1,
            per_page: 10,
            ..Default::default()
        },
        sort: app::query::Sort::Relevance,
    };
    // In the order the page shows them: the results, then (on a short page) its providers'
    // other resources.
    let page = index.search_tuned(&query, tuning).unwrap();
    let more = if related { page.related } else { vec![] };
    page.hits.into_iter().chain(more).map(|h| h.card.slug).collect()
}

fn mean_seed_ndcg(s: &TestServer, judgments: &Value, tuning: Tuning, report: bool) -> f64 {
    let queries = judgments["queries"].as_array().unwrap();
    let mut total = 0.0;
    for j in queries {
        let text = j["query"].as_str().unwrap();
        let ranked = first_page(&s.search, text, tuning);
        let score = ndcg_at_10(&ranked, &grades_of(&j["relevant"]));
        if report {
            println!("{score:.3}  {text:?} → {:?}", ranked.iter().take(3).collect::<Vec<_>>());
        }
        total += score;
    }
    total / queries.len() as f64
}

#[tokio::test]
async fn seed_catalog_queries_rank_well_and_beat_plain_bm25() {
    let s = TestServer::start().await;
    let judgments: Value = serde_json::from_str(include_str!("relevance/judgments.json")).expect("judgments are JSON");
    let tuned = mean_seed_ndcg(&s, &judgments, Tuning::default(), true);
    let plain = mean_seed_ndcg(&s, &judgments, Tuning::plain(), false);
    println!(
        "seed catalog, nDCG@10 over {} judged queries: hub {tuned:.3}, plain BM25 {plain:.3}",
        judgments["queries"].as_array().unwrap().len()
    );
    assert!(tuned >= MIN_SEED_NDCG, "nDCG@10 {tuned:.3} fell below {MIN_SEED_NDCG}");
    assert!(tuned > plain, "the hub must beat plain BM25 ({tuned:.3} vs {plain:.3})");
}

#[derive(Deserialize)]
struct Judged {
    id: String,
    query: String,
    half: String,
    relevant: BTreeMap<String, f64>,
}

/// SQLite FTS5 with bm25 over the same text as the hub indexes (title, summary, body, items,
/// topics and tags, provider), the query's words OR'd, with the hub's field weights.
struct Fts5 {
    pool: sqlx::SqlitePool,
}

impl Fts5 {
    async fn build(catalog: &CatalogFile) -> Fts5 {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query(
            "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, summary, body, items, terms, provider, \
             tokenize = 'porter unicode61 remove_diacritics 2')",
        )
        .execute(&pool)
        .await
        .unwrap();
        let titles: BTreeMap<&str, &str> = catalog
            .resources
            .iter()
            .map(|r| (r.slug.as_str(), r.title.as_str()))
            .collect();
        for r in &catalog.resources {
            let items: Vec<String> = r
                .items
                .iter()
                .map(|i| format!("{} {}", i.title, i.summary.clone().unwrap_or_default()))
                .collect();
            let provider = r.provider.as_deref().and_then(|p| titles.get(p)).copied().unwrap_or("");
            sqlx::query("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(&r.slug)
                .bind(&r.title)
                .bind(&r.summary)
                .bind(r.body.clone().unwrap_or_default())
                .bind(items.join(" "))
                .bind(hub::search::document::terms_text(r))
                .bind(provider)
                .execute(&pool)
                .await
                .unwrap();
        }
        Fts5 { pool }
    }

    async fn first_page(&self, text: &str) -> Vec<String> {
        let expression = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{}\"", w.to_lowercase()))
            .collect::<Vec<_>>()
            .join(" OR ");
        if expression.is_empty() {
            return vec![];
        }
        sqlx::query_scalar(
            "SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 4.0, 2.0, 0.7, 1.0, 2.0, 1.5) LIMIT 10",
        )
        .bind(expression)
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }
}

/// Means over one half of the real set: (nDCG@10, MRR, queries counted).
#[derive(Default, Clone, Copy)]
struct Means {
    ndcg: f64,
    mrr: f64,
    n: usize,
}

impl Means {
    fn add(&mut self, ranked: &[String], grades: &BTreeMap<String, f64>) {
        self.ndcg += ndcg_at_10(ranked, grades);
        self.mrr += reciprocal_rank(ranked, grades);
        self.n += 1;
    }
    fn ndcg(&self) -> f64 {
        self.ndcg / self.n.max(1) as f64
    }
    fn mrr(&self) -> f64 {
        self.mrr / self.n.max(1) as f64
    }
}

const ENGINES: [&str; 6] = [
    "hub",
    "hub, every word only (before)",
    "Tantivy BM25, any word",
    "FTS5 bm25, any word",
    "hub without intents",
    "hub without partial matches",
];

fn real_set_path(file: &str) -> String {
    format!("{}/../tests/relevance/real/{file}", env!("CARGO_MANIFEST_DIR"))
}

#[tokio::test]
async fn real_catalog_held_out_queries_rank_well_and_beat_fts5() {
    let catalog: CatalogFile =
        serde_json::from_str(&std::fs::read_to_string(real_set_path("catalog.json")).unwrap()).unwrap();
    let queries: Vec<Judged> =
        serde_json::from_str(&std::fs::read_to_string(real_set_path("queries.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (index, _) = SearchIndex::open(&dir.path().join("index"), None).unwrap();
    let records: Vec<_> = catalog
        .resources
        .iter()
        .map(|r| (r.clone(), "2026-12-01T00:00:00Z".to_string()))
        .collect();
    index.index_records(&records).unwrap();
    let fts5 = Fts5::build(&catalog).await;
    let report = std::env::var_os("RELEVANCE_REPORT").is_some();
    let mut means: BTreeMap<(&str, usize), Means> = BTreeMap::new();
    let mut unanswerable = 0;
    for q in &queries {
        // A query with nothing useful in the catalog says nothing about ranking (RUBRIC.md).
        if q.relevant.values().all(|g| *g <= 0.0) {
            unanswerable += 1;
            continue;
        }
        let pages = [
            first_page(&index, &q.query, Tuning::default()),
            page_of(&index, &q.query, Tuning::every_word(), false),
            page_of(&index, &q.query, Tuning::plain(), false),
            fts5.first_page(&q.query).await,
            first_page(
                &index,
                &q.query,
                Tuning {
                    intents: false,
                    ..Tuning::default()
                },
            ),
            first_page(
                &index,
                &q.query,
                Tuning {
                    mode: hub::search::counting::Mode::All,
                    ..Tuning::default()
                },
            ),
        ];
        for (e, ranked) in pages.iter().enumerate() {
            means.entry((q.half.as_str(), e)).or_default().add(ranked, &q.relevant);
        }
        if let Some(id) = std::env::var_os("RELEVANCE_QUERY") {
            if q.half == "tune" && id.to_string_lossy().split(',').any(|i| i == q.id) {
                debug_query(&index, q);
            }
        }
        if report && q.half == "tune" {
            let mark = |slug: &String| format!("{slug}({})", q.relevant.get(slug).copied().unwrap_or(0.0));
            println!(
                "{:.3} vs FTS5 {:.3}  {} {:?}\n      hub: {}\n      fts: {}",
                ndcg_at_10(&pages[0], &q.relevant),
                ndcg_at_10(&pages[3], &q.relevant),
                q.id,
                q.query,
                pages[0].iter().take(5).map(mark).collect::<Vec<_>>().join(" "),
                pages[3].iter().take(5).map(mark).collect::<Vec<_>>().join(" "),
            );
        }
    }
    println!(
        "real catalog: {} resources, {} judged queries ({unanswerable} with nothing useful, not counted)",
        catalog.resources.len(),
        queries.len()
    );
    println!("| half | engine | queries | nDCG@10 | MRR |");
    println!("|---|---|---:|---:|---:|");
    for half in ["tune", "held_out"] {
        for (e, name) in ENGINES.iter().enumerate() {
            let m = means.get(&(half, e)).copied().unwrap_or_default();
            println!("| {half} | {name} | {} | {:.3} | {:.3} |", m.n, m.ndcg(), m.mrr());
        }
    }
    let held_out = |e: usize| means.get(&("held_out", e)).copied().unwrap_or_default().ndcg();
    let (hub, fts) = (held_out(0), held_out(3));
    assert!(
        hub >= MIN_HELD_OUT_NDCG,
        "held-out nDCG@10 {hub:.3} is below {MIN_HELD_OUT_NDCG}"
    );
    assert!(
        hub >= fts + MIN_MARGIN_OVER_FTS5,
        "held-out nDCG@10 {hub:.3} is not {MIN_MARGIN_OVER_FTS5} above FTS5's {fts:.3}"
    );
}

/// Prints one tuning-half query's first page with scores, grades and where partial matches begin.
fn debug_query(index: &SearchIndex, q: &Judged) {
    let query = app::query::SearchQuery {
        q: q.query.clone(),
        filters: app::query::BrowseQuery {
            page: 1,
            per_page: 10,
            ..Default::default()
        },
        sort: app::query::Sort::Relevance,
    };
    let page = index.search_tuned(&query, Tuning::default()).unwrap();
    println!(
        "## {} {:?} total {} partial_from {:?}",
        q.id, q.query, page.total, page.partial_from
    );
    for h in page.hits.iter().chain(&page.related) {
        println!(
            "   {:7.2} {}({})",
            h.score,
            h.card.slug,
            q.relevant.get(&h.card.slug).copied().unwrap_or(0.0)
        );
    }
    let mut want: Vec<_> = q.relevant.iter().collect();
    want.sort_by(|a, b| b.1.total_cmp(a.1));
    println!("   want: {:?}", want.iter().take(10).collect::<Vec<_>>());
}

#[test]
fn ndcg_is_one_for_the_ideal_ranking_and_less_otherwise() {
    let grades: BTreeMap<String, f64> = [("a".to_string(), 3.0), ("b".to_string(), 1.0)].into();
    assert!((ndcg_at_10(&["a".into(), "b".into()], &grades) - 1.0).abs() < 1e-9);
    assert!(ndcg_at_10(&["b".into(), "a".into()], &grades) < 1.0);
    assert_eq!(ndcg_at_10(&["x".into()], &grades), 0.0);
    assert_eq!(reciprocal_rank(&["x".into(), "a".into()], &grades), 0.5);
}
