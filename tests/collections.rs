//! Collections: a learner curates a named, ordered list of resources with a note on each, and
//! shares it by a secret link or with a team they are in. Readers see it; only its owner
//! changes it; anyone else never learns it exists.

use crate::support;

use app::model::collection::{CollectionChange, NOTE_MAX};
use hub::collections::{self, entries, sharing, store};
use hub::teams::{self, invites, members};
use hub::HubError;
use serde_json::Value;
use support::people::{field_value, get, get_json, person, post_form, token_of};
use support::TestServer;

const SERIES: &str = "palliative-care-module-series-part-1";
const COURSE: &str = "core-practice-of-palliative-care";

/// The slugs of a collection's entries, in order, as the API shows them.
fn slugs(view: &Value) -> Vec<String> {
    view["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["slug"].as_str().expect("slug").to_string())
        .collect()
}

fn is_bad_request(result: Result<(), HubError>, param: &str) -> bool {
    matches!(result, Err(HubError::BadRequest { param: p, .. }) if p == param)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_learner_curates_an_ordered_list_with_notes() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (ana, ana_client) = person(&server, "Ana Curator", false).await;
    let (_, other) = person(&server, "Otto Other", false).await;

    // Three resources from the seed catalog, by slug.
    let third: String = sqlx::query_scalar(
        "SELECT slug FROM resources WHERE status = 'published' AND slug NOT IN ($1, $2) ORDER BY slug LIMIT 1",
    )
    .bind(SERIES)
    .bind(COURSE)
    .fetch_one(pool)
    .await
    .unwrap();

    // Bad input is refused by field and changes nothing.
    assert!(matches!(
        store::create(pool, ana, "   ").await,
        Err(HubError::BadRequest { param, .. }) if param == "name"
    ));
    let id = store::create(pool, ana, "  Starting out on 4 West ")
        .await
        .expect("created");
    assert!(is_bad_request(
        entries::add(pool, id, ana, "no-such-resource", "").await,
        "slug"
    ));
    assert!(is_bad_request(
        entries::add(pool, id, ana, SERIES, &"x".repeat(NOTE_MAX + 1)).await,
        "note"
    ));

    entries::add(pool, id, ana, SERIES, "Start here: the basics, with a quiz.")
        .await
        .unwrap();
    entries::add(pool, id, ana, COURSE, "").await.unwrap();
    entries::add(pool, id, ana, &third, "Line one\r\nline two")
        .await
        .unwrap();
    assert!(
        is_bad_request(entries::add(pool, id, ana, COURSE, "again").await, "slug"),
        "a resource is in a collection once"
    );

    let (status, view) = get_json(&ana_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["name"], "Starting out on 4 West");
    assert_eq!(view["mine"], true);
    assert_eq!(slugs(&view), [SERIES, COURSE, third.as_str()]);
    assert_eq!(view["entries"][0]["note"], "Start here: the basics, with a quiz.");
    assert_eq!(view["entries"][2]["note"], "Line one\nline two");
    assert_eq!(
        view["entries"][0]["resource"]["slug"], SERIES,
        "each entry carries its card"
    );
    assert!(
        view["choices"].as_array().unwrap().iter().all(|c| c["slug"] != SERIES),
        "what is in it is not offered again"
    );

    // Reordering: the last moves up, the first moves up (nowhere), the first moves down.
    entries::shift(pool, id, ana, &third, true).await.unwrap();
    entries::shift(pool, id, ana, SERIES, true).await.unwrap();
    entries::shift(pool, id, ana, SERIES, false).await.unwrap();
    let (_, view) = get_json(&ana_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(slugs(&view), [third.as_str(), SERIES, COURSE]);

    // Notes change or go; entries come out.
    entries::set_note(pool, id, ana, COURSE, "Book early: it fills.")
        .await
        .unwrap();
    entries::set_note(pool, id, ana, SERIES, "  ").await.unwrap();
    assert!(is_bad_request(
        entries::set_note(pool, id, ana, "not-in-it", "x").await,
        "slug"
    ));
    entries::remove(pool, id, ana, &third).await.unwrap();
    let (_, view) = get_json(&ana_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(slugs(&view), [SERIES, COURSE]);
    assert_eq!(view["entries"][0]["note"], "");
    assert_eq!(view["entries"][1]["note"], "Book early: it fills.");

    // The page, rendered on the server, shows it in order with its notes and the owner's forms.
    let (status, page) = get(&ana_client, &server, &format!("/collections/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Starting out on 4 West") && page.contains("Book early: it fills."));
    assert!(page.contains("Move up") && page.contains("Take out") && page.contains("Make a link"));

    // A resource's page says which of the learner's collections hold it, and offers the others.
    let other_id = store::create(pool, ana, "Journal club").await.unwrap();
    let (_, page) = get(&ana_client, &server, &format!("/resources/{COURSE}")).await;
    assert!(page.contains("In your collections:") && page.contains(&format!(r#"href="/collections/{id}""#)));
    assert!(page.contains(r#"id="add-to-collection""#) && page.contains(&format!(r#"value="{other_id}""#)));
    let (status, body) = post_form(
        &ana_client,
        &server,
        "add_to_collection",
        &format!("collection={other_id}&slug={COURSE}&note=Week%201"),
    )
    .await;
    assert!(status < 400, "{status}: {body}");
    let (_, club) = get_json(&ana_client, &server, &format!("/api/v1/collections/{other_id}")).await;
    assert_eq!(club["entries"][0]["note"], "Week 1");
    store::delete(pool, other_id, ana).await.unwrap();

    // The forms the page posts, as the wasm posts them: a bad one is refused by field.
    let (status, body) = post_form(
        &ana_client,
        &server,
        "rename_collection",
        &format!("collection={id}&name=%20"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = post_form(
        &ana_client,
        &server,
        "move_in_collection",
        &format!("collection={id}&slug={COURSE}&up=true"),
    )
    .await;
    assert!(status < 400, "{status}: {body}");
    let (_, view) = get_json(&ana_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(slugs(&view), [COURSE, SERIES]);
    assert_eq!(
        view["name"], "Starting out on 4 West",
        "the refused rename changed nothing"
    );

    // A learner keeps up to COLLECTIONS_MAX collections: one more is refused by its field, and
    // none is made.
    let (cy, _) = person(&server, "Cy Collector", false).await;
    for i in 0..app::model::collection::COLLECTIONS_MAX {
        store::create(pool, cy, &format!("List {i}")).await.unwrap();
    }
    assert!(matches!(
        store::create(pool, cy, "One too many").await,
        Err(HubError::BadRequest { param, .. }) if param == "name"
    ));
    assert_eq!(
        store::list(pool, cy).await.unwrap().mine.len(),
        app::model::collection::COLLECTIONS_MAX
    );

    // Someone else: it does not exist for them, as a page, over the API, or to change.
    let (status, _) = get(&other, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 404);
    let (status, _) = get(&other, &server, &format!("/collections/{id}")).await;
    assert_eq!(status, 404);
    let (status, _) = post_form(
        &other,
        &server,
        "remove_from_collection",
        &format!("collection={id}&slug={SERIES}"),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = get(&TestServer::browser(), &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 401);

    // A resource that leaves the catalog: its owner still sees the entry, to take it out.
    hub::admin::resources::trash(pool, &server.search, &hub::audit::Actor::command_line(), SERIES)
        .await
        .unwrap();
    let (_, view) = get_json(&ana_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(slugs(&view), [COURSE, SERIES]);
    assert_eq!(view["entries"][1]["resource"], Value::Null);
    let (_, list) = get_json(&ana_client, &server, "/api/v1/me/collections").await;
    assert_eq!(list["mine"][0]["entries"], 1, "the count is of what is in the catalog");

    // Renamed, then deleted with everything in it.
    collections::change(
        pool,
        id,
        ana,
        CollectionChange::Rename {
            name: "4 West reading".into(),
        },
    )
    .await
    .unwrap();
    let (_, list) = get_json(&ana_client, &server, "/api/v1/me/collections").await;
    assert_eq!(list["mine"][0]["name"], "4 West reading");
    store::delete(pool, id, ana).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM collection_entries WHERE collection_id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let (status, _) = get(&ana_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_link_shares_a_collection_until_it_is_stopped() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (ana, ana_client) = person(&server, "Ana Curator", true).await;
    let id = store::create(pool, ana, "Journal club").await.unwrap();
    entries::add(pool, id, ana, COURSE, "For the March meeting.")
        .await
        .unwrap();
    let ward = teams::store::create(pool, ana, "Ana's ward").await.unwrap();
    sharing::set_team(pool, id, ana, Some(ward)).await.unwrap();

    // Made from the collection's page, the link is shown once, on the page the form returns to.
    let (status, body) = post_form(
        &ana_client,
        &server,
        "set_collection_link",
        &format!("collection={id}&on=true"),
    )
    .await;
    assert!(status < 400, "{status}: {body}");
    let (_, page) = get(&ana_client, &server, &format!("/collections/{id}")).await;
    let link = field_value(&page, "collection-link");
    assert!(
        link.starts_with(&format!("{}/collections/shared/", server.base)),
        "{link}"
    );
    let token = token_of(&link);
    let (_, page) = get(&ana_client, &server, &format!("/collections/{id}")).await;
    assert!(!page.contains(&token), "the address is not shown twice");
    assert!(page.contains("A link is on."), "{page}");
    // The hub keeps only its digest.
    let stored: String = sqlx::query_scalar("SELECT share_token FROM collections WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(stored, hub::secret::digest(&token));
    let (_, view) = get_json(&ana_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(view["team"]["name"], "Ana's ward");
    assert_eq!(view["link_on"], true);
    assert_eq!(view["link"], Value::Null);

    // Anyone holding it reads it, signed in or not: the entries and notes, nothing of the owner's.
    let anonymous = TestServer::browser();
    let (status, shared) = get_json(&anonymous, &server, &format!("/api/v1/collections/shared/{token}")).await;
    assert_eq!(status, 200, "{shared}");
    assert_eq!(shared["name"], "Journal club");
    assert_eq!(shared["mine"], false);
    assert_eq!(shared["entries"][0]["note"], "For the March meeting.");
    assert_eq!(shared["link"], Value::Null);
    assert_eq!(shared["choices"], serde_json::json!([]));
    assert_eq!(shared["team"], Value::Null, "a link holder is not told the team");
    let (status, page) = get(&anonymous, &server, &format!("/collections/shared/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Journal club") && page.contains("For the March meeting."));
    assert!(
        page.contains("noindex"),
        "a secret link's page is kept out of search engines"
    );
    assert!(!page.contains("Take out"), "no owner's controls for a reader");
    // The link is not a key to the collection's own address.
    let (status, _) = get(&anonymous, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 401);

    // A new link ends the old one; stopping ends the new one.
    let second = sharing::set_link(pool, id, ana, true)
        .await
        .unwrap()
        .expect("a new token");
    let (status, _) = get(&anonymous, &server, &format!("/api/v1/collections/shared/{token}")).await;
    assert_eq!(status, 404);
    let (status, page) = get(&anonymous, &server, &format!("/collections/shared/{token}")).await;
    assert_eq!(status, 404);
    assert!(
        page.contains("This collection link doesn&#x27;t work") || page.contains("This collection link doesn't work")
    );
    assert_ne!(second, token);
    let (status, _) = get(&anonymous, &server, &format!("/api/v1/collections/shared/{second}")).await;
    assert_eq!(status, 200);
    let (status, body) = post_form(
        &ana_client,
        &server,
        "set_collection_link",
        &format!("collection={id}&on=false"),
    )
    .await;
    assert!(status < 400, "{status}: {body}");
    let (status, _) = get(&anonymous, &server, &format!("/api/v1/collections/shared/{second}")).await;
    assert_eq!(status, 404);
    let (status, _) = get(&anonymous, &server, "/api/v1/collections/shared/not-a-token").await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_team_reads_what_a_member_shares_with_it_and_nobody_else_does() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (rosa, rosa_client) = person(&server, "Rosa Champion", true).await;
    let (bea, bea_client) = person(&server, "Bea Member", false).await;
    let (cy, cy_client) = person(&server, "Cy Member", false).await;
    let (otto, otto_client) = person(&server, "Otto Outsider", true).await;
    let team = teams::store::create(pool, rosa, "4 West").await.unwrap();
    let token = support::people::new_invite(pool, team, rosa, 7).await;
    invites::join(pool, &token, bea, false).await.unwrap();
    invites::join(pool, &token, cy, false).await.unwrap();
    let others = teams::store::create(pool, otto, "Otto's team").await.unwrap();

    let id = store::create(pool, bea, "Night shift essentials").await.unwrap();
    entries::add(pool, id, bea, SERIES, "Do part 1 first.").await.unwrap();
    // Only with a team she is in; the answer does not say whether the other team exists.
    assert!(is_bad_request(
        sharing::set_team(pool, id, bea, Some(others)).await,
        "team"
    ));
    assert!(is_bad_request(
        sharing::set_team(pool, id, bea, Some(999_999)).await,
        "team"
    ));
    let (status, body) = post_form(
        &bea_client,
        &server,
        "share_collection",
        &format!("collection={id}&team={team}"),
    )
    .await;
    assert!(status < 400, "{status}: {body}");

    // The champion and the other member see it, on the dashboard and over the API, read only.
    for client in [&rosa_client, &cy_client] {
        let (_, list) = get_json(client, &server, "/api/v1/me/collections").await;
        assert_eq!(list["shared_with_me"][0]["name"], "Night shift essentials", "{list}");
        assert_eq!(list["shared_with_me"][0]["owner_name"], "Bea Member");
        assert_eq!(list["shared_with_me"][0]["team"]["name"], "4 West");
        let (status, page) = get(client, &server, "/me").await;
        assert_eq!(status, 200);
        assert!(page.contains("Shared with your teams") && page.contains("Night shift essentials"));
        let (status, view) = get_json(client, &server, &format!("/api/v1/collections/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(view["mine"], false);
        assert_eq!(view["entries"][0]["note"], "Do part 1 first.");
        assert_eq!(
            view["teams"],
            serde_json::json!([]),
            "a reader is not shown the owner's teams"
        );
        let (status, _) = post_form(
            client,
            &server,
            "remove_from_collection",
            &format!("collection={id}&slug={SERIES}"),
        )
        .await;
        assert_eq!(status, 403, "a reader may not change it");
    }
    assert!(matches!(
        entries::remove(pool, id, rosa, SERIES).await,
        Err(HubError::Forbidden(_))
    ));
    let (_, view) = get_json(&bea_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(slugs(&view), [SERIES], "nothing a reader tried changed it");

    // Someone outside the team never sees it.
    let (_, list) = get_json(&otto_client, &server, "/api/v1/me/collections").await;
    assert_eq!(list["shared_with_me"], serde_json::json!([]));
    let (status, _) = get(&otto_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 404);

    // A reader who leaves the team loses it; so does everyone when its owner leaves.
    members::leave(pool, team, cy).await.unwrap();
    let (status, _) = get(&cy_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 404);
    members::leave(pool, team, bea).await.unwrap();
    let (status, _) = get(&rosa_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 404);
    let (_, list) = get_json(&rosa_client, &server, "/api/v1/me/collections").await;
    assert_eq!(list["shared_with_me"], serde_json::json!([]));
    // Bea keeps her collection, no longer shared with the team she left.
    let (status, view) = get_json(&bea_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(view["entries"][0]["note"], "Do part 1 first.");
    assert_eq!(view["team"], Value::Null);

    // Back in the team, she shares it again; when the team is deleted, it is shared with none.
    invites::join(pool, &token, bea, false).await.unwrap();
    let (status, _) = get(&rosa_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 404, "rejoining does not share it by itself");
    sharing::set_team(pool, id, bea, Some(team)).await.unwrap();
    let (status, _) = get(&rosa_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(status, 200);
    teams::store::delete(pool, team, rosa).await.unwrap();
    let (_, view) = get_json(&bea_client, &server, &format!("/api/v1/collections/{id}")).await;
    assert_eq!(view["team"], Value::Null);
}
