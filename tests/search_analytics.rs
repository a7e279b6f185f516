//! Search analytics: what the search page logs (and what it must never log), counting opened
//! results, the admins' report over a period, its API, and the bar chart that will show it.

use crate::support;

use chrono::{Days, NaiveDate, Utc};
use hub::accounts::{store, NewAccount};
use hub::admin::analytics;
use hub::error::HubError;
use reqwest::header::LOCATION;
use reqwest::Client;
use serde_json::{json, Value};
use support::TestServer;

const PASSWORD: &str = "a long enough secret";

#[derive(Debug, PartialEq)]
struct Logged {
    token: String,
    day: String,
    query: String,
    results: i64,
    opened: i64,
}

async fn logged(s: &TestServer) -> Vec<Logged> {
    sqlx::query_as::<_, (String, String, String, i64, i64)>(
        "SELECT token, day, query, results, opened FROM search_log ORDER BY id",
    )
    .fetch_all(&s.pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(token, day, query, results, opened)| Logged {
        token,
        day,
        query,
        results,
        opened,
    })
    .collect()
}

async fn api_total(s: &TestServer, q: &str) -> i64 {
    let (status, body) = s.get_json(&format!("/api/v1/search?q={}", app::query::encode(q))).await;
    assert_eq!(status, 200, "{body}");
    body["total"].as_i64().unwrap()
}

fn today() -> String {
    Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Logs a search as if made on `day`: past days can only be written directly.
async fn insert(s: &TestServer, day: &str, query: &str, results: i64, opened: i64) {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    sqlx::query("INSERT INTO search_log (token, day, query, results, opened) VALUES ($1, $2, $3, $4, $5)")
        .bind(format!("{n:032x}"))
        .bind(day.to_string())
        .bind(query.to_string())
        .bind(results)
        .bind(opened)
        .execute(&s.pool)
        .await
        .unwrap();
}

/// The result links of a search page: (href, rel, link text).
fn result_links(html: &str) -> Vec<(String, Option<String>, String)> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(".result__title a").unwrap();
    doc.select(&selector)
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.value().attr("rel").map(str::to_string),
                a.text().collect::<String>(),
            )
        })
        .collect()
}

async fn sign_in(s: &TestServer, email: &str) -> Client {
    let client = TestServer::browser();
    let resp = client
        .post(format!("{}/api/v1/session", s.base))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{}", resp.text().await.unwrap());
    client
}

async fn account(s: &TestServer, name: &str, email: &str, admin: bool) -> Client {
    let new = NewAccount {
        name: name.into(),
        email: email.into(),
        password: PASSWORD.into(),
        profession: Some("Nurse".into()),
        discipline: None,
    };
    store::create(&s.pool, new, admin).await.unwrap();
    sign_in(s, email).await
}

async fn get_json(client: &Client, url: String) -> (u16, Value) {
    let resp = client.get(url).send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn a_search_on_the_search_page_logs_its_normalized_words_count_and_day() {
    let s = TestServer::start().await;
    let (status, _) = s.get("/search?q=%20%20Palliative%20%20%20CARE%20").await;
    assert_eq!(status, 200);
    let (status, _) = s.get("/search?q=zebrafish").await;
    assert_eq!(status, 200);

    let rows = logged(&s).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    let expected = api_total(&s, "palliative care").await;
    assert!(expected > 0);
    assert_eq!(
        (rows[0].query.as_str(), rows[0].results, rows[0].opened),
        ("palliative care", expected, 0)
    );
    assert_eq!((rows[1].query.as_str(), rows[1].results), ("zebrafish", 0));
    for row in &rows {
        assert_eq!(row.day, today(), "the day only, in UTC");
        assert!(analytics::is_token(&row.token), "{}", row.token);
    }
    assert_ne!(rows[0].token, rows[1].token);

    // Long queries are kept to 200 characters.
    let long = "palliative ".repeat(40);
    s.get(&format!("/search?q={}", app::query::encode(&long))).await;
    let rows = logged(&s).await;
    assert!(rows[2].query.chars().count() <= 200 && rows[2].query.starts_with("palliative palliative"));
}

#[tokio::test]
async fn later_pages_empty_searches_suggestions_and_the_api_log_nothing() {
    use leptos::server_fn::ServerFn;
    let s = TestServer::start().await;
    for path in [
        "/search?q=palliative&page=2",
        "/search",
        "/search?q=",
        "/search?q=%20%20",
    ] {
        let (status, _) = s.get(path).await;
        assert_eq!(status, 200, "{path}");
    }
    let (status, _) = s.get("/api/v1/search?q=palliative").await;
    assert_eq!(status, 200);
    let (status, _) = s.get("/api/v1/suggest?q=pall").await;
    assert_eq!(status, 200);
    // The suggestions the search box asks for as someone types.
    let resp = s
        .client
        .post(format!("{}{}", s.base, app::api::LoadSuggestions::PATH))
        .form(&[("text", "pall")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{}", resp.text().await.unwrap());
    assert_eq!(logged(&s).await, vec![]);
}

#[tokio::test]
async fn result_links_count_an_open_against_their_search_and_go_to_the_resource() {
    let s = TestServer::start().await;
    let (_, html) = s.get("/search?q=palliative").await;
    let rows = logged(&s).await;
    assert_eq!(rows.len(), 1);
    let token = &rows[0].token;

    let links = result_links(&html);
    assert!(!links.is_empty());
    let prefix = format!("/search/opened/{token}/");
    for (href, rel, text) in &links {
        assert!(href.starts_with(&prefix), "{href}");
        // A real navigation, with or without the wasm: the client router leaves it alone.
        assert!(
            rel.as_deref().unwrap_or("").split(' ').any(|r| r == "external"),
            "{href}"
        );
        assert!(!text.trim().is_empty(), "the link is still named by the title");
    }
    let (href, _, _) = &links[0];
    let slug = href.strip_prefix(&prefix).unwrap();

    // Another site linking to the result counts nothing.
    let resp = s
        .client
        .get(format!("{}{href}", s.base))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(logged(&s).await[0].opened, 0);
    for opened in 1..=2 {
        let resp = s
            .client
            .get(format!("{}{href}", s.base))
            .header("sec-fetch-site", "same-origin")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 303);
        assert_eq!(resp.headers()[LOCATION], format!("/resources/{slug}").as_str());
        assert_eq!(logged(&s).await[0].opened, opened);
    }
    let (status, page) = s.get(&format!("/resources/{slug}")).await;
    assert_eq!(status, 200, "the redirect lands on the resource: {page}");

    // An unknown token still gets the reader to the resource, and counts nothing.
    let resp = s
        .client
        .get(format!("{}/search/opened/{}/{slug}", s.base, "f".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    let resp = s
        .client
        .get(format!("{}/search/opened/not-a-token/{slug}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(logged(&s).await[0].opened, 2);
    // Nothing but a slug goes into the redirect.
    let resp = s
        .client
        .get(format!("{}/search/opened/{token}/%2F%2Fevil.example", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);

    // Cards elsewhere link straight to the resource.
    let (_, browse) = s.get("/resources").await;
    assert!(!browse.contains("/search/opened/"));
    assert!(browse.contains("href=\"/resources/"));
    // As does a later page of results, which is not logged.
    let (_, page2) = s.get("/search?q=palliative&page=2").await;
    let links = result_links(&page2);
    assert!(!links.is_empty());
    assert!(links
        .iter()
        .all(|(href, rel, _)| href.starts_with("/resources/") && rel.is_none()));
}

#[tokio::test]
async fn the_report_lists_top_zero_result_and_unopened_queries_and_every_day() {
    let s = TestServer::start_with(false).await;
    // Outside the period: not counted.
    insert(&s, "2026-02-28", "pain", 5, 1).await;
    insert(&s, "2026-03-06", "pain", 5, 1).await;
    // 2026-03-01: pain ×2 (one opened), dyspnea ×1 (never opened), zebrafish ×1 (nothing found).
    insert(&s, "2026-03-01", "pain", 5, 2).await;
    insert(&s, "2026-03-01", "pain", 5, 0).await;
    insert(&s, "2026-03-01", "dyspnea", 3, 0).await;
    insert(&s, "2026-03-01", "zebrafish", 0, 0).await;
    // 2026-03-03: pain ×1 (found nothing this time), zebrafish ×2, dyspnea ×1 (never opened).
    insert(&s, "2026-03-03", "pain", 0, 0).await;
    insert(&s, "2026-03-03", "zebrafish", 0, 0).await;
    insert(&s, "2026-03-03", "zebrafish", 0, 0).await;
    insert(&s, "2026-03-03", "dyspnea", 4, 0).await;
    // 2026-03-05: one opened search for grief.
    insert(&s, "2026-03-05", "grief", 2, 1).await;

    let report = analytics::report(&s.pool, day("2026-03-01"), day("2026-03-05"))
        .await
        .unwrap();
    let report = serde_json::to_value(&report).unwrap();
    assert_eq!(report["from"], "2026-03-01");
    assert_eq!(report["to"], "2026-03-05");
    assert_eq!(report["searches"], 9);
    assert_eq!(report["zero_results"], 4);
    assert_eq!(
        report["top"],
        json!([
            {"query": "pain", "searches": 3, "zero_results": 1, "zero_share": 1.0 / 3.0, "opened": 1},
            {"query": "zebrafish", "searches": 3, "zero_results": 3, "zero_share": 1.0, "opened": 0},
            {"query": "dyspnea", "searches": 2, "zero_results": 0, "zero_share": 0.0, "opened": 0},
            {"query": "grief", "searches": 1, "zero_results": 0, "zero_share": 0.0, "opened": 1},
        ])
    );
    assert_eq!(
        report["zero_result_queries"],
        json!([{"query": "zebrafish", "count": 3}, {"query": "pain", "count": 1}])
    );
    // pain was opened once; zebrafish never found anything to open.
    assert_eq!(report["not_opened"], json!([{"query": "dyspnea", "count": 2}]));
    let series = |counts: [i64; 5]| {
        let days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"];
        Value::Array(
            days.iter()
                .zip(counts)
                .map(|(d, c)| json!({"day": d, "count": c}))
                .collect(),
        )
    };
    assert_eq!(report["per_day"], series([4, 0, 4, 0, 1]));
    assert_eq!(report["zero_results_per_day"], series([1, 0, 3, 0, 0]));

    // One day, and a quiet period.
    let one = analytics::report(&s.pool, day("2026-03-03"), day("2026-03-03"))
        .await
        .unwrap();
    assert_eq!((one.searches, one.per_day.len(), one.top.len()), (4, 1, 3));
    let quiet = analytics::report(&s.pool, day("2025-01-01"), day("2025-01-31"))
        .await
        .unwrap();
    assert_eq!((quiet.searches, quiet.per_day.len()), (0, 31));
    assert!(quiet.top.is_empty() && quiet.zero_result_queries.is_empty() && quiet.not_opened.is_empty());
    assert!(quiet.per_day.iter().all(|d| d.count == 0));
}

#[tokio::test]
async fn each_list_holds_the_top_20() {
    let s = TestServer::start_with(false).await;
    for i in 0..25 {
        for _ in 0..=i {
            insert(&s, "2026-04-01", &format!("query {i:02}"), 0, 0).await;
        }
    }
    let report = analytics::report(&s.pool, day("2026-04-01"), day("2026-04-01"))
        .await
        .unwrap();
    assert_eq!(report.top.len(), 20);
    assert_eq!(report.top[0].query, "query 24");
    assert_eq!(report.top[0].searches, 25);
    assert_eq!(report.zero_result_queries.len(), 20);
    assert_eq!(report.zero_result_queries[19].query, "query 05");
}

#[tokio::test]
async fn periods_must_run_forwards_and_span_at_most_366_days() {
    let s = TestServer::start_with(false).await;
    let param = |r: Result<_, HubError>| match r {
        Err(HubError::BadRequest { param, .. }) => param,
        other => panic!("expected a bad request, got {other:?}"),
    };
    let backwards = analytics::report(&s.pool, day("2026-03-02"), day("2026-03-01")).await;
    assert_eq!(param(backwards.map(|_| ())), "from");
    let too_long = analytics::report(&s.pool, day("2024-01-01"), day("2025-01-01")).await;
    assert_eq!(param(too_long.map(|_| ())), "from");
    let leap_year = analytics::report(&s.pool, day("2024-01-01"), day("2024-12-31"))
        .await
        .unwrap();
    assert_eq!(leap_year.per_day.len(), 366);
}

#[tokio::test]
async fn the_log_has_no_column_for_a_person_and_a_signed_in_search_leaves_no_trace_of_them() {
    let s = TestServer::start().await;
    let columns = support::database::columns(&s.pool, "search_log").await;
    assert_eq!(columns, ["id", "token", "day", "query", "results", "opened"]);

    let ana = account(&s, "Anastasia Quintero", "anastasia.q@example.org", false).await;
    let resp = ana.get(format!("{}/search?q=palliative", s.base)).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let html = resp.text().await.unwrap();
    let (status, me) = get_json(&ana, format!("{}/api/v1/me", s.base)).await;
    assert_eq!(
        (status, me["name"].as_str()),
        (200, Some("Anastasia Quintero")),
        "she was signed in"
    );
    let (href, _, _) = result_links(&html).remove(0);
    let resp = ana
        .get(format!("{}{href}", s.base))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);

    let rows = logged(&s).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].opened, 1);
    let account_id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'anastasia.q@example.org'")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    let texts: Vec<(String, String, String)> = sqlx::query_as("SELECT token, day, query FROM search_log")
        .fetch_all(&s.pool)
        .await
        .unwrap();
    for (token, day, query) in texts {
        for text in [&token, &day, &query] {
            let text = text.to_lowercase();
            for needle in ["anastasia", "quintero", "example.org", "nurse", "127.0.0.1"] {
                assert!(!text.contains(needle), "{text:?} mentions {needle:?}");
            }
        }
        assert_eq!(day.len(), "YYYY-MM-DD".len(), "no time of day: {day}");
        assert_ne!(token, account_id.to_string());
    }
}

#[tokio::test]
async fn only_admins_read_the_report_over_the_api() {
    let s = TestServer::start().await;
    let url = |query: &str| format!("{}/api/v1/admin/search-analytics{query}", s.base);

    let (status, body) = get_json(&TestServer::browser(), url("")).await;
    assert_eq!((status, body["error"]["code"].as_str()), (401, Some("unauthorized")));
    let learner = account(&s, "Lee Learner", "lee@example.org", false).await;
    let (status, body) = get_json(&learner, url("")).await;
    assert_eq!((status, body["error"]["code"].as_str()), (403, Some("forbidden")));

    let admin = account(&s, "Ada Admin", "ada@example.org", true).await;
    s.get("/search?q=palliative").await;
    let (status, body) = get_json(&admin, url("")).await;
    assert_eq!(status, 200, "{body}");
    // By default, the last 30 days, today included.
    let today = Utc::now().date_naive();
    assert_eq!(body["to"], today.format("%Y-%m-%d").to_string());
    assert_eq!(body["from"], (today - Days::new(29)).format("%Y-%m-%d").to_string());
    assert_eq!(body["per_day"].as_array().unwrap().len(), 30);
    assert_eq!(body["searches"], 1);
    assert_eq!(body["top"][0]["query"], "palliative");

    let (status, body) = get_json(&admin, url("?from=2026-01-01&to=2026-01-07")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["per_day"].as_array().unwrap().len(), 7);
    let (status, body) = get_json(&admin, url("?to=2026-01-31")).await;
    assert_eq!((status, body["from"].as_str()), (200, Some("2026-01-02")));

    for (query, param) in [
        ("?from=yesterday", "from"),
        ("?from=2026-01-01&to=2026-13-01", "to"),
        ("?from=2026-02-01&to=2026-01-01", "from"),
        ("?from=2020-01-01&to=2026-01-01", "from"),
        ("?since=2026-01-01", "since"),
    ] {
        let (status, body) = get_json(&admin, url(query)).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["error"]["param"], param, "{query}: {body}");
    }
}

#[test]
fn the_bar_chart_is_an_svg_image_with_its_figures_in_words() {
    use app::components::bar_chart::BarChart;
    use leptos::prelude::*;
    let bars = vec![
        ("2026-03-01".to_string(), 4),
        ("2026-03-02".to_string(), 0),
        ("2026-03-03".to_string(), 7),
    ];
    let html = view! { <BarChart title="Searches per day" bars=bars unit="searches"/> }.to_html();
    let summary = "Searches per day, 2026-03-01 to 2026-03-03: 11 searches in total; highest 7 searches (2026-03-03).";
    assert!(html.starts_with("<svg"), "{html}");
    assert!(html.contains("role=\"img\""), "{html}");
    assert!(html.contains(&format!("aria-label=\"{summary}\"")), "{html}");
    assert!(html.contains(&format!("<title>{summary}</title>")), "{html}");
    for title in [
        "2026-03-01: 4 searches",
        "2026-03-02: 0 searches",
        "2026-03-03: 7 searches",
    ] {
        assert!(html.contains(&format!("<title>{title}</title>")), "{title}: {html}");
    }
    assert_eq!(html.matches("class=\"bar-chart__bar\"").count(), 3);
    // Value axis 0 to 8 in steps of 2, and the days along the bottom.
    for label in [">0<", ">8<", ">2026-03-01<"] {
        assert!(html.contains(label), "{label}: {html}");
    }
    assert!(!html.contains("<script"));
}
