//! Teams: a champion creates one, colleagues join through an expiring invite link and choose
//! whether to share their progress, and the champion sees only what was shared (the rest as a
//! count), on the page, over the API and in the CSV. Outsiders never learn the team exists.

use crate::support;

use app::model::team::FocusKind;
use app::model::Status;
use hub::accounts::store;
use hub::progress::units;
use hub::teams::{self, focus, invites, members};
use support::people::{get, get_json, new_invite, person, post_form, token_of};
use support::TestServer;

const SERIES: &str = "palliative-care-module-series-part-1";
const PATHWAY: &str = "champion-starter-path";

#[tokio::test(flavor = "multi_thread")]
async fn the_champion_sees_only_what_members_share() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (lead, lead_client) = person(&server, "Rosa Champion", true).await;
    let (bea, bea_client) = person(&server, "Bea Sharer", false).await;
    let (quinn, quinn_client) = person(&server, "Quinn Private", false).await;
    let (_, outsider) = person(&server, "Otto Outsider", false).await;

    // Only champions lead: a learner who has not taken the pledge is told how.
    let refused = teams::store::create(pool, bea, "Bea's team").await.unwrap_err();
    assert!(matches!(refused, hub::HubError::Forbidden(_)), "{refused:?}");
    let team = teams::store::create(pool, lead, "  4 West nursing ")
        .await
        .expect("team");
    let invite = invites::create(pool, team, lead, 7, "http://hub.test")
        .await
        .expect("invite");
    let url = invite.url.clone().expect("a new link carries its address");
    assert!(url.starts_with("http://hub.test/teams/join/"));
    let token = token_of(&url);
    // The hub keeps only the token's digest: a leaked backup opens no team.
    let stored: String = sqlx::query_scalar("SELECT invite_token FROM teams WHERE id = $1")
        .bind(team)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(stored, hub::secret::digest(&token));
    assert!(
        invites::current(pool, team).await.unwrap().unwrap().url.is_none(),
        "shown once"
    );

    focus::set(pool, team, lead, FocusKind::Resource, SERIES, true)
        .await
        .expect("follow the series");
    focus::set(pool, team, lead, FocusKind::Pathway, PATHWAY, true)
        .await
        .expect("follow the pathway");
    let unknown = focus::set(pool, team, lead, FocusKind::Resource, "no-such-thing", true).await;
    assert!(matches!(unknown, Err(hub::HubError::BadRequest { .. })), "{unknown:?}");

    // Bea shares; Quinn joins with sharing off (the default of the join form).
    assert_eq!(invites::join(pool, &token, bea, true).await.expect("bea joins"), team);
    assert_eq!(
        invites::join(pool, &token, quinn, false).await.expect("quinn joins"),
        team
    );
    // Joining again changes nothing, not even the sharing choice.
    invites::join(pool, &token, quinn, true)
        .await
        .expect("joining twice is harmless");
    for who in [bea, quinn] {
        units::record(pool, who, SERIES, "presentation-1", Status::Completed)
            .await
            .expect("progress");
    }
    units::record(pool, quinn, SERIES, "presentation-2", Status::Completed)
        .await
        .expect("progress");

    // The API: Bea by name with her figure; Quinn only as a count.
    let (status, progress) = get_json(&lead_client, &server, &format!("/api/v1/teams/{team}/progress")).await;
    assert_eq!(status, 200, "{progress}");
    assert_eq!(progress["sharing"], serde_json::json!(["Bea Sharer"]));
    assert_eq!(progress["not_sharing"], 1);
    let series = &progress["focus"][0];
    assert_eq!(series["slug"], SERIES);
    assert_eq!(series["members"][0]["name"], "Bea Sharer");
    assert_eq!(series["members"][0]["percent"], 14, "1 of 7 items");
    assert_eq!(
        (series["started"].as_u64(), series["finished"].as_u64()),
        (Some(1), Some(0))
    );
    let text = progress.to_string();
    assert!(
        !text.contains("Quinn"),
        "the champion sees nothing of a member who does not share: {text}"
    );
    assert!(
        !text.contains("28"),
        "Quinn's 2 of 7 shows nowhere, not even in totals: {text}"
    );

    // The CSV says the same.
    let resp = lead_client
        .get(format!("{}/api/v1/teams/{team}/progress?format=csv", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = resp.text().await.unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        rows.headers().unwrap().iter().collect::<Vec<_>>(),
        teams::report::CSV_COLUMNS.to_vec()
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one sharing member times two followed things: {csv}");
    assert_eq!(&rows[0][0], "Bea Sharer");
    assert_eq!((&rows[0][4], &rows[0][5]), ("14", "started"));
    assert!(!csv.contains("Quinn"));

    // The champion's page: progress bars for Bea, Quinn as a count.
    let (status, page) = get(&lead_client, &server, &format!("/teams/{team}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("4 West nursing") && page.contains("Bea Sharer") && page.contains("<progress"));
    assert!(
        page.contains("1 member does not"),
        "the count of members who don't share"
    );
    assert!(!page.contains("Quinn"), "no name of a member who does not share");
    // The link was made outside the page: the page says one is out, without its address,
    // which the hub does not keep.
    assert!(
        !page.contains(&format!("/teams/join/{token}")),
        "the address is never shown again"
    );
    assert!(page.contains("An invite link is active."), "{page}");

    // Quinn turns sharing on, and shows; off again, and is gone.
    members::set_sharing(pool, team, quinn, true).await.unwrap();
    let (_, progress) = get_json(&lead_client, &server, &format!("/api/v1/teams/{team}/progress")).await;
    assert_eq!(progress["sharing"], serde_json::json!(["Bea Sharer", "Quinn Private"]));
    assert_eq!(progress["focus"][0]["members"][1]["percent"], 28);
    members::set_sharing(pool, team, quinn, false).await.unwrap();
    let (_, progress) = get_json(&lead_client, &server, &format!("/api/v1/teams/{team}/progress")).await;
    assert!(!progress.to_string().contains("Quinn"));

    // A member sees the team, their own choice and what it follows; never the others' progress
    // nor the invite.
    let (status, view) = get_json(&bea_client, &server, &format!("/api/v1/teams/{team}")).await;
    assert_eq!(status, 200);
    assert_eq!(view["sharing"], true);
    assert!(view["progress"].is_null() && view["invite"].is_null(), "{view}");
    assert_eq!(view["following"].as_array().map(Vec::len), Some(2));
    for (who, client) in [("Bea", &bea_client), ("Quinn", &quinn_client)] {
        let (status, _) = get(client, &server, &format!("/api/v1/teams/{team}/progress")).await;
        assert_eq!(status, 403, "{who}, a member, may not read the team's progress");
        let (status, page) = get(client, &server, &format!("/teams/{team}")).await;
        assert_eq!(status, 200);
        assert!(!page.contains("<progress") && !page.contains(&token), "{who}'s page");
    }
    // Outsiders and strangers: not found, as if there were no team.
    for path in [
        format!("/api/v1/teams/{team}"),
        format!("/api/v1/teams/{team}/progress"),
    ] {
        assert_eq!(get(&outsider, &server, &path).await.0, 404, "{path}");
        assert_eq!(get(&TestServer::browser(), &server, &path).await.0, 401, "{path}");
    }
    let (status, page) = get(&outsider, &server, &format!("/teams/{team}")).await;
    assert_eq!(status, 404);
    assert!(!page.contains("4 West nursing"));
    // A member cannot change the team.
    let changed = focus::set(pool, team, bea, FocusKind::Pathway, PATHWAY, false).await;
    assert!(matches!(changed, Err(hub::HubError::Forbidden(_))), "{changed:?}");
    assert!(matches!(
        invites::create(pool, team, bea, 7, "").await,
        Err(hub::HubError::Forbidden(_))
    ));

    // Everyone's list.
    let (_, mine) = get_json(&lead_client, &server, "/api/v1/me/teams").await;
    assert_eq!(mine["teams"][0]["name"], "4 West nursing");
    assert_eq!(mine["teams"][0]["leading"], true);
    assert_eq!(mine["teams"][0]["members"], 2);
    let (_, theirs) = get_json(&quinn_client, &server, "/api/v1/me/teams").await;
    assert_eq!(theirs["teams"][0]["leading"], false);
    assert_eq!(theirs["teams"][0]["sharing"], false);
    assert_eq!(theirs["can_lead"], false);
    let (_, none) = get_json(&outsider, &server, "/api/v1/me/teams").await;
    assert_eq!(none["teams"], serde_json::json!([]));
    // Their dashboards list them too.
    let (status, dashboard) = get(&quinn_client, &server, "/me").await;
    assert_eq!(status, 200);
    assert!(dashboard.contains("Your teams") && dashboard.contains(&format!("/teams/{team}")));
    assert!(dashboard.contains("led by Rosa Champion"));
}

#[tokio::test(flavor = "multi_thread")]
async fn invite_links_expire_and_a_new_link_or_a_stop_ends_the_old_one() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (lead, _) = person(&server, "Rosa Champion", true).await;
    let (ana, ana_client) = person(&server, "Ana Newcomer", false).await;
    let team = teams::store::create(pool, lead, "Journal club").await.unwrap();

    for days in [0, 31] {
        let refused = invites::create(pool, team, lead, days, "").await;
        assert!(
            matches!(refused, Err(hub::HubError::BadRequest { .. })),
            "{days} days: {refused:?}"
        );
    }
    let first = new_invite(pool, team, lead, 1).await;

    // A day later (the clock moved by hand): the link is expired, says so, and lets nobody in.
    sqlx::query("UPDATE teams SET invite_expires_at = '2020-01-01T00:00:00.000Z' WHERE id = $1")
        .bind(team)
        .execute(pool)
        .await
        .unwrap();
    let preview = invites::preview(pool, &first, Some(ana)).await.unwrap();
    assert!(preview.expired && !preview.already_in);
    let late = invites::join(pool, &first, ana, true).await.unwrap_err();
    assert!(
        late.to_string().contains("expired on 2020-01-01") && late.to_string().contains("Rosa Champion"),
        "{late}"
    );
    let (status, page) = get(&ana_client, &server, &format!("/teams/join/{first}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("expired on January 1, 2020"), "the page says why");
    assert!(
        teams::membership(pool, team, ana).await.is_err(),
        "still not in the team"
    );

    // A new link: the old one is gone, the new one works.
    let second = new_invite(pool, team, lead, 14).await;
    assert!(matches!(
        invites::preview(pool, &first, None).await,
        Err(hub::HubError::NotFound(_))
    ));
    assert!(!invites::preview(pool, &second, None).await.unwrap().expired);
    // Stopped: nobody gets in, and the page says the link doesn't work.
    invites::stop(pool, team, lead).await.unwrap();
    assert!(matches!(
        invites::join(pool, &second, ana, false).await,
        Err(hub::HubError::NotFound(_))
    ));
    let (status, page) = get(&ana_client, &server, &format!("/teams/join/{second}")).await;
    assert_eq!(status, 404);
    assert!(
        page.contains("doesn&#39;t work") || page.contains("doesn't work"),
        "the page says so"
    );
    // Guessed and malformed tokens are the same not-found.
    for bad in ["00000000000000000000000000000000", "../../etc/passwd", "ABCDEF"] {
        assert!(
            matches!(invites::preview(pool, bad, None).await, Err(hub::HubError::NotFound(_))),
            "{bad}"
        );
    }
    // The champion cannot join their own team.
    let third = new_invite(pool, team, lead, 7).await;
    assert!(matches!(
        invites::join(pool, &third, lead, true).await,
        Err(hub::HubError::Conflict(_))
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn joining_through_the_page_works_without_javascript_and_sharing_starts_off() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (lead, _) = person(&server, "Rosa Champion", true).await;
    let team = teams::store::create(pool, lead, "Night shift").await.unwrap();
    let token = new_invite(pool, team, lead, 7).await;

    // Someone without an account sees the team and is sent to sign up, then back here.
    let (status, page) = get(&TestServer::browser(), &server, &format!("/teams/join/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Join Night shift") && page.contains("Rosa Champion invites you"));
    assert!(
        page.contains(&format!("/sign-up?next=%2Fteams%2Fjoin%2F{token}")),
        "sign up and come back"
    );
    assert!(page.contains(r#"name="robots" content="noindex""#));

    // Signed in, the page's form posts (no wasm) to join: redirected to the team, not sharing.
    let (ana, ana_client) = person(&server, "Ana Newcomer", false).await;
    let (_, page) = get(&ana_client, &server, &format!("/teams/join/{token}")).await;
    assert!(page.contains(r#"type="checkbox" id="join-share" name="share""#));
    let checkbox = page
        .split(r#"id="join-share""#)
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or("");
    assert!(
        !checkbox.contains("checked"),
        "sharing is not ticked for them: {checkbox}"
    );
    let path = hub::web::access::server_fn_path("join_team").expect("registered");
    let resp = ana_client
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("origin", &server.base)
        .body(format!("token={token}"))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_redirection(), "{}", resp.status());
    assert_eq!(
        resp.headers()["location"],
        format!("/teams/{team}?done=joined").as_str()
    );
    assert_eq!(
        teams::membership(pool, team, ana).await.unwrap(),
        teams::Membership::Member { sharing: false }
    );
    let (status, page) = get(&ana_client, &server, &format!("/teams/{team}?done=joined")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Welcome to the team") && page.contains("Share my progress with the team"));
}

#[tokio::test(flavor = "multi_thread")]
async fn leaving_and_deleting_keep_every_members_own_progress() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (lead, _) = person(&server, "Rosa Champion", true).await;
    let (bea, _) = person(&server, "Bea Sharer", false).await;
    let (cy, _) = person(&server, "Cy Member", false).await;
    let team = teams::store::create(pool, lead, "Ward 7").await.unwrap();
    let token = new_invite(pool, team, lead, 7).await;
    for who in [bea, cy] {
        invites::join(pool, &token, who, true).await.unwrap();
        units::record(pool, who, SERIES, "presentation-1", Status::Completed)
            .await
            .unwrap();
    }
    // The champion cannot "leave" their own team; a member can.
    assert!(matches!(
        members::leave(pool, team, lead).await,
        Err(hub::HubError::Conflict(_))
    ));
    members::leave(pool, team, bea).await.unwrap();
    assert!(teams::membership(pool, team, bea).await.is_err());
    assert_eq!(
        teams::report::progress(pool, team).await.unwrap().sharing,
        vec!["Cy Member"]
    );
    assert_eq!(
        units::one(pool, bea, SERIES).await.unwrap().completed,
        1,
        "Bea's progress is hers"
    );

    // Deleting the team: a member may not; the champion may. Nobody's progress goes with it.
    assert!(matches!(
        teams::store::delete(pool, team, cy).await,
        Err(hub::HubError::Forbidden(_))
    ));
    teams::store::delete(pool, team, lead).await.unwrap();
    assert!(teams::store::list(pool, cy).await.unwrap().teams.is_empty());
    assert_eq!(units::one(pool, cy, SERIES).await.unwrap().completed, 1);

    // A champion's account going takes their teams; a member's takes only their membership.
    let team = teams::store::create(pool, lead, "Ward 8").await.unwrap();
    let token = new_invite(pool, team, lead, 7).await;
    invites::join(pool, &token, cy, true).await.unwrap();
    store::delete(pool, cy).await.unwrap();
    assert_eq!(teams::store::list(pool, lead).await.unwrap().teams[0].members, 0);
    store::delete(pool, lead).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teams")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn team_names_and_focus_are_checked() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (lead, _) = person(&server, "Rosa Champion", true).await;
    for bad in ["", "   ", "two\nlines"] {
        let refused = teams::store::create(pool, lead, bad).await;
        assert!(
            matches!(refused, Err(hub::HubError::BadRequest { ref param, .. }) if param == "name"),
            "{bad:?}"
        );
    }
    assert!(teams::store::create(pool, lead, &"x".repeat(81)).await.is_err());
    let team = teams::store::create(pool, lead, "Ward 7").await.unwrap();
    // Following twice changes nothing; the order is the order chosen.
    focus::set(pool, team, lead, FocusKind::Pathway, PATHWAY, true)
        .await
        .unwrap();
    focus::set(pool, team, lead, FocusKind::Resource, SERIES, true)
        .await
        .unwrap();
    focus::set(pool, team, lead, FocusKind::Pathway, PATHWAY, true)
        .await
        .unwrap();
    let following = focus::following(pool, team).await.unwrap();
    assert_eq!(
        following.iter().map(|f| f.slug.as_str()).collect::<Vec<_>>(),
        vec![PATHWAY, SERIES]
    );
    // What is followed is no longer offered as a choice.
    let choices = focus::choices(pool, team).await.unwrap();
    assert!(choices.iter().all(|c| c.slug != SERIES && c.slug != PATHWAY));
    assert!(choices.iter().any(|c| c.kind == FocusKind::Pathway));
    focus::set(pool, team, lead, FocusKind::Pathway, PATHWAY, false)
        .await
        .unwrap();
    assert_eq!(focus::following(pool, team).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_champion_changes_the_team_and_a_revoked_champion_leads_no_more() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (lead, lead_client) = person(&server, "Rosa Champion", true).await;
    let (bea, bea_client) = person(&server, "Bea Member", false).await;
    let (_, outsider) = person(&server, "Otto Outsider", false).await;
    let team = teams::store::create(pool, lead, "Ward 7").await.unwrap();
    let token = new_invite(pool, team, lead, 7).await;
    invites::join(pool, &token, bea, true).await.unwrap();

    let changes = [
        (
            "set_team_focus",
            format!("team={team}&item=pathway%3A{PATHWAY}&follow=true"),
        ),
        ("set_team_invite", format!("team={team}&days=7")),
        ("delete_team", format!("team={team}&confirm=on")),
    ];
    for (name, form) in &changes {
        let (status, body) = post_form(&bea_client, &server, name, form).await;
        assert_eq!(status, 403, "{name} as a member: {body}");
        let (status, body) = post_form(&outsider, &server, name, form).await;
        assert_eq!(status, 404, "{name} as an outsider: {body}");
    }
    assert!(
        focus::following(pool, team).await.unwrap().is_empty(),
        "nothing changed"
    );
    // Leaving and sharing are the member's own; the champion cannot.
    let (status, body) = post_form(&lead_client, &server, "leave_team", &format!("team={team}")).await;
    assert_eq!(status, 409, "{body}");
    // The champion's own change goes through.
    let (status, body) = post_form(&lead_client, &server, "set_team_focus", &changes[0].1).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(focus::following(pool, team).await.unwrap().len(), 1);

    // An admin takes the champion role away: the team waits, and its old champion is told why.
    sqlx::query("UPDATE accounts SET champion_since = NULL WHERE id = $1")
        .bind(lead.0)
        .execute(pool)
        .await
        .unwrap();
    let refused = invites::create(pool, team, lead, 7, "").await.unwrap_err();
    assert!(
        matches!(refused, hub::HubError::Forbidden(ref why) if why.contains("no longer a champion")),
        "{refused:?}"
    );
    let (status, _) = get(&lead_client, &server, &format!("/api/v1/teams/{team}/progress")).await;
    assert_eq!(status, 403);
    assert_eq!(
        teams::membership(pool, team, bea).await.unwrap(),
        teams::Membership::Member { sharing: true },
        "its members are still in it"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn links_and_sessions_kept_before_digests_keep_working() {
    let server = TestServer::start().await;
    let pool = &server.pool;
    let (lead, _) = person(&server, "Lena Lead", true).await;
    let team = teams::store::create(pool, lead, "Night shift").await.unwrap();
    invites::create(pool, team, lead, 7, "").await.unwrap();
    // As an older hub stored them: the tokens themselves.
    let (invite, shelf_token, feed) = (hub::secret::token(), hub::secret::token(), hub::secret::token());
    sqlx::query("UPDATE teams SET invite_token = $1 WHERE id = $2")
        .bind(invite.clone())
        .bind(team)
        .execute(pool)
        .await
        .unwrap();
    let shelf = hub::collections::store::create(pool, lead, "Reading").await.unwrap();
    sqlx::query("UPDATE collections SET share_token = $1 WHERE id = $2")
        .bind(shelf_token.clone())
        .bind(shelf)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO calendar_feeds (account_id, token, created_at) VALUES ($1, $2, '2026-01-01T00:00:00.000Z')",
    )
    .bind(lead.0)
    .bind(feed.clone())
    .execute(pool)
    .await
    .unwrap();

    hub::db::migrate(pool).await.unwrap();
    for (sql, token) in [
        ("SELECT invite_token FROM teams WHERE id = $1", (&invite, team)),
        (
            "SELECT share_token FROM collections WHERE id = $1",
            (&shelf_token, shelf),
        ),
    ] {
        let stored: String = sqlx::query_scalar(sql).bind(token.1).fetch_one(pool).await.unwrap();
        assert_eq!(stored, hub::secret::digest(token.0), "{sql}");
    }
    // Every link handed out before still opens what it opened.
    assert_eq!(invites::preview(pool, &invite, None).await.unwrap().team_id, team);
    assert_eq!(
        hub::collections::store::shared(pool, &shelf_token).await.unwrap().id,
        shelf
    );
    assert!(hub::progress::calendar_feed::sessions_for(pool, &feed)
        .await
        .unwrap()
        .is_some());
    // And running it again changes nothing.
    assert_eq!(hub::db::digests::digest_plain_secrets(pool).await.unwrap(), 0);
}
