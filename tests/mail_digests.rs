//! Mail that comes on a schedule or from a champion: the weekly digest (what it follows, when it
//! comes in each time zone, its content as an SMTP server receives it), the nudge after two
//! quiet weeks, team invitations by email, and broken links reported to admins.

use crate::support::people::{get, person, post_form, post_plain_form_landing, PASSWORD};
use crate::support::smtp::SmtpServer;
use crate::support::TestServer;
use hub::accounts::AccountId;
use hub::mail::sender::{send_due, Sender};
use hub::mail::transport::Transport;
use hub::mail::MailSettings;
use mail_parser::MessageParser;
use std::time::Duration;

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// Sends what is due into a folder and reads each message back: recipient, subject, text.
async fn delivered(server: &TestServer, folder: &std::path::Path) -> Vec<(String, String, String)> {
    let sender = Sender {
        transport: Transport::Folder(folder.to_path_buf()),
        retry_after: Duration::from_secs(1),
    };
    send_due(&server.pool, &MailSettings::default(), &sender).await.unwrap();
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let raw = std::fs::read(&file).unwrap();
            let m = MessageParser::default().parse(&raw).unwrap();
            (
                m.to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_string(),
                m.subject().unwrap_or_default().to_string(),
                m.body_text(0).unwrap_or_default().into_owned(),
            )
        })
        .collect()
}

async fn set_zone(server: &TestServer, who: AccountId, zone: &str) {
    sqlx::query("UPDATE accounts SET time_zone = $2 WHERE id = $1")
        .bind(who.0)
        .bind(zone.to_string())
        .execute(&server.pool)
        .await
        .unwrap();
}

/// Makes the whole catalog old, then `slug` added (`new`) or changed at `when`.
async fn changed_at(server: &TestServer, slug: &str, when: &str, new: bool) {
    sqlx::query("UPDATE resources SET created_at = $2, updated_at = $3 WHERE slug = $1")
        .bind(slug.to_string())
        .bind(if new {
            when.to_string()
        } else {
            "2025-01-01T00:00:00.000Z".to_string()
        })
        .bind(when.to_string())
        .execute(&server.pool)
        .await
        .unwrap();
}

async fn all_old(server: &TestServer) {
    sqlx::query(
        "UPDATE resources SET created_at = '2025-01-01T00:00:00.000Z', updated_at = '2025-01-01T00:00:00.000Z'",
    )
    .execute(&server.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_weekly_digest_lists_what_changed_among_what_the_learner_follows_once_in_their_zone() {
    use hub::progress::digest::queue_due;
    let server = TestServer::start().await;
    let settings = MailSettings::default();
    let (ana, ana_browser) = person(&server, "Ana", false).await;
    let (ben, _) = person(&server, "Ben", false).await;
    let (cy, cy_browser) = person(&server, "Cy", false).await;
    let (_dee, _) = person(&server, "Dee", false).await;

    // Bad input is refused with the reason, and nothing is followed.
    for (form, says) in [
        ("facet=colour&value=red&follow=true", "is not topic or kind"),
        (
            "facet=topic&value=astrology&follow=true",
            "no resource in the catalog has the topic \\\"astrology\\\"",
        ),
        ("facet=topic&value=&follow=true", "choose a topic to follow"),
        (
            "facet=kind&value=podcast&follow=true",
            "\\\"podcast\\\" is not a kind of resource",
        ),
        (
            &format!("facet=topic&value={}&follow=true", "p".repeat(200)),
            "at most 120 characters",
        ),
    ] {
        let (status, body) = post_form(&ana_browser, &server, "follow_for_digest", form).await;
        assert_eq!(status, 400, "{form}: {body}");
        assert!(body.to_lowercase().contains(&says.to_lowercase()), "{form}: {body}");
    }
    let (_, choices) = post_form(&ana_browser, &server, "mail_choices", "").await;
    assert!(choices.contains(r#""follows":[]"#), "{choices}");
    // Ana follows the topic "pain" (typed in capitals: kept as the catalog spells it) and
    // fellowships; Ben has a collection; Cy follows a topic nothing new has; Dee follows nothing.
    let (status, to) = post_plain_form_landing(
        &ana_browser,
        &server,
        "follow_for_digest",
        "facet=topic&value=PAIN&follow=true",
    )
    .await;
    assert_eq!((status, to.as_str()), (302, "/account?done=digest#digest-title"));
    let (status, _) = post_form(
        &ana_browser,
        &server,
        "follow_for_digest",
        "facet=kind&value=fellowship&follow=true",
    )
    .await;
    assert_eq!(status, 200);
    let (_, choices) = post_form(&ana_browser, &server, "mail_choices", "").await;
    assert!(
        choices.contains(r#"{"facet":"topic","value":"pain","label":"pain"}"#)
            && choices.contains(r#"{"facet":"kind","value":"fellowship","label":"Fellowships"}"#),
        "{choices}"
    );
    let collection = hub::collections::store::create(&server.pool, ben, "To read")
        .await
        .unwrap();
    hub::collections::entries::add(&server.pool, collection, ben, "vitaltalk-courses", "")
        .await
        .unwrap();
    let (status, _) = post_form(
        &cy_browser,
        &server,
        "follow_for_digest",
        "facet=topic&value=ethics&follow=true",
    )
    .await;
    assert_eq!(status, 200);
    set_zone(&server, cy, "America/New_York").await;

    // The week before Monday 7 December 2026: one course on pain changed, a fellowship added,
    // Ben's VitalTalk course changed; a change after Monday 8:00 waits for next week.
    all_old(&server).await;
    changed_at(
        &server,
        "core-practice-of-palliative-care",
        "2026-12-03T10:00:00.000Z",
        false,
    )
    .await;
    changed_at(
        &server,
        "hospice-and-palliative-medicine-fellowship",
        "2026-12-02T10:00:00.000Z",
        true,
    )
    .await;
    changed_at(&server, "vitaltalk-courses", "2026-12-06T23:00:00.000Z", false).await;
    changed_at(
        &server,
        "ucsf-palliative-medicine-program",
        "2026-12-07T09:00:00.000Z",
        false,
    )
    .await;

    assert_eq!(
        queue_due(&server.pool, &settings, at("2026-12-07T07:59:00Z"))
            .await
            .unwrap(),
        0,
        "not before Monday 8:00, and last week's is past its grace"
    );
    assert_eq!(
        queue_due(&server.pool, &settings, at("2026-12-07T08:00:00Z"))
            .await
            .unwrap(),
        2,
        "Ana and Ben; Cy's Monday 8:00 is later, Dee follows nothing"
    );
    assert_eq!(
        queue_due(&server.pool, &settings, at("2026-12-07T11:00:00Z"))
            .await
            .unwrap(),
        0,
        "once"
    );
    // Cy's Monday 8:00 in New York (13:00 UTC): her week ends later than Ana's, so the UCSF
    // program (ethics) changed at 9:00 UTC is in hers.
    assert_eq!(
        queue_due(&server.pool, &settings, at("2026-12-07T13:00:00Z"))
            .await
            .unwrap(),
        1
    );

    // Received by an SMTP server: both parts, what, why and where.
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(dir.path());
    let sender = Sender {
        transport: Transport::new(Some(&smtp.url()), dir.path()).unwrap(),
        retry_after: Duration::from_secs(1),
    };
    assert_eq!(send_due(&server.pool, &settings, &sender).await.unwrap(), 3);
    let received = smtp.wait_for(3, Duration::from_secs(10)).await;
    let parsed: Vec<_> = received
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap())
        .collect();
    let to = |m: &mail_parser::Message| {
        m.to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap()
            .to_string()
    };
    let ana_mail = parsed
        .iter()
        .find(|m| to(m) == "ana@example.org")
        .expect("Ana's digest");
    assert_eq!(
        ana_mail.subject(),
        Some("Your weekly digest: 1 new resource and 1 updated")
    );
    let text = ana_mail.body_text(0).unwrap();
    assert!(
        text.contains("Since 30 November, the hub has 1 new resource and 1 updated"),
        "{text}"
    );
    let fellowship = text
        .find("Hospice and Palliative Medicine Fellowship")
        .expect("the new fellowship");
    assert!(text[fellowship..].contains("New. You follow fellowships."), "{text}");
    assert!(
        text.contains("Updated. You follow the topic \u{201c}pain\u{201d}."),
        "{text}"
    );
    assert!(text.contains("/resources/core-practice-of-palliative-care"), "{text}");
    assert!(!text.contains("vitaltalk") && !text.contains("San Francisco"), "{text}");
    let html = ana_mail.body_html(0).expect("an HTML part");
    assert!(
        html.contains("href=\"http://localhost:3000/resources/core-practice-of-palliative-care\""),
        "{html}"
    );
    assert!(!html.contains("<img"), "no tracking");
    let ben_mail = parsed
        .iter()
        .find(|m| to(m) == "ben@example.org")
        .expect("Ben's digest");
    assert_eq!(ben_mail.subject(), Some("Your weekly digest: 1 updated resource"));
    assert!(
        ben_mail
            .body_text(0)
            .unwrap()
            .contains("Updated. In your collection \u{201c}To read\u{201d}."),
        "{:?}",
        ben_mail.body_text(0)
    );

    let cy_mail = parsed.iter().find(|m| to(m) == "cy@example.org").expect("Cy's digest");
    let text = cy_mail.body_text(0).unwrap();
    assert!(
        text.contains("University of California San Francisco Palliative Medicine Program")
            && text.contains("You follow the topic \u{201c}ethics\u{201d}"),
        "{text}"
    );

    // One click in Ana's mail program turns the digest off: next week brings her nothing.
    let one_click = ana_mail
        .header_raw("List-Unsubscribe")
        .expect("List-Unsubscribe")
        .trim()
        .trim_matches(['<', '>'])
        .replace("http://localhost:3000", &server.base);
    let resp = reqwest::Client::new()
        .post(&one_click)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    changed_at(
        &server,
        "university-of-colorado-anschutz-certificate-program",
        "2026-12-10T10:00:00.000Z",
        false,
    )
    .await;
    let queued = queue_due(&server.pool, &settings, at("2026-12-14T08:00:00Z"))
        .await
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let next = delivered(&server, folder.path()).await;
    assert_eq!(queued, 0, "{next:?}");
    // Stopping the topic leaves the kind; the list says so.
    let (status, _) = post_form(
        &ana_browser,
        &server,
        "follow_for_digest",
        "facet=topic&value=pain&follow=false",
    )
    .await;
    assert_eq!(status, 200);
    let (_, choices) = post_form(&ana_browser, &server, "mail_choices", "").await;
    assert!(
        !choices.contains(r#""facet":"topic""#) && choices.contains(r#""weekly-digest","label":"Weekly digest""#),
        "{choices}"
    );
    let _ = ana;
}

#[tokio::test]
async fn the_account_page_lists_what_the_digest_follows_and_works_without_script() {
    let server = TestServer::start().await;
    let (_, ana) = person(&server, "Ana", false).await;
    let (status, page) = get(&ana, &server, "/account").await;
    assert_eq!(status, 200);
    for part in [
        "What your weekly digest follows",
        r#"<label for="digest-topic">Follow a topic</label>"#,
        r#"<datalist id="digest-topics">"#,
        r#"<option value="pain">"#,
        r#"<option value="fellowship">Fellowships</option>"#,
        "Weekly digest",
        "Nudges about unfinished learning",
        "Team invitations",
    ] {
        assert!(page.contains(part), "{part} is not on the page");
    }
    assert!(
        !page.contains("Broken links found by the scheduled check"),
        "for admins only"
    );
    // A refused follow, posted by a browser without the wasm, comes back with the reason.
    let resp = ana
        .post(format!("{}/rpc/follow_for_digest", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", &server.base)
        .header("referer", format!("{}/account", server.base))
        .body("facet=topic&value=astrology&follow=true")
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_redirection(), "{}", resp.status());
    let to = resp.headers()["location"].to_str().unwrap().replace(&server.base, "");
    assert!(to.starts_with("/account"), "{to}");
    let page = ana
        .get(format!("{}{to}", server.base))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("No resource in the catalog has the topic"), "{page}");
    assert!(page.contains(r#"value="astrology""#), "what was typed is kept");
    let admin = server.signed_in("boss@example.org", PASSWORD, true).await;
    let (_, page) = get(&admin, &server, "/account").await;
    assert!(page.contains("Broken links found by the scheduled check"));
}

#[tokio::test]
async fn two_quiet_weeks_after_an_unfinished_module_bring_one_nudge_in_the_daytime() {
    use hub::progress::nudges::queue_due;
    let server = TestServer::start().await;
    let settings = MailSettings::default();
    let (ana, _) = person(&server, "Ana", false).await;
    let (ben, _) = person(&server, "Ben", false).await;
    set_zone(&server, ana, "Asia/Singapore").await;
    let series = "palliative-care-module-series-part-1";
    hub::progress::units::record(
        &server.pool,
        ana,
        series,
        "presentation-1",
        app::model::Status::Completed,
    )
    .await
    .unwrap();
    // A second series started, one presentation of seven.
    hub::progress::units::record(
        &server.pool,
        ana,
        "palliative-care-module-series-part-2",
        "presentation-1",
        app::model::Status::Completed,
    )
    .await
    .unwrap();
    // A quiz tried and failed: every answer wrong.
    let answers: Vec<i64> = sqlx::query_scalar(
        "SELECT q.answer FROM quiz_questions q JOIN items i ON i.id = q.item_id JOIN resources r ON r.id = i.resource_id
         WHERE r.slug = $1 AND i.slug = 'check-your-understanding' ORDER BY q.position",
    )
    .bind(series)
    .fetch_all(&server.pool)
    .await
    .unwrap();
    let wrong: Vec<i64> = answers.iter().map(|a| if *a == 0 { 1 } else { 0 }).collect();
    let result = hub::progress::quizzes::attempt(&server.pool, ana, series, "check-your-understanding", &wrong)
        .await
        .unwrap();
    assert!(!result.passed);
    // Ben finished everything he started: nothing waits, no nudge.
    hub::progress::units::record(
        &server.pool,
        ben,
        "vitaltalk-courses",
        "vitaltalk-courses",
        app::model::Status::Completed,
    )
    .await
    .unwrap();
    for who in [ana, ben] {
        for (table, column) in [("progress", "updated_at"), ("quiz_attempts", "submitted_at")] {
            sqlx::query(&format!(
                "UPDATE {table} SET {column} = '2026-11-20T10:00:00.000Z' WHERE account_id = $1"
            ))
            .bind(who.0)
            .execute(&server.pool)
            .await
            .unwrap();
        }
    }

    // Thirteen days: too soon. Fourteen, but 3:00 in Singapore: not at night. Then once.
    for (now, expected, why) in [
        ("2026-12-03T10:00:00Z", 0, "too soon"),
        ("2026-12-04T19:00:00Z", 0, "3:00 in Singapore"),
        ("2026-12-05T02:00:00Z", 1, "10:00 in Singapore"),
        ("2026-12-06T02:00:00Z", 0, "once a quiet stretch"),
    ] {
        assert_eq!(
            queue_due(&server.pool, &settings, at(now)).await.unwrap(),
            expected,
            "{why}"
        );
    }
    let folder = tempfile::tempdir().unwrap();
    let mail = delivered(&server, folder.path()).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    let (to, subject, text) = &mail[0];
    assert_eq!(
        (to.as_str(), subject.as_str()),
        ("ana@example.org", "Pick up where you left off")
    );
    assert!(text.contains("Check your understanding (quiz)"), "{text}");
    assert!(
        text.contains("/resources/palliative-care-module-series-part-1/quiz/check-your-understanding"),
        "{text}"
    );
    assert!(text.contains("Your best score so far: 0%."), "{text}");
    let second = text
        .find("Palliative Care Module Series Part 2")
        .expect("the second series");
    assert!(text[second..].contains("14% done."), "{text}");
    assert!(
        !text.contains("Palliative Care Module Series Part 1\n"),
        "the first series is there through its quiz, once: {text}"
    );
    assert!(text.contains("Stop these emails: "), "{text}");

    // After she comes back and goes quiet again, a new stretch may bring one more; a stretch
    // of months brings none (the window closes after four weeks).
    sqlx::query("UPDATE progress SET updated_at = '2027-01-01T10:00:00.000Z' WHERE account_id = $1")
        .bind(ana.0)
        .execute(&server.pool)
        .await
        .unwrap();
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-03-01T02:00:00Z"))
            .await
            .unwrap(),
        0,
        "months quiet"
    );
    assert_eq!(
        queue_due(&server.pool, &settings, at("2027-01-16T02:00:00Z"))
            .await
            .unwrap(),
        1,
        "a new stretch"
    );
}

/// The token of the first `/teams/join/` link in a message's text.
fn join_link(text: &str) -> String {
    let at = text
        .find("/teams/join/")
        .unwrap_or_else(|| panic!("no link in:\n{text}"));
    text[at..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn a_champion_invites_colleagues_by_email_each_with_a_link_of_their_own() {
    let server = TestServer::start().await;
    let (lead, lead_browser) = person(&server, "Lead", true).await;
    let team = hub::teams::store::create(&server.pool, lead, "Ward 4").await.unwrap();
    let (_member, member_browser) = person(&server, "Mo", false).await;
    let token = crate::support::people::new_invite(&server.pool, team, lead, 7).await;
    let (status, _) = post_form(
        &member_browser,
        &server,
        "join_team",
        &format!("token={token}&share=false"),
    )
    .await;
    assert_eq!(status, 200);

    // Bad lists are refused whole, and nothing is sent.
    for (form, says) in [
        (
            "emails=ana%40example.org%2C+ben%40",
            "\\\"ben@\\\" is not an email address",
        ),
        ("emails=+%0A+", "write at least one email address"),
        (
            &format!(
                "emails={}",
                (0..21)
                    .map(|n| format!("p{n}%40example.org"))
                    .collect::<Vec<_>>()
                    .join("%2C")
            ),
            "send at most 20 at a time",
        ),
    ] {
        let (status, body) = post_form(
            &lead_browser,
            &server,
            "send_team_invitations",
            &format!("team={team}&{form}"),
        )
        .await;
        assert_eq!(status, 400, "{form}: {body}");
        assert!(body.to_lowercase().contains(&says.to_lowercase()), "{form}: {body}");
    }
    let (status, body) = post_form(
        &member_browser,
        &server,
        "send_team_invitations",
        &format!("team={team}&emails=x%40example.org"),
    )
    .await;
    assert_eq!(status, 403, "a member is not the champion: {body}");
    let (_, outsider) = person(&server, "Out", true).await;
    let (status, _) = post_form(
        &outsider,
        &server,
        "send_team_invitations",
        &format!("team={team}&emails=x%40example.org"),
    )
    .await;
    assert_eq!(status, 404);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'team-invitation'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);

    // Two new colleagues, a member, and a repeated address: two invitations.
    let (status, to) = post_plain_form_landing(
        &lead_browser,
        &server,
        "send_team_invitations",
        &format!("team={team}&emails=Ana%40Example.org%0Ajo%40example.org%2C+mo%40example.org%3B+ana%40example.org"),
    )
    .await;
    assert_eq!(
        (status, to.as_str()),
        (302, format!("/teams/{team}#invite-by-email").as_str())
    );
    let (_, page) = get(&lead_browser, &server, &to).await;
    assert!(
        page.contains("Invitations sent to 2 colleagues: ana@example.org, jo@example.org."),
        "{page}"
    );
    assert!(
        page.contains("mo@example.org: already in the team, or not taking invitations now"),
        "a member's address gets the answer an opted-out one does: {page}"
    );
    assert!(page.contains("Waiting, until"), "the month's list");
    let (_, page) = get(&lead_browser, &server, &to).await;
    assert!(!page.contains("Invitations sent to 2"), "the report shows once");
    // Again the same day: skipped, said why.
    let (status, body) = post_form(
        &lead_browser,
        &server,
        "send_team_invitations",
        &format!("team={team}&emails=jo%40example.org"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("invited in the last day already"), "{body}");

    let folder = tempfile::tempdir().unwrap();
    let mail = delivered(&server, folder.path()).await;
    assert_eq!(mail.len(), 2, "{mail:?}");
    let (to, subject, text) = mail.iter().find(|(to, ..)| to == "ana@example.org").unwrap();
    assert_eq!(to, "ana@example.org");
    assert_eq!(subject, "Lead invites you to the team \u{201c}Ward 4\u{201d}");
    assert!(text.contains("it works once, until"), "{text}");
    let link = join_link(text).replace("http://localhost:3000", "");
    let other = join_link(&mail.iter().find(|(to, ..)| to == "jo@example.org").unwrap().2);
    assert_ne!(link, other.replace("http://localhost:3000", ""), "a link each");

    // Ana signs up and joins through her link; it then works for nobody else.
    let (_, ana) = person(&server, "Ana", false).await;
    let (status, page) = get(&ana, &server, &link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ward 4"), "{page}");
    let token = link.rsplit('/').next().unwrap();
    let (status, body) = post_form(&ana, &server, "join_team", &format!("token={token}&share=true")).await;
    assert_eq!(status, 200, "{body}");
    let (_, someone) = person(&server, "Sam", false).await;
    let (status, body) = post_form(&someone, &server, "join_team", &format!("token={token}&share=false")).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("This invitation was used already: ask Lead for a new one"),
        "{body}"
    );
    let (_, page) = get(&lead_browser, &server, &format!("/teams/{team}")).await;
    assert!(page.contains("Joined"), "{page}");
    // The team's own link still works: mailing did not replace it.
    let (status, _) = post_form(
        &someone,
        &server,
        "join_team",
        &format!(
            "token={}&share=false",
            crate::support::people::new_invite(&server.pool, team, lead, 7).await
        ),
    )
    .await;
    assert_eq!(status, 200);

    // Someone who turned invitations off is not mailed one.
    let raw = std::fs::read_dir(folder.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read(e.path()).unwrap())
        .find(|raw| String::from_utf8_lossy(raw).contains("To: jo@example.org"))
        .unwrap();
    let parsed = MessageParser::default().parse(&raw).unwrap();
    let one_click = parsed
        .header_raw("List-Unsubscribe")
        .unwrap()
        .trim()
        .trim_matches(['<', '>'])
        .replace("http://localhost:3000", &server.base);
    let resp = reqwest::Client::new()
        .post(&one_click)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let team2 = hub::teams::store::create(&server.pool, lead, "Night shift")
        .await
        .unwrap();
    let (_, body) = post_form(
        &lead_browser,
        &server,
        "send_team_invitations",
        &format!("team={team2}&emails=jo%40example.org"),
    )
    .await;
    assert!(
        body.contains("already in the team, or not taking invitations now") && body.contains(r#""sent":[]"#),
        "{body}"
    );
}

#[tokio::test]
async fn a_champion_mails_at_most_fifty_invitations_a_day_across_their_teams() {
    let server = TestServer::start().await;
    let (lead, lead_browser) = person(&server, "Lead", true).await;
    let first = hub::teams::store::create(&server.pool, lead, "Ward 4").await.unwrap();
    let team = hub::teams::store::create(&server.pool, lead, "Ward 5").await.unwrap();
    for batch in 0..2 {
        let team = if batch == 0 { first } else { team };
        if batch == 1 {
            // Deleting the team that sent them does not give the allowance back.
            hub::teams::store::delete(&server.pool, first, lead).await.unwrap();
        }
        let emails: Vec<String> = (0..20).map(|n| format!("p{batch}-{n}%40example.org")).collect();
        let (status, body) = post_form(
            &lead_browser,
            &server,
            "send_team_invitations",
            &format!("team={team}&emails={}", emails.join("%2C")),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let emails: Vec<String> = (0..11).map(|n| format!("q{n}%40example.org")).collect();
    let (status, body) = post_form(
        &lead_browser,
        &server,
        "send_team_invitations",
        &format!("team={team}&emails={}", emails.join("%2C")),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("at most 50 invitations a day and you have sent 40"),
        "{body}"
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM team_invitations")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(count, 40, "the refused send changed nothing");
}

#[tokio::test]
async fn old_mail_is_forgotten_and_recent_mail_kept() {
    let server = TestServer::start_with(false).await;
    let now = at("2027-06-01T00:00:00Z");
    for (key, sent, failed) in [
        ("old-sent", Some("2027-02-01T00:00:00.000Z"), None),
        ("old-failed", None, Some("2027-02-01T00:00:00.000Z")),
        ("recent", Some("2027-05-01T00:00:00.000Z"), None),
        ("waiting", None, None),
    ] {
        sqlx::query(
            "INSERT INTO outbox (message_key, kind, recipient, subject, message, text_body, created_at, next_attempt_at, sent_at, failed_at)
             VALUES ($1, 'weekly-digest', 'ana@example.org', 's', 'm', 't', '2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', $2, $3)",
        )
        .bind(key)
        .bind(sent)
        .bind(failed)
        .execute(&server.pool)
        .await
        .unwrap();
    }
    for (hash, created) in [("a", "2026-01-01T00:00:00.000Z"), ("b", "2027-01-01T00:00:00.000Z")] {
        sqlx::query("INSERT INTO unsubscribe_links (token_hash, address, kind, created_at) VALUES ($1, 'ana@example.org', 'weekly-digest', $2)")
            .bind(hash)
            .bind(created)
            .execute(&server.pool)
            .await
            .unwrap();
    }
    assert_eq!(hub::mail::outbox::prune(&server.pool, now).await.unwrap(), 3);
    let left: Vec<String> = sqlx::query_scalar("SELECT message_key FROM outbox ORDER BY message_key")
        .fetch_all(&server.pool)
        .await
        .unwrap();
    assert_eq!(
        left,
        vec!["recent", "waiting"],
        "a message still waiting is never pruned"
    );
    let links: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM unsubscribe_links")
        .fetch_all(&server.pool)
        .await
        .unwrap();
    assert_eq!(links, vec!["b"]);
}

#[tokio::test]
async fn an_address_gets_at_most_three_invitations_a_week_from_all_champions() {
    let server = TestServer::start().await;
    let mut answers = Vec::new();
    for n in 0..4 {
        let (lead, browser) = person(&server, &format!("Lead {n}"), true).await;
        let team = hub::teams::store::create(&server.pool, lead, "A team").await.unwrap();
        let (status, body) = post_form(
            &browser,
            &server,
            "send_team_invitations",
            &format!("team={team}&emails=target%40example.org"),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        answers.push(body);
    }
    assert!(
        answers[..3]
            .iter()
            .all(|b| b.contains(r#""sent":["target@example.org"]"#)),
        "{answers:?}"
    );
    assert!(
        answers[3].contains(r#""sent":[]"#) && answers[3].contains("not taking invitations now"),
        "{}",
        answers[3]
    );
}

#[tokio::test]
async fn stopping_the_team_link_stops_the_mailed_invitations_not_yet_used() {
    let server = TestServer::start().await;
    let (lead, lead_browser) = person(&server, "Lead", true).await;
    let team = hub::teams::store::create(&server.pool, lead, "Ward 4").await.unwrap();
    let (status, _) = post_form(
        &lead_browser,
        &server,
        "send_team_invitations",
        &format!("team={team}&emails=ana%40example.org"),
    )
    .await;
    assert_eq!(status, 200);
    let folder = tempfile::tempdir().unwrap();
    let mail = delivered(&server, folder.path()).await;
    let token = join_link(&mail[0].2).rsplit('/').next().unwrap().to_string();
    hub::teams::invites::stop(&server.pool, team, lead).await.unwrap();
    let (_, ana) = person(&server, "Ana", false).await;
    let (status, body) = post_form(&ana, &server, "join_team", &format!("token={token}&share=false")).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("expired"), "{body}");
}

#[tokio::test]
async fn changing_time_zone_mid_week_does_not_bring_a_second_digest() {
    use hub::progress::digest::queue_due;
    let server = TestServer::start().await;
    let settings = MailSettings::default();
    let (ana, browser) = person(&server, "Ana", false).await;
    let (status, _) = post_form(
        &browser,
        &server,
        "follow_for_digest",
        "facet=topic&value=pain&follow=true",
    )
    .await;
    assert_eq!(status, 200);
    all_old(&server).await;
    changed_at(
        &server,
        "core-practice-of-palliative-care",
        "2026-12-03T10:00:00.000Z",
        false,
    )
    .await;
    set_zone(&server, ana, "Asia/Tokyo").await;
    // Monday 8:00 in Tokyo is Sunday 23:00 UTC.
    assert_eq!(
        queue_due(&server.pool, &settings, at("2026-12-06T23:00:00Z"))
            .await
            .unwrap(),
        1
    );
    set_zone(&server, ana, "America/New_York").await;
    assert_eq!(
        queue_due(&server.pool, &settings, at("2026-12-07T13:00:00Z"))
            .await
            .unwrap(),
        0,
        "the same Monday"
    );
    // A learner whose digest had nothing is looked at once, not every few minutes.
    let (_, ben) = person(&server, "Ben", false).await;
    let (status, _) = post_form(
        &ben,
        &server,
        "follow_for_digest",
        "facet=topic&value=ethics&follow=true",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        queue_due(&server.pool, &settings, at("2026-12-07T08:00:00Z"))
            .await
            .unwrap(),
        0
    );
    let looked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_looked")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(looked, 1, "Ben's empty digest is remembered");
}
