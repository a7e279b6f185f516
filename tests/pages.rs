//! The server-rendered pages over HTTP, on the seed catalog: what a clinician sees before (and
//! without) any JavaScript.

use crate::support;

use support::TestServer;

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

fn assert_page_basics(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80.min(html.len())]);
    assert!(html.contains("<html lang=\"en\">"));
    assert_eq!(count(html, "<h1"), 1, "one h1 per page");
    assert!(html.contains("<main id=\"main\""));
    assert!(html.contains("<title>"));
    assert!(html.contains("<meta name=\"description\""));
    assert!(html.contains("/pkg/champion-hub.js"), "hydration script is linked");
}

#[tokio::test]
async fn home_explains_champions_and_shows_the_catalog() {
    let s = TestServer::start().await;
    let (status, html) = s.get("/").await;
    assert_eq!(status, 200);
    assert_page_basics(&html);
    assert!(html.contains("palliative care champion"));
    let featured = section(&html, "featured-title");
    assert!(featured.contains("Palliative Care Module Series Part 1"));
    // Featured in the seed, but it ran in May 2026: a past course is not offered.
    assert!(!featured.contains("Core Practice of Palliative Care"), "{featured}");
    assert!(html.contains("href=\"/pathways/champion-starter-path\""));
    assert!(html.contains("href=\"/resources?kind=course\""));
    assert!(html.contains("href=\"/resources?audience=pediatric\""));
}

/// The home page is kept between visits (catalog::home_cache), so this proves it is not kept
/// past a change: a pathway edited behind the server's back (as another replica's or the
/// command line's import would), then a featured resource withdrawn, each show within a poll.
#[tokio::test]
async fn the_kept_home_page_follows_pathway_and_resource_changes() {
    let s = TestServer::start().await;
    let (_, before) = s.get("/").await;
    assert!(before.contains("Palliative Care Module Series Part 1"));
    let (_, again) = s.get("/").await;
    assert_eq!(before, strip_nonce(&again, &before), "nothing changed, same page");

    sqlx::query("UPDATE pathways SET title = 'Renamed starter path' WHERE slug = 'champion-starter-path'")
        .execute(&s.pool)
        .await
        .unwrap();
    let renamed = eventually(&s, |html| html.contains("Renamed starter path")).await;
    assert!(renamed, "a pathway's new title shows on the home page within a poll");

    let link = "href=\"/resources/palliative-care-module-series-part-1\"";
    assert!(before.contains(link));
    sqlx::query("UPDATE resources SET status = 'draft' WHERE slug = 'palliative-care-module-series-part-1'")
        .execute(&s.pool)
        .await
        .unwrap();
    let withdrawn = eventually(&s, |html| !html.contains(link)).await;
    assert!(
        withdrawn,
        "a withdrawn featured resource leaves the home page within a poll"
    );
}

/// The `<section>` a heading with this id opens, up to its end.
fn section<'a>(html: &'a str, heading_id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{heading_id}\"")).expect("the heading");
    let end = html[start..].find("</section>").map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The page nonce differs per response; the rest of two renderings of one page is the same.
fn strip_nonce(html: &str, like: &str) -> String {
    let nonce = |h: &str| {
        h.split("nonce=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(str::to_string)
    };
    match (nonce(html), nonce(like)) {
        (Some(a), Some(b)) => html.replace(&a, &b),
        _ => html.to_string(),
    }
}

/// Whether the home page comes to satisfy `test` within a few polls (the test server polls
/// every 100 ms).
async fn eventually(s: &TestServer, test: impl Fn(&str) -> bool) -> bool {
    for _ in 0..50 {
        let (_, html) = s.get("/").await;
        if test(&html) {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

/// The "not ended" filter leaves out the seed's courses that ran in May 2026 and 2006, and
/// keeps every undated resource.
#[tokio::test]
async fn browse_hides_what_has_ended_when_asked() {
    let s = TestServer::start().await;
    let (_, all) = s.get("/resources?kind=course&kind=program").await;
    assert!(all.contains("Core Practice of Palliative Care"));
    assert!(all.contains("name=\"current\""), "the filter is offered");
    let (status, current) = s.get("/resources?kind=course&kind=program&current=true").await;
    assert_eq!(status, 200);
    assert!(!current.contains(">Core Practice of Palliative Care<"), "{current}");
    assert!(current.contains("VitalTalk Courses"), "an undated course stays");
    assert!(
        current.contains("value=\"true\" checked") || current.contains("checked"),
        "the filter stays ticked"
    );
    let (status, api) = s.get("/api/v1/resources?current=true&per_page=100").await;
    assert_eq!(status, 200);
    assert!(!api.contains("core-practice-of-palliative-care"), "{api}");
}

#[tokio::test]
async fn browse_with_nothing_matching_says_which_filter_to_drop() {
    let s = TestServer::start().await;
    // No organization in the seed offers credit of its own.
    let (status, html) = s.get("/resources?kind=organization&credits=true").await;
    assert_eq!(status, 200);
    assert!(html.contains("No resources match these filters."), "{html}");
    assert!(html.contains("Without “Kind: Organization”"), "{html}");
    assert!(html.contains("href=\"/resources?credits=true\""), "{html}");
    assert!(
        html.contains("Without “Continuing education: Offers credits”"),
        "{html}"
    );
    assert!(html.contains("href=\"/resources?kind=organization\""), "{html}");
}

#[tokio::test]
async fn browse_lists_filters_with_counts_and_pages() {
    let s = TestServer::start().await;
    let (status, html) = s.get("/resources").await;
    assert_eq!(status, 200);
    assert_page_basics(&html);
    assert!(
        html.contains("<form method=\"GET\" action=\"/resources\"") || html.contains("action=\"/resources\""),
        "a real GET form"
    );
    for facet in [
        "name=\"kind\"",
        "name=\"audience\"",
        "name=\"discipline\"",
        "name=\"topic\"",
        "name=\"format\"",
        "name=\"free\"",
        "name=\"credits\"",
    ] {
        assert!(html.contains(facet), "missing facet {facet}");
    }
    assert!(html.contains("Course ("), "facet values carry counts");
    assert!(html.contains("rel=\"next\""), "more than one page of resources");

    let (_, courses) = s.get("/resources?kind=course").await;
    assert!(courses.contains("Core Practice of Palliative Care"));
    assert!(!courses.contains(">Hospice and Palliative Medicine Fellowship<"));
    assert!(
        courses.contains("value=\"course\" checked"),
        "the chosen filter stays ticked"
    );

    let (_, page2) = s.get("/resources?page=2").await;
    assert!(
        page2.contains("aria-current=\"page\" href=\"/resources?page=2\""),
        "{}",
        page2.len()
    );

    let (status, bad) = s.get("/resources?kind=webinar").await;
    assert_eq!(status, 400);
    assert!(bad.contains("unknown kind"));
}

#[tokio::test]
async fn course_detail_shows_fees_credits_and_the_eastern_schedule() {
    let s = TestServer::start().await;
    let (status, html) = s.get("/resources/core-practice-of-palliative-care").await;
    assert_eq!(status, 200);
    assert_page_basics(&html);
    assert!(html.contains("<title>Core Practice of Palliative Care · Champion Hub</title>"));
    assert!(html.contains("$1,995"));
    assert!(html.contains("$1,795.50"));
    assert!(html.contains("$10"));
    assert!(html.contains("16 AMA PRA Category 1 Credit(s)™"));
    assert!(html.contains("May 13–15, 2026"));
    assert!(html.contains("Eastern Time (UTC−04:00)"));
    for day in [
        "Wednesday, May 13, 2026",
        "Thursday, May 14, 2026",
        "Friday, May 15, 2026",
    ] {
        assert!(html.contains(day), "missing {day}");
    }
    assert!(html.contains("Delivering Serious News"));
    assert!(html.contains("11:30 am – 12:30 pm"));
    assert!(html.contains("10:00–10:30 am"));
    assert!(
        html.contains("Whole-Person Assessment and Management"),
        "the Markdown body is rendered"
    );
    assert!(
        html.contains("href=\"/resources/harvard-medical-school-center-for-palliative-care\""),
        "provider is linked"
    );
}

#[tokio::test]
async fn organization_pages_list_what_they_provide() {
    let s = TestServer::start().await;
    let (status, html) = s
        .get("/resources/harvard-medical-school-center-for-palliative-care")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Resources they provide"));
    assert!(html.contains("href=\"/resources/core-practice-of-palliative-care\""));
    assert!(html.contains("href=\"/resources/pcep-singapore\""));
}

#[tokio::test]
async fn pathway_page_lists_its_steps_in_order() {
    let s = TestServer::start().await;
    let (status, html) = s.get("/pathways/champion-starter-path").await;
    assert_eq!(status, 200);
    assert_page_basics(&html);
    let pathway = hub::catalog::pathway_detail(&s.pool, "champion-starter-path")
        .await
        .unwrap()
        .unwrap();
    let mut last = 0;
    for step in &pathway.steps {
        let at = html
            .find(&format!("href=\"/resources/{}\"", step.slug))
            .expect("step linked");
        assert!(at > last, "steps out of order");
        last = at;
    }
}

#[tokio::test]
async fn a_pathway_never_shows_a_draft_or_trashed_step() {
    let s = TestServer::start().await;
    let (draft, trashed) = ("vitaltalk-courses", "core-practice-of-palliative-care");
    let (_, before) = s.get("/pathways/champion-starter-path").await;
    assert!(before.contains(&format!("href=\"/resources/{draft}\"")));
    sqlx::query("UPDATE resources SET status = 'draft' WHERE slug = $1")
        .bind(draft)
        .execute(&s.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE resources SET deleted_at = '2026-12-01T00:00:00.000Z' WHERE slug = $1")
        .bind(trashed)
        .execute(&s.pool)
        .await
        .unwrap();
    // Changed behind the server's back: the page kept for visitors follows at the next poll.
    s.search.poll(&s.pool).await.unwrap();
    let (status, html) = s.get("/pathways/champion-starter-path").await;
    assert_eq!(status, 200);
    for hidden in [draft, trashed] {
        assert!(
            !html.contains(&format!("href=\"/resources/{hidden}\"")),
            "{hidden} shows"
        );
    }
    let pathway = hub::catalog::pathway_detail(&s.pool, "champion-starter-path")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pathway.steps.len(), 6, "eight steps, two hidden");
    let glance = hub::catalog::glance(&s.pool).await.unwrap();
    let home = hub::catalog::home(&s.pool, glance).await.unwrap();
    let listed = home
        .pathways
        .iter()
        .find(|p| p.slug == "champion-starter-path")
        .unwrap();
    assert_eq!(
        listed.step_count, 6,
        "the home page counts the steps a clinician can see"
    );
}

#[tokio::test]
async fn unknown_pages_are_404_with_a_friendly_page() {
    let s = TestServer::start().await;
    for path in ["/resources/no-such-resource", "/pathways/no-such-path", "/no/such/page"] {
        let (status, html) = s.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("We couldn't find that page"), "{path}");
        assert!(html.contains("href=\"/resources\""));
    }
}

#[tokio::test]
async fn markdown_bodies_are_sanitized_on_the_page() {
    let s = TestServer::start().await;
    let hostile = serde_json::json!({"format": "champion-hub-catalog", "version": 1, "resources": [{
        "slug": "hostile", "kind": "guide", "title": "<script>alert('t')</script>", "summary": "<img src=x onerror=alert(1)>",
        "body": "Hello <script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(2)> [d](data:text/html,hi)"
    }]});
    hub::catalog::import::import(&s.pool, hostile.to_string().as_bytes())
        .await
        .unwrap();
    let (status, html) = s.get("/resources/hostile").await;
    assert_eq!(status, 200);
    // Parsed as a browser would: inside <main>, no script element, no event-handler attribute,
    // no javascript: or data: address. (The hydration data after <main> is JSON with `<` escaped.)
    let doc = scraper::Html::parse_document(&html);
    let main = doc
        .select(&scraper::Selector::parse("main").unwrap())
        .next()
        .expect("a main element");
    for el in main.descendants().filter_map(scraper::ElementRef::wrap) {
        if el.value().name() == "script" {
            // The page's own schema.org data block, which browsers never run, and nothing else.
            assert_eq!(
                el.value().attr("type"),
                Some("application/ld+json"),
                "script reached the page"
            );
            let data: serde_json::Value = serde_json::from_str(&el.inner_html()).expect("JSON-LD parses");
            assert_eq!(
                data["name"], "<script>alert('t')</script>",
                "the title is data, not markup"
            );
            continue;
        }
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name} reached the page");
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !v.starts_with("javascript:") && !v.starts_with("data:"),
                "{name}={value} reached the page"
            );
        }
    }
    let h1: String = main
        .select(&scraper::Selector::parse("h1").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "<script>alert('t')</script>", "the title is shown as text");
    assert!(!html.contains("</script>alert"), "hydration data must escape `<`");
}

/// Every rule of `css` that sits inside a style rule (`line: selector`). The stylesheet is plain
/// CSS: only at-rules such as `@media` hold rules. A style rule left open (a lost `}`) makes
/// every rule after it a nested rule that matches nothing; once, half the pages' styles were
/// silently gone that way.
fn rules_inside_style_rules(css: &str) -> Vec<String> {
    use cssparser::{ParseError, Parser, Token};

    fn walk(parser: &mut Parser, in_style_rule: bool, found: &mut Vec<String>) {
        let mut start = parser.position();
        // The rule's first token: an at-keyword's name, or None for a style rule's selector.
        let mut first: Option<Option<String>> = None;
        while let Ok(token) = parser.next_including_whitespace_and_comments().cloned() {
            match token {
                Token::WhiteSpace(_) | Token::Comment(_) => {}
                Token::CurlyBracketBlock => {
                    if in_style_rule {
                        let line = parser.current_source_location().line + 1;
                        let prelude = parser.slice_from(start).trim_end_matches('{').trim().to_string();
                        found.push(format!("{line}: {}", prelude.lines().last().unwrap_or_default()));
                    }
                    // @media, @supports and the like hold rules; style rules, @font-face and
                    // @page hold declarations.
                    let holds_rules = matches!(&first, Some(Some(name)) if name != "font-face" && name != "page");
                    let _ = parser.parse_nested_block(|nested| {
                        walk(nested, !holds_rules, found);
                        Ok::<(), ParseError<()>>(())
                    });
                    start = parser.position();
                    first = None;
                }
                Token::Semicolon => {
                    start = parser.position();
                    first = None;
                }
                other => {
                    if first.is_none() {
                        first = Some(match other {
                            Token::AtKeyword(name) => Some(name.to_string()),
                            _ => None,
                        });
                    }
                }
            }
        }
    }

    let mut parser = Parser::new(css);
    let mut found = Vec::new();
    walk(&mut parser, false, &mut found);
    found
}

#[test]
fn the_stylesheet_is_plain_css_with_every_rule_closed() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css")).unwrap();
    assert_eq!(rules_inside_style_rules(&css), Vec::<String>::new());
    // The check itself: a lost brace is found, and @media is not mistaken for one.
    let broken =
        ".a {\n  color: red;\n\n.b {\n  color: blue;\n}\n\n@media (width > 1px) {\n  .c { color: green; }\n}\n";
    assert_eq!(
        rules_inside_style_rules(broken).len(),
        2,
        "{:?}",
        rules_inside_style_rules(broken)
    );
    assert!(rules_inside_style_rules(".a { color: red; }\n@media print { .b { color: blue; } }").is_empty());
}

/// A catalog with a long topic vocabulary and many pages: the page carries the common topics and
/// a few page links, and the rest one click away; the API still answers every value.
#[tokio::test]
async fn long_filters_and_long_lists_stay_light() {
    let s = TestServer::start().await;
    // 150 guides over 40 topics, from topic-01 on 24 of them to topic-40 on one.
    let resources: Vec<_> = (0..150)
        .map(|i| {
            let topic = 1 + i * i * 40 / (150 * 150);
            serde_json::json!({"slug": format!("guide-{i:03}"), "kind": "guide",
                "title": format!("Guide {i:03}"), "summary": "A guide.",
                "topics": [format!("topic-{topic:02}")]})
        })
        .collect();
    let catalog = serde_json::json!({"format": "champion-hub-catalog", "version": 1, "resources": resources});
    hub::catalog::import::import(&s.pool, catalog.to_string().as_bytes())
        .await
        .unwrap();
    s.search.catch_up(&s.pool).await.unwrap();
    let (status, api) = s.get_json("/api/v1/resources").await;
    assert_eq!(status, 200);
    let pages = (api["total"].as_i64().unwrap() + 11) / 12;
    assert!(pages >= 11, "{pages}");
    let (status, refused) = s.get_json("/api/v1/resources?more=topic").await;
    assert_eq!(status, 400, "the API has no cut lists to open: {refused}");
    let (_, searched) = s.get_json("/api/v1/search?q=guide").await;
    let every = searched["facets"]["topic"].as_object().unwrap().len();
    assert!(every >= 40, "the search API counts every topic: {every}");

    let topic_boxes = |html: &str| count(html, "name=\"topic\"");
    let (status, html) = s.get("/resources").await;
    assert_eq!(status, 200);
    assert_eq!(
        topic_boxes(&html),
        app::model::FACET_COMMON_VALUES,
        "the common topics only"
    );
    let all = html
        .split("href=\"/resources?more=topic\" class=\"facet__more\">All ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| {
            panic!(
                "a link to every topic, saying how many: {}",
                &html[html.find("facet__more").unwrap_or(0)..][..300]
            )
        });
    assert!(all >= every, "{all} topics in all, {every} among the guides");
    assert!(html.contains("value=\"topic-01\""), "the most common topic is shown");
    assert!(!html.contains("value=\"topic-40\""), "the rarest is not");
    // The first three pages, a gap, the last.
    assert_eq!(count(&html, "aria-label=\"Page "), 4, "page links");
    assert!(html.contains(&format!("aria-label=\"Page {pages}\"")));
    assert!(html.contains("pages left out"));

    let (_, full) = s.get("/resources?more=topic&page=7").await;
    assert_eq!(topic_boxes(&full), all, "every topic when asked");
    assert!(full.contains("href=\"/resources\" class=\"facet__more\">Only the most common</a>"));
    assert!(
        full.contains("name=\"more\" value=\"topic\""),
        "ticking a box keeps the list open"
    );
    assert_eq!(count(&full, "aria-label=\"Page "), 7, "1 … 5 6 7 8 9 … last");
    assert!(
        full.contains("href=\"/resources?more=topic&amp;page=8\""),
        "pages keep the list open"
    );

    let (_, chosen) = s.get("/resources?topic=topic-40").await;
    assert!(
        chosen.contains("value=\"topic-40\" checked"),
        "a chosen rare topic stays in sight"
    );

    let (_, found) = s.get("/search?q=guide").await;
    assert!(
        found.contains("href=\"/search?q=guide&amp;more=topic\" class=\"facet__more\">All"),
        "search cuts its filters too"
    );
    let (status, bad) = s.get("/resources?more=kind").await;
    assert_eq!(status, 400);
    assert!(bad.contains("no filter"), "a clear message");
}

/// Public pages are kept for visitors without a session (`web::middleware::page_cache`): the
/// second visit is the kept page with a nonce of its own; a change to the catalog, made through
/// the server or behind its back, shows on the next visit (within a poll for the latter); and
/// a signed-in learner always gets a page of their own.
#[tokio::test]
async fn public_pages_are_kept_for_visitors_without_a_session_until_the_catalog_moves() {
    let s = TestServer::start().await;
    let path = "/resources/palliative-care-module-series-part-1";
    let visit = |path: String| {
        let client = reqwest::Client::new();
        let url = format!("{}{path}", s.base);
        async move {
            let resp = client.get(url).send().await.unwrap();
            let cache = resp
                .headers()
                .get("x-page-cache")
                .map(|v| v.to_str().unwrap().to_string());
            (cache, resp.text().await.unwrap())
        }
    };
    let (first, before) = visit(path.into()).await;
    let (second, again) = visit(path.into()).await;
    assert_eq!((first.as_deref(), second.as_deref()), (Some("miss"), Some("hit")));
    assert_ne!(before, again, "each answer has its own nonce");
    assert_eq!(before, strip_nonce(&again, &before), "and is otherwise the same page");
    // Another address is another page.
    assert_eq!(visit("/resources?kind=course".into()).await.0.as_deref(), Some("miss"));
    assert_eq!(visit("/resources?kind=course".into()).await.0.as_deref(), Some("hit"));

    // A search is kept too, and still counted for the admins at every visit, each visit with
    // its own token in its result links.
    let (first, searched) = visit("/search?q=pain".into()).await;
    let (second, again) = visit("/search?q=pain".into()).await;
    assert_eq!((first.as_deref(), second.as_deref()), (Some("miss"), Some("hit")));
    let tokens: Vec<String> = sqlx::query_scalar("SELECT token FROM search_log WHERE query = 'pain'")
        .fetch_all(&s.pool)
        .await
        .unwrap();
    assert_eq!(tokens.len(), 2, "both visits counted");
    let carries = |page: &str| {
        tokens
            .iter()
            .filter(|t| page.contains(&format!("/search/opened/{t}/")))
            .count()
    };
    assert_eq!((carries(&searched), carries(&again)), (1, 1), "one token each");
    assert_ne!(strip_nonce(&searched, &again), again, "not the same token");
    // A later page is kept and not counted (its search was counted on its first page).
    assert_eq!(visit("/search?q=care&page=2".into()).await.0.as_deref(), Some("miss"));
    assert_eq!(visit("/search?q=care&page=2".into()).await.0.as_deref(), Some("hit"));
    let care: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM search_log WHERE query = 'care'")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(care, 0);

    // Signed in: the page is the learner's own, never the kept one.
    let learner = s.signed_in("kept@example.org", "a long enough password", false).await;
    let mine = learner.get(format!("{}{path}", s.base)).send().await.unwrap();
    assert!(mine.headers().get("x-page-cache").is_none());
    let mine = mine.text().await.unwrap();
    assert!(
        !mine.contains("to bookmark this and track your progress"),
        "the learner's panel"
    );
    assert!(
        before.contains("to bookmark this and track your progress"),
        "the visitor's invitation"
    );

    // Behind the server's back (another replica, the command line): within a poll.
    sqlx::query(
        "UPDATE resources SET title = 'Module Series, Renamed' WHERE slug = 'palliative-care-module-series-part-1'",
    )
    .execute(&s.pool)
    .await
    .unwrap();
    let mut renamed = false;
    for _ in 0..50 {
        if visit(path.into()).await.1.contains("Module Series, Renamed") {
            renamed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(renamed, "a kept page follows a change to its resource");
    // Withdrawn: gone from the next visit, not served from what was kept.
    sqlx::query("UPDATE resources SET status = 'draft' WHERE slug = 'palliative-care-module-series-part-1'")
        .execute(&s.pool)
        .await
        .unwrap();
    let mut gone = false;
    for _ in 0..50 {
        let resp = reqwest::get(format!("{}{path}", s.base)).await.unwrap();
        if resp.status() == 404 {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(gone, "a withdrawn resource's kept page is not served");
}
