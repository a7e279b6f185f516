//! The resource editor as a browser without JavaScript uses it, over HTTP: every form is a plain
//! post to a server function that redirects back. Creating a draft course with a schedule and a
//! quiz, previewing, publishing, finding it in search, editing it, a refused save on an old
//! version, the trash and a restore; and the admin pages refused to everyone but admins.

use crate::support;

use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::Client;
use serde_json::Value;
use support::TestServer;

const PASSWORD: &str = "a long enough secret";

/// The `action` of the page's form that posts to the server function `name`.
fn action(html: &str, name: &str) -> String {
    let needle = format!("action=\"/rpc/{name}");
    let start = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no form posting to {name} on the page"))
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

/// Posts `fields` as the form on `from` that goes to `name` would; where the browser goes next.
async fn submit(client: &Client, base: &str, from: &str, name: &str, fields: &[(&str, String)]) -> String {
    let (_, html) = page(client, base, from).await;
    let resp = client
        .post(format!("{base}{}", action(&html, name)))
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .header(REFERER, format!("{base}{from}"))
        .form(fields)
        .send()
        .await
        .expect("post");
    assert!(resp.status().is_redirection(), "{} from {name}", resp.status());
    let location = resp.headers().get(LOCATION).unwrap().to_str().unwrap().to_string();
    location.trim_start_matches(base).to_string()
}

fn s(v: &str) -> String {
    v.to_string()
}

/// The editor's fields for a new draft course with two sessions and a quiz of one question.
fn course_form(provider: &str) -> Vec<(&'static str, String)> {
    vec![
        ("original", s("")),
        ("version", s("0")),
        ("form[title]", s("Serious Illness Conversations Workshop")),
        ("form[slug]", s("serious-illness-workshop")),
        ("form[kind]", s("course")),
        (
            "form[summary]",
            s("A one-day workshop on serious illness conversations."),
        ),
        (
            "form[body]",
            // A browser posts a textarea's line breaks as CRLF.
            s("## Agenda\r\n\r\nPractice with **actors**.<script>alert(1)</script>"),
        ),
        ("form[provider]", s(provider)),
        ("form[status]", s("draft")),
        ("form[topics]", s("communication")),
        ("form[cost_currency]", s("USD")),
        ("form[cost_amount]", s("250")),
        ("form[starts_on]", s("2027-05-04")),
        ("form[ends_on]", s("2027-05-04")),
        ("form[schedule][0][position]", s("2")),
        ("form[schedule][0][title]", s("Afternoon practice")),
        ("form[schedule][0][starts_at]", s("2027-05-04T13:00:00-04:00")),
        ("form[schedule][0][ends_at]", s("2027-05-04T16:00:00-04:00")),
        ("form[schedule][1][position]", s("1")),
        ("form[schedule][1][title]", s("Morning talk")),
        ("form[schedule][1][starts_at]", s("2027-05-04T09:00:00-04:00")),
        ("form[schedule][1][ends_at]", s("2027-05-04T12:00:00-04:00")),
        ("form[schedule][2][position]", s("3")),
        ("form[items][0][position]", s("1")),
        ("form[items][0][slug]", s("workshop-day")),
        ("form[items][0][title]", s("The workshop")),
        ("form[items][0][kind]", s("session")),
        ("form[items][1][position]", s("2")),
        ("form[items][1][slug]", s("check")),
        ("form[items][1][title]", s("Check your understanding")),
        ("form[items][1][kind]", s("quiz")),
        ("form[items][1][pass_percent]", s("100")),
        ("form[questions][0][item]", s("check")),
        ("form[questions][0][position]", s("1")),
        (
            "form[questions][0][prompt]",
            s("What opens a serious illness conversation?"),
        ),
        (
            "form[questions][0][choices]",
            s("Asking permission\nGiving the prognosis"),
        ),
        ("form[questions][0][answer]", s("1")),
        ("form[questions][0][explanation]", s("Asking permission comes first.")),
    ]
}

async fn provider(server: &TestServer) -> String {
    sqlx::query_scalar("SELECT slug FROM resources WHERE kind = 'organization' ORDER BY slug LIMIT 1")
        .fetch_one(&server.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn admin_pages_answer_admins_only() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let learner = server.signed_in("learner@example.org", PASSWORD, false).await;
    let slug = provider(&server).await;
    let edit = format!("/admin/resources/{slug}/edit");
    let preview = format!("/admin/resources/{slug}/preview");
    for path in [
        "/admin",
        "/admin/resources",
        "/admin/resources?status=trash",
        "/admin/resources/new",
        &edit,
        &preview,
    ] {
        assert_eq!(
            page(&TestServer::browser(), &server.base, path).await.0,
            401,
            "anonymous {path}"
        );
        let (status, html) = page(&learner, &server.base, path).await;
        assert_eq!(status, 403, "learner {path}");
        assert!(!html.contains("admin__nav"), "a learner sees none of the admin area");
        assert_eq!(page(&admin, &server.base, path).await.0, 200, "admin {path}");
    }
    // The server functions behind those pages refuse too, whatever the page shows.
    let path = <app::api::AdminResources as leptos::server_fn::ServerFn>::PATH;
    let resp = learner
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/json")
        .body(r#"{"query":{}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
}

#[tokio::test]
async fn a_draft_course_is_created_previewed_published_found_and_edited_without_javascript() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let base = &server.base;
    let org = provider(&server).await;

    let (_, new) = page(&admin, base, "/admin/resources/new").await;
    assert!(
        new.contains("form[schedule][0][title]") && new.contains("form[items][0][slug]"),
        "blank rows to add"
    );
    let next = submit(
        &admin,
        base,
        "/admin/resources/new",
        "admin_save_resource",
        &course_form(&org),
    )
    .await;
    assert_eq!(next, "/admin/resources/serious-illness-workshop/edit?saved=1");
    let (_, edit) = page(&admin, base, &next).await;
    assert!(
        edit.contains("Saved as a draft. Only admins see it"),
        "a notice that says the draft is not public yet"
    );
    assert!(edit.contains("value=\"Serious Illness Conversations Workshop\""));
    assert!(edit.contains("What opens a serious illness conversation?"));
    // Sessions in the order their numbers gave.
    assert!(edit.find("Morning talk").unwrap() < edit.find("Afternoon practice").unwrap());

    let (status, _) = page(&Client::new(), base, "/resources/serious-illness-workshop").await;
    assert_eq!(status, 404, "a draft is not public");
    let (_, preview) = page(&admin, base, "/admin/resources/serious-illness-workshop/preview").await;
    assert!(preview.contains("a draft, not public yet"));
    assert!(
        preview.contains("<strong>actors</strong>") && !preview.contains("<script>alert"),
        "sanitized"
    );

    let next = submit(
        &admin,
        base,
        "/admin/resources/serious-illness-workshop/preview",
        "admin_set_status",
        &[
            ("slug", s("serious-illness-workshop")),
            ("version", s("1")),
            ("status", s("published")),
        ],
    )
    .await;
    assert_eq!(next, "/admin/resources/serious-illness-workshop/preview");
    assert_eq!(
        page(&Client::new(), base, "/resources/serious-illness-workshop")
            .await
            .0,
        200
    );
    let (_, found) = server.get_json("/api/v1/search?q=workshop").await;
    assert!(
        found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["slug"] == "serious-illness-workshop"),
        "{found}"
    );

    // Edit the title: version 2 is the one stored now.
    let mut form = course_form(&org);
    form[0].1 = s("serious-illness-workshop");
    form[1].1 = s("2");
    form[2].1 = s("Serious Illness Conversations Masterclass");
    form[8].1 = s("published");
    let next = submit(
        &admin,
        base,
        "/admin/resources/serious-illness-workshop/edit",
        "admin_save_resource",
        &form,
    )
    .await;
    assert_eq!(next, "/admin/resources/serious-illness-workshop/edit?saved=1");
    let (_, found) = server.get_json("/api/v1/search?q=masterclass").await;
    assert_eq!(found["hits"][0]["slug"], "serious-illness-workshop");

    // The same form again, still on version 2: someone (this admin) saved since.
    form[2].1 = s("A Stale Title");
    let next = submit(
        &admin,
        base,
        "/admin/resources/serious-illness-workshop/edit",
        "admin_save_resource",
        &form,
    )
    .await;
    assert_eq!(next, "/admin/resources/serious-illness-workshop/edit#problem");
    let (_, refused) = page(&admin, base, &next).await;
    assert!(
        refused.contains("Someone else saved this resource"),
        "the conflict is explained"
    );
    assert!(
        refused.contains("A Stale Title"),
        "the refused value is shown beside theirs"
    );
    assert!(
        refused.contains("Edit: Serious Illness Conversations Masterclass"),
        "the heading names the stored resource, not the refused form's title"
    );
    let (_, detail) = server.get_json("/api/v1/resources/serious-illness-workshop").await;
    assert_eq!(
        detail["title"],
        Value::from("Serious Illness Conversations Masterclass"),
        "nothing overwritten"
    );
}

#[tokio::test]
async fn problems_show_beside_their_fields_and_nothing_is_saved() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let mut form = course_form(&provider(&server).await);
    form[4].1 = s("webinar");
    form[16].1 = s("not a time");
    let next = submit(
        &admin,
        &server.base,
        "/admin/resources/new",
        "admin_save_resource",
        &form,
    )
    .await;
    assert_eq!(next, "/admin/resources/new#problem");
    let (_, html) = page(&admin, &server.base, &next).await;
    assert!(
        html.contains("problems to fix; nothing was saved") || html.contains("1 problem to fix; nothing was saved"),
        "a summary"
    );
    assert!(
        html.contains("Unknown kind"),
        "the import rule's own words, as a sentence"
    );
    // The session numbered 2 sorts second: rows are counted from 1 as the form shows them.
    assert!(html.contains("Session 2 › Starts at"), "the row and field named");
    let (_, list) = page(&admin, &server.base, "/admin/resources?q=serious").await;
    assert!(list.contains("No resources match."), "nothing half-saved");
}

#[tokio::test]
async fn the_trash_asks_for_confirmation_and_restores() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let base = &server.base;
    let mut form = course_form(&provider(&server).await);
    form[8].1 = s("published");
    submit(&admin, base, "/admin/resources/new", "admin_save_resource", &form).await;
    let edit = "/admin/resources/serious-illness-workshop/edit";

    let next = submit(
        &admin,
        base,
        edit,
        "admin_trash",
        &[("slug", s("serious-illness-workshop"))],
    )
    .await;
    let (_, html) = page(&admin, base, &next).await;
    assert!(html.contains("Tick the box to confirm"), "no confirmation, no trash");
    assert_eq!(
        page(&Client::new(), base, "/resources/serious-illness-workshop")
            .await
            .0,
        200
    );

    let next = submit(
        &admin,
        base,
        edit,
        "admin_trash",
        &[("slug", s("serious-illness-workshop")), ("confirm", s("on"))],
    )
    .await;
    assert_eq!(next, "/admin/resources?status=trash");
    let (_, trash) = page(&admin, base, &next).await;
    assert!(trash.contains("Serious Illness Conversations Workshop") && trash.contains("In the trash"));
    assert_eq!(
        page(&Client::new(), base, "/resources/serious-illness-workshop")
            .await
            .0,
        404
    );

    let next = submit(
        &admin,
        base,
        "/admin/resources?status=trash",
        "admin_restore",
        &[("slug", s("serious-illness-workshop"))],
    )
    .await;
    assert_eq!(next, edit);
    assert_eq!(
        page(&Client::new(), base, "/resources/serious-illness-workshop")
            .await
            .0,
        200
    );
    let (_, audit) = server.get_json("/api/v1/resources/serious-illness-workshop").await;
    assert_eq!(audit["status"], "published", "restored as it was");
}

/// Every admin server function with arguments it accepts, as (path, JSON body or form body).
fn admin_server_functions() -> Vec<(&'static str, Result<&'static str, &'static str>)> {
    use app::api::*;
    use leptos::server_fn::ServerFn;
    vec![
        (<AdminCheck as ServerFn>::PATH, Err("")),
        (<AdminResources as ServerFn>::PATH, Ok(r#"{"query":{}}"#)),
        (<AdminEditor as ServerFn>::PATH, Err("")),
        (<AdminSaveResource as ServerFn>::PATH, Err("form[slug]=x")),
        (<AdminSetStatus as ServerFn>::PATH, Err("slug=x&version=1&status=draft")),
        (<AdminTrash as ServerFn>::PATH, Err("slug=x&confirm=on")),
        (<AdminRestore as ServerFn>::PATH, Err("slug=x")),
        (<AdminPreview as ServerFn>::PATH, Err("slug=x")),
        (<AdminRenderMarkdown as ServerFn>::PATH, Err("body=x")),
        (<AdminUpload as ServerFn>::PATH, Err("file=x")),
        (<AdminAudit as ServerFn>::PATH, Ok(r#"{"filter":{},"page":1}"#)),
        (<AdminUsers as ServerFn>::PATH, Err("q=&page=1")),
        (<AdminSetRole as ServerFn>::PATH, Err("id=1&role=champion&grant=true")),
        (<AdminSetDisabled as ServerFn>::PATH, Err("id=1&disabled=false")),
        (<AdminSendReset as ServerFn>::PATH, Err("id=1")),
        (<AdminOutbox as ServerFn>::PATH, Err("to=")),
        (<AdminRetryMail as ServerFn>::PATH, Err("id=1")),
        (<AdminSynonyms as ServerFn>::PATH, Err("")),
        (<AdminSaveSynonyms as ServerFn>::PATH, Err("body=a%2C+b")),
        (<AdminKeptUpload as ServerFn>::PATH, Err("")),
        (<AdminSynonymsDraft as ServerFn>::PATH, Err("")),
        (<AdminSearchAnalytics as ServerFn>::PATH, Err("")),
        (<AdminLinkReport as ServerFn>::PATH, Err("")),
        (<AdminStartLinkCheck as ServerFn>::PATH, Err("")),
        (
            <AdminAddCreditType as ServerFn>::PATH,
            Err("name=x&unit=credits&professions%5Bnurse%5D=on"),
        ),
        (<AdminSaveTemplate as ServerFn>::PATH, Err("name=x&cycle_months=24")),
        (<AdminDeleteTemplate as ServerFn>::PATH, Err("template=1")),
        (
            <AdminRevokeCertificate as ServerFn>::PATH,
            Err("code=AAAA-BBBB-CCCC&reason=x"),
        ),
    ]
}

#[tokio::test]
async fn every_admin_server_function_refuses_anonymous_callers_and_learners() {
    let server = TestServer::start().await;
    let admin = server.signed_in("admin@example.org", PASSWORD, true).await;
    let learner = server.signed_in("learner@example.org", PASSWORD, false).await;
    let table = admin_server_functions();
    // A new admin server function without a line in the table fails here.
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if path.starts_with("/rpc/admin_") {
            assert!(
                table.iter().any(|(p, _)| *p == path),
                "{path} is not in admin_server_functions()"
            );
        }
    }
    let call = |client: Client, path: &'static str, body: Result<&'static str, &'static str>| {
        let url = format!("{}{path}", server.base);
        async move {
            let req = client.post(url);
            let req = match body {
                Ok(json) => req.header("content-type", "application/json").body(json),
                Err(form) => req
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form),
            };
            req.send().await.unwrap().status().as_u16()
        }
    };
    for (path, body) in table {
        assert_eq!(call(TestServer::browser(), path, body).await, 401, "anonymous {path}");
        assert_eq!(call(learner.clone(), path, body).await, 403, "learner {path}");
        // Starting a link check would reach the seed's real sites: tests never touch the internet.
        if path == <app::api::AdminStartLinkCheck as leptos::server_fn::ServerFn>::PATH {
            continue;
        }
        let status = call(admin.clone(), path, body).await;
        assert!(![401, 403].contains(&status), "admin {path}: {status}");
    }
}
