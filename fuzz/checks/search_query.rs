//! Search query handling: arbitrary bytes as the query string of `/search` and
//! `/api/v1/search`, then run against a real index of the seed catalog.
//!
//! - Parsing (`SearchQuery::from_pairs`, the page's lenient reader, and `parse_search_query`,
//!   the API's strict one) must never panic; refusing is fine. The two must agree whenever the
//!   strict one accepts, and an accepted query must survive its own query string (the links
//!   the page builds for pagination, facets and "did you mean").
//! - An accepted query must search without panicking and without an error: any `Err` here
//!   would be a 500 for something a visitor typed. The same for `suggest` (the typeahead),
//!   on the `q` value and on the whole raw text.

use app::query::SearchQuery;
use hub::search::SearchIndex;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

struct Fixture {
    index: Arc<SearchIndex>,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();
static DIR: OnceLock<PathBuf> = OnceLock::new();

extern "C" fn remove_dir() {
    if let Some(dir) = DIR.get() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

extern "C" {
    fn atexit(f: extern "C" fn()) -> i32;
}

/// A seeded SQLite database and its search index, built once per process in a temporary
/// directory that is removed when the process exits.
fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("hub-fuzz-search-")
            .tempdir()
            .expect("temp dir")
            .keep();
        DIR.set(dir.clone()).expect("set once");
        // The fuzzer ends the process without unwinding, so no destructor removes the
        // directory: a C exit hook does, and registering one is the hub's only unsafe call.
        #[allow(unsafe_code)]
        unsafe {
            atexit(remove_dir)
        };
        // Its own thread and runtime: the caller may be inside one already (a test).
        let index = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            // Searching needs no database: the pool is closed once the index has caught up.
            runtime.block_on(async {
                let pool = hub::db::open(&hub::db::default_url(&dir))
                    .await
                    .expect("database opens");
                hub::catalog::seed::seed_if_empty(&pool).await.expect("seed loads");
                let index = hub::search::open(&dir, &pool).await.expect("search index opens");
                pool.close().await;
                index
            })
        })
        .join()
        .expect("the fixture builds");
        assert!(index.num_docs() > 0, "the seed catalog is indexed");
        Fixture { index }
    })
}

fn pairs(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes()).into_owned().collect()
}

fn from_pairs(pairs: &[(String, String)]) -> Result<SearchQuery, app::query::QueryError> {
    SearchQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

pub fn check(data: &[u8]) {
    let fx = fixture();
    let raw = String::from_utf8_lossy(data);
    let pairs = pairs(&raw);

    let lenient = from_pairs(&pairs);
    let strict = hub::web::routes::api::parse_search_query(Some(&raw));
    if let Ok(strict) = &strict {
        assert_eq!(
            Ok(strict),
            lenient.as_ref(),
            "the API and the page read {raw:?} differently"
        );
    }

    // The typeahead (`/api/v1/suggest?q=`) takes the first `q` as typed; the raw text too.
    let q = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    for text in [q, raw.as_ref()] {
        if let Err(e) = fx.index.suggest(text) {
            panic!("suggest({text:?}) failed (a 500): {e}");
        }
    }

    let Ok(query) = lenient else {
        return;
    };
    let link = query.to_query_string();
    match from_pairs(&self::pairs(&link)) {
        Ok(back) => assert_eq!(back, query, "{raw:?} does not survive its own query string {link:?}"),
        Err(e) => panic!("{raw:?} is accepted but its own query string {link:?} is refused: {e}"),
    }
    match fx.index.search(&query) {
        Ok(page) => {
            assert!(
                page.hits.len() <= query.filters.per_page as usize,
                "more hits than a page holds"
            );
            assert!(page.total >= page.hits.len() as u64, "fewer in total than on the page");
        }
        Err(e) => panic!("search for {query:?} failed (a 500): {e}"),
    }
}
