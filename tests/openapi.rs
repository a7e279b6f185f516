//! The OpenAPI description at `/api/v1/openapi.json`: every API route the router serves is in
//! it (and nothing else), it is a valid OpenAPI 3.1 document (checked against the OpenAPI
//! Initiative's own schema, vendored in `server/schema/`), and what the hub really answers
//! validates against what it says.

use crate::support;

use hub::web::routes::api::openapi::document;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use support::people::{get, person, token_of};
use support::TestServer;

const SERIES: &str = "palliative-care-module-series-part-1";

/// (METHOD, path) of every operation the document describes.
fn described() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in document()["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

#[test]
fn every_api_route_is_described_and_nothing_else() {
    let served: BTreeSet<(String, String)> = hub::web::listed_routes()
        .routes
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/"))
        .map(|(method, path)| (method.to_string(), path))
        .collect();
    let described = described();
    let missing: Vec<_> = served.difference(&described).collect();
    let extra: Vec<_> = described.difference(&served).collect();
    assert!(missing.is_empty(), "served but not described: {missing:#?}");
    assert!(extra.is_empty(), "described but not served: {extra:#?}");
    assert!(served.len() > 40, "the API has {} routes", served.len());
}

#[test]
fn the_document_is_valid_openapi_3_1() {
    let doc = document();
    assert_eq!(doc["openapi"].as_str().map(|v| v.starts_with("3.1.")), Some(true));
    let schema: Value = serde_json::from_str(include_str!("../server/schema/openapi-3.1.schema.json")).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .expect("the OpenAPI 3.1 schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // What the OpenAPI schema cannot say: each component is a JSON Schema (2020-12)...
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        let mut schema = schema.clone();
        schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        assert!(
            jsonschema::meta::validate(&schema).is_ok(),
            "{name} is not a JSON Schema"
        );
    }
    // ...every reference resolves...
    let text = doc.to_string();
    for reference in text.split(r#""$ref":""#).skip(1) {
        let target = reference.split('"').next().unwrap();
        let pointer = target.strip_prefix('#').expect("a local reference");
        assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
    }
    // ...and every operation has a unique id, a one-line summary, its path's
    // parameters, and says who may call it.
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            assert!(ids.insert(id.to_string()), "operationId {id} twice");
            let summary = op["summary"].as_str().unwrap_or("");
            assert!(
                !summary.is_empty() && !summary.contains('`') && !summary.contains('\n'),
                "{method} {path}: the summary should be a short line for people, not {summary:?}"
            );
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "path")
                        .map(|p| p["name"].as_str().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            let templated: BTreeSet<&str> = path
                .split('/')
                .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            assert_eq!(declared, templated, "{method} {path}: path parameters");
            let rule = hub::web::access::rule_for(
                hub::web::access::Kind::Api,
                &method.to_uppercase().parse().unwrap(),
                path,
            )
            .unwrap_or_else(|| panic!("{method} {path}: no row in the access table"));
            assert_eq!(
                op.get("security").is_some(),
                rule.who != hub::web::access::Who::Anyone,
                "{method} {path}: security says other than the access table"
            );
        }
    }
}

/// Validates `body` against the schema the document gives `method path` for `status`.
fn conforms(method: &str, path: &str, status: u16, body: &Value) -> Result<(), String> {
    let doc = document();
    let responses = &doc["paths"][path][method]["responses"];
    let response = responses
        .get(status.to_string())
        .or(responses.get("default"))
        .ok_or_else(|| format!("{method} {path}: {status} is not described"))?;
    let schema = &response["content"]["application/json"]["schema"];
    if schema.is_null() {
        return Err(format!("{method} {path}: {status} has no JSON schema"));
    }
    // The schema, with the components its references point into, as one JSON Schema.
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
        "components": doc["components"],
    });
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
        .map_err(|e| format!("{method} {path}: the schema does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(body)
        .take(5)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{method} {path} ({status}): {errors:#?}"))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hubs_answers_are_what_the_document_says() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let anonymous = TestServer::browser();

    // The document is served as it is generated.
    let (status, served) = get(&anonymous, &server, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(&serde_json::from_str::<Value>(&served).unwrap(), document());

    // A learner with something of everything: a bookmark, progress, a quiz attempt, a team
    // they lead and a collection shared with it by link.
    let (rosa, learner) = person(&server, "Rosa Champion", true).await;
    let (_, member) = person(&server, "Bea Member", false).await;
    for (method, path, body) in [
        (
            "PUT",
            format!("/api/v1/me/bookmarks/{SERIES}"),
            json!({"note": "for Monday"}),
        ),
        (
            "PUT",
            format!("/api/v1/me/progress/{SERIES}/items/presentation-1"),
            json!({"status": "completed"}),
        ),
        (
            "POST",
            format!("/api/v1/me/quizzes/{SERIES}/items/check-your-understanding/attempts"),
            json!({"answers": [0, 0, 0, 0, 0]}),
        ),
    ] {
        let resp = learner
            .request(method.parse().unwrap(), format!("{}{path}", server.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        let templated = path
            .replace(SERIES, "{slug}")
            .replace("presentation-1", "{item}")
            .replace("check-your-understanding", "{item}");
        conforms(&method.to_lowercase(), &templated, status, &body).unwrap_or_else(|e| panic!("{e}"));
    }
    let team = hub::teams::store::create(pool, rosa, "4 West").await.unwrap();
    let invite = hub::teams::invites::create(pool, team, rosa, 7, "").await.unwrap();
    let bea = hub::accounts::store::authenticate(pool, "bea.member@example.org", support::people::PASSWORD)
        .await
        .unwrap()
        .unwrap();
    hub::teams::invites::join(pool, &token_of(invite.url.as_deref().unwrap()), bea, true)
        .await
        .unwrap();
    hub::teams::focus::set(pool, team, rosa, app::model::team::FocusKind::Resource, SERIES, true)
        .await
        .unwrap();
    let shelf = hub::collections::store::create(pool, rosa, "Starting out")
        .await
        .unwrap();
    hub::collections::entries::add(pool, shelf, rosa, SERIES, "Start here.")
        .await
        .unwrap();
    let token = hub::collections::sharing::set_link(pool, shelf, rosa, true)
        .await
        .unwrap()
        .expect("a new link's token");
    hub::collections::sharing::set_team(pool, shelf, rosa, Some(team))
        .await
        .unwrap();
    let admin = server
        .signed_in("admin@example.org", "a long admin passphrase", true)
        .await;

    let checks: Vec<(&reqwest::Client, String, &str, u16)> = vec![
        (
            &anonymous,
            "/api/v1/resources?kind=course".into(),
            "/api/v1/resources",
            200,
        ),
        (
            &anonymous,
            format!("/api/v1/resources/{SERIES}"),
            "/api/v1/resources/{slug}",
            200,
        ),
        (
            &anonymous,
            "/api/v1/resources/no-such-thing".into(),
            "/api/v1/resources/{slug}",
            404,
        ),
        (
            &anonymous,
            "/api/v1/search?q=palliative%20care".into(),
            "/api/v1/search",
            200,
        ),
        (&anonymous, "/api/v1/search?bogus=1".into(), "/api/v1/search", 400),
        (&anonymous, "/api/v1/suggest?q=pall".into(), "/api/v1/suggest", 200),
        (&anonymous, "/api/v1/me".into(), "/api/v1/me", 401),
        (&learner, "/api/v1/me".into(), "/api/v1/me", 200),
        (&learner, "/api/v1/me/bookmarks".into(), "/api/v1/me/bookmarks", 200),
        (&learner, "/api/v1/me/progress".into(), "/api/v1/me/progress", 200),
        (
            &learner,
            format!("/api/v1/me/progress/{SERIES}"),
            "/api/v1/me/progress/{slug}",
            200,
        ),
        (&learner, "/api/v1/me/export".into(), "/api/v1/me/export", 200),
        (
            &learner,
            "/api/v1/me/export?format=xapi".into(),
            "/api/v1/me/export",
            200,
        ),
        (&learner, "/api/v1/me/teams".into(), "/api/v1/me/teams", 200),
        (&learner, format!("/api/v1/teams/{team}"), "/api/v1/teams/{id}", 200),
        (
            &learner,
            format!("/api/v1/teams/{team}/progress"),
            "/api/v1/teams/{id}/progress",
            200,
        ),
        (
            &member,
            format!("/api/v1/teams/{team}/progress"),
            "/api/v1/teams/{id}/progress",
            403,
        ),
        (&member, "/api/v1/me/collections".into(), "/api/v1/me/collections", 200),
        (
            &learner,
            format!("/api/v1/collections/{shelf}"),
            "/api/v1/collections/{id}",
            200,
        ),
        (
            &anonymous,
            format!("/api/v1/collections/shared/{token}"),
            "/api/v1/collections/shared/{token}",
            200,
        ),
        (&learner, "/api/v1/admin/users".into(), "/api/v1/admin/users", 403),
        (
            &admin,
            "/api/v1/admin/resources?status=draft".into(),
            "/api/v1/admin/resources",
            200,
        ),
        (
            &admin,
            format!("/api/v1/admin/resources/{SERIES}"),
            "/api/v1/admin/resources/{slug}",
            200,
        ),
        (
            &admin,
            format!("/api/v1/admin/resources/{SERIES}/preview"),
            "/api/v1/admin/resources/{slug}/preview",
            200,
        ),
        (&admin, "/api/v1/admin/catalog".into(), "/api/v1/admin/catalog", 200),
        (&admin, "/api/v1/admin/audit".into(), "/api/v1/admin/audit", 200),
        (&admin, "/api/v1/admin/users?q=rosa".into(), "/api/v1/admin/users", 200),
        (&admin, "/api/v1/admin/synonyms".into(), "/api/v1/admin/synonyms", 200),
        (
            &admin,
            "/api/v1/admin/search-analytics".into(),
            "/api/v1/admin/search-analytics",
            200,
        ),
        (
            &admin,
            "/api/v1/admin/link-checks/latest".into(),
            "/api/v1/admin/link-checks/latest",
            404,
        ),
    ];
    let mut wrong = Vec::new();
    for (client, url, path, expected) in checks {
        let (status, body) = get(client, &server, &url).await;
        if status != expected {
            wrong.push(format!("GET {url}: {status}, expected {expected}: {body:.200}"));
            continue;
        }
        let body: Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("GET {url}: not JSON"));
        if let Err(e) = conforms("get", path, status, &body) {
            wrong.push(e);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
