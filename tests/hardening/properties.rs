//! Properties of the query parser, the search and the import rules, over generated input
//! (proptest): whatever arrives, they answer without panicking, and what they accept means
//! what it says.

use app::query::{SearchQuery, MAX_QUERY_CHARS};
use hub::catalog::validate::{validate, Known};
use proptest::prelude::*;
use std::sync::{Arc, OnceLock};

/// Keys the parser knows, and some it does not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "q",
            "sort",
            "kind",
            "audience",
            "discipline",
            "topic",
            "format",
            "free",
            "credits",
            "page",
            "per_page",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,10}",
    ]
}

/// Values shaped like real ones, and anything at all.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "course",
            "module_series",
            "adult",
            "pediatric",
            "online",
            "true",
            "no",
            "1",
            "0",
            "-1",
            "25",
            "99999999999",
            "newest",
            "relevance",
            "goals of care",
            "a,b,,c",
        ])
        .prop_map(str::to_string),
        "\\PC{0,40}",
        any::<String>(),
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((key(), value()), 0..8)
}

/// One seeded search index for the whole run: building it is the slow part.
fn index() -> &'static (
    tokio::runtime::Runtime,
    Arc<hub::search::SearchIndex>,
    tempfile::TempDir,
) {
    static INDEX: OnceLock<(
        tokio::runtime::Runtime,
        Arc<hub::search::SearchIndex>,
        tempfile::TempDir,
    )> = OnceLock::new();
    INDEX.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("hub.db").display());
        let search = runtime.block_on(async {
            let pool = hub::db::open(&url).await.unwrap();
            hub::catalog::seed::seed_if_empty(&pool).await.unwrap();
            hub::search::open(dir.path(), &pool).await.unwrap()
        });
        (runtime, search, dir)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any parameters: a query or a reason naming one of them, and an accepted query reads back
    /// the same from the address it is written as.
    #[test]
    fn the_query_parser_round_trips_what_it_accepts(pairs in pairs()) {
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        match SearchQuery::from_pairs(borrowed.iter().copied()) {
            Ok(query) => {
                prop_assert!(query.q.chars().count() <= MAX_QUERY_CHARS);
                let written = query.to_query_string();
                let read: Vec<(String, String)> = form_urlencoded::parse(written.as_bytes()).into_owned().collect();
                let again = SearchQuery::from_pairs(read.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                prop_assert_eq!(again, Ok(query), "written as {}", written);
            }
            Err(e) => {
                prop_assert!(pairs.iter().any(|(k, _)| *k == e.param), "the reason names a parameter sent: {:?}", e);
                prop_assert!(!e.reason.is_empty());
            }
        }
    }

    /// Any text searched: an answer, never more hits than a page holds nor than the total.
    #[test]
    fn any_search_text_gets_an_answer(text in prop_oneof!["\\PC{0,300}", any::<String>(), "[a-z ]{0,40}"]) {
        let (_, search, _) = index();
        let query = SearchQuery::from_pairs([("q", text.as_str())]).unwrap();
        let page = search.search(&query).unwrap();
        prop_assert!(page.hits.len() as u64 <= page.total);
        prop_assert!(page.hits.len() <= query.filters.per_page as usize);
        let suggestions = search.suggest(&text).unwrap();
        prop_assert!(suggestions.len() <= 8);
    }

    /// Any bytes as a catalog file: accepted, or refused with at least one problem.
    #[test]
    fn any_bytes_as_a_catalog_get_an_answer(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Err(problems) = validate(&bytes, &Known::default()) {
            prop_assert!(!problems.is_empty());
        }
    }

    /// The seed catalog with one value of one resource replaced by anything: every problem
    /// points at a place in the file (or where a missing member belongs).
    #[test]
    fn problems_point_into_the_file(resource in 0usize..29, field in 0usize..16, replacement in json_value()) {
        let mut catalog: serde_json::Value =
            serde_json::from_str(include_str!("../../server/seed/catalog.json")).unwrap();
        let resources = catalog["resources"].as_array_mut().unwrap();
        let at = resource % resources.len();
        let record = resources[at].as_object_mut().unwrap();
        let keys: Vec<String> = record.keys().cloned().collect();
        let key = keys[field % keys.len()].clone();
        record.insert(key, replacement);
        let bytes = serde_json::to_vec(&catalog).unwrap();
        if let Err(problems) = validate(&bytes, &Known::default()) {
            prop_assert!(!problems.is_empty());
            for p in &problems {
                let parent = p.pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
                prop_assert!(
                    catalog.pointer(&p.pointer).is_some() || catalog.pointer(parent).is_some(),
                    "{} points nowhere ({})", p.pointer, p.message
                );
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        "\\PC{0,30}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON Schema counts `5.0` as an integer, so the import does too; a whole number past 64 bits
/// (the schema sets no maximum for a quiz answer) is refused at its own pointer.
#[test]
fn whole_numbers_with_a_fraction_are_integers_and_huge_ones_are_named() {
    use serde_json::json;
    let mut catalog: serde_json::Value = serde_json::from_str(include_str!("../../server/seed/catalog.json")).unwrap();
    let quiz = "/resources/15/items/6/quiz";
    catalog["version"] = json!(1.0);
    catalog["resources"][10]["duration_minutes"] = json!(120.0);
    *catalog.pointer_mut(&format!("{quiz}/pass_percent")).unwrap() = json!(80.0);
    let bytes = serde_json::to_vec(&catalog).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("\"duration_minutes\":120.0"));
    let file = validate(&bytes, &Known::default()).unwrap_or_else(|p| panic!("refused: {p:?}"));
    assert_eq!(file.resources[10].duration_minutes, Some(120));

    let answer = format!("{quiz}/questions/0/answer");
    *catalog.pointer_mut(&answer).unwrap() = json!(1e23);
    let problems = validate(&serde_json::to_vec(&catalog).unwrap(), &Known::default()).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pointer, answer, "{problems:?}");
    assert!(problems[0].message.contains("too large"), "{problems:?}");
}
