//! Progress and quizzes over HTTP: per-unit status that only moves forward, quizzes scored on the
//! server and completed only by passing, answers never shown before an attempt, exact results
//! under concurrent writes, and records kept when the catalog retires an item.

use crate::support;

use reqwest::{Client, Method};
use serde_json::{json, Value};
use support::TestServer;

const SERIES: &str = "palliative-care-module-series-part-1";
const QUIZ: &str = "check-your-understanding";
/// The seed quiz's answer key, and one answer short of its 80% pass mark.
const RIGHT: [i64; 5] = [1, 3, 0, 2, 1];
const FOUR_OF_FIVE: [i64; 5] = [1, 3, 0, 2, 0];
const THREE_OF_FIVE: [i64; 5] = [1, 3, 0, 0, 0];

async fn call(client: &Client, server: &TestServer, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = client.request(method, format!("{}/api/v1{path}", server.base));
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    (
        status,
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("JSON")
        },
    )
}

async fn learner(server: &TestServer, email: &str) -> Client {
    let client = TestServer::browser();
    let (status, body) = call(
        &client,
        server,
        Method::POST,
        "/accounts",
        Some(json!({"name": "Learner", "email": email, "password": "a long enough secret"})),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    let (status, body) = call(
        &client,
        server,
        Method::POST,
        "/session",
        Some(json!({"email": email, "password": "a long enough secret"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    client
}

fn unit<'a>(progress: &'a Value, slug: &str) -> &'a Value {
    progress["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["slug"] == slug)
        .expect("unit listed")
}

#[tokio::test]
async fn items_move_forward_only_and_a_bare_resource_is_one_unit() {
    let server = TestServer::start().await;
    let client = learner(&server, "ana@example.org").await;
    let put = |path: String, status: &str| {
        let (client, server) = (&client, &server);
        let body = json!({"status": status});
        async move { call(client, server, Method::PUT, &path, Some(body)).await }
    };

    let (status, p) = put(format!("/me/progress/{SERIES}/items/presentation-1"), "in_progress").await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(unit(&p, "presentation-1")["status"], "in_progress");
    assert_eq!(
        (p["completed"].as_u64(), p["total"].as_u64(), p["percent"].as_u64()),
        (Some(0), Some(7), Some(0))
    );

    let (_, p) = put(format!("/me/progress/{SERIES}/items/presentation-1"), "completed").await;
    let completed_at = unit(&p, "presentation-1")["completed_at"].clone();
    assert!(completed_at.is_string());
    assert_eq!(p["percent"], 14);
    // Stale tabs and double submits repeat a step; nothing goes back.
    for status in ["in_progress", "completed"] {
        let (code, p) = put(format!("/me/progress/{SERIES}/items/presentation-1"), status).await;
        assert_eq!(code, 200);
        assert_eq!(unit(&p, "presentation-1")["status"], "completed");
        assert_eq!(unit(&p, "presentation-1")["completed_at"], completed_at);
    }

    let (code, body) = put(format!("/me/progress/{SERIES}/items/presentation-1"), "not_started").await;
    assert_eq!((code, body["error"]["param"].as_str()), (400, Some("status")));
    let (code, _) = put(format!("/me/progress/{SERIES}/items/presentation-1"), "done").await;
    assert_eq!(code, 400);
    assert_eq!(
        put(format!("/me/progress/{SERIES}/items/no-such-item"), "completed")
            .await
            .0,
        404
    );
    assert_eq!(
        put("/me/progress/no-such-resource/items/x".into(), "completed").await.0,
        404
    );

    // A quiz is completed by passing it, never by saying so.
    let (code, body) = put(format!("/me/progress/{SERIES}/items/{QUIZ}"), "completed").await;
    assert_eq!(code, 409, "{body}");

    let bare = "american-academy-of-hospice-and-palliative-medicine";
    let (code, p) = put(format!("/me/progress/{bare}/items/{bare}"), "completed").await;
    assert_eq!(code, 200, "{p}");
    assert_eq!((p["total"].as_u64(), p["percent"].as_u64()), (Some(1), Some(100)));

    let (code, all) = call(&client, &server, Method::GET, "/me/progress", None).await;
    assert_eq!(code, 200);
    let slugs: Vec<&str> = all["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, [bare, SERIES], "most recently touched first");

    let stranger = TestServer::browser();
    assert_eq!(call(&stranger, &server, Method::GET, "/me/progress", None).await.0, 401);
    let (code, _) = call(
        &stranger,
        &server,
        Method::PUT,
        &format!("/me/progress/{SERIES}/items/presentation-1"),
        Some(json!({"status": "completed"})),
    )
    .await;
    assert_eq!(code, 401);
}

/// A completion recorded by mistake can be taken back; a quiz's pass and what a certificate
/// rests on cannot, and say why.
#[tokio::test]
async fn a_recorded_completion_can_be_undone_unless_a_quiz_or_certificate_rests_on_it() {
    let server = TestServer::start().await;
    let client = learner(&server, "ana@example.org").await;
    let item = format!("/me/progress/{SERIES}/items/presentation-1");
    let undo = |path: String| {
        let (client, server) = (&client, &server);
        async move { call(client, server, Method::DELETE, &format!("{path}/completion"), None).await }
    };
    let (code, p) = call(
        &client,
        &server,
        Method::PUT,
        &item,
        Some(json!({"status": "completed"})),
    )
    .await;
    assert_eq!((code, p["percent"].as_u64()), (200, Some(14)), "{p}");

    let (code, p) = undo(item.clone()).await;
    assert_eq!(code, 200, "{p}");
    let u = unit(&p, "presentation-1");
    assert_eq!(u["status"], "in_progress", "{p}");
    assert!(u["completed_at"].is_null(), "{p}");
    assert_eq!((p["completed"].as_u64(), p["percent"].as_u64()), (Some(0), Some(0)));
    // Again: nothing to take back, nothing changes.
    let (code, again) = undo(item.clone()).await;
    assert_eq!((code, &again), (200, &p));

    let (code, body) = undo(format!("/me/progress/{SERIES}/items/{QUIZ}")).await;
    assert_eq!(code, 409, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("is a quiz"),
        "{body}"
    );
    assert_eq!(undo(format!("/me/progress/{SERIES}/items/no-such-item")).await.0, 404);
    let stranger = TestServer::browser();
    let (code, _) = call(&stranger, &server, Method::DELETE, &format!("{item}/completion"), None).await;
    assert_eq!(code, 401);

    // A recorded session completed earns its certificate at once: the completion stays.
    let session = "what-it-means-to-be-a-palliative-care-champion";
    let path = format!("/me/progress/{session}/items/{session}");
    let (code, p) = call(
        &client,
        &server,
        Method::PUT,
        &path,
        Some(json!({"status": "completed"})),
    )
    .await;
    assert_eq!((code, p["certified"].as_bool()), (200, Some(true)), "{p}");
    let (code, body) = undo(path.clone()).await;
    assert_eq!(code, 409, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("certificate"),
        "{body}"
    );
    let (_, p) = call(&client, &server, Method::GET, &format!("/me/progress/{session}"), None).await;
    assert_eq!(p["percent"], 100, "nothing changed: {p}");
}

/// A unit marked started (or completed) by mistake goes back to not started; a quiz's attempts
/// and what a certificate rests on stay.
#[tokio::test]
async fn a_unit_can_be_taken_back_to_not_started() {
    let server = TestServer::start().await;
    let client = learner(&server, "ana@example.org").await;
    let item = format!("/me/progress/{SERIES}/items/presentation-2");
    let (code, p) = call(
        &client,
        &server,
        Method::PUT,
        &item,
        Some(json!({"status": "in_progress"})),
    )
    .await;
    assert_eq!(code, 200, "{p}");
    assert_eq!(unit(&p, "presentation-2")["status"], "in_progress");

    let (code, p) = call(&client, &server, Method::DELETE, &item, None).await;
    assert_eq!(code, 200, "{p}");
    let u = unit(&p, "presentation-2");
    assert_eq!(u["status"], "not_started", "{p}");
    assert!(u["started_at"].is_null(), "{p}");
    // Again: nothing to take back, nothing changes.
    let (code, again) = call(&client, &server, Method::DELETE, &item, None).await;
    assert_eq!((code, &again), (200, &p));

    let (code, body) = call(
        &client,
        &server,
        Method::DELETE,
        &format!("/me/progress/{SERIES}/items/{QUIZ}"),
        None,
    )
    .await;
    assert_eq!(code, 409, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("is a quiz"),
        "{body}"
    );
    let stranger = TestServer::browser();
    assert_eq!(call(&stranger, &server, Method::DELETE, &item, None).await.0, 401);

    // A certificate rests on a completed recorded session: it stays.
    let session = "what-it-means-to-be-a-palliative-care-champion";
    let path = format!("/me/progress/{session}/items/{session}");
    let (code, p) = call(
        &client,
        &server,
        Method::PUT,
        &path,
        Some(json!({"status": "completed"})),
    )
    .await;
    assert_eq!((code, p["certified"].as_bool()), (200, Some(true)), "{p}");
    let (code, body) = call(&client, &server, Method::DELETE, &path, None).await;
    assert_eq!(code, 409, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("certificate"),
        "{body}"
    );
}

#[tokio::test]
async fn a_quiz_is_scored_on_the_server_and_completed_only_by_a_pass() {
    let server = TestServer::start().await;
    let client = learner(&server, "ana@example.org").await;
    let attempts = format!("/me/quizzes/{SERIES}/items/{QUIZ}/attempts");

    // Before any attempt, no page or API response carries the answers or explanations.
    let (_, resource) = server.get(&format!("/api/v1/resources/{SERIES}")).await;
    let (_, page) = server.get(&format!("/resources/{SERIES}")).await;
    let explanations: Vec<String> =
        sqlx::query_scalar("SELECT explanation FROM quiz_questions WHERE explanation IS NOT NULL")
            .fetch_all(&server.pool)
            .await
            .unwrap();
    assert!(!explanations.is_empty());
    for e in &explanations {
        assert!(
            !resource.contains(e.as_str()) && !page.contains(e.as_str()),
            "explanation leaked: {e}"
        );
    }
    assert!(!resource.contains("\"answer\""), "answer key leaked");

    for (body, param) in [
        (json!({"answers": [1, 3]}), "answers"),
        (json!({"answers": [1, 3, 0, 2, 9]}), "answers[4]"),
        (json!({"answers": [1, 3, 0, 2, -1]}), "answers[4]"),
        (json!({"answer": [1]}), "body"),
    ] {
        let (code, answer) = call(&client, &server, Method::POST, &attempts, Some(body.clone())).await;
        assert_eq!(
            (code, answer["error"]["param"].as_str()),
            (400, Some(param)),
            "{body} → {answer}"
        );
    }

    let (code, failed) = call(
        &client,
        &server,
        Method::POST,
        &attempts,
        Some(json!({"answers": THREE_OF_FIVE})),
    )
    .await;
    assert_eq!(code, 201, "{failed}");
    assert_eq!(
        (failed["score_percent"].as_u64(), failed["passed"].as_bool()),
        (Some(60), Some(false))
    );
    assert_eq!(failed["pass_percent"], 80);
    assert_eq!(failed["review"][3]["correct"], false);
    // Before a pass the review marks a wrong answer without giving the right one away.
    assert!(failed["review"][3]["answer"].is_null(), "{failed}");
    assert!(failed["review"][3]["answer_text"].is_null(), "{failed}");
    assert!(failed["review"][3]["explanation"].is_null(), "{failed}");
    assert_eq!(failed["review"][0]["correct"], true);
    assert!(
        failed["review"][0]["answer_text"].is_string(),
        "a right answer is confirmed"
    );
    let (_, p) = call(&client, &server, Method::GET, &format!("/me/progress/{SERIES}"), None).await;
    assert_eq!(unit(&p, QUIZ)["status"], "in_progress");

    let (_, passed) = call(
        &client,
        &server,
        Method::POST,
        &attempts,
        Some(json!({"answers": FOUR_OF_FIVE})),
    )
    .await;
    assert_eq!(
        (passed["score_percent"].as_u64(), passed["passed"].as_bool()),
        (Some(80), Some(true))
    );
    let (_, p) = call(&client, &server, Method::GET, &format!("/me/progress/{SERIES}"), None).await;
    assert_eq!(unit(&p, QUIZ)["status"], "completed");

    // A later, worse attempt is kept but undoes nothing.
    let (_, worse) = call(
        &client,
        &server,
        Method::POST,
        &attempts,
        Some(json!({"answers": [0, 0, 1, 0, 0]})),
    )
    .await;
    assert_eq!(worse["passed"], false);
    // Once passed, every review shows everything.
    let wrong = worse["review"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["correct"] == false)
        .unwrap()
        .clone();
    assert!(wrong["answer"].is_u64(), "{worse}");
    assert!(wrong["explanation"].is_string(), "{worse}");
    let (_, p) = call(&client, &server, Method::GET, &format!("/me/progress/{SERIES}"), None).await;
    assert_eq!(unit(&p, QUIZ)["status"], "completed");
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM quiz_attempts")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(kept, 3, "every scored attempt is kept; refused ones are not");

    let (_, perfect) = call(
        &client,
        &server,
        Method::POST,
        &attempts,
        Some(json!({"answers": RIGHT})),
    )
    .await;
    assert_eq!(perfect["score_percent"], 100);
    assert_eq!(
        call(
            &client,
            &server,
            Method::POST,
            &format!("/me/quizzes/{SERIES}/items/presentation-1/attempts"),
            Some(json!({"answers": []}))
        )
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn concurrent_writes_from_many_tasks_give_exact_results() {
    let server = TestServer::start().await;
    let mut learners = Vec::new();
    for i in 0..4 {
        learners.push(learner(&server, &format!("learner{i}@example.org")).await);
    }
    let items = [
        "presentation-1",
        "presentation-2",
        "presentation-3",
        "presentation-4",
        "presentation-5",
        "case-discussion-guides",
    ];
    let mut tasks = Vec::new();
    for client in &learners {
        for item in items {
            for status in ["in_progress", "completed", "in_progress", "completed"] {
                let client = client.clone();
                let url = format!("{}/api/v1/me/progress/{SERIES}/items/{item}", server.base);
                tasks.push(tokio::spawn(async move {
                    let resp = client.put(url).json(&json!({"status": status})).send().await.unwrap();
                    resp.status().as_u16()
                }));
            }
        }
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM progress WHERE status = 'completed'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(
        rows,
        4 * items.len() as i64,
        "one completed row per learner and item, none lost, none doubled"
    );
    for client in &learners {
        let (_, p) = call(client, &server, Method::GET, &format!("/me/progress/{SERIES}"), None).await;
        assert_eq!((p["completed"].as_u64(), p["total"].as_u64()), (Some(6), Some(7)));
    }
}

#[tokio::test]
async fn progress_on_an_item_the_catalog_retires_is_kept() {
    let server = TestServer::start().await;
    let client = learner(&server, "ana@example.org").await;
    let (code, _) = call(
        &client,
        &server,
        Method::PUT,
        &format!("/me/progress/{SERIES}/items/presentation-5"),
        Some(json!({"status": "completed"})),
    )
    .await;
    assert_eq!(code, 200);
    // The catalog drops presentation-5: the item is retired, the record stays.
    sqlx::query("UPDATE items SET retired_at = '2026-11-23T00:00:00Z' WHERE slug = 'presentation-5'")
        .execute(&server.pool)
        .await
        .unwrap();
    let (_, p) = call(&client, &server, Method::GET, &format!("/me/progress/{SERIES}"), None).await;
    let kept = unit(&p, "presentation-5");
    assert_eq!(
        (kept["status"].as_str(), kept["retired"].as_bool()),
        (Some("completed"), Some(true))
    );
    assert_eq!(
        (p["completed"].as_u64(), p["total"].as_u64()),
        (Some(0), Some(6)),
        "retired units are not counted"
    );
    let (code, _) = call(
        &client,
        &server,
        Method::PUT,
        &format!("/me/progress/{SERIES}/items/presentation-5"),
        Some(json!({"status": "in_progress"})),
    )
    .await;
    assert_eq!(code, 404, "a retired item takes no new records");
}
