//! The public formats, read back by parsers that are not ours: the Atom feed by feed-rs, the
//! course calendar by the icalendar crate's parser (its times resolved through the tz
//! database), the sitemap as XML by roxmltree; robots.txt as text.

use crate::support;

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::json;
use support::TestServer;

const COURSE: &str = "core-practice-of-palliative-care";

async fn fetch(server: &TestServer, path: &str) -> (u16, String, String) {
    support::people::get_typed(&server.client, &format!("{}{path}", server.base)).await
}

async fn published_slugs(server: &TestServer) -> Vec<String> {
    sqlx::query_scalar("SELECT slug FROM resources WHERE status = 'published' AND deleted_at IS NULL ORDER BY slug")
        .fetch_all(&server.pool)
        .await
        .unwrap()
}

fn feed(text: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("not a feed: {e}\n{text}"))
}

fn entry_slugs(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            let href = &e.links.first().expect("every entry links its page").href;
            href.rsplit_once("/resources/").expect("a resource page").1.to_string()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_feed_follows_the_catalog_whole_or_by_kind_or_topic() {
    let server = TestServer::start().await;
    let (status, kind, text) = fetch(&server, "/feed.atom").await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(kind, "application/atom+xml; charset=utf-8");
    let all = feed(&text);
    assert_eq!(all.feed_type, feed_rs::model::FeedType::Atom);
    let published = published_slugs(&server).await;
    let mut slugs = entry_slugs(&all);
    assert_eq!(slugs.len(), published.len().min(50));
    slugs.sort();
    assert_eq!(slugs, published, "every published resource, once");
    for e in &all.entries {
        assert!(e.updated.is_some() && e.published.is_some(), "{:?}", e.id);
        assert!(e.title.as_ref().is_some_and(|t| !t.content.is_empty()));
        assert!(e.summary.as_ref().is_some_and(|t| !t.content.is_empty()));
        assert!(
            e.links[0].href.starts_with(&server.base),
            "absolute links: {}",
            e.links[0].href
        );
    }
    let updated: Vec<DateTime<Utc>> = all.entries.iter().map(|e| e.updated.unwrap()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest change first");
    assert!(all
        .links
        .iter()
        .any(|l| l.rel.as_deref() == Some("self") && l.href == format!("{}/feed.atom", server.base)));

    // One kind: only courses, all of them.
    let courses = feed(&fetch(&server, "/feed.atom?kind=course").await.2);
    let want: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM resources WHERE kind = 'course' AND status = 'published' AND deleted_at IS NULL ORDER BY slug",
    )
    .fetch_all(&server.pool)
    .await
    .unwrap();
    let mut got = entry_slugs(&courses);
    got.sort();
    assert_eq!(got, want);
    assert!(courses.title.unwrap().content.contains("courses"));
    assert!(courses
        .entries
        .iter()
        .all(|e| e.categories.iter().any(|c| c.term == "course")));

    // One topic, in any case: every entry carries it.
    let topic = feed(&fetch(&server, "/feed.atom?topic=Communication").await.2);
    assert!(!topic.entries.is_empty());
    for e in &topic.entries {
        assert!(e.categories.iter().any(|c| c.term == "communication"), "{:?}", e.id);
    }
    // A topic nobody uses is an empty feed, still a valid one.
    let none = feed(&fetch(&server, "/feed.atom?topic=nothing-at-all").await.2);
    assert!(none.entries.is_empty());

    // Mistakes are named.
    for (query, param) in [
        ("kind=webinar", "kind"),
        ("sort=new", "sort"),
        ("kind=course&kind=guide", "kind"),
        ("topic=", "topic"),
    ] {
        let (status, _, body) = fetch(&server, &format!("/feed.atom?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"]["param"], json!(param), "{query}");
    }

    // An edit puts the resource first; unpublishing takes it out.
    let admin = server.signed_in("admin@example.org", "a long passphrase", true).await;
    let oldest = entry_slugs(&all).last().unwrap().clone();
    let current: serde_json::Value = admin
        .get(format!("{}/api/v1/admin/resources/{oldest}", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut record = current["record"].clone();
    record["summary"] = json!(format!("{} Updated.", record["summary"].as_str().unwrap()));
    let resp = admin
        .put(format!("{}/api/v1/admin/resources/{oldest}", server.base))
        .json(&json!({"version": current["version"], "record": record}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let after = feed(&fetch(&server, "/feed.atom").await.2);
    assert_eq!(entry_slugs(&after)[0], oldest, "the edited resource leads");
    assert!(after.entries[0].summary.as_ref().unwrap().content.ends_with("Updated."));
    assert!(after.updated.unwrap() >= all.updated.unwrap());
    let version = current["version"].as_i64().unwrap() + 1;
    let resp = admin
        .post(format!("{}/api/v1/admin/resources/{oldest}/status", server.base))
        .json(&json!({"version": version, "status": "draft"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let gone = feed(&fetch(&server, "/feed.atom").await.2);
    assert!(!entry_slugs(&gone).contains(&oldest), "a draft is not in the feed");
}

/// `DTSTART;TZID=America/New_York:20260513T100000` as an instant, through the tz database.
fn instant(event: &icalendar::parser::Component<'_>, name: &str) -> (DateTime<Utc>, Option<String>) {
    let property = event
        .properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} missing"));
    let tzid = property
        .params
        .iter()
        .find(|p| p.key == "TZID")
        .and_then(|p| p.val.as_ref())
        .map(|v| v.to_string());
    let when = icalendar::CalendarDateTime::WithTimezone {
        date_time: chrono::NaiveDateTime::parse_from_str(property.val.as_str(), "%Y%m%dT%H%M%S").unwrap(),
        tzid: tzid.clone().expect("a zone"),
    };
    (when.try_into_utc().expect("a zone the tz database knows"), tzid)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_course_schedule_is_a_calendar_in_its_own_time_zone() {
    let server = TestServer::start().await;
    let (status, kind, text) = fetch(&server, &format!("/resources/{COURSE}/calendar.ics")).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(kind, "text/calendar; charset=utf-8");
    assert!(text.contains("\r\n"), "lines end in CRLF");
    assert!(text.lines().all(|l| l.len() <= 75), "lines are folded at 75 octets");

    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("a calendar");
    let zones: Vec<_> = calendar.components.iter().filter(|c| c.name == "VTIMEZONE").collect();
    assert_eq!(zones.len(), 1);
    let events: Vec<_> = calendar.components.iter().filter(|c| c.name == "VEVENT").collect();

    let seed = support::seed_catalog();
    let course = seed["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == json!(COURSE))
        .unwrap();
    let schedule = course["schedule"].as_array().unwrap();
    assert_eq!(events.len(), schedule.len(), "one event per schedule entry");
    let mut uids = std::collections::HashSet::new();
    for (event, entry) in events.iter().zip(schedule) {
        let summary = event
            .properties
            .iter()
            .find(|p| p.name == "SUMMARY")
            .unwrap()
            .val
            .to_string();
        let unescaped = summary.replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
        assert_eq!(unescaped, entry["title"].as_str().unwrap());
        for (name, key) in [("DTSTART", "starts_at"), ("DTEND", "ends_at")] {
            let (at, tzid) = instant(event, name);
            assert_eq!(
                tzid.as_deref(),
                Some("America/New_York"),
                "the course is given in Eastern time"
            );
            let want = DateTime::<FixedOffset>::parse_from_rfc3339(entry[key].as_str().unwrap()).unwrap();
            assert_eq!(at, want.with_timezone(&Utc), "{summary} {name}: the catalog's instant");
        }
        let uid = event
            .properties
            .iter()
            .find(|p| p.name == "UID")
            .unwrap()
            .val
            .to_string();
        assert!(uids.insert(uid), "UIDs are unique");
    }
    // The zone's definition says what the events' offsets are on those days, with only the
    // properties a VTIMEZONE may have.
    let zone = zones[0];
    for part in std::iter::once(zone).chain(zone.components.iter()) {
        for p in &part.properties {
            assert!(
                [
                    "TZID",
                    "DTSTART",
                    "TZOFFSETFROM",
                    "TZOFFSETTO",
                    "TZNAME",
                    "LAST-MODIFIED",
                    "TZURL",
                    "RRULE"
                ]
                .contains(&p.name.as_str()),
                "{} in {}",
                p.name,
                part.name
            );
        }
    }
    let daylight = zone
        .components
        .iter()
        .find(|c| c.name == "DAYLIGHT")
        .expect("daylight time in May");
    let to = daylight
        .properties
        .iter()
        .find(|p| p.name == "TZOFFSETTO")
        .unwrap()
        .val
        .to_string();
    assert_eq!(to, "-0400");

    // A resource without a schedule, and one that does not exist: not found.
    assert_eq!(
        fetch(&server, "/resources/palliative-care-module-series-part-1/calendar.ics")
            .await
            .0,
        404
    );
    assert_eq!(fetch(&server, "/resources/no-such-thing/calendar.ics").await.0, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn search_engines_get_every_public_page_and_no_private_one() {
    let server = TestServer::start().await;
    let (status, kind, robots) = fetch(&server, "/robots.txt").await;
    assert_eq!(status, 200);
    assert_eq!(kind, "text/plain; charset=utf-8");
    assert!(
        robots.contains(&format!("Sitemap: {}/sitemap.xml", server.base)),
        "{robots}"
    );
    for private in ["/admin", "/me", "/api/", "/account"] {
        assert!(
            robots.contains(&format!("Disallow: {private}\n")),
            "{private}: {robots}"
        );
    }

    let (status, kind, xml) = fetch(&server, "/sitemap.xml").await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(kind, "application/xml; charset=utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    for slug in published_slugs(&server).await {
        assert!(locs.contains(&format!("{}/resources/{slug}", server.base)), "{slug}");
    }
    let pathways: Vec<String> = sqlx::query_scalar("SELECT slug FROM pathways")
        .fetch_all(&server.pool)
        .await
        .unwrap();
    for slug in pathways {
        assert!(locs.contains(&format!("{}/pathways/{slug}", server.base)), "{slug}");
    }
    // Every address answers 200, and none is a place robots.txt keeps crawlers out of.
    for loc in &locs {
        let path = loc.strip_prefix(&server.base).unwrap();
        assert_eq!(fetch(&server, path).await.0, 200, "{loc}");
        assert!(
            !["/admin", "/me", "/api/", "/search"]
                .iter()
                .any(|p| path.starts_with(p)),
            "{loc}"
        );
    }
    let (status, _, body) = fetch(&server, "/sitemap.xml?page=0").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(fetch(&server, "/sitemap.xml?page=2").await.0, 404);
    assert_eq!(fetch(&server, "/sitemap.xml?page=1").await.2, xml);
}

/// The JSON-LD of a page, and its meta tags by `property` or `name`.
async fn page_data(server: &TestServer, path: &str) -> (serde_json::Value, std::collections::HashMap<String, String>) {
    let (status, _, html) = fetch(server, path).await;
    assert_eq!(status, 200, "{path}");
    let doc = scraper::Html::parse_document(&html);
    let script = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let scripts: Vec<_> = doc.select(&script).collect();
    assert_eq!(scripts.len(), 1, "{path}: one JSON-LD block");
    let data: serde_json::Value = serde_json::from_str(&scripts[0].inner_html()).expect("JSON-LD parses");
    let meta = scraper::Selector::parse("meta[content]").unwrap();
    let mut tags = std::collections::HashMap::new();
    for m in doc.select(&meta) {
        if let Some(key) = m.value().attr("property").or(m.value().attr("name")) {
            tags.insert(key.to_string(), m.value().attr("content").unwrap().to_string());
        }
    }
    let canonical = scraper::Selector::parse("link[rel=canonical]").unwrap();
    let href = doc
        .select(&canonical)
        .next()
        .expect("a canonical link")
        .value()
        .attr("href")
        .unwrap();
    tags.insert("canonical".into(), href.to_string());
    (data, tags)
}

fn has(data: &serde_json::Value, keys: &[&str], what: &str) {
    for key in keys {
        let v = &data[*key];
        assert!(
            !v.is_null() && v != &json!("") && v != &json!([]),
            "{what} needs {key}: {data:#}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn detail_pages_carry_schema_org_data_and_share_cards() {
    let server = TestServer::start().await;
    let seed = support::seed_catalog();
    let record = |slug: &str| {
        seed["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["slug"] == json!(slug))
            .unwrap()
            .clone()
    };

    // A course: Course, its instance with dates and mode, its fee, its sessions as events.
    let (course, tags) = page_data(&server, &format!("/resources/{COURSE}")).await;
    let want = record(COURSE);
    assert_eq!(course["@context"], json!("https://schema.org"));
    assert_eq!(course["@type"], json!("Course"));
    has(
        &course,
        &["name", "description", "provider", "hasCourseInstance", "offers", "url"],
        "a Course",
    );
    assert_eq!(course["name"], want["title"]);
    assert_eq!(course["provider"]["@type"], json!("Organization"));
    has(&course["provider"], &["name"], "a provider");
    let instance = &course["hasCourseInstance"][0];
    assert_eq!(instance["@type"], json!("CourseInstance"));
    has(
        instance,
        &["courseMode", "startDate", "endDate", "location"],
        "a CourseInstance",
    );
    assert_eq!(instance["courseMode"], json!("online"));
    assert!(instance["startDate"]
        .as_str()
        .unwrap()
        .starts_with(want["starts_on"].as_str().unwrap()));
    assert!(instance["endDate"]
        .as_str()
        .unwrap()
        .starts_with(want["ends_on"].as_str().unwrap()));
    let offer = &course["offers"][0];
    assert_eq!(offer["@type"], json!("Offer"));
    assert_eq!(offer["price"], want["cost"]["amount"], "the catalog's fee, not another");
    assert_eq!(offer["priceCurrency"], want["cost"]["currency"]);
    assert_eq!(offer["category"], json!("Paid"));
    let events = instance["subEvent"].as_array().unwrap();
    let schedule = want["schedule"].as_array().unwrap();
    assert_eq!(events.len(), schedule.len());
    for (event, entry) in events.iter().zip(schedule) {
        assert_eq!(event["@type"], json!("Event"));
        has(event, &["name", "startDate", "endDate", "location"], "an Event");
        let at = |v: &serde_json::Value| DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
        assert_eq!(at(&event["startDate"]), at(&entry["starts_at"]));
        assert_eq!(at(&event["endDate"]), at(&entry["ends_at"]));
    }
    // Shared, it shows its own title and summary, under its own address.
    let page = format!("{}/resources/{COURSE}", server.base);
    assert_eq!(tags["og:title"], want["title"].as_str().unwrap());
    assert_eq!(tags["og:url"], page);
    assert_eq!(tags["canonical"], page);
    assert_eq!(course["url"], json!(page));
    assert_eq!(tags["twitter:card"], "summary");
    assert!(want["summary"].as_str().unwrap().starts_with(&tags["og:description"]));
    assert_eq!(tags["twitter:title"], tags["og:title"]);

    // An organization, and a module series as a learning resource.
    let (org, _) = page_data(&server, "/resources/center-to-advance-palliative-care").await;
    assert_eq!(org["@type"], json!("Organization"));
    has(&org, &["name", "url", "description"], "an Organization");
    let (series, _) = page_data(&server, "/resources/palliative-care-module-series-part-1").await;
    assert_eq!(series["@type"], json!("LearningResource"));
    has(
        &series,
        &["name", "description", "learningResourceType", "provider"],
        "a LearningResource",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_learners_calendar_feed_holds_their_bookmarked_sessions_at_a_secret_address() {
    use hub::accounts::AccountId;
    use hub::progress::calendar_feed;
    let server = TestServer::start().await;
    let ana = server.signed_in("ana@example.org", "a long passphrase", false).await;
    let ana_id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'ana@example.org'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    for slug in [COURSE, "palliative-care-module-series-part-1"] {
        let resp = ana
            .put(format!("{}/api/v1/me/bookmarks/{slug}", server.base))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    }
    let token = calendar_feed::reset(&server.pool, AccountId(ana_id)).await.unwrap();
    let address = calendar_feed::path(&token);

    // Anyone with the address (a calendar app, signed in to nothing) reads it.
    let (status, kind, text) = fetch(&server, &address).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(kind, "text/calendar; charset=utf-8");
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("a calendar");
    let events: Vec<_> = calendar.components.iter().filter(|c| c.name == "VEVENT").collect();
    let seed = support::seed_catalog();
    let course = seed["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == json!(COURSE))
        .unwrap();
    // One event a course day, named for the course, its sessions inside; the series has none.
    let days: std::collections::BTreeSet<&str> = course["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["starts_at"].as_str().unwrap()[..10])
        .collect();
    assert_eq!(events.len(), days.len(), "{text}");
    assert!(
        text.contains("SUMMARY:Core Practice of Palliative Care (day 1 of 3)"),
        "{text}"
    );
    assert!(
        unfolded.contains("Welcome to the Core Principles of Palliative Care"),
        "{unfolded}"
    );
    assert!(!text.contains("SUMMARY:Lunch"), "no lunch as an event of its own");
    let (first, _) = instant(events[0], "DTSTART");
    let want =
        DateTime::<FixedOffset>::parse_from_rfc3339(course["schedule"][0]["starts_at"].as_str().unwrap()).unwrap();
    assert_eq!(first, want.with_timezone(&Utc));

    // Without the bookmark, no sessions; a new address retires the old one; turned off, gone.
    let resp = ana
        .delete(format!("{}/api/v1/me/bookmarks/{COURSE}", server.base))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let (_, _, text) = fetch(&server, &address).await;
    assert!(!text.contains("BEGIN:VEVENT"), "{text}");
    let fresh = calendar_feed::reset(&server.pool, AccountId(ana_id)).await.unwrap();
    assert_ne!(fresh, token);
    assert_eq!(fetch(&server, &address).await.0, 404, "the old address stops working");
    assert_eq!(fetch(&server, &calendar_feed::path(&fresh)).await.0, 200);
    calendar_feed::stop(&server.pool, AccountId(ana_id)).await.unwrap();
    assert_eq!(fetch(&server, &calendar_feed::path(&fresh)).await.0, 404);

    // Guesses and malformed addresses are the same 404.
    for path in [
        "/calendar/0123456789abcdef0123456789abcdef.ics",
        "/calendar/x.ics",
        "/calendar/feed",
        "/calendar/%2e%2e.ics",
    ] {
        assert_eq!(fetch(&server, path).await.0, 404, "{path}");
    }

    // The page offers it, and its form makes one (a plain post, as without JavaScript).
    let (_, page) = {
        let resp = ana.get(format!("{}/me/bookmarks", server.base)).send().await.unwrap();
        (resp.status(), resp.text().await.unwrap())
    };
    assert!(
        page.contains("Create my calendar address"),
        "the bookmarks page offers the feed"
    );
    let status = support::people::post_plain_form(&ana, &server, "set_calendar_feed", "on=true").await;
    assert!((300..400).contains(&status), "{status}");
    let (_, page) = support::people::get(&ana, &server, "/me/bookmarks").await;
    // The page the form returns to shows the new address, once; the hub keeps its digest.
    let shown = support::people::field_value(&page, "calendar-url");
    let prefix = format!("{}/calendar/", server.base);
    assert!(shown.starts_with(&prefix), "{shown}");
    let token = shown[prefix.len()..].strip_suffix(".ics").expect("an .ics address");
    let made: String = sqlx::query_scalar("SELECT token FROM calendar_feeds")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(made, hub::secret::digest(token));
    let again = ana
        .get(format!("{}/me/bookmarks", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains(token), "shown only once");
    assert!(again.contains("Your calendar address is on."));
}
