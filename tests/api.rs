//! The read-side JSON API over HTTP, on the seed catalog.

use crate::support;

use serde_json::{json, Value};
use support::TestServer;

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let s = TestServer::start().await;
    let (status, body) = s.get_json("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "ok"}));
}

#[tokio::test]
async fn lists_published_resources_with_paging() {
    let s = TestServer::start().await;
    let (status, body) = s.get_json("/api/v1/resources?per_page=5").await;
    assert_eq!(status, 200);
    let total = body["total"].as_i64().unwrap();
    assert!(total >= 20, "the seed holds every resource the seeds name, got {total}");
    assert_eq!(body["page"], json!(1));
    assert_eq!(body["per_page"], json!(5));
    let first = body["resources"].as_array().unwrap();
    assert_eq!(first.len(), 5);
    for key in ["slug", "kind", "title", "summary", "provider", "audiences"] {
        assert!(first[0].get(key).is_some(), "missing {key} in {}", first[0]);
    }

    // Walking every page yields every resource once.
    let pages = (total + 4) / 5;
    let mut seen = std::collections::BTreeSet::new();
    for page in 1..=pages {
        let (_, body) = s.get_json(&format!("/api/v1/resources?per_page=5&page={page}")).await;
        for r in body["resources"].as_array().unwrap() {
            assert!(
                seen.insert(r["slug"].as_str().unwrap().to_string()),
                "duplicate across pages"
            );
        }
    }
    assert_eq!(seen.len() as i64, total);
    let (_, past_end) = s
        .get_json(&format!("/api/v1/resources?per_page=5&page={}", pages + 1))
        .await;
    assert_eq!(past_end["resources"], json!([]));
}

#[tokio::test]
async fn filters_combine() {
    let s = TestServer::start().await;
    let (_, courses) = s.get_json("/api/v1/resources?kind=course").await;
    assert!(courses["resources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["kind"] == "course"));
    assert!(courses["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["slug"] == "core-practice-of-palliative-care"));

    let (_, pediatric) = s.get_json("/api/v1/resources?audience=pediatric").await;
    for r in pediatric["resources"].as_array().unwrap() {
        assert!(r["audiences"].as_array().unwrap().contains(&json!("pediatric")), "{r}");
    }

    let (_, paid_with_credits) = s.get_json("/api/v1/resources?free=false&credits=true").await;
    let slugs: Vec<&str> = paid_with_credits["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"core-practice-of-palliative-care"), "{slugs:?}");

    let (_, two_kinds) = s
        .get_json("/api/v1/resources?kind=course,fellowship&per_page=100")
        .await;
    let (_, fellowships) = s.get_json("/api/v1/resources?kind=fellowship&per_page=100").await;
    assert_eq!(
        two_kinds["total"].as_i64().unwrap(),
        courses["total"].as_i64().unwrap() + fellowships["total"].as_i64().unwrap()
    );

    let (_, on_demand) = s
        .get_json("/api/v1/resources?format=on_demand&topic=communication")
        .await;
    assert!(on_demand["total"].as_i64().unwrap() >= 0);
}

#[tokio::test]
async fn bad_query_values_get_400_naming_the_parameter() {
    let s = TestServer::start().await;
    for (query, param) in [
        ("kind=webinar", "kind"),
        ("audience=elderly", "audience"),
        ("format=podcast", "format"),
        ("free=maybe", "free"),
        ("credits=lots", "credits"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=99999999999999999999", "page"),
        ("per_page=1000", "per_page"),
        ("per_page=abc", "per_page"),
        ("topic=Not%20A%20Term", "topic"),
        ("colour=blue", "colour"),
    ] {
        let (status, body) = s.get_json(&format!("/api/v1/resources?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["error"]["param"], json!(param), "{query}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().starts_with(param), "{body}");
    }
}

#[tokio::test]
async fn one_resource_in_the_catalog_format_without_quiz_answers() {
    let s = TestServer::start().await;
    let (status, course) = s.get_json("/api/v1/resources/core-practice-of-palliative-care").await;
    assert_eq!(status, 200);
    assert_eq!(course["kind"], json!("course"));
    assert_eq!(course["cost"]["amount"], json!(1995));
    assert_eq!(
        course["credits"][0],
        json!({"type": "AMA PRA Category 1 Credit(s)™", "amount": 16})
    );

    // Every resource with a quiz: questions and choices are there, answers and explanations never.
    let (_, list) = s.get_json("/api/v1/resources?per_page=100").await;
    let mut quizzes = 0;
    for r in list["resources"].as_array().unwrap() {
        let (_, full) = s
            .get_json(&format!("/api/v1/resources/{}", r["slug"].as_str().unwrap()))
            .await;
        for item in full["items"].as_array().unwrap_or(&vec![]) {
            if let Some(questions) = item.pointer("/quiz/questions").and_then(Value::as_array) {
                quizzes += 1;
                for q in questions {
                    assert!(q.get("prompt").is_some() && q.get("choices").is_some());
                    assert!(q.get("answer").is_none(), "answer leaked: {q}");
                    assert!(q.get("explanation").is_none(), "explanation leaked: {q}");
                }
            }
        }
    }
    assert!(quizzes > 0, "the seed has quizzes to check");
}

#[tokio::test]
async fn unknown_resources_and_routes_get_404_json() {
    let s = TestServer::start().await;
    let (status, body) = s.get_json("/api/v1/resources/no-such-thing").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], json!("not_found"));
    let (status, body) = s.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], json!("not_found"));
}

#[tokio::test]
async fn drafts_are_not_public() {
    let s = TestServer::start().await;
    let draft = json!({"format": "champion-hub-catalog", "version": 1, "resources": [
        {"slug": "secret-draft", "kind": "guide", "title": "Unfinished guide", "summary": "Not yet.", "status": "draft"}
    ]});
    hub::catalog::import::import(&s.pool, draft.to_string().as_bytes())
        .await
        .unwrap();
    let (status, _) = s.get_json("/api/v1/resources/secret-draft").await;
    assert_eq!(status, 404);
    let (_, list) = s.get_json("/api/v1/resources?kind=guide&per_page=100").await;
    assert!(!list.to_string().contains("secret-draft"));
    let (status, _) = s.get("/resources/secret-draft").await;
    assert_eq!(status, 404);
    // …but export, for admins and backups, keeps it.
    let exported = hub::catalog::export::export(&s.pool).await.unwrap();
    assert!(exported.contains("\"status\": \"draft\""));
}
