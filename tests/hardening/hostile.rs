//! Every server function, called as an attacker would: as an anonymous visitor, a learner and
//! an admin, with huge and negative numbers, megabyte strings, deep nesting, wrong types and
//! missing fields. The functions come from the router (every one Leptos registered), their
//! argument names and types from their signatures in `app/src/api/`, so a new function is
//! attacked the day it is added. The hub runs as its own process under an address-space limit,
//! so an allocation sized from a caller's number fails here instead of swapping the machine;
//! after every request it must still answer `/healthz`, and no answer may be a 5xx.

use crate::support::process::{add_admin, sign_in_admin, ServeProcess, ADMIN};
use crate::support::TestDatabase;
use reqwest::Client;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

/// The hub's address space: about 1 GiB is mapped when it idles (threads, allocator arenas,
/// the index); anything sized from a hostile number goes far past this and fails.
const ADDRESS_SPACE: &str = "--as=3221225472";

/// Just under the 1 MiB body cap, so a megabyte string reaches the function.
const MEGABYTE: usize = 1_000_000;

/// A server function as its signature declares it.
#[derive(Debug)]
struct Signature {
    name: String,
    json: bool,
    args: Vec<(String, String)>,
}

/// The `#[server]` functions declared in `app/src/api/*.rs`.
fn signatures() -> Vec<Signature> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/api");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[server(prefix") {
            let attr_end = at + rest[at..].find(")]").unwrap();
            let json = rest[at..attr_end].contains("Json");
            let after = &rest[attr_end..];
            let fn_at = after.find("pub async fn ").unwrap() + "pub async fn ".len();
            let open = fn_at + after[fn_at..].find('(').unwrap();
            let name = after[fn_at..open].trim().to_string();
            let mut depth = 0;
            let mut close = open;
            for (i, c) in after[open..].char_indices() {
                match c {
                    '(' | '<' => depth += 1,
                    ')' | '>' => {
                        depth -= 1;
                        if depth == 0 && c == ')' {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let mut args = Vec::new();
            let (mut depth, mut start) = (0, open + 1);
            let inner = &after[..close];
            for (i, c) in inner.char_indices().skip(open + 1) {
                match c {
                    '<' | '(' | '[' => depth += 1,
                    '>' | ')' | ']' => depth -= 1,
                    ',' if depth == 0 => {
                        args.push(inner[start..i].to_string());
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            args.push(inner[start..].to_string());
            let args = args
                .iter()
                .map(|a| a.replace("#[server(default)]", ""))
                .filter(|a| a.contains(':'))
                .map(|a| {
                    let (n, t) = a.split_once(':').unwrap();
                    (n.trim().to_string(), t.split_whitespace().collect::<String>())
                })
                .collect();
            found.push(Signature { name, json, args });
            rest = &after[close..];
        }
    }
    found
}

/// A well-formed value for an argument of type `ty`, as JSON.
fn plausible(ty: &str) -> Value {
    let inner = ty
        .strip_prefix("Option<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    match inner {
        "String" => json!("x"),
        "i64" | "u32" | "usize" => json!(1),
        "bool" => json!(false),
        "BTreeMap<String,String>" => json!({}),
        "BrowseQuery" => serde_json::to_value(app::query::BrowseQuery::default()).unwrap(),
        "SearchQuery" => serde_json::to_value(app::query::SearchQuery::default()).unwrap(),
        "ListQuery" => serde_json::to_value(app::model::admin::ListQuery::default()).unwrap(),
        "AuditFilter" => serde_json::to_value(app::model::admin::AuditFilter::default()).unwrap(),
        "ResourceForm" => serde_json::to_value(app::model::resource_form::ResourceForm::default()).unwrap(),
        other => panic!("no hostile values for an argument of type {other}: teach tests/hardening/hostile.rs about it"),
    }
}

/// What an attacker would put where a value of this shape belongs.
fn hostile_like(value: &Value) -> Vec<Value> {
    // Past serde_json's limit of 128 levels (the 100,000-deep body is sent as raw text).
    let deep = {
        let mut v = json!(1);
        for _ in 0..200 {
            v = json!([v]);
        }
        v
    };
    let mut out = vec![
        json!(null),
        json!([]),
        json!({"nested": {"deeper": [1, 2, {"x": "y"}]}}),
        deep,
        json!(1e308),
        json!(-1),
        json!(18446744073709551615u64),
        json!(i64::MAX),
        json!(-9223372036854775808i64),
        json!("x".repeat(MEGABYTE)),
        json!("\u{0}\u{1}\u{7f}"),
        json!("../../../etc/passwd"),
        json!("per_page=4294967295&page=4294967295"),
        json!("💥".repeat(20_000)),
    ];
    if let Value::Object(fields) = value {
        // Each field in turn, the rest left well-formed.
        for (key, field) in fields {
            for bad in [
                json!(1125899906842624u64),
                json!(i64::MAX),
                json!(-1),
                json!("x".repeat(MEGABYTE)),
                json!([[[]]]),
                json!({}),
            ] {
                if &bad == field {
                    continue;
                }
                let mut v = value.clone();
                v[key] = bad;
                out.push(v);
            }
        }
    }
    out
}

/// Form fields for `value` under `key` (`form[title]=…`, `form[items][0][title]=…`).
fn form_pairs(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                form_pairs(&format!("{key}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                form_pairs(&format!("{key}[{i}]"), v, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((key.to_string(), s.clone())),
        other => out.push((key.to_string(), other.to_string())),
    }
}

fn encode(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish()
}

/// The bodies to send `f`: (content type, body, what it tries).
fn bodies(f: &Signature) -> Vec<(&'static str, String, String)> {
    let base: Vec<(String, Value)> = f.args.iter().map(|(n, t)| (n.clone(), plausible(t))).collect();
    let mut out: Vec<(&'static str, String, String)> = vec![
        (
            "application/x-www-form-urlencoded",
            String::new(),
            "an empty form".into(),
        ),
        ("application/json", String::new(), "an empty JSON body".into()),
        ("application/json", "{\"a\":".into(), "broken JSON".into()),
        (
            "application/json",
            "[".repeat(100_000),
            "JSON nested 100,000 deep".into(),
        ),
        ("text/plain", "hello".into(), "the wrong content type".into()),
        (
            "application/x-www-form-urlencoded",
            "%ZZ=%&&==&a[=1&b]]=2".into(),
            "a mangled form".into(),
        ),
        (
            "application/x-www-form-urlencoded",
            "a[b][c][d][e][f][g][h][i][j][k][l][m][n][o][p][q][r][s][t][u][v][w][x][y][z]=1".repeat(2),
            "deeply bracketed keys".into(),
        ),
    ];
    let render = |args: &[(String, Value)]| -> (&'static str, String) {
        if f.json {
            let object: serde_json::Map<String, Value> = args.iter().cloned().collect();
            ("application/json", Value::Object(object).to_string())
        } else {
            let mut pairs = Vec::new();
            for (n, v) in args {
                form_pairs(n, v, &mut pairs);
            }
            ("application/x-www-form-urlencoded", encode(&pairs))
        }
    };
    for (i, (name, ty)) in f.args.iter().enumerate() {
        // Missing: every argument but this one.
        let mut without = base.clone();
        without.remove(i);
        let (ct, body) = render(&without);
        out.push((ct, body, format!("{name} left out")));
        for bad in hostile_like(&base[i].1) {
            let mut args = base.clone();
            args[i].1 = bad.clone();
            let (ct, body) = render(&args);
            let shown: String = bad.to_string().chars().take(60).collect();
            out.push((ct, body, format!("{name}: {ty} = {shown}")));
        }
        if ty.starts_with("BTreeMap") && !f.json {
            let mut pairs: Vec<(String, String)> = base
                .iter()
                .filter(|(n, _)| n != name)
                .flat_map(|(n, v)| {
                    let mut p = Vec::new();
                    form_pairs(n, v, &mut p);
                    p
                })
                .collect();
            for key in ["1125899906842624", "-1", "18446744073709551616", "a"] {
                pairs.push((format!("{name}[{key}]"), "1".into()));
            }
            for k in 0..20_000 {
                pairs.push((format!("{name}[{k}]"), k.to_string()));
            }
            out.push((
                "application/x-www-form-urlencoded",
                encode(&pairs),
                format!("{name} with huge and 20,000 keys"),
            ));
        }
        if ty == "ResourceForm" && !f.json {
            let mut pairs = Vec::new();
            for (n, v) in &base {
                form_pairs(n, v, &mut pairs);
            }
            for list in ["credits", "schedule", "items", "questions"] {
                pairs.push((format!("{name}[{list}][1125899906842624][title]"), "x".into()));
                pairs.push((format!("{name}[{list}][-1][title]"), "x".into()));
            }
            out.push((
                "application/x-www-form-urlencoded",
                encode(&pairs),
                format!("{name}'s lists at absurd indexes"),
            ));
        }
    }
    // Numbers where the counts are: every numeric argument huge at once.
    if f.args
        .iter()
        .any(|(_, t)| t.contains("usize") || t.contains("i64") || t.contains("u32"))
        && !f.json
    {
        let args: Vec<(String, Value)> = f
            .args
            .iter()
            .map(|(n, t)| {
                let v = if t.contains("usize") || t.contains("i64") || t.contains("u32") {
                    json!(i64::MAX.to_string())
                } else {
                    plausible(t)
                };
                (n.clone(), v)
            })
            .collect();
        let (ct, body) = render(&args);
        out.push((ct, body, "every number huge".into()));
    }
    out
}

/// The roles the functions are called as.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Anonymous,
    Learner,
    Admin,
}

const LEARNER: &str = "learner@example.org";
const PASSWORD: &str = crate::support::process::PASSWORD;

/// A fresh client signed in as `role` (nobody for anonymous), from an address of its own
/// (the hub trusts this machine's X-Forwarded-For), so signing in again and again is not
/// mistaken for guessing.
async fn client_for(role: Role, base: &str, n: u32) -> Client {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let email = match role {
        Role::Anonymous => return client,
        Role::Learner => LEARNER,
        Role::Admin => ADMIN,
    };
    let resp = client
        .post(format!("{base}/api/v1/session"))
        .header("x-forwarded-for", format!("198.18.{}.{}", n / 250 % 250, n % 250))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{role:?} signs in");
    client
}

async fn still_signed_in(client: &Client, base: &str) -> bool {
    client
        .get(format!("{base}/api/v1/me"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

#[tokio::test(flavor = "multi_thread")]
async fn no_server_function_argument_fails_or_stops_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path());
    add_admin(&database.url, dir.path());
    let mut hub = ServeProcess::start_under(
        &["prlimit", ADDRESS_SPACE, "--"],
        "hostile",
        &database.url,
        dir.path(),
        &["--trusted-proxy", "127.0.0.1"],
    )
    .await;
    let base = hub.base();
    // The learner, made as anyone would be.
    let resp = Client::new()
        .post(format!("{base}/api/v1/accounts"))
        .json(&json!({"name": "Lee Learner", "email": LEARNER, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 202);
    sign_in_admin(&Client::builder().cookie_store(true).build().unwrap(), &base).await;

    // Every function the router serves has a signature here, and the other way round.
    let signatures = signatures();
    let served: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| {
            (
                hub::web::access::server_fn_name(path)
                    .trim_start_matches("/rpc/")
                    .to_string(),
                path.to_string(),
            )
        })
        .collect();
    assert!(served.len() > 50, "the router's server functions: {served:?}");
    // Each address is pinned (`endpoint = ...`): the same from every build, checkout and module,
    // so a page served before a deploy, or by another replica, posts to a function that exists.
    for (name, path) in &served {
        assert_eq!(path, &format!("/rpc/{name}"), "give {name}'s #[server] an endpoint");
    }
    for (name, _) in &served {
        assert!(
            signatures.iter().any(|s| &s.name == name),
            "no signature found for {name}"
        );
    }
    assert_eq!(served.len(), signatures.len(), "{signatures:?}");

    // Signing out and deleting go last, so the sessions last as long as they can.
    let mut order: Vec<&Signature> = signatures.iter().collect();
    order.sort_by_key(|s| (s.name == "sign_out" || s.name == "delete_account", s.name.clone()));
    let health = Client::new();
    let mut signins = 0;
    let mut sent = 0;
    for role in [Role::Anonymous, Role::Learner, Role::Admin] {
        let mut client = client_for(role, &base, signins).await;
        signins += 1;
        for f in &order {
            if role != Role::Anonymous && !still_signed_in(&client, &base).await {
                client = client_for(role, &base, signins).await;
                signins += 1;
            }
            let path = &served.iter().find(|(n, _)| n == &f.name).unwrap().1;
            for (content_type, body, tries) in bodies(f) {
                for accept in ["application/json", "text/html"] {
                    // A plain form post (text/html) only for the big bodies' sake: it answers
                    // with a redirect that carries the error.
                    if accept == "text/html" && body.len() < MEGABYTE {
                        continue;
                    }
                    let answer = client
                        .post(format!("{base}{path}"))
                        .header("content-type", content_type)
                        .header("accept", accept)
                        .body(body.clone())
                        .send()
                        .await;
                    sent += 1;
                    let status = match answer {
                        Ok(resp) => resp.status().as_u16(),
                        // Refused before its body was read, the connection closes under a big
                        // body still being written; the check of /healthz below still runs.
                        Err(e) if e.is_request() && body.len() > 64 * 1024 => 0,
                        Err(e) => panic!("{role:?} {} ({tries}): no answer: {e}\n{}", f.name, hub.log()),
                    };
                    assert!(
                        status < 500,
                        "{role:?} {} ({tries}, accepting {accept}) answered {status}\n{}",
                        f.name,
                        hub.log()
                    );
                    let alive = health.get(format!("{base}/healthz")).send().await;
                    assert!(
                        alive.is_ok_and(|r| r.status().as_u16() == 200),
                        "the hub stopped answering after {role:?} {} ({tries})\n{}",
                        f.name,
                        hub.log()
                    );
                }
            }
        }
    }
    assert!(sent > 3_000, "only {sent} requests were sent");
    println!(
        "{sent} hostile requests to {} server functions, as 3 roles",
        signatures.len()
    );
    assert!(
        hub.child.as_mut().unwrap().try_wait().unwrap().is_none(),
        "the hub is still running"
    );
    assert!(!hub.log().contains("panicked"), "{}", hub.log());
}
