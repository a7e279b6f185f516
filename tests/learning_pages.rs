//! The learner's pages as a browser without JavaScript uses them: plain form posts to the
//! server functions, redirects, and the pages they lead to. Sign up, bookmark, progress,
//! quizzes (fail, then pass), self-reported attendance, dashboard, certificate, verification,
//! and deleting the account.

use crate::support;

use reqwest::header::{ACCEPT, LOCATION, ORIGIN, REFERER};
use reqwest::Client;
use support::TestServer;

const PASSWORD: &str = "a long enough secret";
const QUIZ: &str = "/resources/palliative-care-module-series-part-1/quiz/check-your-understanding";
const KEY: [usize; 5] = [1, 3, 0, 2, 1];

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

/// Posts a form as a browser does (from `from`, accepting HTML); the status and where the
/// browser is sent next.
async fn submit(client: &Client, base: &str, from: &str, name: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let (_, html) = page(client, base, from).await;
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
    // After a success the server function sends the browser back to the page it came from, less
    // any earlier error (which can leave a bare "?").
    (
        status,
        location.trim_start_matches(base).trim_end_matches('?').to_string(),
    )
}

async fn sign_up(server: &TestServer, email: &str) -> Client {
    let client = TestServer::browser();
    let (status, to) = submit(
        &client,
        &server.base,
        "/sign-up",
        "sign_up",
        &[("name", "Ana Ruiz"), ("email", email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/sign-up?sent=1"));
    let (status, to) = submit(
        &client,
        &server.base,
        "/sign-in",
        "sign_in",
        &[("email", email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/me"));
    client
}

/// A refused post without JavaScript opens its page on the explanation, every field's error
/// shown at once, and saves nothing.
#[tokio::test]
async fn a_refused_sign_up_without_javascript_lands_on_its_problems() {
    let server = TestServer::start().await;
    let client = TestServer::browser();
    let (status, to) = submit(
        &client,
        &server.base,
        "/sign-up",
        "sign_up",
        &[
            ("name", " "),
            ("email", "not-an-email"),
            ("password", "short"),
            ("profession", "Hospice nurse"),
        ],
    )
    .await;
    assert_eq!(status, 302);
    // The refusal waits in the session with what was typed: the address is the page's own.
    assert_eq!(to, "/sign-up#problem");
    assert!(
        !to.contains("Hospice") && !to.contains("not-an-email"),
        "typed values stay out of the address: {to}"
    );
    // Another browser at the same address sees none of it.
    let (_, stranger) = page(&TestServer::browser(), &server.base, &to).await;
    assert!(!stranger.contains("Hospice nurse"), "{stranger}");
    let (_, html) = page(&client, &server.base, &to).await;
    assert!(html.contains("id=\"problem\""), "{html}");
    assert!(html.contains("Correct the 3 fields marked below."), "{html}");
    assert_eq!(html.matches("aria-invalid=\"true\"").count(), 3, "{html}");
    // What was typed comes back to be corrected; the password never does.
    assert!(html.contains("value=\"not-an-email\""), "{html}");
    assert!(html.contains("value=\"Hospice nurse\""), "{html}");
    assert!(!html.contains("value=\"short\""), "{html}");
    // Once: the same address again draws the form as new.
    let (_, again) = page(&client, &server.base, &to).await;
    assert!(!again.contains("Hospice nurse"), "{again}");
    let (_, me) = page(&client, &server.base, "/me").await;
    assert!(!me.contains("Sign out"), "no account was made: {me}");
}

#[tokio::test]
async fn the_whole_learner_path_works_without_javascript() {
    let server = TestServer::start().await;
    let base = &server.base;
    let ana = sign_up(&server, "ana@example.org").await;

    let (status, html) = page(&ana, base, "/me").await;
    assert_eq!(status, 200);
    // Nothing recorded yet: a first visit is not a return.
    assert!(html.contains("Welcome, Ana."), "{html}");
    assert!(html.contains("Sign out"));

    // Bookmark from a search results page: the toggle posts and comes back to the results.
    let (status, html) = page(&ana, base, "/search?q=module+series").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("aria-pressed=\"false\""),
        "search results carry bookmark toggles"
    );
    let from = "/search?q=module+series";
    let (status, to) = submit(
        &ana,
        base,
        from,
        "set_bookmark",
        &[("slug", "palliative-care-module-series-part-1"), ("saved", "true")],
    )
    .await;
    assert_eq!((status, to.as_str()), (302, from));
    let (_, html) = page(&ana, base, "/resources/palliative-care-module-series-part-1").await;
    assert!(html.contains("aria-pressed=\"true\""), "the detail page shows it saved");

    // Every item but the quiz, marked completed; the quiz refuses to be marked.
    let detail = "/resources/palliative-care-module-series-part-1";
    for item in [
        "presentation-1",
        "presentation-2",
        "presentation-3",
        "presentation-4",
        "presentation-5",
        "case-discussion-guides",
    ] {
        let (status, to) = submit(
            &ana,
            base,
            detail,
            "record_progress",
            &[
                ("slug", "palliative-care-module-series-part-1"),
                ("item", item),
                ("status", "completed"),
            ],
        )
        .await;
        assert_eq!((status, to.as_str()), (302, detail), "{item}");
    }
    let (_, html) = page(&ana, base, detail).await;
    assert!(html.contains("85% complete"), "6 of 7 done");
    assert!(html.contains("6 of 7 done"));

    // The quiz page never holds an answer or explanation before an attempt.
    let (status, html) = page(&ana, base, QUIZ).await;
    assert_eq!(status, 200);
    let catalog = support::seed_catalog();
    let quiz = catalog["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "palliative-care-module-series-part-1")
        .unwrap()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "check-your-understanding")
        .unwrap()["quiz"]
        .clone();
    for q in quiz["questions"].as_array().unwrap() {
        let prompt = q["prompt"].as_str().unwrap();
        assert!(html.contains(&html_escape(prompt)), "the question is shown: {prompt}");
        if let Some(why) = q["explanation"].as_str() {
            assert!(
                !html.contains(&html_escape(why)),
                "no explanation before an attempt: {why}"
            );
        }
    }

    // An unanswered question: a specific message, and nothing kept.
    let (status, to) = submit(
        &ana,
        base,
        QUIZ,
        "submit_quiz",
        &[
            ("slug", "palliative-care-module-series-part-1"),
            ("item", "check-your-understanding"),
            ("count", "5"),
            ("answers[0]", "1"),
        ],
    )
    .await;
    assert_eq!(status, 302);
    // The refusal waits in the session: the address is the page's own.
    assert_eq!(to, format!("{QUIZ}#problem"));
    // The page opens on the explanation, not at its top.
    assert!(to.ends_with("#problem"), "{to}");
    let (_, html) = page(&ana, base, &to).await;
    assert!(
        html.contains("id=\"problem\""),
        "the summary is where the address lands: {html}"
    );
    assert!(html.contains("Answer question 2 before submitting."), "{html}");
    assert!(
        html.contains("Answer questions 2–5 before you submit."),
        "one summary names them all: {html}"
    );
    assert!(!html.contains("Your attempts"), "nothing was kept");
    // Refused again from the page that says so: the address stays the page's own.
    let answers = [
        ("slug", "palliative-care-module-series-part-1"),
        ("item", "check-your-understanding"),
        ("count", "5"),
    ];
    let (status, again) = submit(&ana, base, &to, "submit_quiz", &answers).await;
    assert_eq!(status, 302);
    assert_eq!(again, format!("{QUIZ}#problem"));
    let (_, html) = page(&ana, base, &again).await;
    assert!(html.contains("Answer questions 1–5 before you submit."), "{html}");
    // Shown once: a reload is the page without the refusal.
    let (_, html) = page(&ana, base, &again).await;
    assert!(!html.contains("before you submit."), "{html}");

    // Fail first, then pass.
    let wrong: Vec<String> = KEY.iter().map(|a| ((a + 1) % 4).to_string()).collect();
    let right: Vec<String> = KEY.iter().map(|a| a.to_string()).collect();
    for (answers, verdict) in [(&wrong, "Not passed yet"), (&right, "Passed")] {
        let names: Vec<String> = (0..5).map(|i| format!("answers[{i}]")).collect();
        let mut fields = vec![
            ("slug", "palliative-care-module-series-part-1"),
            ("item", "check-your-understanding"),
            ("count", "5"),
        ];
        for (n, a) in names.iter().zip(answers.iter()) {
            fields.push((n.as_str(), a.as_str()));
        }
        let (status, to) = submit(&ana, base, QUIZ, "submit_quiz", &fields).await;
        assert_eq!((status, to.as_str()), (302, &*format!("{QUIZ}?review=latest")));
        let (_, html) = page(&ana, base, &to).await;
        assert!(html.contains(verdict), "{verdict}: {html}");
    }
    let (_, html) = page(&ana, base, QUIZ).await;
    assert!(
        html.contains("Not passed") && html.contains("Passed"),
        "both attempts are listed"
    );

    // The dashboard: completed at 100%, with a certificate whose code anyone can verify.
    let (_, html) = page(&ana, base, "/me").await;
    assert!(html.contains("Completed (1)"), "{html}");
    assert!(html.contains("value=\"100\""), "a full progress bar");
    let code_at = html.find("/certificates/").expect("a certificate link") + "/certificates/".len();
    let code = html[code_at..code_at + 14].to_string();
    let (status, cert) = page(&server.client, base, &format!("/certificates/{code}")).await;
    assert_eq!(status, 200);
    assert!(
        cert.contains("Ana Ruiz") && cert.contains("Palliative Care Module Series"),
        "{cert}"
    );
    assert!(!cert.contains("Partly self-reported"), "the hub saw all of it: {cert}");
    let (status, _) = page(
        &server.client,
        base,
        &format!("/certificates?code={}", code.to_lowercase()),
    )
    .await;
    assert_eq!(status, 200, "a code typed in lower case still verifies");
    let (status, html) = page(&server.client, base, "/certificates/AAAA-BBBB-CCCC").await;
    assert_eq!(status, 404);
    assert!(html.contains("No certificate has this code"));

    // Deleting needs the password; a wrong one deletes nothing.
    let (status, to) = submit(
        &ana,
        base,
        "/account",
        "delete_account",
        &[("password", "not it at all")],
    )
    .await;
    assert_eq!(status, 302);
    let (_, html) = page(&ana, base, &to).await;
    assert!(
        html.contains("That is not your password, so nothing was deleted."),
        "{html}"
    );
    let (status, to) = submit(&ana, base, "/account", "delete_account", &[("password", PASSWORD)]).await;
    assert_eq!((status, to.as_str()), (302, "/goodbye"));
    let (status, _) = page(&ana, base, "/me").await;
    assert_eq!(status, 401, "signed out and gone");
    let (status, _) = page(&server.client, base, &format!("/certificates/{code}")).await;
    assert_eq!(status, 404, "its certificates went with it");
    for table in [
        "accounts",
        "bookmarks",
        "progress",
        "quiz_attempts",
        "certificates",
        "sessions",
    ] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&server.pool)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} still holds rows");
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[tokio::test]
async fn sign_in_errors_are_specific_and_next_stays_on_this_site() {
    let server = TestServer::start().await;
    let base = &server.base;
    sign_up(&server, "bo@example.org").await;
    let bo = TestServer::browser();

    let (status, to) = submit(
        &bo,
        base,
        "/sign-in",
        "sign_in",
        &[
            ("email", "bo@example.org"),
            ("password", "wrong password"),
            ("next", ""),
        ],
    )
    .await;
    assert_eq!(status, 302);
    let (_, html) = page(&bo, base, &to).await;
    assert!(
        html.contains("That email and password do not match an account."),
        "{html}"
    );

    let (status, to) = submit(
        &bo,
        base,
        "/sign-in?next=%2Fme%2Fbookmarks",
        "sign_in",
        &[
            ("email", "BO@example.org"),
            ("password", PASSWORD),
            ("next", "/me/bookmarks"),
        ],
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/me/bookmarks"));

    let other = TestServer::browser();
    let (status, to) = submit(
        &other,
        base,
        "/sign-in",
        "sign_in",
        &[
            ("email", "bo@example.org"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ],
    )
    .await;
    assert_eq!(
        (status, to.as_str()),
        (302, "/me"),
        "another site is never a destination"
    );

    // Pages for learners ask a signed-out visitor to sign in, with a way back.
    for path in ["/me", "/me/bookmarks", "/account", QUIZ] {
        let (status, html) = page(&server.client, base, path).await;
        assert_eq!(status, 401, "{path}");
        assert!(html.contains("/sign-in?next="), "{path}");
    }
}

#[tokio::test]
async fn a_form_posted_from_another_site_changes_nothing() {
    let server = TestServer::start().await;
    let ana = sign_up(&server, "cy@example.org").await;
    let (_, html) = page(&ana, &server.base, "/resources/vitaltalk").await;
    let url = format!("{}{}", server.base, action(&html, "set_bookmark"));
    let resp = ana
        .post(url)
        .header(ORIGIN, "https://evil.example")
        .header(ACCEPT, "text/html")
        .form(&[("slug", "vitaltalk"), ("saved", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookmarks")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn live_courses_are_self_reported_with_a_date_and_count_their_credits() {
    let server = TestServer::start().await;
    let base = &server.base;
    let ana = sign_up(&server, "di@example.org").await;
    let course = "/resources/core-practice-of-palliative-care";
    let (_, html) = page(&ana, base, course).await;
    assert!(html.contains("Attended or completed it?"), "{html}");
    let report = format!("{base}{}", action(&html, "report_attendance"));

    let (status, to) = submit(
        &ana,
        base,
        course,
        "report_attendance",
        &[("slug", "core-practice-of-palliative-care"), ("date", "2999-01-01")],
    )
    .await;
    assert_eq!(status, 302);
    let (_, html) = page(&ana, base, &to).await;
    assert!(
        html.contains("The date can&#x27;t be in the future.") || html.contains("The date can't be in the future."),
        "{html}"
    );

    let (status, _) = submit(
        &ana,
        base,
        course,
        "report_attendance",
        &[("slug", "core-practice-of-palliative-care"), ("date", "2026-05-15")],
    )
    .await;
    assert_eq!(status, 302);
    let (_, html) = page(&ana, base, course).await;
    assert!(html.contains("Completed May 15, 2026 (self-reported)"), "{html}");
    assert!(
        !html.contains("Attended or completed it?"),
        "a completed course offers no report form"
    );
    let (_, html) = page(&ana, base, "/me").await;
    assert!(html.contains("Self-reported"));
    // The course's certificate rests on the learner's word, and says so, there and on its page.
    assert!(html.contains("(partly self-reported)"), "{html}");
    let code_at = html.find("/certificates/").expect("a certificate link") + "/certificates/".len();
    let (status, cert) = page(
        &server.client,
        base,
        &format!("/certificates/{}", &html[code_at..code_at + 14]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(cert.contains("Partly self-reported"), "{cert}");
    assert!(
        html.contains("AMA PRA Category 1 Credit(s)™"),
        "the course's credits are tallied: {html}"
    );
    assert!(html.contains("<td>16</td>"));
    assert!(html.contains("not an official transcript"));

    // Module series are tracked on the hub, never by report.
    let resp = ana
        .post(report)
        .form(&[("slug", "palliative-care-module-series-part-1"), ("date", "2026-05-15")])
        .send()
        .await
        .unwrap();
    // Called as an RPC (as the wasm does), the error comes with its status and reason.
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.text().await.unwrap().contains("tracked on the hub, not by report"));
}

#[tokio::test]
async fn opening_an_item_through_the_hub_marks_it_started() {
    let server = TestServer::start().await;
    let base = &server.base;
    let slug = "american-academy-of-hospice-and-palliative-medicine";
    let go = format!("{base}/go/{slug}/{slug}");

    let resp = server.client.get(&go).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 303, "anyone is sent on");
    let target = resp.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(target.starts_with("http"), "{target}");

    let ana = sign_up(&server, "ed@example.org").await;
    // Another site's link (or image) sends the learner on but marks nothing.
    for from_elsewhere in [("sec-fetch-site", "cross-site"), ("referer", "https://evil.example/")] {
        let resp = ana
            .get(&go)
            .header(from_elsewhere.0, from_elsewhere.1)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 303);
        assert_eq!(resp.headers()[LOCATION].to_str().unwrap(), target);
    }
    let (_, html) = page(&ana, base, &format!("/resources/{slug}")).await;
    assert!(!html.contains("Started "), "a cross-site GET recorded progress: {html}");
    // A click on the hub's own page does.
    let resp = ana
        .get(&go)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(resp.headers()[LOCATION].to_str().unwrap(), target);
    let (_, html) = page(&ana, base, &format!("/resources/{slug}")).await;
    assert!(html.contains("Started "), "{html}");

    let resp = ana.get(format!("{base}/go/{slug}/no-such-item")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
}

#[tokio::test]
async fn my_bookmarks_filter_like_browse_and_show_notes() {
    let server = TestServer::start().await;
    let base = &server.base;
    let ana = sign_up(&server, "fa@example.org").await;
    for (slug, note) in [
        ("vitaltalk-courses", "ask the team"),
        ("palliative-care-module-series-part-2", ""),
    ] {
        let from = format!("/resources/{slug}");
        let (status, _) = submit(
            &ana,
            base,
            &from,
            "set_bookmark",
            &[("slug", slug), ("saved", "true"), ("note", note)],
        )
        .await;
        assert_eq!(status, 302);
    }
    let (status, html) = page(&ana, base, "/me/bookmarks").await;
    assert_eq!(status, 200);
    assert!(html.contains("2 bookmarks"), "{html}");
    assert!(html.contains("ask the team"));
    let (_, html) = page(&ana, base, "/me/bookmarks?kind=course").await;
    assert!(html.contains("1 bookmark"), "{html}");
    assert!(
        html.contains("VitalTalk") && !html.contains("Module Series Part 2"),
        "{html}"
    );

    // Removing is the same toggle.
    let (status, _) = submit(
        &ana,
        base,
        "/resources/vitaltalk-courses",
        "set_bookmark",
        &[("slug", "vitaltalk-courses"), ("saved", "false")],
    )
    .await;
    assert_eq!(status, 302);
    let (_, html) = page(&ana, base, "/me/bookmarks").await;
    assert!(html.contains("1 bookmark"), "{html}");
}

/// Without JavaScript, marking an item lands the page back on that item (not its top, and
/// without a bare `?`), and a started item can be taken back to not started.
#[tokio::test]
async fn a_plain_post_lands_on_its_item_and_an_item_can_step_back() {
    let server = TestServer::start().await;
    let base = &server.base;
    let ana = sign_up(&server, "step@example.org").await;
    let detail = "/resources/palliative-care-module-series-part-1";
    let (_, html) = page(&ana, base, detail).await;
    assert!(
        html.contains(r#"name="__landing" value="item-presentation-3""#),
        "each item's forms name the item as their landing"
    );
    let fields = |status: &'static str| {
        [
            ("slug", "palliative-care-module-series-part-1"),
            ("item", "presentation-3"),
            ("status", status),
            ("__landing", "item-presentation-3"),
        ]
    };
    let (status, to) = submit(&ana, base, detail, "record_progress", &fields("in_progress")).await;
    assert_eq!(
        (status, to.as_str()),
        (
            302,
            "/resources/palliative-care-module-series-part-1#item-presentation-3"
        )
    );
    let (_, html) = page(&ana, base, detail).await;
    assert!(
        html.contains("Mark as not started: Presentation 3"),
        "a started item offers the step back"
    );

    // A landing that is no element id is ignored, never written into the header.
    let resp = ana
        .post(format!("{base}/rpc/reset_progress"))
        .header(ACCEPT, "text/html")
        .header(REFERER, format!("{base}{detail}?"))
        .form(&[
            ("slug", "palliative-care-module-series-part-1"),
            ("item", "presentation-3"),
            ("__landing", "x\r\nSet-Cookie: a=b"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 302);
    assert_eq!(resp.headers()[LOCATION].to_str().unwrap(), format!("{base}{detail}"));
    let (_, html) = page(&ana, base, detail).await;
    assert!(
        !html.contains("Mark as not started: Presentation 3"),
        "back to not started"
    );
    assert!(html.contains("Mark as started: Presentation 3"));
    assert!(html.contains("0% complete"), "nothing recorded any more");
}
