//! Search over HTTP and in process, on the seed catalog: what a hurried clinician types, odd
//! input, facets, order, snippets, spelling help, and the index's life cycle.

use crate::support;

use hub::search::{OpenOutcome, SearchIndex};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::TestServer;

async fn slugs(s: &TestServer, query: &str) -> Vec<String> {
    let (status, body) = s.get_json(&format!("/api/v1/search?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["slug"].as_str().unwrap().to_string())
        .collect()
}

fn q(text: &str) -> String {
    format!("q={}", app::query::encode(text))
}

#[tokio::test]
async fn lay_words_abbreviations_and_typos_find_the_right_resource_first() {
    let s = TestServer::start().await;
    for (query, expected) in [
        ("SOB", "core-practice-of-palliative-care"),
        ("shortness of breath", "core-practice-of-palliative-care"),
        ("dyspnoea", "core-practice-of-palliative-care"),
        ("bad news", "core-practice-of-palliative-care"),
        ("peds pain", "core-practice-of-palliative-care"),
        (
            "palative certifcate",
            "university-of-colorado-anschutz-certificate-program|ucsf-palliative-medicine-program",
        ),
        ("ob/gyn fellowship", "hospice-and-palliative-medicine-fellowship"),
        ("CME", "core-practice-of-palliative-care"),
        ("vital talk", "vitaltalk"),
        (
            "high stakes communication",
            "high-stakes-communication-in-gynecologic-oncology",
        ),
        ("vietnam", "palliative-care-training-vietnam"),
    ] {
        let found = slugs(&s, &q(query)).await;
        assert!(
            found.iter().take(3).any(|f| expected.split('|').any(|e| e == f)),
            "{query:?}: expected {expected} in the top 3, got {found:?}"
        );
    }
}

#[tokio::test]
async fn any_string_a_person_can_type_gets_a_normal_response() {
    let s = TestServer::start().await;
    let long = "palliative ".repeat(1000);
    for text in [
        "\"unbalanced quote",
        "title:pain AND (dyspnea OR",
        "[brackets] {braces} <angle>",
        "+must -not ~tilde ^boost *star ?",
        "the of and a",
        "😀🙏 palliative 💬",
        "رعاية تلطيفية",
        "עברית",
        "",
        "   ",
        "\\",
        "%%%",
        long.as_str(),
        "a",
    ] {
        let (status, body) = s.get_json(&format!("/api/v1/search?{}", q(text))).await;
        assert_eq!(status, 200, "{text:?}: {body}");
        assert!(body["total"].is_u64(), "{text:?}: {body}");
        assert!(
            body["query"].as_str().unwrap().chars().count() <= 200,
            "long queries are truncated"
        );
        let (status, _) = s.get(&format!("/search?{}", q(text))).await;
        assert_eq!(status, 200, "{text:?} on the page");
        let (status, suggestions) = s.get_json(&format!("/api/v1/suggest?{}", q(text))).await;
        assert_eq!(status, 200, "{text:?}: {suggestions}");
        assert!(suggestions.as_array().unwrap().len() <= 8);
    }
}

#[tokio::test]
async fn bad_parameters_get_400_naming_them() {
    let s = TestServer::start().await;
    for (query, param) in [
        ("q=x&sort=random", "sort"),
        ("q=x&kind=webinar", "kind"),
        ("q=x&page=0", "page"),
        ("q=x&per_page=101", "per_page"),
        ("q=x&colour=blue", "colour"),
    ] {
        let (status, body) = s.get_json(&format!("/api/v1/search?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["error"]["param"], json!(param), "{query}");
    }
    let (status, body) = s.get_json("/api/v1/suggest?text=x").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["param"], json!("text"));
}

#[tokio::test]
async fn facets_combine_with_the_text_and_count_what_it_finds() {
    let s = TestServer::start().await;
    let (_, all) = s.get_json("/api/v1/search?q=palliative&per_page=100").await;
    let (_, courses) = s.get_json("/api/v1/search?q=palliative&kind=course&per_page=100").await;
    assert!(courses["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());
    assert_eq!(
        courses["total"], all["facets"]["kind"]["course"],
        "the kind count predicts the filtered total"
    );
    for hit in courses["hits"].as_array().unwrap() {
        assert_eq!(hit["kind"], json!("course"));
    }
    // Counts for the filtered dimension still show the other kinds (to widen the search).
    assert_eq!(courses["facets"]["kind"], all["facets"]["kind"]);
    // Other dimensions count within the filter.
    let pediatric_in_courses = courses["facets"]["audience"]["pediatric"].as_i64().unwrap_or(0);
    let (_, both) = s
        .get_json("/api/v1/search?q=palliative&kind=course&audience=pediatric")
        .await;
    assert_eq!(both["total"].as_i64().unwrap(), pediatric_in_courses);
    let (_, credits) = s.get_json("/api/v1/search?q=palliative&credits=true&free=false").await;
    assert!(credits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["slug"] == "core-practice-of-palliative-care"));
    let (_, none) = s.get_json("/api/v1/search?q=pain&kind=organization").await;
    let facet_keys: Vec<&String> = none["facets"].as_object().unwrap().keys().collect();
    for key in ["kind", "audience", "discipline", "topic", "format", "free", "credits"] {
        assert!(
            facet_keys.iter().any(|k| *k == key),
            "facet {key} missing: {facet_keys:?}"
        );
    }
}

/// The API's facet parameter for a dimension's value (cost and credits are spelled apart).
fn facet_param(dim: &str, value: &str) -> String {
    match (dim, value) {
        ("free", v) => format!("free={v}"),
        ("credits", _) => "credits=true".to_string(),
        (d, v) => format!("{d}={v}"),
    }
}

#[tokio::test]
async fn every_facet_count_is_the_total_that_ticking_it_gives() {
    // Counts come from bitsets, totals from the same bitsets narrowed by a filter: checking
    // every value against a real filtered search, with and without another filter ticked,
    // catches any drift between the two.
    let s = TestServer::start().await;
    for base in [
        "q=palliative",
        "q=pain",
        "q=",
        "q=care&kind=course",
        "q=serious+illness&free=true",
    ] {
        let (_, page) = s.get_json(&format!("/api/v1/search?{base}")).await;
        for (dim, values) in page["facets"].as_object().unwrap() {
            for (value, count) in values.as_object().unwrap() {
                // The ticked dimension counts without its own filter; and a zero would make the
                // narrowed search fall back to any of the words.
                if base.contains(&format!("{dim}=")) || count == 0 {
                    continue;
                }
                let (_, narrowed) = s
                    .get_json(&format!("/api/v1/search?{base}&{}", facet_param(dim, value)))
                    .await;
                assert_eq!(
                    &narrowed["total"], count,
                    "{base} {dim}={value}: the count should predict the total"
                );
            }
        }
    }
}

#[tokio::test]
async fn sorts_and_pages() {
    let s = TestServer::start().await;
    let (_, shortest) = s.get_json("/api/v1/search?q=&sort=shortest&per_page=2").await;
    let first: Vec<&str> = shortest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        first,
        [
            "indications-for-outpatient-palliative-care-consultation",
            "high-stakes-communication-in-gynecologic-oncology"
        ]
    );

    let seed = json!({"format": "champion-hub-catalog", "version": 1, "resources": [
        {"slug": "newest-guide", "kind": "guide", "title": "A brand new palliative guide", "summary": "Fresh."}
    ]});
    hub::catalog::import::import(&s.pool, seed.to_string().as_bytes())
        .await
        .unwrap();
    s.search.poll(&s.pool).await.unwrap();
    let newest = slugs(&s, "q=palliative&sort=newest").await;
    assert_eq!(newest[0], "newest-guide");

    let (_, p1) = s.get_json("/api/v1/search?q=palliative&per_page=5").await;
    let total = p1["total"].as_u64().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for page in 1..=total.div_ceil(5) {
        for slug in slugs(&s, &format!("q=palliative&per_page=5&page={page}")).await {
            assert!(seen.insert(slug), "a hit appeared on two pages");
        }
    }
    assert_eq!(seen.len() as u64, total);
}

/// "Soonest dates": what is on or starts soonest, then what has no dates, then what has ended
/// (the latest first), judged on the day of the search.
#[tokio::test]
async fn soonest_orders_by_the_days_ahead() {
    let s = TestServer::start().await;
    let day = |offset: i64| (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string();
    let course = |slug: &str, starts: i64, ends: i64| {
        json!({"slug": slug, "kind": "course", "title": format!("Zebrafish course {slug}"), "summary": "Zebrafish.",
               "starts_on": day(starts), "ends_on": day(ends)})
    };
    let seed = json!({"format": "champion-hub-catalog", "version": 1, "resources": [
        course("ended-long-ago", -400, -398),
        course("next-month", 30, 32),
        {"slug": "undated", "kind": "guide", "title": "Zebrafish guide", "summary": "Zebrafish."},
        course("on-now", -2, 3),
        course("ended-last-week", -9, -7),
        course("tomorrow", 1, 1),
    ]});
    hub::catalog::import::import(&s.pool, seed.to_string().as_bytes())
        .await
        .unwrap();
    s.search.poll(&s.pool).await.unwrap();
    assert_eq!(
        slugs(&s, "q=zebrafish&sort=soonest").await,
        [
            "on-now",
            "tomorrow",
            "next-month",
            "undated",
            "ended-last-week",
            "ended-long-ago"
        ]
    );
    let (status, body) = s.get_json("/api/v1/search?q=zebrafish&sort=soonestt").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("soonest"), "{body}");
}

#[tokio::test]
async fn exact_title_matches_rank_above_fuzzy_and_synonym_ones() {
    let s = TestServer::start().await;
    let found = slugs(&s, &q("Foundations of Palliative Care")).await;
    assert_eq!(found[0], "foundations-of-palliative-care");
    let found = slugs(&s, &q("Core Practice of Palliative Care")).await;
    assert_eq!(found[0], "core-practice-of-palliative-care");
}

#[tokio::test]
async fn snippets_mark_matches_and_escape_everything_else() {
    let s = TestServer::start().await;
    let hostile = json!({"format": "champion-hub-catalog", "version": 1, "resources": [{
        "slug": "hostile-snippet", "kind": "guide", "title": "Zebrafish <script>alert(1)</script>",
        "summary": "Zebrafish <img src=x onerror=alert(1)> & friends"
    }]});
    hub::catalog::import::import(&s.pool, hostile.to_string().as_bytes())
        .await
        .unwrap();
    s.search.poll(&s.pool).await.unwrap();
    let (_, body) = s.get_json("/api/v1/search?q=zebrafish").await;
    let snippet = body["hits"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>Zebrafish</mark>"), "{snippet}");
    assert!(snippet.contains("&lt;img"), "{snippet}");
    assert!(!snippet.contains("<img"), "{snippet}");
    let (_, page) = s.get("/search?q=zebrafish").await;
    assert!(!page.contains("<img src=x"), "raw HTML reached the results page");
}

#[tokio::test]
async fn misspellings_get_a_did_you_mean_and_zero_results_offer_a_way_on() {
    let s = TestServer::start().await;
    let (_, body) = s.get_json(&format!("/api/v1/search?{}", q("fellowshp vietnm"))).await;
    assert_eq!(body["suggestion"], json!("fellowship vietnam"), "{body}");
    // Another form of a word the catalog holds is no misspelling.
    let (_, body) = s.get_json(&format!("/api/v1/search?{}", q("goals of care"))).await;
    assert!(body["suggestion"].is_null(), "{body}");

    let (_, nothing) = s
        .get_json(&format!("/api/v1/search?{}&kind=fellowship", q("vietnam")))
        .await;
    assert_eq!(nothing["total"], json!(0));
    let alternatives = nothing["alternatives"].as_array().unwrap();
    assert!(
        alternatives
            .iter()
            .any(|a| a["href"].as_str().unwrap() == "/search?q=vietnam" && a["total"].as_u64().unwrap() > 0),
        "{alternatives:?}"
    );
    let (status, page) = s.get("/search?q=vietnam&kind=fellowship").await;
    assert_eq!(status, 200);
    assert!(page.contains("We found nothing for this search"));
    assert!(page.contains("href=\"/search?q=vietnam\""));
}

#[tokio::test]
async fn suggestions_complete_the_last_word() {
    let s = TestServer::start().await;
    let (_, found) = s.get_json("/api/v1/suggest?q=core%20pra").await;
    assert_eq!(found[0]["slug"], json!("core-practice-of-palliative-care"));
    assert_eq!(found[0]["kind"], json!("course"));
    let (_, found) = s.get_json("/api/v1/suggest?q=pal").await;
    let found = found.as_array().unwrap();
    assert!(!found.is_empty() && found.len() <= 8);
    for f in found {
        for key in ["slug", "title", "kind"] {
            assert!(f.get(key).is_some());
        }
    }
}

#[tokio::test]
async fn drafts_are_never_searchable_and_changes_show_within_a_second() {
    let s = TestServer::start().await;
    let file = |status: &str| {
        json!({"format": "champion-hub-catalog", "version": 1, "resources": [
            {"slug": "quokka-guide", "kind": "guide", "title": "Quokka guide", "summary": "About quokkas.", "status": status}
        ]})
        .to_string()
    };
    hub::catalog::import::import(&s.pool, file("draft").as_bytes())
        .await
        .unwrap();
    s.search.poll(&s.pool).await.unwrap();
    assert!(slugs(&s, "q=quokka").await.is_empty(), "a draft was searchable");
    let (_, suggestions) = s.get_json("/api/v1/suggest?q=quokk").await;
    assert_eq!(suggestions, json!([]));

    // Published through an import that only touches the database: the server's own poller
    // makes it searchable.
    hub::catalog::import::import(&s.pool, file("published").as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    while slugs(&s, "q=quokka").await.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the change was not searchable within one second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // And back to draft: gone again.
    hub::catalog::import::import(&s.pool, file("draft").as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    while !slugs(&s, "q=quokka").await.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the draft stayed searchable"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn published_count(pool: &sqlx::AnyPool) -> u64 {
    use sqlx::Row;
    let row = sqlx::query("SELECT COUNT(*) AS n FROM resources WHERE status = 'published'")
        .fetch_one(pool)
        .await
        .unwrap();
    row.get::<i64, _>("n") as u64
}

/// A seeded database in `dir` (PostgreSQL under `HUB_TEST_DATABASE`, SQLite otherwise; kept
/// while the first value lives), its pool, and where its index goes.
async fn seeded(dir: &std::path::Path) -> (support::TestDatabase, sqlx::AnyPool, std::path::PathBuf) {
    let database = support::TestDatabase::new(dir);
    let pool = hub::db::open(&database.url).await.unwrap();
    hub::catalog::seed::seed_if_empty(&pool).await.unwrap();
    (database, pool, hub::search::index_dir(dir))
}

#[tokio::test]
async fn a_missing_corrupt_or_older_index_is_rebuilt_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, pool, index_dir) = seeded(dir.path()).await;
    let expected = published_count(&pool).await;

    let open = |why: &str| {
        let (index, outcome) = SearchIndex::open(&index_dir, None).unwrap();
        (index, outcome, why.to_string())
    };

    let (index, outcome, _) = open("fresh");
    assert!(matches!(outcome, OpenOutcome::Created(_)));
    index.catch_up(&pool).await.unwrap();
    assert_eq!(index.num_docs(), expected);
    drop(index);

    let (index, outcome, _) = open("intact");
    assert_eq!(outcome, OpenOutcome::Opened);
    index.catch_up(&pool).await.unwrap();
    assert_eq!(index.num_docs(), expected, "reopening must not duplicate documents");
    drop(index);

    // Corrupt every segment file.
    for entry in std::fs::read_dir(&index_dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".idx") || name.ends_with(".term") || name.ends_with(".store") {
            std::fs::write(&path, b"garbage").unwrap();
        }
    }
    let (index, outcome, _) = open("corrupt");
    assert!(matches!(outcome, OpenOutcome::Created(_)), "{outcome:?}");
    index.catch_up(&pool).await.unwrap();
    assert_eq!(index.num_docs(), expected);
    drop(index);

    std::fs::write(index_dir.join("meta.json"), b"{not json").unwrap();
    let (index, outcome, _) = open("broken meta");
    assert!(matches!(outcome, OpenOutcome::Created(_)));
    index.catch_up(&pool).await.unwrap();
    drop(index);

    std::fs::write(index_dir.join("hub-schema-version"), b"0").unwrap();
    let (_, outcome, _) = open("older schema");
    assert!(
        matches!(outcome, OpenOutcome::Created(ref why) if why.contains("schema version")),
        "{outcome:?}"
    );

    std::fs::remove_dir_all(&index_dir).unwrap();
    let (index, outcome, _) = open("deleted");
    assert!(matches!(outcome, OpenOutcome::Created(_)));
    index.catch_up(&pool).await.unwrap();
    assert_eq!(index.num_docs(), expected);
}

/// A restart reads only the changes made since the index's last commit: it does not rebuild.
/// It does rebuild when the database no longer keeps those changes, or does not match the
/// index at all (a database restored from before it).
#[tokio::test]
async fn a_restart_catches_up_from_where_the_index_left_off() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, pool, index_dir) = seeded(dir.path()).await;
    let expected = published_count(&pool).await;
    let reopen = || async {
        let (index, outcome) = SearchIndex::open(&index_dir, None).unwrap();
        let changed = index.catch_up(&pool).await.unwrap();
        (index, outcome, changed)
    };
    let (index, _, changed) = reopen().await;
    assert_eq!(changed as u64, resource_count(&pool).await);
    drop(index);

    // Nothing changed: nothing is read again.
    let (index, outcome, changed) = reopen().await;
    assert_eq!((outcome, changed), (OpenOutcome::Opened, 0));
    drop(index);

    // While the server was down: a title changed, and one resource went back to draft.
    let mut conn = pool.acquire().await.unwrap();
    sqlx::query("UPDATE resources SET title = 'Wombat communication', version = version + 1 WHERE slug = $1")
        .bind("core-practice-of-palliative-care")
        .execute(&mut *conn)
        .await
        .unwrap();
    let drafted: String = sqlx::query_scalar(
        "SELECT slug FROM resources WHERE status = 'published' AND kind = 'guide' ORDER BY slug LIMIT 1",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    sqlx::query("UPDATE resources SET status = 'draft', version = version + 1 WHERE slug = $1")
        .bind(drafted.clone())
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let (index, outcome, changed) = reopen().await;
    assert_eq!(outcome, OpenOutcome::Opened);
    assert_eq!(changed, 2, "only the two changed resources are read again");
    assert_eq!(index.num_docs(), expected - 1);
    assert_eq!(found(&index, "wombat"), ["core-practice-of-palliative-care"]);
    drop(index);

    // The database dropped changes the index would need (pruned while it was away): rebuilt.
    for _ in 0..2 {
        sqlx::query("UPDATE resources SET version = version + 1 WHERE slug = $1")
            .bind(drafted.clone())
            .execute(&pool)
            .await
            .unwrap();
    }
    let newest: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM resource_changes")
        .fetch_one(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM resource_changes WHERE seq < $1")
        .bind(newest)
        .execute(&pool)
        .await
        .unwrap();
    let (index, _, changed) = reopen().await;
    assert_eq!(changed as u64, resource_count(&pool).await, "rebuilt");
    assert_eq!(index.num_docs(), expected - 1);
    drop(index);

    // A database from before the index (no changes recorded at all): rebuilt.
    sqlx::query("DELETE FROM resource_changes")
        .execute(&pool)
        .await
        .unwrap();
    let (index, _, changed) = reopen().await;
    assert_eq!(changed as u64, resource_count(&pool).await, "rebuilt");
    assert_eq!(index.num_docs(), expected - 1);
}

/// PostgreSQL numbers a change before it commits: a poll can see a later change while an
/// earlier one is still being written. The index applies what it sees, waits for the gap, and
/// applies the earlier change when it commits; and it does not claim to be caught up past it.
#[tokio::test]
async fn a_change_committed_late_is_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, pool, index_dir) = seeded(dir.path()).await;
    if hub::db::backend(&pool) != hub::db::Backend::Postgres {
        // SQLite lets one writer in at a time: a later change cannot commit first.
        return;
    }
    let (index, _) = SearchIndex::open(&index_dir, None).unwrap();
    index.catch_up(&pool).await.unwrap();
    let mut slow = pool.begin().await.unwrap();
    sqlx::query("UPDATE resources SET title = 'Wombat course', version = version + 1 WHERE slug = $1")
        .bind("core-practice-of-palliative-care")
        .execute(&mut *slow)
        .await
        .unwrap();
    sqlx::query("UPDATE resources SET title = 'Numbat guide', version = version + 1 WHERE slug = $1")
        .bind("aahpm-fellowship-directory")
        .execute(&pool)
        .await
        .unwrap();
    index.poll(&pool).await.unwrap();
    assert_eq!(found(&index, "numbat"), ["aahpm-fellowship-directory"]);
    assert!(found(&index, "wombat").is_empty());
    index.poll(&pool).await.unwrap();
    slow.commit().await.unwrap();
    index.poll(&pool).await.unwrap();
    assert_eq!(found(&index, "wombat"), ["core-practice-of-palliative-care"]);
    // And a restart resumes from before the gap, not after it: nothing is lost either way.
    drop(index);
    let (index, outcome) = SearchIndex::open(&index_dir, None).unwrap();
    assert_eq!(outcome, OpenOutcome::Opened);
    index.catch_up(&pool).await.unwrap();
    assert_eq!(index.num_docs(), published_count(&pool).await);
}

/// The slugs the first page of a search for `text` finds, straight from the index.
fn found(index: &SearchIndex, text: &str) -> Vec<String> {
    let q = app::query::SearchQuery {
        q: text.into(),
        filters: app::query::BrowseQuery {
            page: 1,
            per_page: 10,
            ..Default::default()
        },
        ..Default::default()
    };
    index
        .search(&q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.card.slug)
        .collect()
}

/// Every resource, drafts included: what a rebuild reads.
async fn resource_count(pool: &sqlx::AnyPool) -> u64 {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM resources")
        .fetch_one(pool)
        .await
        .unwrap();
    n as u64
}

#[test]
fn reindex_rebuilds_from_the_database() {
    let cli = support::Cli::new();
    let seed = cli.write("seed.json", hub::catalog::seed::SEED_CATALOG);
    cli.ok(&["import", seed.to_str().unwrap()]);
    let out = cli.ok(&["reindex"]);
    let err = support::stderr(&out);
    assert!(err.contains("search index rebuilt: 29 documents"), "{err}");
}

#[tokio::test]
async fn the_search_page_works_as_a_plain_get_form() {
    let s = TestServer::start().await;
    let (status, html) = s.get("/search?q=serious+news&kind=course").await;
    assert_eq!(status, 200);
    assert!(html.contains("action=\"/search\""));
    assert!(html.contains("name=\"q\""));
    assert!(html.contains("value=\"course\" checked"));
    // Results link to the resource by way of search analytics' count of opened results.
    assert!(html.contains("href=\"/search/opened/"));
    assert!(html.contains("/core-practice-of-palliative-care\" rel=\"external nofollow\""));
    assert!(html.contains("<mark>"), "snippets are highlighted");
    assert!(
        html.contains("role=\"search\""),
        "the header search box is on every page"
    );
    let (_, home) = s.get("/").await;
    assert!(home.contains("role=\"search\"") && home.contains("role=\"combobox\""));
    let body: Value = s.get_json("/api/v1/search?q=serious%20news").await.1;
    assert_eq!(body["query"], json!("serious news"));
}

/// Imports `resources` into the seed catalog and waits for the index to hold them.
/// Asserts a search's first hit, and where its partial matches begin (how many match every word).
async fn expect_first(s: &TestServer, text: &str, slug: &str, partial_from: u64) {
    let (_, body) = s.get_json(&format!("/api/v1/search?{}", q(text))).await;
    assert_eq!(body["hits"][0]["slug"], json!(slug), "{text}: {body}");
    assert_eq!(body["partial_from"], json!(partial_from), "{text}: {body}");
}

/// A server with the seed catalog and `resources` added, indexed.
async fn server_with(resources: Value) -> TestServer {
    let s = TestServer::start().await;
    add(&s, resources).await;
    s
}

async fn add(s: &TestServer, resources: Value) {
    let file = json!({"format": "champion-hub-catalog", "version": 1, "resources": resources});
    hub::catalog::import::import(&s.pool, file.to_string().as_bytes())
        .await
        .unwrap();
    s.search.poll(&s.pool).await.unwrap();
}

#[tokio::test]
async fn every_word_first_then_the_best_partial_matches_on_every_page() {
    let s = server_with(json!([
        {"slug": "quokka-zebu-both", "kind": "guide", "title": "Quokka and zebu handling", "summary": "Both words."},
        {"slug": "quokka-only", "kind": "guide", "title": "Quokka husbandry", "summary": "The rare word alone."},
        {"slug": "quokka-again", "kind": "guide", "title": "More on the quokka", "summary": "The rare word again."},
    ]))
    .await;
    // "zebu" is in one resource: before, that was a one-result page.
    let (_, body) = s.get_json(&format!("/api/v1/search?{}", q("quokka zebu"))).await;
    let hits: Vec<&str> = body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["slug"].as_str().unwrap())
        .collect();
    assert_eq!(hits[0], "quokka-zebu-both", "{body}");
    assert!(
        hits.contains(&"quokka-only") && hits.contains(&"quokka-again"),
        "{body}"
    );
    assert_eq!(body["partial_from"], json!(1), "{body}");
    assert_eq!(body["total"], json!(3));

    // The page marks where the matches of every word end.
    let (_, page) = s.get(&format!("/search?{}", q("quokka zebu"))).await;
    assert!(page.contains("Matching some of your words"), "no partial heading");
    assert!(
        page.contains("1 resource matches every word; 2 more match some of them"),
        "{page}"
    );

    // Pages agree with each other across the boundary: every hit once, in tier order.
    let mut seen = Vec::new();
    for page in 1..=3 {
        seen.extend(slugs(&s, &format!("{}&per_page=1&page={page}", q("quokka zebu"))).await);
    }
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0], "quokka-zebu-both");
    assert!(seen[1..].contains(&"quokka-only".to_string()) && seen[1..].contains(&"quokka-again".to_string()));

    // A word every resource holds ("palliative") does not lift a partial match over one that
    // holds the rare word: rare words weigh most.
    let found = slugs(&s, &q("palliative quokka zebu")).await;
    assert_eq!(found[0], "quokka-zebu-both");
    assert!(
        found.iter().position(|f| f == "quokka-only").unwrap() < 4,
        "the rare word's partial match fell behind common-word matches: {found:?}"
    );
}

#[tokio::test]
async fn intent_words_boost_the_property_without_hiding_the_rest() {
    let s = server_with(json!([
        {"slug": "wombat-paid", "kind": "course", "title": "Wombat care course", "summary": "Wombat care, a course.", "cost": {"free": false, "currency": "USD", "amount": 100}},
        {"slug": "wombat-free", "kind": "course", "title": "Wombat care course", "summary": "Wombat care, a course.", "cost": {"free": true}},
        {"slug": "wombat-guide", "kind": "guide", "title": "Wombat care course notes", "summary": "Wombat care."},
        {"slug": "wombat-msc", "kind": "program", "title": "Wombat care", "summary": "Two years of wombat care for physiotherapists.", "disciplines": ["allied-health"]},
    ]))
    .await;
    let found = slugs(&s, &q("free wombat")).await;
    assert_eq!(found[0], "wombat-free", "{found:?}");
    assert!(
        found.contains(&"wombat-paid".to_string()),
        "an intent must never filter: {found:?}"
    );
    let found = slugs(&s, &q("wombat guide")).await;
    assert_eq!(found[0], "wombat-guide", "the kind named comes first: {found:?}");
    // "training" names no property and every resource is one: it is not required.
    let found = slugs(&s, &q("wombat training")).await;
    assert_eq!(found.len(), 4, "{found:?}");
    // A degree is a program; a therapist is allied health, whatever words the resource uses.
    let found = slugs(&s, &q("wombat masters")).await;
    assert_eq!(found[0], "wombat-msc", "{found:?}");
    let found = slugs(&s, &q("wombat care for occupational therapists")).await;
    assert_eq!(found[0], "wombat-msc", "{found:?}");
}

#[tokio::test]
async fn word_families_meet() {
    let s = server_with(json!([
        {"slug": "walrus-death", "kind": "guide", "title": "Walrus death rites", "summary": "Rites."},
        {"slug": "walrus-handbook", "kind": "guide", "title": "Walrus handbook", "summary": "Walrus, walrus and walrus."},
    ]))
    .await;
    // "dying" and "death" stem apart ("die", "death") and are too far apart for typo
    // tolerance; the family joins them, so the resource matches every word.
    expect_first(&s, "walrus dying", "walrus-death", 1).await;
}

#[tokio::test]
async fn the_analyzer_keeps_apart_what_stemming_joins_by_mistake_and_corrects_before_synonyms() {
    let s = server_with(json!([
        {"slug": "walrus-conversion", "kind": "guide", "title": "Walrus opioid conversion", "summary": "Converting one opioid to another."},
        {"slug": "walrus-conversation", "kind": "guide", "title": "Walrus conversation guide", "summary": "Conversations about goals."},
        {"slug": "walrus-medical", "kind": "guide", "title": "Walrus medical director handbook", "summary": "For medical directors."},
        {"slug": "narwhal-acp", "kind": "course", "title": "Narwhal ACP facilitation", "summary": "ACP for narwhal keepers."},
        {"slug": "narwhal-rattle", "kind": "guide", "title": "Narwhal death rattle", "summary": "Noisy breathing."},
        {"slug": "narwhal-eol", "kind": "guide", "title": "Narwhal care at the end of life", "summary": "The last days."},
    ]))
    .await;
    // English stemming makes "conversion" and "conversation" one stem ("convers"): a search for
    // an opioid conversion listed every conversation guide beside it (as matching every word).
    expect_first(&s, "walrus conversion", "walrus-conversion", 1).await;
    // ...while "convert" and "conversion" meet, as one word in two forms.
    expect_first(&s, "walrus convert", "walrus-conversion", 1).await;
    // "medication" is not "medical" (both stem to "medic").
    let (_, body) = s.get_json(&format!("/api/v1/search?{}", q("walrus medications"))).await;
    assert_eq!(body["partial_from"], json!(0), "no resource names a medication: {body}");

    // "planing" is corrected before synonyms are looked up, so the phrase is advance care
    // planning, whose synonym ACP the resource names.
    expect_first(&s, "narwhal advance care planing", "narwhal-acp", 1).await;
    // Stop words do not use up the twelve words a query is read to: the end of life comes
    // after fourteen words ("terminal secretions" and "death rattle", one thing said twice,
    // are one word to match).
    let long = "how do you manage terminal secretions and the death rattle of a narwhal in the last days of life";
    let found = slugs(&s, &q(long)).await;
    assert_eq!(found[0], "narwhal-rattle", "{found:?}");
    assert!(
        found.contains(&"narwhal-eol".to_string()),
        "the end of life was cut off: {found:?}"
    );
}

/// Browse reads the index (cards stored in its documents, facets as bitsets) and falls back to
/// SQL while the index is not ready: both must give the same pages, in the same order, with the
/// same counts, for any filters and any page; and a provider's new name reaches its
/// resources' cards.
#[tokio::test]
async fn browse_from_the_index_is_browse_from_the_database() {
    use app::model::Kind;
    use app::query::BrowseQuery;
    let s = TestServer::start().await;
    assert!(s.search.is_ready());
    let mut queries = vec![BrowseQuery::default()];
    for per_page in [1, 5, 12] {
        for page in 1..=30 {
            queries.push(BrowseQuery {
                page,
                per_page,
                ..BrowseQuery::default()
            });
        }
    }
    for kind in Kind::ALL {
        queries.push(BrowseQuery {
            kinds: vec![kind],
            ..BrowseQuery::default()
        });
    }
    queries.push(BrowseQuery {
        kinds: vec![Kind::Course, Kind::ModuleSeries],
        free: Some(false),
        ..BrowseQuery::default()
    });
    // What has ended is left out the same way by both (the seed's two dated resources have).
    queries.push(BrowseQuery {
        current: true,
        ..BrowseQuery::default()
    });
    queries.push(BrowseQuery {
        kinds: vec![Kind::Course, Kind::Program],
        current: true,
        ..BrowseQuery::default()
    });
    queries.push(BrowseQuery {
        free: Some(true),
        credits: true,
        page: 2,
        per_page: 3,
        ..BrowseQuery::default()
    });
    queries.push(BrowseQuery {
        audiences: vec!["pediatric".into()],
        topics: vec!["communication".into(), "pain".into()],
        ..BrowseQuery::default()
    });
    queries.push(BrowseQuery {
        disciplines: vec!["physician".into(), "nursing".into()],
        ..BrowseQuery::default()
    });
    queries.push(BrowseQuery {
        formats: vec!["on_demand".into(), "hybrid".into()],
        audiences: vec!["adult".into()],
        ..BrowseQuery::default()
    });
    queries.push(BrowseQuery {
        topics: vec!["no-such-topic".into()],
        ..BrowseQuery::default()
    });
    let compare = |queries: Vec<BrowseQuery>| {
        let s = &s;
        async move {
            for q in &queries {
                let q = BrowseQuery {
                    page: q.page.max(1),
                    per_page: if q.per_page == 0 { 12 } else { q.per_page },
                    ..q.clone()
                };
                let mut conn = s.pool.acquire().await.unwrap();
                let from_sql = hub::catalog::browse::browse(&mut conn, &q).await.unwrap();
                let mut from_index = s.search.browse(&q).unwrap();
                // Which filter to drop when nothing matches is the index's alone: the SQL
                // fallback serves only while the index is built (tests/pages.rs checks them).
                from_index.alternatives.clear();
                assert_eq!(from_index, from_sql, "{q:?}");
            }
        }
    };
    compare(queries.clone()).await;
    let mut conn = s.pool.acquire().await.unwrap();
    let all = hub::catalog::browse::browse(
        &mut conn,
        &BrowseQuery {
            per_page: 100,
            page: 1,
            ..BrowseQuery::default()
        },
    )
    .await
    .unwrap();
    drop(conn);
    assert!(all.total >= 20 && all.resources.iter().any(|c| c.featured) && all.resources.iter().any(|c| !c.featured));
    // A provider renamed: its resources' cards follow at the next poll.
    let provider = all
        .resources
        .iter()
        .find_map(|c| c.provider.clone())
        .expect("a resource with a provider");
    sqlx::query("UPDATE resources SET title = $1, updated_at = $2, version = version + 1 WHERE slug = $3")
        .bind("A Renamed Provider")
        .bind(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .bind(provider.slug.clone())
        .execute(&s.pool)
        .await
        .unwrap();
    s.search.poll(&s.pool).await.unwrap();
    let renamed = s
        .search
        .browse(&BrowseQuery {
            per_page: 100,
            page: 1,
            ..BrowseQuery::default()
        })
        .unwrap();
    assert!(renamed
        .resources
        .iter()
        .filter_map(|c| c.provider.as_ref())
        .filter(|p| p.slug == provider.slug)
        .all(|p| p.title == "A Renamed Provider"));
    compare(queries).await;
    // The home page's glance is the same both ways.
    let from_index = s.search.glance().unwrap();
    let from_sql = hub::catalog::glance(&s.pool).await.unwrap();
    assert_eq!(
        (
            from_index.featured,
            from_index.total,
            from_index.kinds,
            from_index.audiences
        ),
        (from_sql.featured, from_sql.total, from_sql.kinds, from_sql.audiences)
    );
}
