//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the JSON API, generated from the
//! code. Each handler carries its own `#[utoipa::path]` (what it takes and answers, from the
//! Rust types it uses); the rest comes from where the facts live, so the description cannot
//! drift from the hub: who may call each operation from the access table (`web::access`),
//! the browse and search filters from `app::query`, the catalog format from its JSON Schema,
//! and the error body from `error::ErrorBody`. `tests/openapi.rs` checks that every API route
//! is described, validates the document against the OpenAPI 3.1 schema, and validates real
//! answers against what it says.

use super::{accounts, admin, catalog, collections, progress, teams};
use crate::accounts::sessions;
use crate::error::ErrorBody;
use crate::web::access::{self, Kind, Who};
use app::query::{BrowseQuery, SearchQuery};
use axum::http::{header, Method};
use axum::response::IntoResponse;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Champion Hub API",
        version = "1",
        description = "The hub's JSON API: the catalog of palliative care education, search, a learner's own bookmarks, progress, teams and collections, and the admin's catalog tools. Signed-in operations use the session cookie that `POST /api/v1/session` sets. Errors share one body (`Error`), with a stable `code`.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        catalog::list_resources,
        catalog::get_resource,
        catalog::search,
        catalog::suggest,
        accounts::sign_up,
        accounts::sign_in,
        accounts::sign_out,
        accounts::me,
        accounts::delete_account,
        accounts::change_password,
        accounts::update_profile,
        accounts::take_pledge,
        accounts::forgot_password,
        accounts::reset_password,
        progress::list_bookmarks,
        progress::put_bookmark,
        progress::delete_bookmark,
        progress::list_progress,
        progress::get_progress,
        progress::put_progress,
        progress::delete_progress,
        progress::delete_completion,
        progress::post_attempt,
        progress::get_export,
        teams::list_teams,
        teams::get_team,
        teams::get_progress,
        collections::list_collections,
        collections::get_collection,
        collections::get_shared,
        admin::resources::list,
        admin::resources::create,
        admin::resources::show,
        admin::resources::update,
        admin::resources::trash,
        admin::resources::set_status,
        admin::resources::restore,
        admin::resources::preview,
        admin::catalog::download,
        admin::catalog::upload,
        admin::audit::list,
        admin::users::list,
        admin::users::grant,
        admin::users::revoke,
        admin::users::disable,
        admin::users::enable,
        admin::users::send_password_reset,
        admin::synonyms::show,
        admin::synonyms::replace,
        admin::analytics::search_analytics,
        admin::links::start,
        admin::links::latest,
        openapi_json,
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "catalog", description = "The published catalog and its search: open to anyone."),
        (name = "accounts", description = "Signing up, in and out; the signed-in account."),
        (name = "learning", description = "The signed-in learner's bookmarks, progress, quizzes and export."),
        (name = "teams", description = "Teams the learner leads or is in; a team is 404 to anyone outside it."),
        (name = "collections", description = "Curated, ordered lists of resources with notes, shared by link or with a team."),
        (name = "admin", description = "Catalog curation, users, synonyms, analytics and link checks: admins only."),
        (name = "meta", description = "This description."),
    )
)]
struct ApiDoc;

/// `GET /api/v1/openapi.json`
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json", summary = "This OpenAPI description",
    tag = "meta",
    responses((status = 200, description = "This OpenAPI 3.1 document.", content_type = "application/json", body = Object))
)]
pub(super) async fn openapi_json() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document().to_string())
}

/// The document, worked out once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(generate)
}

fn generate() -> Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serializes");
    add_catalog_schemas(&mut doc);
    let schemes = doc["components"]
        .as_object_mut()
        .expect("components")
        .entry("securitySchemes")
        .or_insert_with(|| json!({}));
    schemes["session"] = json!({
        "type": "apiKey",
        "in": "cookie",
        "name": sessions::COOKIE,
        "description": "The session cookie `POST /api/v1/session` (or signing up) sets; HttpOnly, SameSite=Lax. Over TLS it is `__Host-hub_session`, Secure.",
    });
    // Where a body is a catalog record or file, the catalog format's own schema says what it is.
    for (pointer, schema) in [
        (
            "/paths/~1api~1v1~1resources~1{slug}/get/responses/200/content/application~1json/schema",
            "Catalog_public_resource",
        ),
        (
            "/paths/~1api~1v1~1admin~1catalog/get/responses/200/content/application~1json/schema",
            "CatalogFile",
        ),
        (
            "/paths/~1api~1v1~1admin~1resources/post/requestBody/content/application~1json/schema",
            "Catalog_resource",
        ),
        (
            "/paths/~1api~1v1~1admin~1catalog/post/requestBody/content/application~1json/schema",
            "CatalogFile",
        ),
    ] {
        *doc.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer} is not in the document")) =
            json!({"$ref": format!("#/components/schemas/{schema}")});
    }
    let paths = doc["paths"].as_object_mut().expect("paths");
    for (path, item) in paths.iter_mut() {
        for (method, operation) in item.as_object_mut().expect("path item").iter_mut() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let operation = operation.as_object_mut().expect("operation");
            let rule = access::rule_for(Kind::Api, &method, path);
            describe_access(operation, rule.map_or(Who::Anyone, |r| r.who));
            match (method.as_str(), path.as_str()) {
                ("GET", "/api/v1/resources") => add_query(operation, &BrowseQuery::KNOWN),
                ("GET", "/api/v1/search") => add_query(operation, &SearchQuery::known()),
                _ => {}
            }
        }
    }
    doc
}

/// Who may call an operation, as the access table says: the session it needs, and the errors
/// that answer anyone else. Every operation may also answer with the error body.
fn describe_access(operation: &mut Map<String, Value>, who: Who) {
    let error = |why: &str| json!({"description": why, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}});
    let needs = match who {
        Who::Anyone => None,
        Who::SignedIn => Some("Any signed-in account."),
        Who::Champion => Some("A signed-in champion (an account that took the champion pledge)."),
        Who::Admin => Some("A signed-in admin."),
    };
    let responses = operation
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("responses");
    if needs.is_some() {
        responses.insert("401".into(), error("Nobody is signed in (`unauthorized`)."));
        if who != Who::SignedIn {
            responses.insert("403".into(), error("The account may not do this (`forbidden`)."));
        }
    }
    responses
        .entry("default")
        .or_insert_with(|| error("Any other error: the `code` says which (`bad_request` names its `param`)."));
    if let Some(needs) = needs {
        operation.insert("security".into(), json!([{"session": []}]));
        let said = operation
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string();
        let text = if said.is_empty() {
            format!("Who may call it: {needs}")
        } else {
            format!("{said}\n\nWho may call it: {needs}")
        };
        operation.insert("description".into(), json!(text));
    }
}

/// The browse and search filters, as `app::query` knows them.
fn add_query(operation: &mut Map<String, Value>, names: &[&str]) {
    let parameters = operation
        .entry("parameters")
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .expect("parameters");
    for name in names {
        let (description, schema) = query_parameter(name);
        parameters.push(json!({
            "name": name,
            "in": "query",
            "required": false,
            "description": description,
            "schema": schema,
        }));
    }
}

/// What each browse and search parameter means. A parameter `app::query` knows and this does
/// not is a bug the unit test below catches.
pub(crate) fn query_parameter(name: &str) -> (&'static str, Value) {
    let many = |what: &'static str| (what, json!({"type": "string"}));
    match name {
        "q" => ("The words to search for (typos, synonyms and stems are handled).", json!({"type": "string"})),
        "kind" => many("Only resources of these kinds, comma-separated (module_series, recorded_session, course, fellowship, certificate_program, organization, program, guide)."),
        "audience" => many("Only resources for these audiences, comma-separated terms."),
        "discipline" => many("Only resources for these disciplines, comma-separated terms."),
        "topic" => many("Only resources on these topics, comma-separated terms."),
        "format" => many("Only resources in these formats, comma-separated (online, in_person, hybrid, ...)."),
        "free" => ("`true`: only free resources; `false`: only paid ones.", json!({"type": "boolean"})),
        "credits" => ("`true`: only resources that offer continuing-education credits.", json!({"type": "boolean"})),
        "current" => ("`true`: leave out what has ended (a resource whose last day has passed); undated resources stay.", json!({"type": "boolean"})),
        "sort" => ("`relevance` (the default) or another order the search page offers.", json!({"type": "string"})),
        "page" => ("The page, from 1.", json!({"type": "integer", "minimum": 1})),
        "per_page" => ("Results per page.", json!({"type": "integer", "minimum": 1})),
        _ => ("", Value::Null),
    }
}

/// The catalog exchange format's JSON Schema (2020-12, the dialect OpenAPI 3.1 uses): the
/// whole file as `CatalogFile`, and each of its definitions as `Catalog_<name>`, with its
/// references pointed at those.
fn add_catalog_schemas(doc: &mut Value) {
    let mut schema: Value =
        serde_json::from_str(crate::catalog::validate::SCHEMA_JSON).expect("the catalog schema is JSON");
    repoint(&mut schema);
    let defs = schema
        .as_object_mut()
        .expect("schema")
        .remove("$defs")
        .and_then(|d| d.as_object().cloned())
        .unwrap_or_default();
    for key in ["$schema", "$id"] {
        schema.as_object_mut().expect("schema").remove(key);
    }
    // The public API's record keeps quiz answers and explanations to itself
    // (`Record::without_answers`): the same schema, less those.
    let mut public_quiz = defs.get("quiz").cloned().expect("the catalog schema defines a quiz");
    let question = public_quiz
        .pointer_mut("/properties/questions/items")
        .and_then(Value::as_object_mut)
        .expect("a quiz has questions");
    for key in ["answer", "explanation"] {
        question["properties"].as_object_mut().expect("properties").remove(key);
    }
    question["required"]
        .as_array_mut()
        .expect("required")
        .retain(|r| r != "answer");
    let mut public_item = defs.get("item").cloned().expect("the catalog schema defines an item");
    public_item["properties"]["quiz"] = json!({"$ref": "#/components/schemas/Catalog_public_quiz"});
    let mut public_resource = defs
        .get("resource")
        .cloned()
        .expect("the catalog schema defines a resource");
    public_resource["properties"]["items"]["items"] = json!({"$ref": "#/components/schemas/Catalog_public_item"});
    public_resource["description"] = json!(
        "A published resource as the public API shows it: the catalog format, without quiz answers or explanations."
    );

    let schemas = doc["components"]["schemas"].as_object_mut().expect("schemas");
    schemas.insert("CatalogFile".into(), schema);
    for (name, def) in defs {
        schemas.insert(format!("Catalog_{name}"), def);
    }
    schemas.insert("Catalog_public_quiz".into(), public_quiz);
    schemas.insert("Catalog_public_item".into(), public_item);
    schemas.insert("Catalog_public_resource".into(), public_resource);
}

fn repoint(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref" {
                    if let Some(name) = v.as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
                        *v = json!(format!("#/components/schemas/Catalog_{name}"));
                    }
                } else {
                    repoint(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(repoint),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_browse_and_search_parameter_is_described() {
        for name in app::query::SearchQuery::known() {
            assert!(!super::query_parameter(name).0.is_empty(), "{name} has no description");
        }
    }
}
