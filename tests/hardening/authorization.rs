//! The authorization table (`hub::web::access`) against the router: every route the hub serves
//! has a row, every row is served, and calling each row as each role gets what the row says.

use crate::support::TestServer;
use hub::web::access::{self, Kind, Who};
use reqwest::{Client, Method};

const SLUG: &str = "palliative-care-module-series-part-1";
const QUIZ: &str = "check-your-understanding";

#[tokio::test(flavor = "multi_thread")]
async fn every_route_has_a_row_and_every_row_a_route() {
    let served = access::served();
    let missing: Vec<String> = served
        .iter()
        .filter(|(kind, method, path)| access::rule_for(*kind, method, path).is_none())
        .map(|(kind, method, path)| format!("{kind:?} {method} {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in hub::web::access::TABLE (add one, with who may call it):\n{}",
        missing.join("\n")
    );
    let stale: Vec<String> = access::TABLE
        .iter()
        .filter(|r| {
            !served
                .iter()
                .any(|(kind, method, path)| *kind == r.kind && method.as_str() == r.method && path == r.path)
        })
        .map(|r| format!("{:?} {} {}", r.kind, r.method, r.path))
        .collect();
    assert!(
        stale.is_empty(),
        "rows for routes the hub no longer serves:\n{}",
        stale.join("\n")
    );
}

/// A server function's arguments (content type and body), enough to get past decoding to the
/// check of who is calling.
fn server_fn_body(name: &str) -> (&'static str, String) {
    let json = |v: serde_json::Value| ("application/json", v.to_string());
    let form = match name {
        "load_bookmarks" => return json(serde_json::json!({"query": app::query::BrowseQuery::default()})),
        "admin_resources" => return json(serde_json::json!({"query": app::model::admin::ListQuery::default()})),
        "admin_audit" => {
            return json(serde_json::json!({"filter": app::model::admin::AuditFilter::default(), "page": 1}))
        }
        "change_password" => "current_password=x&new_password=y&confirm_password=y",
        "update_profile" => "name=Ana&email=ana%40example.org",
        "delete_account" => "password=x",
        "set_bookmark" => "slug=palliative-care-module-series-part-1&saved=false",
        "set_calendar_feed" => "on=false",
        "load_team" | "delete_team" | "leave_team" => "team=1",
        "create_team" => "name=Ward%207",
        "set_team_invite" => "team=1",
        "set_team_focus" => "team=1&item=pathway%3Achampion-starter-path&follow=false",
        "set_team_sharing" => "team=1&share=false",
        "load_invite" | "join_team" | "load_shared_collection" => "token=00000000000000000000000000000000",
        "load_collection" | "delete_collection" => "collection=1",
        "create_collection" => "name=Reading",
        "rename_collection" => "collection=1&name=Reading",
        "add_to_collection" | "set_collection_note" => {
            "collection=1&slug=palliative-care-module-series-part-1&note=Start%20here"
        }
        "remove_from_collection" => "collection=1&slug=palliative-care-module-series-part-1",
        "move_in_collection" => "collection=1&slug=palliative-care-module-series-part-1&up=true",
        "set_collection_link" => "collection=1&on=false",
        "share_collection" => "collection=1&team=",
        "record_progress" => "slug=palliative-care-module-series-part-1&item=presentation-1&status=in_progress",
        "report_attendance" => "slug=core-practice-of-palliative-care&date=2026-01-01",
        "load_quiz" => "slug=palliative-care-module-series-part-1&item=check-your-understanding&review=false",
        "submit_quiz" => "slug=palliative-care-module-series-part-1&item=check-your-understanding&count=0",
        "load_learning" | "load_pathway_progress" | "load_resource" => "slug=palliative-care-module-series-part-1",
        "load_pathway" => "slug=champion-starter-path",
        "load_suggestions" => "text=pall",
        "load_certificate" => "code=NOPE",
        "admin_editor" | "admin_preview" | "admin_restore" => "slug=palliative-care-module-series-part-1",
        "admin_set_status" => "slug=palliative-care-module-series-part-1&version=1&status=published",
        "admin_save_resource" => "form[title]=x",
        "admin_trash" => "slug=palliative-care-module-series-part-1&confirm=on",
        "admin_render_markdown" | "admin_save_synonyms" => "body=x",
        "admin_upload" => "file=%7B%7D",
        "admin_users" => "q=&page=1",
        "admin_set_role" => "id=1&role=admin&grant=false",
        "admin_set_disabled" => "id=1&disabled=false",
        _ => "",
    };
    ("application/x-www-form-urlencoded", form.to_string())
}

/// Server functions that only read, so calling them as an allowed role changes nothing.
fn reads_only(name: &str) -> bool {
    name.starts_with("load_")
        || matches!(
            name,
            "admin_check"
                | "admin_resources"
                | "admin_editor"
                | "admin_preview"
                | "admin_render_markdown"
                | "admin_kept_upload"
                | "admin_audit"
                | "admin_users"
                | "admin_synonyms"
                | "admin_synonyms_draft"
                | "admin_search_analytics"
                | "admin_link_report"
        )
}

fn concrete(path: &str) -> String {
    path.replace("{slug}/quiz/{item}", &format!("{SLUG}/quiz/{QUIZ}"))
        .replace("{slug}", SLUG)
        .replace("{item}", "presentation-1")
        .replace("{code}", "NOPE")
        .replace("{id}", "1")
        .replace("{role}", "admin")
        .replace("/teams/join/{token}", "/teams/join/00000000000000000000000000000000")
        .replace("{token}", "x")
}

async fn call(server: &TestServer, client: &Client, rule: &access::Rule) -> (u16, String) {
    let method = Method::from_bytes(rule.method.as_bytes()).unwrap();
    let (url, request) = match rule.kind {
        Kind::ServerFn => {
            let name = rule.path.trim_start_matches("/rpc/");
            let path = access::server_fn_path(name).expect("registered");
            let url = format!("{}{path}", server.base);
            let (content_type, body) = server_fn_body(name);
            let request = client
                .request(method, &url)
                .header("content-type", content_type)
                .header("accept", "application/json")
                .body(body);
            (url, request)
        }
        _ => {
            let url = format!("{}{}", server.base, concrete(rule.path));
            let mut request = client.request(method.clone(), &url);
            if method != Method::GET {
                request = request.json(&serde_json::json!({}));
            }
            (url, request)
        }
    };
    let response = request.send().await.unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn each_role_gets_what_the_table_says() {
    let server = TestServer::start().await;
    let anonymous = TestServer::browser();
    let learner = server
        .signed_in("learner@example.org", "a long passphrase", false)
        .await;
    let admin = server
        .signed_in("admin@example.org", "another long passphrase", true)
        .await;
    let mut wrong = Vec::new();
    // Refusals first, for every row: nothing a refused caller sends may change anything.
    for rule in access::TABLE {
        let refused: &[(&str, &Client, u16)] = match rule.who {
            Who::Anyone => &[],
            Who::SignedIn => &[("anonymous", &anonymous, 401)],
            Who::Champion | Who::Admin => &[("anonymous", &anonymous, 401), ("a learner", &learner, 403)],
        };
        for (role, client, expected) in refused {
            let (status, body) = call(&server, client, rule).await;
            if status != *expected {
                wrong.push(format!(
                    "{} {} as {role}: {status}, expected {expected}: {}",
                    rule.method,
                    rule.path,
                    &body[..body.len().min(200)]
                ));
            }
        }
    }
    // Then what each allowed role may read: never refused, never a server error.
    for rule in access::TABLE {
        let name = rule.path.trim_start_matches("/rpc/");
        let safe = match rule.kind {
            Kind::ServerFn => reads_only(name),
            _ => rule.method == "GET",
        };
        if !safe {
            continue;
        }
        let allowed: Vec<(&str, &Client)> = match rule.who {
            Who::Anyone => vec![("anonymous", &anonymous), ("a learner", &learner), ("an admin", &admin)],
            Who::SignedIn => vec![("a learner", &learner), ("an admin", &admin)],
            // No row for champions only reads anything (creating a team is their one).
            Who::Champion => vec![],
            Who::Admin => vec![("an admin", &admin)],
        };
        for (role, client) in allowed {
            let (status, body) = call(&server, client, rule).await;
            if status == 401 || status == 403 || status >= 500 {
                wrong.push(format!(
                    "{} {} as {role}: {status}: {}",
                    rule.method,
                    rule.path,
                    &body[..body.len().min(200)]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the table and the hub disagree:\n{}",
        wrong.join("\n")
    );
}

/// `docs/authorization.md` is the table for people to read: it must say what the code says.
/// `UPDATE_DOCS=1 cargo test -p server --test all hardening::authorization` rewrites it.
#[test]
fn the_documented_table_is_the_table() {
    let mut doc = String::from(
        "# Who may use what\n\n\
         Generated from `server/src/web/access.rs` by `tests/hardening/authorization.rs`, which also\n\
         calls every row as each role to prove it. Pages a role may not use render a page that says\n\
         so (401: sign in; 403: not for you); server functions and the API answer 401 or 403.\n\n\
         A team's pages, server functions and API also check the learner's place in that team: \
         anyone outside it gets 404 (the team's existence is not given away), a member may read \
         it, and only its champion may change it or see its progress (`server/src/teams/mod.rs`, \
         proved team by team in `tests/teams.rs`). A collection's likewise check the learner's \
         place with it: anyone who may not read it gets 404; the people in the team it is shared \
         with may read it while its owner is in that team too; only its owner may change it \
         (`server/src/collections/mod.rs`, proved in `tests/collections.rs`). A secret link \
         (an invite, a shared collection, a calendar feed) is its own key.\n\n\
         | kind | method | path | who |\n| --- | --- | --- | --- |\n",
    );
    for r in access::TABLE {
        let kind = match r.kind {
            Kind::Page => "page",
            Kind::ServerFn => "server function",
            Kind::Api => "JSON API",
            Kind::Other => "other",
        };
        let who = match r.who {
            Who::Anyone => "anyone",
            Who::SignedIn => "signed in",
            Who::Champion => "champion",
            Who::Admin => "admin",
        };
        doc.push_str(&format!("| {kind} | {} | `{}` | {who} |\n", r.method, r.path));
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/authorization.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &doc).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == doc,
        "docs/authorization.md is out of date: run UPDATE_DOCS=1 cargo test -p server --test all hardening::authorization"
    );
}
