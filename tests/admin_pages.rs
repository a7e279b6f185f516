//! The admin's oversight pages as a browser without JavaScript uses them: who may see them, the
//! users page's role forms (and a refused change), the synonyms form, the audit log and its
//! filters, bulk upload's dry run then apply, search analytics and the link check. Forms are
//! plain posts to the server functions, followed by the redirect they answer with.

use crate::support;

use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::Client;
use serde_json::{json, Value};
use support::TestServer;

const PASSWORD: &str = "a long enough secret";

/// Each page and its one h1.
const PAGES: [(&str, &str); 6] = [
    ("/admin/catalog", "Bulk upload"),
    ("/admin/audit", "Audit log"),
    ("/admin/users", "Users"),
    ("/admin/synonyms", "Synonyms"),
    ("/admin/search", "Search analytics"),
    ("/admin/links", "Link check"),
];

/// The `action` of the page's form that posts to the server function `name`.
fn action(html: &str, name: &str) -> String {
    let needle = format!("action=\"/rpc/{name}");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no form posting to {name} on the page: {html}"))
        + "action=\"".len();
    let end = start + html[start..].find('"').expect("closing quote");
    html[start..end].replace("&amp;", "&")
}

async fn page(client: &Client, base: &str, path: &str) -> (u16, String) {
    // As a browser asks for a page (a refused form's problems come back only to a page).
    let resp = client
        .get(format!("{base}{path}"))
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("request");
    (resp.status().as_u16(), resp.text().await.expect("body"))
}

/// Posts a form on `from` to the server function `name`, as a browser does without JavaScript;
/// the status and where the browser is sent next (the site's own path).
async fn submit(client: &Client, base: &str, from: &str, name: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let (status, html) = page(client, base, from).await;
    assert_eq!(status, 200, "{from}: {html}");
    let url = format!("{base}{}", action(&html, name));
    let resp = client
        .post(url)
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .header(REFERER, format!("{base}{from}"))
        .form(fields)
        .send()
        .await
        .expect("post");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        status,
        location.trim_start_matches(base).trim_end_matches('?').to_string(),
    )
}

async fn account_id(server: &TestServer, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(email.to_string())
        .fetch_one(&server.pool)
        .await
        .unwrap()
}

/// The value of the text area `id` on the page, unescaped.
fn textarea(html: &str, id: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("textarea#{id}")).unwrap();
    doc.select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no textarea #{id}"))
        .text()
        .collect()
}

/// The text of every element with `role` (alert, status), one per line.
fn announced(html: &str, role: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("[role=\"{role}\"]")).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The actions of the audit log's entries on the page, in order.
fn audited_actions(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(".audit-table tbody td .badge").unwrap();
    doc.select(&selector).map(|e| e.text().collect()).collect()
}

#[tokio::test]
async fn every_admin_page_refuses_anonymous_visitors_and_learners() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let learner = server.signed_in("learner@example.org", PASSWORD, false).await;
    let anonymous = TestServer::browser();
    for (path, h1) in PAGES {
        let (status, html) = page(&anonymous, &server.base, path).await;
        assert_eq!(status, 401, "anonymous {path}");
        assert!(html.contains("Sign in with an admin account"), "{path}: {html}");
        let (status, _) = page(&learner, &server.base, path).await;
        assert_eq!(status, 403, "learner {path}");
        let (status, html) = page(&admin, &server.base, path).await;
        assert_eq!(status, 200, "admin {path}: {html}");
        assert!(html.contains(&format!("<h1>{h1}</h1>")), "{path} has its h1: {html}");
        assert_eq!(html.matches("<h1").count(), 1, "{path} has one h1");
        assert!(html.contains("aria-label=\"Admin\""), "{path} has the admin navigation");
    }
}

#[tokio::test]
async fn the_users_page_grants_roles_refuses_to_lose_the_last_admin_and_the_audit_log_shows_it() {
    let server = TestServer::start().await;
    let base = &server.base;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    server.signed_in("learner@example.org", PASSWORD, false).await;
    let learner_id = account_id(&server, "learner@example.org").await.to_string();
    let admin_id = account_id(&server, "admin@example.org").await.to_string();

    let from = "/admin/users?q=learner";
    let (status, html) = page(&admin, base, from).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("learner@example.org") && !html.contains("admin@example.org</td>"),
        "{html}"
    );
    assert!(html.contains("Grant champion") && html.contains("Grant admin") && html.contains("Disable"));
    assert!(html.contains("<caption>"), "the table has a caption");
    assert!(html.contains("Joined") && html.contains("Last signed in"), "{html}");
    // Disabling an account and granting admin each ask first, saying what will happen.
    assert!(
        html.contains("cannot sign in until an admin enables the account again")
            && html.contains("will be able to edit and delete any resource"),
        "{html}"
    );

    // Grant champion: back to the same page, which shows it held.
    let fields = [
        ("id", learner_id.as_str()),
        ("role", "champion"),
        ("grant", "true"),
        ("back", from),
    ];
    let (status, to) = submit(&admin, base, from, "admin_set_role", &fields).await;
    assert_eq!((status, to.as_str()), (302, from));
    let (_, html) = page(&admin, base, from).await;
    assert!(html.contains("learner, champion"), "{html}");
    assert!(html.contains("Revoke champion"));

    // Disable, then enable again.
    let fields = [("id", learner_id.as_str()), ("disabled", "true"), ("back", from)];
    let (status, to) = submit(&admin, base, from, "admin_set_disabled", &fields).await;
    assert_eq!((status, to.as_str()), (302, from));
    let (_, html) = page(&admin, base, from).await;
    assert!(html.contains("Disabled") && html.contains("Enable"), "{html}");
    let fields = [("id", learner_id.as_str()), ("disabled", "false"), ("back", from)];
    submit(&admin, base, from, "admin_set_disabled", &fields).await;

    // The last admin cannot step down: the refusal shows after the redirect.
    let from = "/admin/users";
    let fields = [
        ("id", admin_id.as_str()),
        ("role", "admin"),
        ("grant", "false"),
        ("back", from),
    ];
    let (status, to) = submit(&admin, base, from, "admin_set_role", &fields).await;
    assert_eq!(status, 302);
    assert_eq!(to, "/admin/users#problem");
    let (status, html) = page(&admin, base, &to).await;
    assert_eq!(status, 200);
    assert!(
        announced(&html, "alert").contains("The hub must keep at least one admin."),
        "{html}"
    );
    // The page's forms send the browser back without the old error.
    assert!(!html.contains("name=\"back\" value=\"/admin/users?__"), "{html}");
    let (_, html) = page(&admin, base, "/admin/users").await;
    assert!(!html.contains("at least one admin"), "the refusal shows once");

    // The audit log lists what happened, newest first, and its filters narrow it.
    let (status, html) = page(&admin, base, "/admin/audit").await;
    assert_eq!(status, 200);
    assert_eq!(
        audited_actions(&html),
        ["Account enabled", "Account disabled", "Role granted"],
        "newest first, in words"
    );
    assert!(html.contains("3 entries"), "{html}");
    assert!(html.contains("learner@example.org"));
    assert!(
        html.contains(">Roles</span>"),
        "the changes are listed field by field: {html}"
    );
    let (_, html) = page(&admin, base, "/admin/audit?action=grant").await;
    assert_eq!(audited_actions(&html), ["Role granted"]);
    assert!(html.contains("1 entry"), "{html}");
    assert!(
        html.contains("<option value=\"grant\" selected"),
        "the form keeps the filter: {html}"
    );
    let (_, html) = page(&admin, base, "/admin/audit?target_type=resource").await;
    assert!(html.contains("No entries match these filters."), "{html}");
    let (_, html) = page(
        &admin,
        base,
        "/admin/audit?actor=admin%40&target=learner&from=2000-01-01&to=2999-12-31",
    )
    .await;
    assert_eq!(audited_actions(&html).len(), 3, "{html}");
    let (_, html) = page(&admin, base, "/admin/audit?target_type=account&action=disable").await;
    assert_eq!(audited_actions(&html), ["Account disabled"]);
    let (_, html) = page(&admin, base, "/admin/audit?actor=nobody").await;
    assert!(html.contains("No entries match"), "{html}");
    // Read-only: no form on the page posts anywhere.
    let (_, html) = page(&admin, base, "/admin/audit").await;
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    assert!(
        !main.contains("method=\"post\"") && !main.contains("/rpc/"),
        "the log offers no changes: {main}"
    );
}

#[tokio::test]
async fn synonyms_saved_from_the_page_apply_to_search_at_once() {
    let server = TestServer::start().await;
    let base = &server.base;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let (status, html) = page(&admin, base, "/admin/synonyms").await;
    assert_eq!(status, 200);
    assert!(html.contains("This is the built-in list"), "{html}");
    let current = textarea(&html, "synonyms-body");
    assert!(current.contains(','), "the current list is in the text area");
    let (_, before) = server.get_json("/api/v1/search?q=zorblax").await;
    assert_eq!(before["total"], json!(0));

    let body = format!("{current}\nzorblax, champion\n");
    let (status, to) = submit(
        &admin,
        base,
        "/admin/synonyms",
        "admin_save_synonyms",
        &[("body", &body)],
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/admin/synonyms?saved=1"));
    let (_, html) = page(&admin, base, &to).await;
    assert!(
        announced(&html, "status").contains("The synonym list is saved"),
        "{html}"
    );
    assert!(html.contains("Saved by an admin on"), "{html}");
    assert!(textarea(&html, "synonyms-body").contains("zorblax, champion"));
    let (_, after) = server.get_json("/api/v1/search?q=zorblax").await;
    assert!(after["total"].as_u64().unwrap() > 0, "{after}");

    // A list with a problem: nothing saved, the line named, the refused text kept to fix.
    let bad = "a, b\nlonely\n";
    let (status, to) = submit(&admin, base, &to, "admin_save_synonyms", &[("body", bad)]).await;
    assert_eq!(status, 302);
    assert!(!to.contains("__err="), "the refusal waits in the session: {to}");
    let (_, html) = page(&admin, base, &to).await;
    assert!(announced(&html, "alert").contains("Line 2: "), "{html}");
    assert!(
        !html.contains("The synonym list is saved"),
        "no success notice beside the error"
    );
    assert_eq!(
        textarea(&html, "synonyms-body").trim(),
        bad.trim(),
        "the refused text comes back"
    );
    let (_, still) = server.get_json("/api/v1/search?q=zorblax").await;
    assert!(still["total"].as_u64().unwrap() > 0, "the saved list is still in force");
    let (_, html) = page(&admin, base, "/admin/synonyms").await;
    assert!(
        textarea(&html, "synonyms-body").contains("zorblax, champion"),
        "the kept text shows once"
    );

    let (_, html) = page(&admin, base, "/admin/audit?target_type=synonyms").await;
    assert!(html.contains("1 entry") && html.contains("synonym list"), "{html}");
}

/// The exported catalog with one field changed and one resource added: what a bulk upload test
/// sends; with the changed resource's slug.
async fn edited_catalog(server: &TestServer, admin: &Client) -> (String, String, Value) {
    let resp = admin
        .get(format!("{}/api/v1/admin/catalog", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let before: Value = resp.json().await.unwrap();
    let mut file = before.clone();
    let resources = file["resources"].as_array_mut().unwrap();
    let first = &mut resources[0];
    let slug = first["slug"].as_str().unwrap().to_string();
    first["title"] = json!("A New Title From The Bulk Page");
    (serde_json::to_string_pretty(&file).unwrap(), slug, before)
}

async fn catalog(server: &TestServer, admin: &Client) -> Value {
    admin
        .get(format!("{}/api/v1/admin/catalog", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_bulk_upload_is_checked_then_applied_without_javascript() {
    let server = TestServer::start().await;
    let base = &server.base;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let (file, slug, before) = edited_catalog(&server, &admin).await;

    let (_, html) = page(&admin, base, "/admin/catalog").await;
    assert!(html.contains("href=\"/api/v1/admin/catalog\"") && html.contains("Download the whole catalog"));
    assert!(html.contains("Catalog file (JSON)") && html.contains("Check (dry run)"));
    assert!(!html.contains("name=\"apply\""), "nothing to apply before a dry run");

    // The dry run: back to the page with the report and the text, and Apply offered.
    let (status, to) = submit(&admin, base, "/admin/catalog", "admin_upload", &[("file", &file)]).await;
    assert_eq!(status, 302);
    assert!(is_upload_page(&to), "{to}");
    let (status, html) = page(&admin, base, &to).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Dry run, nothing is changed yet: 0 created, 1 updated"),
        "{html}"
    );
    assert!(html.contains(&format!("<code>{slug}</code>")), "{html}");
    assert!(
        html.contains(">Title</span>") && html.contains("A New Title From The Bulk Page"),
        "the field change: {html}"
    );
    assert!(html.contains("name=\"apply\" value=\"1\""), "Apply is offered: {html}");
    assert_eq!(textarea(&html, "catalog-file"), file, "the text comes back to apply");
    assert_eq!(catalog(&server, &admin).await, before, "a dry run changes nothing");
    let (_, audit) = page(&admin, base, "/admin/audit?action=import").await;
    assert!(audit.contains("No entries match"), "and audits nothing");

    // What was kept is shown once.
    let (_, html) = page(&admin, base, &to).await;
    assert!(html.contains("shown once"), "{html}");
    assert!(!html.contains("name=\"apply\""));

    // Apply: the same text, one click.
    let (status, to) = submit(
        &admin,
        base,
        "/admin/catalog",
        "admin_upload",
        &[("file", &file), ("apply", "1")],
    )
    .await;
    assert_eq!(status, 302);
    assert!(is_upload_page(&to), "{to}");
    let (_, html) = page(&admin, base, &to).await;
    assert!(html.contains("Applied: 0 created, 1 updated"), "{html}");
    assert!(!html.contains("name=\"apply\""), "nothing left to apply");
    let (_, detail) = server.get_json(&format!("/api/v1/resources/{slug}")).await;
    assert_eq!(detail["title"], json!("A New Title From The Bulk Page"));
    let (_, audit) = page(&admin, base, "/admin/audit?action=import").await;
    assert!(audit.contains("1 entry") && audit.contains(&slug), "{audit}");

    // A file with a problem: each one at its pointer, nothing changed, no Apply.
    let mut broken: Value = serde_json::from_str(&file).unwrap();
    broken["resources"][0]["kind"] = json!("webinar");
    let broken = broken.to_string();
    let (status, to) = submit(&admin, base, "/admin/catalog", "admin_upload", &[("file", &broken)]).await;
    assert_eq!(status, 302);
    // Checked again before that report was read (another tab): each keeps its own report.
    let (_, other) = submit(&admin, base, "/admin/catalog", "admin_upload", &[("file", &file)]).await;
    assert!(
        is_upload_page(&to) && is_upload_page(&other) && other != to,
        "{to} {other}"
    );
    let (_, html) = page(&admin, base, &to).await;
    assert!(
        html.contains("Problems to fix") && html.contains("<code>/resources/0/kind</code>"),
        "{html}"
    );
    assert!(announced(&html, "alert").contains("nothing was changed"), "{html}");
    assert!(!html.contains("name=\"apply\""));
    let (_, html) = page(&admin, base, &other).await;
    // (Applied above: the same file changes nothing now.)
    assert!(
        html.contains("Dry run, nothing is changed yet: 0 created, 0 updated"),
        "{html}"
    );
    // A made-up name finds nothing, as a read one does.
    let (_, html) = page(&admin, base, "/admin/catalog?upload=zz%2F..").await;
    assert!(html.contains("shown once"), "{html}");
}

/// The page a bulk upload's plain post comes back to: `/admin/catalog?upload=<its report's name>`.
fn is_upload_page(to: &str) -> bool {
    to.strip_prefix("/admin/catalog?upload=")
        .is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[tokio::test]
async fn the_upload_server_function_answers_the_wasm_with_the_report() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let (file, slug, before) = edited_catalog(&server, &admin).await;
    let (_, html) = page(&admin, &server.base, "/admin/catalog").await;
    let url = format!("{}{}", server.base, action(&html, "admin_upload"));
    // As the wasm posts it: form-encoded, no HTML accepted; an unnamed submit button adds "=".
    let resp = admin
        .post(&url)
        .header(ACCEPT, "application/json")
        .form(&[("file", file.as_str()), ("", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(
        resp.headers().get(LOCATION).is_none(),
        "no redirect: the page shows the answer"
    );
    let report: Value = resp.json().await.unwrap();
    assert_eq!(report["updated"], json!([slug]));
    assert_eq!(report["created"], json!([]));
    let fields: Vec<&str> = report["changes"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title"]);
    assert_eq!(catalog(&server, &admin).await, before, "a dry run changes nothing");

    // Problems answer 422 with every pointer.
    let resp = admin
        .post(&url)
        .header(ACCEPT, "application/json")
        .form(&[("file", "{\"format\": 1}")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let error: Value = resp.json().await.unwrap();
    assert!(error["Problems"].as_array().is_some_and(|p| !p.is_empty()), "{error}");

    // Not for learners.
    let learner = server.signed_in("learner@example.org", PASSWORD, false).await;
    let resp = learner
        .post(&url)
        .header(ACCEPT, "application/json")
        .form(&[("file", file.as_str()), ("apply", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    assert_eq!(catalog(&server, &admin).await, before);
}

#[tokio::test]
async fn search_analytics_show_what_was_searched_and_link_to_it() {
    let server = TestServer::start().await;
    let base = &server.base;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    for q in ["zzzunfindable", "zzzunfindable", "palliative"] {
        let (status, _) = server.get(&format!("/search?q={q}")).await;
        assert_eq!(status, 200);
    }
    let (status, html) = page(&admin, base, "/admin/search").await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/search?q=zzzunfindable\""), "{html}");
    assert!(html.contains("href=\"/search?q=palliative\""));
    assert!(html.contains("Queries that found nothing"));
    assert!(
        html.contains("class=\"bar-chart\""),
        "the charts are drawn on the server"
    );
    assert!(html.contains("Searches per day") && html.contains("Searches that found nothing, per day"));
    assert!(html.contains("<caption>"));
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    assert!(
        html.contains(&format!("value=\"{today}\"")),
        "the form shows the period: {html}"
    );

    // A period that runs backwards is refused beside the form.
    let (status, html) = page(&admin, base, "/admin/search?from=2026-02-01&to=2026-01-01").await;
    assert_eq!(status, 400);
    assert!(announced(&html, "alert").contains("Must not be after"), "{html}");
    let (_, html) = page(&admin, base, "/admin/search?from=2000-01-01&to=2000-01-31").await;
    assert!(html.contains("No searches in this period."), "{html}");
}

#[tokio::test]
async fn the_link_check_page_starts_a_check_and_lists_what_is_broken() {
    // No catalog: the check has nothing to ask the network, so it finishes at once.
    let server = TestServer::start_with(false).await;
    let base = &server.base;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let (_, html) = page(&admin, base, "/admin/links").await;
    assert!(html.contains("No link check has run yet."), "{html}");
    assert!(html.contains("Check all links now"));
    assert!(!html.contains("Private addresses are checked too"), "off by default");
    // A hub started with --allow-private-links says so on this page.
    let intranet = TestServer::start_configured(false, |state| state.with_private_links(true)).await;
    let intranet_admin = intranet.signed_in("admin@example.org", PASSWORD, true).await;
    let (_, html) = page(&intranet_admin, &intranet.base, "/admin/links").await;
    assert!(html.contains("Private addresses are checked too"), "{html}");

    let (status, to) = submit(&admin, base, "/admin/links", "admin_start_link_check", &[]).await;
    assert_eq!((status, to.as_str()), (302, "/admin/links"));
    let mut html = String::new();
    for _ in 0..100 {
        html = page(&admin, base, "/admin/links").await.1;
        if html.contains("Finished: checked 0 links") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(html.contains("Finished: checked 0 links"), "{html}");
    assert!(html.contains("Check all links now"), "another check can start");

    // A finished check with a broken and a redirected link, as the checker stores them.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO link_checks (started_at, finished_at, checked) VALUES ('2026-03-01T10:00:00Z', '2026-03-01T10:02:00Z', 3) RETURNING id",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    for (item, url, outcome, status, location, error) in [
        (
            Some("part-2"),
            "https://example.org/gone",
            "broken",
            Some(404),
            None,
            Some("404 Not Found"),
        ),
        (
            None,
            "https://example.org/moved",
            "redirected",
            Some(200),
            Some("https://example.org/new-home"),
            None,
        ),
        (None, "https://example.org/fine", "ok", Some(200), None, None),
    ] {
        sqlx::query(
            "INSERT INTO link_results (check_id, resource, item, url, outcome, status, location, error)
             VALUES ($1, 'some-course', $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(item)
        .bind(url)
        .bind(outcome)
        .bind(status)
        .bind(location)
        .bind(error)
        .execute(&server.pool)
        .await
        .unwrap();
    }
    let (_, html) = page(&admin, base, "/admin/links").await;
    assert!(html.contains("March 1, 2026, 10:00 UTC"), "{html}");
    assert!(
        html.contains("Broken links (1)") && html.contains("Redirected links (1)"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/admin/resources/some-course/edit\""),
        "to the editor"
    );
    assert!(html.contains("404 Not Found") && html.contains("part-2"));
    assert!(html.contains("https://example.org/new-home"));
    assert!(html.contains("1 link answered directly."));

    // A check still running: no button, and the page refreshes itself without JavaScript.
    sqlx::query("INSERT INTO link_checks (started_at, checked) VALUES ('2026-03-02T10:00:00Z', 0)")
        .execute(&server.pool)
        .await
        .unwrap();
    let (_, html) = page(&admin, base, "/admin/links").await;
    assert!(html.contains("Still running"), "{html}");
    assert!(!html.contains("Check all links now"));
    assert!(html.contains("http-equiv=\"refresh\""), "{html}");
}
