//! Credits that count: a learner's licence with a topic requirement, filled by a course
//! completed on the hub and an activity recorded from elsewhere; certificate files checked,
//! kept and served to their owner alone; board templates admins curate with their source;
//! licences, activities and files in the learner's export and gone with the account.

use crate::support;

use hub::audit::Actor;
use hub::credits::{files, licences, outside, standing, templates};
use hub::progress::units;
use hub::HubError;
use reqwest::Client;
use serde_json::{json, Value};
use support::people::{get, get_json, person, post_form, post_plain_form_landing, PASSWORD};
use support::TestServer;

/// A resource made for these tests (example.org; no real provider's facts).
const FIXTURE: &str = "fixture-pain-assessment-recording";

/// A minimal PDF: what a certificate file's bytes begin and end with.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn admin() -> Actor {
    Actor {
        id: None,
        name: "test admin".into(),
    }
}

async fn type_id(server: &TestServer, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM credit_types WHERE name = $1")
        .bind(name)
        .fetch_one(&server.pool)
        .await
        .expect("a seeded credit type")
}

/// A published recorded session on the topic "pain" offering 1.5 ANCC contact hours, as a
/// provider might write the type.
async fn fixture(server: &TestServer) {
    let record = json!({
        "slug": FIXTURE,
        "kind": "recorded_session",
        "title": "Fixture: a recorded session on pain assessment",
        "summary": "A resource made for the credits tests.",
        "url": "https://example.org/fixture-recording",
        "topics": ["pain"],
        "credits": [{"type": "ANCC Contact Hours", "amount": 1.5}],
        "format": "on_demand",
        "language": "en",
        "status": "published"
    });
    hub::admin::resources::create(&server.pool, &server.search, &admin(), &record)
        .await
        .expect("fixture created");
}

fn this_year() -> (String, String) {
    let year = chrono::Utc::now().format("%Y").to_string();
    (format!("{year}-01-01"), format!("{year}-12-31"))
}

/// The licence form as a page posts it: a nurse licence needing 3 hours, 2 on pain.
fn nurse_form(ancc: i64, start: &str, end: &str) -> String {
    format!(
        "profession=nurse&board=Fixture+Board+of+Nursing&number=RN-123456&cycle_start={start}&cycle_end={end}\
         &hours_required=3&credit_types%5B{ancc}%5D=on&topic%5B0%5D=pain&topic_label%5B0%5D=Pain+management+and+opioids\
         &topic_hours%5B0%5D=2&topic%5B1%5D=&topic_label%5B1%5D=&topic_hours%5B1%5D="
    )
}

async fn licence_count(server: &TestServer) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM licences")
        .fetch_one(&server.pool)
        .await
        .unwrap()
}

/// Attaches `bytes` as `name` to an activity, as a browser's form does (`page`) or a script.
async fn attach(
    client: &Client,
    server: &TestServer,
    activity: i64,
    name: &str,
    bytes: Vec<u8>,
    page: bool,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    client
        .post(format!("{}/me/credits/activities/{activity}/file", server.base))
        .header("origin", &server.base)
        .header("accept", if page { "text/html" } else { "application/json" })
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_licence_with_a_topic_requirement_is_filled_by_a_hub_course_and_an_outside_activity() {
    let server = TestServer::start().await;
    fixture(&server).await;
    let (ana, client) = person(&server, "Ana Nurse", false).await;
    let ancc = type_id(&server, "ANCC contact hours").await;
    let ama = type_id(&server, "AMA PRA Category 1 Credit™").await;
    let (start, end) = this_year();

    // Refused, each field named, and nothing saved.
    let (status, body) = post_form(
        &client,
        &server,
        "save_licence",
        &format!("profession=astronaut&board=&cycle_start={end}&cycle_end={start}&hours_required=-1&topic%5B0%5D=no-such-topic&topic_hours%5B0%5D=2"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    for field in [
        "profession",
        "board",
        "cycle_end",
        "hours_required",
        "credit_types",
        "topics[0].topic",
    ] {
        assert!(body.contains(field), "{field} is named: {body}");
    }
    assert_eq!(licence_count(&server).await, 0);

    // Saved as a page posts it, without the wasm: back to the page, at the licence.
    let (status, landing) =
        post_plain_form_landing(&client, &server, "save_licence", &nurse_form(ancc, &start, &end)).await;
    assert_eq!(status, 302);
    assert!(landing.starts_with("/me/credits?saved=licence#licence-"), "{landing}");
    let held = licences::list(&server.pool, ana.0).await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].topics[0].label, "Pain management and opioids");
    assert_eq!(held[0].credit_types, vec![ancc]);

    // Nothing done yet: the page says what is missing and what on the hub would fill it.
    let (status, page) = get(&client, &server, "/me/credits").await;
    assert_eq!(status, 200);
    assert!(page.contains("0 of 3 hours"), "total");
    assert!(page.contains("3 to go"));
    assert!(page.contains("Pain management and opioids"));
    assert!(
        page.contains("Fixture: a recorded session on pain assessment"),
        "suggested for the gap"
    );
    assert!(page.contains("RN-123456"), "the learner sees their own number");

    // The hub course, completed: its certificate's credit counts, by type and topic.
    units::record(&server.pool, ana, FIXTURE, FIXTURE, app::model::Status::Completed)
        .await
        .unwrap();
    let (_, page) = get(&client, &server, "/me/credits").await;
    assert!(page.contains("1.5 of 3 hours"), "the hub credit counts");
    assert!(page.contains("1.5 of 2 hours"), "toward the topic too");
    assert!(page.contains("/certificates/"), "with its certificate");

    // An activity from elsewhere, on the learner's word: refused first, then recorded.
    let (status, body) = post_form(
        &client,
        &server,
        "add_outside_activity",
        "title=&provider=Elsewhere&completed_on=2999-01-01&credit_type=999&amount=0&topics%5Bnot-a-topic%5D=on",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    for field in ["title", "completed_on", "credit_type", "amount", "topics"] {
        assert!(body.contains(field), "{field} is named: {body}");
    }
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let (status, landing) = post_plain_form_landing(
        &client,
        &server,
        "add_outside_activity",
        &format!("title=Opioid+stewardship+webinar&provider=A+state+nurses+association&completed_on={today}&credit_type={ancc}&amount=1&topics%5Bpain%5D=on"),
    )
    .await;
    assert_eq!(status, 302);
    assert!(landing.starts_with("/me/credits?added="), "{landing}");
    // Another type does not count toward a licence that does not accept it.
    outside::add(
        &server.pool,
        ana.0,
        &app::model::credits::OutsideInput {
            title: "A physicians' course".into(),
            provider: "Elsewhere".into(),
            completed_on: today.clone(),
            credit_type: ama.to_string(),
            amount: "5".into(),
            topics: vec!["pain".into()],
        },
    )
    .await
    .unwrap();

    let today_date = chrono::Utc::now().date_naive();
    let (standings, lines) = standing::all(&server.pool, ana.0, today_date).await.unwrap();
    assert_eq!(lines.len(), 3, "one hub line, two outside");
    let s = &standings[0];
    assert_eq!(s.done, 2.5);
    assert_eq!(s.missing(), 0.5);
    assert_eq!(s.topics[0].done, 2.5);
    assert_eq!(
        s.topics[0].missing(),
        0.0,
        "the topic is met by the course and the webinar"
    );
    assert!(s.suggestions.is_empty(), "the course done is not suggested again");
    let (_, page) = get(&client, &server, "/me/credits").await;
    assert!(page.contains("2.5 of 3 hours"));
    assert!(page.contains("0.5 to go"));

    // Another learner never sees, changes or removes Ana's licence.
    let (_, other) = person(&server, "Otto Other", false).await;
    let id = held[0].id;
    let (status, _) = post_form(&other, &server, "delete_licence", &format!("licence={id}&confirm=on")).await;
    assert_eq!(status, 404);
    let (status, _) = post_form(
        &other,
        &server,
        "save_licence",
        &format!("licence={id}&{}", nurse_form(ancc, &start, &end)),
    )
    .await;
    assert_eq!(status, 404);
    let (_, page) = get(&other, &server, "/me/credits").await;
    assert!(!page.contains("RN-123456"));
    // Removing takes the box ticked.
    let (status, _) = post_form(&client, &server, "delete_licence", &format!("licence={id}")).await;
    assert_eq!(status, 400);
    assert_eq!(licence_count(&server).await, 1);
    let (status, _) = post_form(&client, &server, "delete_licence", &format!("licence={id}&confirm=on")).await;
    assert_eq!(status, 200);
    assert_eq!(licence_count(&server).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn certificate_files_are_checked_kept_and_served_to_their_owner_alone() {
    let server = TestServer::start().await;
    let (ana, client) = person(&server, "Ana Uploader", false).await;
    let ancc = type_id(&server, "ANCC contact hours").await;
    let activity = outside::add(
        &server.pool,
        ana.0,
        &app::model::credits::OutsideInput {
            title: "A workshop".into(),
            provider: "Elsewhere".into(),
            completed_on: "2026-01-15".into(),
            credit_type: ancc.to_string(),
            amount: "2".into(),
            topics: vec![],
        },
    )
    .await
    .unwrap();
    let stored = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT file_key FROM outside_activities WHERE id = $1")
            .bind(activity)
            .fetch_one(&server.pool)
            .await
            .unwrap()
    };

    // Refused, each with its reason on the page, and nothing kept.
    let png_bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "certificate.pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "type",
        ),
        ("certificate.exe", b"MZ\x90\0\x03\0\0\0".to_vec(), "type"),
        ("big.pdf", [PDF, &vec![b' '; files::MAX_FILE_BYTES]].concat(), "size"),
        ("../../etc/certificate.pdf", PDF.to_vec(), "name"),
        ("certificate.pdf", png_bytes.clone(), "mismatch"),
    ];
    for (name, bytes, why) in cases {
        let resp = attach(&client, &server, activity, name, bytes, true).await;
        assert_eq!(resp.status().as_u16(), 303, "{name}");
        let location = resp.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(
            location,
            format!("/me/credits?refused={activity}&why={why}#activity-{activity}"),
            "{name}"
        );
        assert_eq!(stored().await, None, "{name} is not kept");
    }
    let (_, page) = get(&client, &server, &format!("/me/credits?refused={activity}&why=size")).await;
    assert!(page.contains("The file is over 5 MB"));
    // A script gets the reason itself, and a status.
    let resp = attach(&client, &server, activity, "a\\b.pdf", PDF.to_vec(), false).await;
    assert_eq!(resp.status().as_u16(), 400);
    let body: Value = resp.json().await.unwrap();
    assert!(body.to_string().contains("plain name"), "{body}");

    // Kept, and served to its owner as it came, never as a page.
    let resp = attach(&client, &server, activity, "My certificate.pdf", PDF.to_vec(), true).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(
        resp.headers()["location"].to_str().unwrap(),
        format!("/me/credits?attached={activity}#activity-{activity}")
    );
    let key = stored().await.expect("kept");
    let path = hub::web::default_file_dir().join(&key[..2]).join(&key);
    assert!(path.is_file(), "under the store's folder, by its random key");
    let resp = client
        .get(format!("{}/me/credits/activities/{activity}/file", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert!(resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(resp.bytes().await.unwrap().as_ref(), PDF);

    // Nobody else: another learner, or nobody signed in.
    let (_, other) = person(&server, "Otto Other", false).await;
    let (status, _) = get(&other, &server, &format!("/me/credits/activities/{activity}/file")).await;
    assert_eq!(status, 404);
    let resp = attach(&other, &server, activity, "x.pdf", PDF.to_vec(), false).await;
    assert_eq!(resp.status().as_u16(), 404);
    let (status, _) = get(
        &TestServer::browser(),
        &server,
        &format!("/me/credits/activities/{activity}/file"),
    )
    .await;
    assert_eq!(status, 401);

    // Replacing it removes the old file; removing the activity removes the new one.
    let resp = attach(&client, &server, activity, "scan.png", png_bytes, true).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert!(!path.exists(), "the replaced file is gone");
    let key = stored().await.expect("the new one");
    let path = hub::web::default_file_dir().join(&key[..2]).join(&key);
    assert!(path.is_file());
    let (status, _) = post_form(
        &client,
        &server,
        "delete_outside_activity",
        &format!("activity={activity}&confirm=on"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!path.exists(), "removed with its activity");
}

#[tokio::test(flavor = "multi_thread")]
async fn licences_activities_and_files_are_in_the_export_and_go_with_the_account() {
    let server = TestServer::start().await;
    let (ana, client) = person(&server, "Ana Leaving", false).await;
    let ancc = type_id(&server, "ANCC contact hours").await;
    let (start, end) = this_year();
    let (status, body) = post_form(&client, &server, "save_licence", &nurse_form(ancc, &start, &end)).await;
    assert_eq!(status, 200, "{body}");
    let activity = outside::add(
        &server.pool,
        ana.0,
        &app::model::credits::OutsideInput {
            title: "A workshop".into(),
            provider: "Elsewhere".into(),
            completed_on: start.clone(),
            credit_type: ancc.to_string(),
            amount: "2".into(),
            topics: vec!["pain".into()],
        },
    )
    .await
    .unwrap();
    assert_eq!(
        attach(&client, &server, activity, "cert.pdf", PDF.to_vec(), false)
            .await
            .status()
            .as_u16(),
        200
    );
    let key: String = sqlx::query_scalar("SELECT file_key FROM outside_activities WHERE id = $1")
        .bind(activity)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let path = hub::web::default_file_dir().join(&key[..2]).join(&key);
    assert!(path.is_file());

    let (status, export) = get_json(&client, &server, "/api/v1/me/export").await;
    assert_eq!(status, 200);
    let credits = &export["credits"];
    assert_eq!(
        credits["licences"][0]["number"], "RN-123456",
        "their own export holds the number"
    );
    assert_eq!(credits["licences"][0]["credit_types"], json!(["ANCC contact hours"]));
    assert_eq!(credits["licences"][0]["topics"][0]["topic"], "pain");
    assert_eq!(credits["outside_activities"][0]["title"], "A workshop");
    assert_eq!(credits["outside_activities"][0]["file_name"], "cert.pdf");
    assert!(export.to_string().find(&key).is_none(), "the file's key stays inside");
    // The zip holds the same, the progress, and the file itself.
    let resp = client
        .get(format!("{}/api/v1/me/export?format=zip", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/zip");
    let bytes = resp.bytes().await.unwrap().to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let names: Vec<String> = archive.file_names().map(String::from).collect();
    assert!(
        names.contains(&"export.json".to_string()) && names.contains(&"progress.csv".to_string()),
        "{names:?}"
    );
    let mut inside = Vec::new();
    std::io::Read::read_to_end(
        &mut archive.by_name(&format!("files/{activity}-cert.pdf")).unwrap(),
        &mut inside,
    )
    .unwrap();
    assert_eq!(inside, PDF);
    let mut json = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("export.json").unwrap(), &mut json).unwrap();
    let zipped: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(zipped["credits"], export["credits"]);

    let resp = client
        .delete(format!("{}/api/v1/me", server.base))
        .header("origin", &server.base)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    for table in ["licences", "outside_activities", "stored_file_removals"] {
        let left: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&server.pool)
            .await
            .unwrap();
        assert_eq!(left, 0, "{table}");
    }
    assert!(!path.exists(), "the file went with the account");
}

#[tokio::test(flavor = "multi_thread")]
async fn admins_curate_board_templates_with_their_source_and_learners_start_from_them() {
    let server = TestServer::start().await;
    let admin_client = server.signed_in("admin@example.org", PASSWORD, true).await;
    let (ana, learner) = person(&server, "Ana Nurse", false).await;
    let ancc = type_id(&server, "ANCC contact hours").await;
    let form = |source: &str| {
        format!(
            "name=Fixture+board%3A+registered+nurses&cycle_months=24&source_url={source}&checked_on=2026-11-30\
             &profession=nurse&board=Fixture+Board+of+Nursing&hours_required=30&credit_types%5B{ancc}%5D=on\
             &topic%5B0%5D=pain&topic_label%5B0%5D=Pain+management&topic_hours%5B0%5D=2"
        )
    };
    // Learners may not; nor a rule without the board's page.
    let (status, _) = post_form(
        &learner,
        &server,
        "admin_save_template",
        &form("https%3A%2F%2Fexample.org%2Frules"),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = post_form(&admin_client, &server, "admin_save_template", &form("")).await;
    assert_eq!(status, 400);
    assert!(body.contains("source_url"), "{body}");
    let (status, body) = post_form(
        &admin_client,
        &server,
        "admin_save_template",
        &form("https%3A%2F%2Fexample.org%2Frules"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let template: i64 = body.trim().parse().expect("the new template's id");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE target_type = 'board template' AND action = 'create'")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // The learner starts from it: its figures fill the form, and its source is shown.
    let (_, page) = get(&learner, &server, &format!("/me/credits?template={template}")).await;
    assert!(page.contains("https://example.org/rules"));
    assert!(page.contains("checked November 30, 2026"));
    // The cycle's last day follows from the rule's 24 months.
    let (status, body) = post_form(
        &learner,
        &server,
        "save_licence",
        &format!(
            "template={template}&profession=nurse&board=Fixture+Board+of+Nursing&cycle_start=2026-03-01&cycle_end=\
             &hours_required=30&credit_types%5B{ancc}%5D=on&topic%5B0%5D=pain&topic_hours%5B0%5D=2"
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let held = licences::list(&server.pool, ana.0).await.unwrap();
    assert_eq!(held[0].cycle_end, "2028-02-29");
    assert_eq!(
        held[0].template.as_ref().unwrap().source_url,
        "https://example.org/rules"
    );
    assert_eq!(
        held[0].topics[0].label, "Pain",
        "the topic's own words when none are given"
    );

    // Removing the template leaves the learner's figures.
    templates::delete(&server.pool, &admin(), template).await.unwrap();
    let held = licences::list(&server.pool, ana.0).await.unwrap();
    assert_eq!(held[0].hours_required, 30.0);
    assert!(held[0].template.is_none());
    assert!(matches!(
        templates::delete(&server.pool, &admin(), template).await,
        Err(HubError::NotFound(_))
    ));

    // A credit type reads as one the hub has: refused.
    let (status, body) = post_form(
        &admin_client,
        &server,
        "admin_add_credit_type",
        "name=AMA+PRA+Category+1+Credits&unit=credits&professions%5Bphysician%5D=on",
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("already"), "{body}");
    let (status, _) = post_form(
        &admin_client,
        &server,
        "admin_add_credit_type",
        "name=APA+CE+credits&unit=credits&professions%5Bpsychologist%5D=on&spellings=APA+continuing+education+credits",
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_champion_sees_sharing_members_credit_toward_the_focus_and_nothing_of_their_licences() {
    use app::model::team::FocusKind;
    use hub::teams::{focus, invites};
    let server = TestServer::start().await;
    fixture(&server).await;
    let pool = &server.pool;
    let (lead, lead_client) = person(&server, "Rosa Champion", true).await;
    let (bea, bea_client) = person(&server, "Bea Sharer", false).await;
    let (quinn, _) = person(&server, "Quinn Private", false).await;
    let team = hub::teams::store::create(pool, lead, "4 West").await.unwrap();
    let invite = invites::create(pool, team, lead, 7, "http://hub.test").await.unwrap();
    let token = support::people::token_of(&invite.url.unwrap());
    invites::join(pool, &token, bea, true).await.unwrap();
    invites::join(pool, &token, quinn, false).await.unwrap();
    focus::set(pool, team, lead, FocusKind::Resource, FIXTURE, true)
        .await
        .unwrap();
    // Both finish the course; Bea also keeps a licence with its number.
    for who in [bea, quinn] {
        units::record(pool, who, FIXTURE, FIXTURE, app::model::Status::Completed)
            .await
            .unwrap();
    }
    let ancc = type_id(&server, "ANCC contact hours").await;
    let (start, end) = this_year();
    let (status, _) = post_form(&bea_client, &server, "save_licence", &nurse_form(ancc, &start, &end)).await;
    assert_eq!(status, 200);

    let (status, progress) = get_json(&lead_client, &server, &format!("/api/v1/teams/{team}/progress")).await;
    assert_eq!(status, 200, "{progress}");
    assert_eq!(
        progress["credits"],
        json!({"offered": [{"credit": "ANCC Contact Hours", "amount": 1.5}],
               "members": [{"name": "Bea Sharer", "earned": [{"credit": "ANCC Contact Hours", "amount": 1.5}]}]}),
        "Quinn, who does not share, is not there"
    );
    let text = progress.to_string();
    assert!(
        !text.contains("RN-123456") && !text.contains("Fixture Board"),
        "nothing of a licence"
    );
    let (_, page) = get(&lead_client, &server, &format!("/teams/{team}")).await;
    assert!(page.contains("Credit toward the team&#x27;s focus") || page.contains("Credit toward the team's focus"));
    assert!(page.contains("1.5 of 1.5"));
    assert!(!page.contains("RN-123456"));
}
