//! Admins curating the catalog over the real server: who may, validation parity with import,
//! optimistic concurrency, the trash, the audit log, bulk upload's dry run against its apply,
//! roles, and the synonym list; every change live in browse, detail and search at once.

use crate::support;

use reqwest::{Client, Method};
use serde_json::{json, Value};
use support::TestServer;

const PASSWORD: &str = "a long enough secret";

struct Admin {
    server: TestServer,
    admin: Client,
}

async fn start() -> Admin {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    Admin { server, admin }
}

async fn call(client: &Client, base: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = client.request(method, format!("{base}{path}"));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

impl Admin {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        call(&self.admin, &self.server.base, method, path, body).await
    }

    async fn audit(&self, query: &str) -> Vec<Value> {
        let (status, page) = self
            .call(Method::GET, &format!("/api/v1/admin/audit?{query}"), None)
            .await;
        assert_eq!(status, 200, "{page}");
        page["entries"].as_array().unwrap().clone()
    }

    /// Whether clinicians can see `slug`: its page, browse, and a search for `words`.
    async fn public(&self, slug: &str, words: &str) -> (bool, bool, bool) {
        let (page, _) = self.server.get(&format!("/resources/{slug}")).await;
        let (_, browse) = self.server.get_json("/api/v1/resources?per_page=100").await;
        let in_browse = browse["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["slug"] == json!(slug));
        let (_, found) = self.server.get_json(&format!("/api/v1/search?q={words}")).await;
        let in_search = found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["slug"] == json!(slug));
        (page == 200, in_browse, in_search)
    }
}

fn course(slug: &str, title: &str) -> Value {
    json!({
        "slug": slug,
        "kind": "course",
        "title": title,
        "summary": "A two-day course on symptom management for hospital teams.",
        "body": "## What you will learn\n\nAssessing **pain** and breathlessness.",
        "provider": "center-for-palliative-care",
        "topics": ["pain-management"],
        "cost": {"free": false, "currency": "USD", "amount": 100.0},
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-02",
        "schedule": [
            {"title": "Day 1", "starts_at": "2027-03-01T09:00:00-05:00", "ends_at": "2027-03-01T17:00:00-05:00"},
            {"title": "Day 2", "starts_at": "2027-03-02T09:00:00-05:00", "ends_at": "2027-03-02T12:00:00-05:00"}
        ],
        "items": [
            {"slug": "day-1", "title": "Day 1", "kind": "session"},
            {"slug": "check", "title": "Check your understanding", "kind": "quiz",
             "quiz": {"pass_percent": 50, "questions": [
                 {"prompt": "Which scale rates pain?", "choices": ["NRS", "GCS"], "answer": 0, "explanation": "The numeric rating scale."}
             ]}}
        ],
        "status": "draft"
    })
}

/// An organization slug the seed holds, for `provider`.
async fn seed_provider(s: &TestServer) -> String {
    sqlx::query_scalar("SELECT slug FROM resources WHERE kind = 'organization' ORDER BY slug LIMIT 1")
        .fetch_one(&s.pool)
        .await
        .unwrap()
}

async fn new_course(a: &Admin, slug: &str, title: &str) -> Value {
    let mut record = course(slug, title);
    record["provider"] = json!(seed_provider(&a.server).await);
    record
}

/// Every admin API route, as (method, path, body); the test below checks the list is complete.
fn admin_routes() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::GET, "/api/v1/admin/resources", None),
        (Method::POST, "/api/v1/admin/resources", Some(json!({}))),
        (Method::GET, "/api/v1/admin/resources/x", None),
        (
            Method::PUT,
            "/api/v1/admin/resources/x",
            Some(json!({"version": 1, "record": {}})),
        ),
        (Method::DELETE, "/api/v1/admin/resources/x", None),
        (
            Method::POST,
            "/api/v1/admin/resources/x/status",
            Some(json!({"version": 1, "status": "draft"})),
        ),
        (Method::POST, "/api/v1/admin/resources/x/restore", None),
        (Method::GET, "/api/v1/admin/resources/x/preview", None),
        (Method::GET, "/api/v1/admin/catalog", None),
        (Method::POST, "/api/v1/admin/catalog?dry_run=true", Some(json!({}))),
        (Method::GET, "/api/v1/admin/audit", None),
        (Method::GET, "/api/v1/admin/users", None),
        (Method::PUT, "/api/v1/admin/users/1/roles/champion", None),
        (Method::DELETE, "/api/v1/admin/users/1/roles/champion", None),
        (Method::POST, "/api/v1/admin/users/1/disable", None),
        (Method::POST, "/api/v1/admin/users/1/enable", None),
        (Method::GET, "/api/v1/admin/synonyms", None),
        (Method::PUT, "/api/v1/admin/synonyms", Some(json!({"body": "a, b"}))),
        (Method::GET, "/api/v1/admin/search-analytics", None),
        (Method::POST, "/api/v1/admin/link-checks", None),
        (Method::GET, "/api/v1/admin/link-checks/latest", None),
    ]
}

/// Route templates declared in the admin API's source, e.g. `/resources/{slug}/status`.
fn declared_routes() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/routes/api/admin");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split(".route(\"").skip(1) {
            out.push(part.split('"').next().unwrap().to_string());
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn every_admin_route_refuses_anonymous_callers_and_learners() {
    let a = start().await;
    let learner = a.server.signed_in("learner@example.org", PASSWORD, false).await;
    let anonymous = TestServer::browser();
    let routes = admin_routes();
    // A route added to the admin API without a line above fails here.
    for declared in declared_routes() {
        let pattern = declared
            .replace("{slug}", "x")
            .replace("{id}", "1")
            .replace("{role}", "champion");
        assert!(
            routes
                .iter()
                .any(|(_, p, _)| p.split('?').next() == Some(&format!("/api/v1/admin{pattern}"))),
            "route {declared} is not in admin_routes()"
        );
    }
    for (method, path, body) in &routes {
        let (status, _) = call(&anonymous, &a.server.base, method.clone(), path, body.clone()).await;
        assert_eq!(status, 401, "anonymous {method} {path}");
        let (status, answer) = call(&learner, &a.server.base, method.clone(), path, body.clone()).await;
        assert_eq!(status, 403, "learner {method} {path}: {answer}");
    }
    // Admins get through to the handler: reading routes answer 200.
    for (method, path, _) in routes
        .iter()
        .filter(|(m, p, _)| *m == Method::GET && !p.contains("/x") && !p.contains("latest"))
    {
        let (status, answer) = a.call(method.clone(), path, None).await;
        assert_eq!(status, 200, "admin {method} {path}: {answer}");
    }
}

#[tokio::test]
async fn a_draft_is_created_previewed_published_and_live_everywhere_at_once() {
    let a = start().await;
    let record = new_course(&a, "symptom-course", "Symptom Management Intensive").await;
    let (status, saved) = a
        .call(Method::POST, "/api/v1/admin/resources", Some(record.clone()))
        .await;
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["version"], json!(1));
    assert_eq!(
        saved["record"]["items"][1]["quiz"]["questions"][0]["answer"],
        json!(0),
        "admins see answers"
    );
    assert_eq!(
        a.public("symptom-course", "intensive").await,
        (false, false, false),
        "a draft is not public"
    );

    let (status, preview) = a
        .call(Method::GET, "/api/v1/admin/resources/symptom-course/preview", None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(preview["card"]["title"], json!("Symptom Management Intensive"));
    assert!(
        preview["body_html"].as_str().unwrap().contains("<strong>pain</strong>"),
        "{preview}"
    );

    let (status, published) = a
        .call(
            Method::POST,
            "/api/v1/admin/resources/symptom-course/status",
            Some(json!({"version": 1, "status": "published"})),
        )
        .await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["version"], json!(2));
    assert_eq!(
        a.public("symptom-course", "intensive").await,
        (true, true, true),
        "published: live at once"
    );

    let mut edited = published["record"].clone();
    edited["title"] = json!("Symptom Management Masterclass");
    let (status, saved) = a
        .call(
            Method::PUT,
            "/api/v1/admin/resources/symptom-course",
            Some(json!({"version": 2, "record": edited})),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        a.public("symptom-course", "masterclass").await,
        (true, true, true),
        "the edit is searchable at once"
    );
    let (_, stale) = a.server.get_json("/api/v1/search?q=intensive").await;
    assert!(!stale["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["slug"] == json!("symptom-course")));

    let actions: Vec<Value> = a
        .audit("target=symptom-course")
        .await
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(actions, [json!("edit"), json!("publish"), json!("create")]);
    let edit = &a.audit("action=edit&target=symptom-course").await[0];
    assert_eq!(edit["actor"], json!("admin@example.org"));
    assert_eq!(
        edit["changes"],
        json!([{"field": "title", "before": "Symptom Management Intensive", "after": "Symptom Management Masterclass"}])
    );
}

#[tokio::test]
async fn the_editor_refuses_what_import_refuses_with_the_same_reasons() {
    let a = start().await;
    let mut bad = new_course(&a, "Bad Slug", "").await;
    bad["kind"] = json!("webinar");
    bad["ends_on"] = json!("2027-02-01");
    bad["items"][1]["quiz"]["questions"][0]["answer"] = json!(5);
    bad["colour"] = json!("blue");
    let (status, answer) = a.call(Method::POST, "/api/v1/admin/resources", Some(bad.clone())).await;
    assert_eq!(status, 422, "{answer}");
    let from_editor: Vec<(String, String)> = answer["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pointer"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();

    let file = json!({"format": "champion-hub-catalog", "version": 1, "resources": [bad]});
    let (status, answer) = a
        .call(Method::POST, "/api/v1/admin/catalog?dry_run=true", Some(file))
        .await;
    assert_eq!(status, 422);
    let from_import: Vec<(String, String)> = answer["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let pointer = p["pointer"]
                .as_str()
                .unwrap()
                .strip_prefix("/resources/0")
                .unwrap()
                .to_string();
            (pointer, p["message"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(from_editor, from_import, "one set of rules");
    for pointer in ["/slug", "/kind", "/title", "/colour"] {
        assert!(
            from_editor.iter().any(|(p, _)| p == pointer),
            "{pointer} missing from {from_editor:?}"
        );
    }
    let (_, list) = a.call(Method::GET, "/api/v1/admin/resources?q=bad", None).await;
    assert_eq!(list["total"], json!(0), "nothing half-saved");

    // Rules beyond the schema too, on a well-formed record.
    let mut wrong = new_course(&a, "wrong-dates", "Wrong dates").await;
    wrong["ends_on"] = json!("2027-02-01");
    wrong["items"][1]["quiz"]["questions"][0]["answer"] = json!(5);
    let (status, answer) = a.call(Method::POST, "/api/v1/admin/resources", Some(wrong)).await;
    assert_eq!(status, 422);
    let pointers: Vec<&str> = answer["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/ends_on"), "{pointers:?}");
    assert!(pointers.contains(&"/items/1/quiz/questions/0/answer"), "{pointers:?}");
}

#[tokio::test]
async fn a_second_save_on_an_old_version_is_refused_with_what_to_merge() {
    let a = start().await;
    let other = a.server.signed_in("second@example.org", PASSWORD, true).await;
    let (_, saved) = a
        .call(
            Method::POST,
            "/api/v1/admin/resources",
            Some(new_course(&a, "shared", "Shared Course").await),
        )
        .await;
    let v = saved["version"].clone();

    let mut mine = saved["record"].clone();
    mine["title"] = json!("Shared Course, First Edit");
    let mut theirs = saved["record"].clone();
    theirs["summary"] = json!("A summary the second admin wrote.");

    let (status, _) = a
        .call(
            Method::PUT,
            "/api/v1/admin/resources/shared",
            Some(json!({"version": v, "record": mine})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, refused) = call(
        &other,
        &a.server.base,
        Method::PUT,
        "/api/v1/admin/resources/shared",
        Some(json!({"version": v, "record": theirs.clone()})),
    )
    .await;
    assert_eq!(status, 409, "{refused}");
    let conflict = &refused["error"]["conflict"];
    assert_eq!(refused["error"]["code"], json!("edit_conflict"));
    assert_eq!(conflict["saved_by"], json!("admin@example.org"));
    assert_eq!(conflict["current"]["title"], json!("Shared Course, First Edit"));
    let fields: Vec<&str> = conflict["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["summary", "title"]);
    let (_, stored) = a.call(Method::GET, "/api/v1/admin/resources/shared", None).await;
    assert_eq!(
        stored["record"]["summary"], saved["record"]["summary"],
        "the refused save changed nothing"
    );

    // Merging: both edits, saved against the version the conflict named.
    let mut merged = conflict["current"].clone();
    merged["summary"] = theirs["summary"].clone();
    let (status, saved) = call(
        &other,
        &a.server.base,
        Method::PUT,
        "/api/v1/admin/resources/shared",
        Some(json!({"version": conflict["version"], "record": merged})),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["record"]["title"], json!("Shared Course, First Edit"));
    assert_eq!(saved["record"]["summary"], json!("A summary the second admin wrote."));
}

#[tokio::test]
async fn concurrent_saves_on_one_version_let_exactly_one_through() {
    let a = start().await;
    let (_, saved) = a
        .call(
            Method::POST,
            "/api/v1/admin/resources",
            Some(new_course(&a, "raced", "Raced Course").await),
        )
        .await;
    let mut tasks = Vec::new();
    for n in 0..8 {
        let mut record = saved["record"].clone();
        record["title"] = json!(format!("Raced Course {n}"));
        let (client, base, version) = (a.admin.clone(), a.server.base.clone(), saved["version"].clone());
        tasks.push(tokio::spawn(async move {
            call(
                &client,
                &base,
                Method::PUT,
                "/api/v1/admin/resources/raced",
                Some(json!({"version": version, "record": record})),
            )
            .await
            .0
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
}

#[tokio::test]
async fn the_trash_hides_a_resource_everywhere_until_it_is_restored() {
    let a = start().await;
    let mut record = new_course(&a, "trashable", "Trashable Bereavement Course").await;
    record["status"] = json!("published");
    a.call(Method::POST, "/api/v1/admin/resources", Some(record)).await;
    assert_eq!(a.public("trashable", "trashable").await, (true, true, true));

    let (status, _) = a.call(Method::DELETE, "/api/v1/admin/resources/trashable", None).await;
    assert_eq!(status, 204);
    assert_eq!(a.public("trashable", "trashable").await, (false, false, false));
    let (_, trash) = a.call(Method::GET, "/api/v1/admin/resources?status=trash", None).await;
    assert_eq!(trash["rows"][0]["slug"], json!("trashable"));
    assert!(trash["rows"][0]["trashed_at"].is_string());
    let (_, live) = a.call(Method::GET, "/api/v1/admin/resources?q=trashable", None).await;
    assert_eq!(live["total"], json!(0), "the main list leaves out the trash");
    let (_, export) = a.call(Method::GET, "/api/v1/admin/catalog", None).await;
    assert!(!export.to_string().contains("trashable"), "nor is it exported");
    let (status, _) = a.call(Method::DELETE, "/api/v1/admin/resources/trashable", None).await;
    assert_eq!(status, 409, "already in the trash");

    let (status, restored) = a
        .call(Method::POST, "/api/v1/admin/resources/trashable/restore", None)
        .await;
    assert_eq!(status, 200, "{restored}");
    assert_eq!(restored["record"]["status"], json!("published"));
    assert_eq!(a.public("trashable", "trashable").await, (true, true, true));
    let actions: Vec<Value> = a
        .audit("target=trashable")
        .await
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(actions, [json!("restore"), json!("delete"), json!("create")]);

    // An organization that others name as provider stays until they name another.
    let provider = seed_provider(&a.server).await;
    let (status, answer) = a
        .call(Method::DELETE, &format!("/api/v1/admin/resources/{provider}"), None)
        .await;
    assert_eq!(status, 409);
    assert!(
        answer["error"]["message"].as_str().unwrap().contains("provider"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_dry_run_reports_exactly_what_applying_does_and_changes_nothing() {
    let a = start().await;
    let (_, before) = a.call(Method::GET, "/api/v1/admin/catalog", None).await;
    let mut file = before.clone();
    let resources = file["resources"].as_array_mut().unwrap();
    // Change a field, drop an item, and add a resource.
    let series = resources
        .iter_mut()
        .find(|r| r["items"].as_array().is_some_and(|i| i.len() > 2))
        .unwrap();
    let series_slug = series["slug"].as_str().unwrap().to_string();
    series["title"] = json!("A New Title For The Series");
    let dropped = series["items"].as_array_mut().unwrap().pop().unwrap();
    let provider = seed_provider(&a.server).await;
    let mut added = course("bulk-added", "Added In Bulk");
    added["provider"] = json!(provider);
    resources.push(added);
    let body = file.to_string();

    let post = |dry: &'static str| {
        let (client, url, body) = (
            a.admin.clone(),
            format!("{}/api/v1/admin/catalog?dry_run={dry}", a.server.base),
            body.clone(),
        );
        async move {
            let resp = client
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            (resp.status().as_u16(), resp.json::<Value>().await.unwrap())
        }
    };
    let (status, dry) = post("true").await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["dry_run"], json!(true));
    let (_, unchanged) = a.call(Method::GET, "/api/v1/admin/catalog", None).await;
    assert_eq!(unchanged, before, "a dry run changes nothing");
    assert!(a.audit("action=import").await.is_empty(), "and audits nothing");

    let report = &dry["report"];
    assert_eq!(report["created"], json!(["bulk-added"]));
    assert_eq!(report["updated"], json!([series_slug]));
    assert_eq!(
        report["items_retired"],
        json!([format!("{series_slug}/{}", dropped["slug"].as_str().unwrap())])
    );
    let fields: Vec<&str> = report["changes"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"title"), "{fields:?}");

    let (status, applied) = post("false").await;
    assert_eq!(status, 200, "{applied}");
    assert_eq!(
        applied["report"], dry["report"],
        "the dry run said exactly what applying did"
    );
    assert!(
        !a.public("bulk-added", "bulk").await.0,
        "a draft in the file stays a draft"
    );
    let (_, detail) = a.server.get_json(&format!("/api/v1/resources/{series_slug}")).await;
    assert_eq!(detail["title"], json!("A New Title For The Series"));
    let audited: Vec<String> = a
        .audit("action=import")
        .await
        .iter()
        .map(|e| e["target"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert!(audited.contains(&"bulk-added".to_string()) && audited.contains(&series_slug));

    // A file with an error changes nothing, and says where.
    file["resources"][0]["kind"] = json!("webinar");
    let (status, answer) = a
        .call(Method::POST, "/api/v1/admin/catalog?dry_run=false", Some(file))
        .await;
    assert_eq!(status, 422);
    assert_eq!(answer["error"]["problems"][0]["pointer"], json!("/resources/0/kind"));
    let (status, _) = a
        .call(Method::POST, "/api/v1/admin/catalog?dry_run=maybe", Some(json!({})))
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn roles_are_granted_and_revoked_and_the_last_admin_stays() {
    let a = start().await;
    let learner = a.server.signed_in("learner@example.org", PASSWORD, false).await;
    let (_, users) = a.call(Method::GET, "/api/v1/admin/users?q=learner", None).await;
    assert_eq!(users["total"], json!(1));
    let id = users["users"][0]["id"].as_i64().unwrap();
    let admin_id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'admin@example.org'")
        .fetch_one(&a.server.pool)
        .await
        .unwrap();

    let (status, user) = a
        .call(Method::PUT, &format!("/api/v1/admin/users/{id}/roles/champion"), None)
        .await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["roles"], json!(["learner", "champion"]));
    let (_, user) = a
        .call(Method::PUT, &format!("/api/v1/admin/users/{id}/roles/admin"), None)
        .await;
    assert_eq!(user["roles"], json!(["learner", "champion", "admin"]));
    let (status, _) = call(&learner, &a.server.base, Method::GET, "/api/v1/admin/users", None).await;
    assert_eq!(status, 200, "a new admin is one at once");
    let (_, user) = a
        .call(Method::DELETE, &format!("/api/v1/admin/users/{id}/roles/admin"), None)
        .await;
    assert_eq!(user["roles"], json!(["learner", "champion"]));
    let (status, _) = call(&learner, &a.server.base, Method::GET, "/api/v1/admin/users", None).await;
    assert_eq!(status, 403);

    // The last admin can neither step down nor be disabled.
    let (status, answer) = a
        .call(
            Method::DELETE,
            &format!("/api/v1/admin/users/{admin_id}/roles/admin"),
            None,
        )
        .await;
    assert_eq!(status, 409);
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("at least one admin"));
    let (status, _) = a
        .call(Method::POST, &format!("/api/v1/admin/users/{admin_id}/disable"), None)
        .await;
    assert_eq!(status, 409);
    let (status, _) = a
        .call(Method::PUT, &format!("/api/v1/admin/users/{id}/roles/owner"), None)
        .await;
    assert_eq!(status, 400);

    // Disabling ends the learner's sessions; enabling lets them sign in again.
    let (status, user) = a
        .call(Method::POST, &format!("/api/v1/admin/users/{id}/disable"), None)
        .await;
    assert_eq!((status, user["disabled"].clone()), (200, json!(true)));
    let (status, _) = call(&learner, &a.server.base, Method::GET, "/api/v1/me/bookmarks", None).await;
    assert_eq!(status, 401);
    let (status, _) = call(
        &learner,
        &a.server.base,
        Method::POST,
        "/api/v1/session",
        Some(json!({"email": "learner@example.org", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 401);
    a.call(Method::POST, &format!("/api/v1/admin/users/{id}/enable"), None)
        .await;
    let (status, _) = call(
        &learner,
        &a.server.base,
        Method::POST,
        "/api/v1/session",
        Some(json!({"email": "learner@example.org", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 200);

    let actions: Vec<Value> = a
        .audit("target_type=account")
        .await
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(
        actions,
        [
            json!("enable"),
            json!("disable"),
            json!("revoke"),
            json!("grant"),
            json!("grant")
        ]
    );
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_even_in_the_database() {
    let a = start().await;
    a.call(
        Method::POST,
        "/api/v1/admin/resources",
        Some(new_course(&a, "audited", "Audited").await),
    )
    .await;
    assert!(sqlx::query("UPDATE audit_log SET actor = 'someone else'")
        .execute(&a.server.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(&a.server.pool)
        .await
        .is_err());
    assert_eq!(a.audit("actor=admin@").await.len(), 1);
    let (status, _) = a.call(Method::GET, "/api/v1/admin/audit?page=0", None).await;
    assert_eq!(status, 400);
    let (status, _) = a.call(Method::GET, "/api/v1/admin/audit?colour=blue", None).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn synonyms_saved_by_an_admin_apply_to_search_at_once() {
    let a = start().await;
    let (_, list) = a.call(Method::GET, "/api/v1/admin/synonyms", None).await;
    assert_eq!(list["built_in"], json!(true));
    let (_, before) = a.server.get_json("/api/v1/search?q=zorblax").await;
    assert_eq!(before["total"], json!(0));

    let body = format!("{}\nzorblax, champion\n", list["body"].as_str().unwrap());
    let (status, saved) = a
        .call(Method::PUT, "/api/v1/admin/synonyms", Some(json!({"body": body})))
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["built_in"], json!(false));
    let (_, after) = a.server.get_json("/api/v1/search?q=zorblax").await;
    assert!(after["total"].as_u64().unwrap() > 0, "{after}");

    let (status, answer) = a
        .call(
            Method::PUT,
            "/api/v1/admin/synonyms",
            Some(json!({"body": "a, b\nlonely\n"})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(answer["error"]["problems"][0]["pointer"], json!("/lines/2"));
    let (_, still) = a.call(Method::GET, "/api/v1/admin/synonyms", None).await;
    assert_eq!(still["body"], json!(body), "a refused list changes nothing");
    let entry = &a.audit("target_type=synonyms").await[0];
    assert_eq!(entry["changes"][0]["after"], json!(["zorblax, champion"]));
}
