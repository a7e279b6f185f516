//! Who may use what: one row for every route the hub serves (pages, server functions, the JSON
//! API and the rest), with the least role it needs. The checks themselves sit where the data
//! is (the `SignedIn` and `Admin` extractors, the backends behind server functions); this table
//! is what they must add up to. `tests/authorization.rs` enumerates the router so a route
//! without a row fails, and calls every row as each role to prove the table is what happens.

use axum::http::Method;

/// The least role a route needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in account.
    SignedIn,
    /// A signed-in account that took the champion pledge.
    Champion,
    /// An account with the admin role.
    Admin,
}

/// What kind of route a row is: pages answer a refusal with a page that says so (and its
/// status), the others with an error body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Page,
    /// A server function, named without the hash Leptos appends to its path.
    ServerFn,
    Api,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub kind: Kind,
    pub method: &'static str,
    /// In axum's syntax (`/resources/{slug}`); for server functions, `/rpc/<name>`.
    pub path: &'static str,
    pub who: Who,
}

const fn rule(kind: Kind, method: &'static str, path: &'static str, who: Who) -> Rule {
    Rule {
        kind,
        method,
        path,
        who,
    }
}

use Kind::{Api, Other, Page, ServerFn};
use Who::{Admin, Anyone, Champion, SignedIn};

pub const TABLE: &[Rule] = &[
    // Pages. Signed-in and admin pages render for anyone, saying what is needed (401, 403).
    rule(Page, "GET", "/", Anyone),
    rule(Page, "GET", "/resources", Anyone),
    rule(Page, "GET", "/resources/{slug}", Anyone),
    rule(Page, "GET", "/pathways/{slug}", Anyone),
    rule(Page, "GET", "/resources/{slug}/quiz/{item}", SignedIn),
    rule(Page, "GET", "/search", Anyone),
    rule(Page, "GET", "/sign-up", Anyone),
    rule(Page, "GET", "/sign-in", Anyone),
    rule(Page, "GET", "/forgot-password", Anyone),
    rule(Page, "GET", "/confirm-email", Anyone),
    // Its token is the key: anyone holding a message's link may stop that kind of mail.
    rule(Page, "GET", "/unsubscribe", Anyone),
    // The token in its address is the key: a dead one shows a page that says so.
    rule(Page, "GET", "/reset-password", Anyone),
    rule(Page, "GET", "/account", SignedIn),
    rule(Page, "GET", "/goodbye", Anyone),
    rule(Page, "GET", "/me", SignedIn),
    rule(Page, "GET", "/me/bookmarks", SignedIn),
    // Credits: a learner's licences and activities are theirs alone (another's are not found).
    rule(Page, "GET", "/me/credits", SignedIn),
    // Teams: a team is not found by anyone outside it, and only its champion may change it
    // (server/src/teams/mod.rs decides; tests/teams.rs proves it team by team).
    rule(Page, "GET", "/teams", SignedIn),
    rule(Page, "GET", "/teams/{id}", SignedIn),
    // An invite link shows its team to anyone holding it, so they can sign up and join.
    rule(Page, "GET", "/teams/join/{token}", Anyone),
    // Collections: one is not found by anyone who may not read it (its owner, and the people in
    // the team it is shared with), and only its owner may change it (server/src/collections).
    rule(Page, "GET", "/collections", SignedIn),
    rule(Page, "GET", "/collections/{id}", SignedIn),
    // A secret link shows its collection to anyone holding it.
    rule(Page, "GET", "/collections/shared/{token}", Anyone),
    rule(Page, "GET", "/certificates", Anyone),
    rule(Page, "GET", "/certificates/{code}", Anyone),
    rule(Page, "GET", "/admin", Admin),
    rule(Page, "GET", "/admin/resources", Admin),
    rule(Page, "GET", "/admin/resources/new", Admin),
    rule(Page, "GET", "/admin/resources/{slug}/edit", Admin),
    rule(Page, "GET", "/admin/resources/{slug}/preview", Admin),
    rule(Page, "GET", "/admin/catalog", Admin),
    rule(Page, "GET", "/admin/audit", Admin),
    rule(Page, "GET", "/admin/users", Admin),
    rule(Page, "GET", "/admin/search", Admin),
    rule(Page, "GET", "/admin/synonyms", Admin),
    rule(Page, "GET", "/admin/links", Admin),
    rule(Page, "GET", "/admin/outbox", Admin),
    rule(Page, "GET", "/admin/credits", Admin),
    // Server functions: what the pages load and their forms post.
    rule(ServerFn, "POST", "/rpc/load_marks", Anyone),
    rule(ServerFn, "POST", "/rpc/sign_up", Anyone),
    rule(ServerFn, "POST", "/rpc/sign_in", Anyone),
    rule(ServerFn, "POST", "/rpc/sign_out", Anyone),
    rule(ServerFn, "POST", "/rpc/forgot_password", Anyone),
    rule(ServerFn, "POST", "/rpc/confirm_link", Anyone),
    rule(ServerFn, "POST", "/rpc/confirm_email", Anyone),
    rule(ServerFn, "POST", "/rpc/send_confirmation", SignedIn),
    rule(ServerFn, "POST", "/rpc/keep_email", SignedIn),
    rule(ServerFn, "POST", "/rpc/unsubscribe_link", Anyone),
    rule(ServerFn, "POST", "/rpc/unsubscribe", Anyone),
    rule(ServerFn, "POST", "/rpc/mail_choices", SignedIn),
    rule(ServerFn, "POST", "/rpc/save_mail_choices", SignedIn),
    rule(ServerFn, "POST", "/rpc/follow_for_digest", SignedIn),
    rule(ServerFn, "POST", "/rpc/reset_link", Anyone),
    rule(ServerFn, "POST", "/rpc/reset_password", Anyone),
    rule(ServerFn, "POST", "/rpc/change_password", SignedIn),
    rule(ServerFn, "POST", "/rpc/update_profile", SignedIn),
    rule(ServerFn, "POST", "/rpc/take_pledge", SignedIn),
    rule(ServerFn, "POST", "/rpc/delete_account", SignedIn),
    rule(ServerFn, "POST", "/rpc/set_bookmark", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_calendar_feed", SignedIn),
    rule(ServerFn, "POST", "/rpc/set_calendar_feed", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_bookmarks", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_learning", Anyone),
    rule(ServerFn, "POST", "/rpc/load_pathway_progress", Anyone),
    rule(ServerFn, "POST", "/rpc/record_progress", SignedIn),
    rule(ServerFn, "POST", "/rpc/undo_completion", SignedIn),
    rule(ServerFn, "POST", "/rpc/reset_progress", SignedIn),
    rule(ServerFn, "POST", "/rpc/report_attendance", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_quiz", SignedIn),
    rule(ServerFn, "POST", "/rpc/submit_quiz", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_dashboard", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_teams", SignedIn),
    rule(ServerFn, "POST", "/rpc/create_team", Champion),
    rule(ServerFn, "POST", "/rpc/load_team", SignedIn),
    rule(ServerFn, "POST", "/rpc/delete_team", SignedIn),
    rule(ServerFn, "POST", "/rpc/set_team_invite", SignedIn),
    rule(ServerFn, "POST", "/rpc/send_team_invitations", SignedIn),
    rule(ServerFn, "POST", "/rpc/set_team_focus", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_invite", Anyone),
    rule(ServerFn, "POST", "/rpc/join_team", SignedIn),
    rule(ServerFn, "POST", "/rpc/set_team_sharing", SignedIn),
    rule(ServerFn, "POST", "/rpc/leave_team", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_collections", SignedIn),
    rule(ServerFn, "POST", "/rpc/create_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/rename_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/delete_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/add_to_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/set_collection_note", SignedIn),
    rule(ServerFn, "POST", "/rpc/remove_from_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/move_in_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/set_collection_link", SignedIn),
    rule(ServerFn, "POST", "/rpc/share_collection", SignedIn),
    rule(ServerFn, "POST", "/rpc/load_shared_collection", Anyone),
    rule(ServerFn, "POST", "/rpc/load_home", Anyone),
    rule(ServerFn, "POST", "/rpc/load_browse", Anyone),
    rule(ServerFn, "POST", "/rpc/load_resource", Anyone),
    rule(ServerFn, "POST", "/rpc/load_pathway", Anyone),
    rule(ServerFn, "POST", "/rpc/load_search", Anyone),
    rule(ServerFn, "POST", "/rpc/load_suggestions", Anyone),
    rule(ServerFn, "POST", "/rpc/load_certificate", Anyone),
    rule(ServerFn, "POST", "/rpc/admin_check", Admin),
    rule(ServerFn, "POST", "/rpc/admin_resources", Admin),
    rule(ServerFn, "POST", "/rpc/admin_editor", Admin),
    rule(ServerFn, "POST", "/rpc/admin_save_resource", Admin),
    rule(ServerFn, "POST", "/rpc/admin_set_status", Admin),
    rule(ServerFn, "POST", "/rpc/admin_trash", Admin),
    rule(ServerFn, "POST", "/rpc/admin_restore", Admin),
    rule(ServerFn, "POST", "/rpc/admin_preview", Admin),
    rule(ServerFn, "POST", "/rpc/admin_render_markdown", Admin),
    rule(ServerFn, "POST", "/rpc/admin_upload", Admin),
    rule(ServerFn, "POST", "/rpc/admin_kept_upload", Admin),
    rule(ServerFn, "POST", "/rpc/admin_audit", Admin),
    rule(ServerFn, "POST", "/rpc/admin_users", Admin),
    rule(ServerFn, "POST", "/rpc/admin_set_role", Admin),
    rule(ServerFn, "POST", "/rpc/admin_set_disabled", Admin),
    rule(ServerFn, "POST", "/rpc/admin_send_reset", Admin),
    rule(ServerFn, "POST", "/rpc/admin_outbox", Admin),
    rule(ServerFn, "POST", "/rpc/admin_retry_mail", Admin),
    rule(ServerFn, "POST", "/rpc/admin_synonyms", Admin),
    rule(ServerFn, "POST", "/rpc/admin_save_synonyms", Admin),
    rule(ServerFn, "POST", "/rpc/admin_synonyms_draft", Admin),
    rule(ServerFn, "POST", "/rpc/admin_search_analytics", Admin),
    rule(ServerFn, "POST", "/rpc/admin_link_report", Admin),
    rule(ServerFn, "POST", "/rpc/admin_start_link_check", Admin),
    rule(ServerFn, "POST", "/rpc/load_credits", SignedIn),
    rule(ServerFn, "POST", "/rpc/save_licence", SignedIn),
    rule(ServerFn, "POST", "/rpc/delete_licence", SignedIn),
    rule(ServerFn, "POST", "/rpc/add_outside_activity", SignedIn),
    rule(ServerFn, "POST", "/rpc/delete_outside_activity", SignedIn),
    rule(ServerFn, "POST", "/rpc/admin_add_credit_type", Admin),
    rule(ServerFn, "POST", "/rpc/admin_save_template", Admin),
    rule(ServerFn, "POST", "/rpc/admin_delete_template", Admin),
    rule(ServerFn, "POST", "/rpc/admin_revoke_certificate", Admin),
    // The JSON API, and its OpenAPI description.
    rule(Api, "GET", "/api/v1/openapi.json", Anyone),
    rule(Api, "GET", "/api/v1/resources", Anyone),
    rule(Api, "GET", "/api/v1/resources/{slug}", Anyone),
    rule(Api, "GET", "/api/v1/search", Anyone),
    rule(Api, "GET", "/api/v1/suggest", Anyone),
    rule(Api, "POST", "/api/v1/accounts", Anyone),
    rule(Api, "POST", "/api/v1/session", Anyone),
    rule(Api, "POST", "/api/v1/password-resets", Anyone),
    rule(Api, "POST", "/api/v1/password-resets/complete", Anyone),
    rule(Api, "DELETE", "/api/v1/session", Anyone),
    rule(Api, "GET", "/api/v1/me", SignedIn),
    rule(Api, "DELETE", "/api/v1/me", SignedIn),
    rule(Api, "POST", "/api/v1/me/password", SignedIn),
    rule(Api, "PUT", "/api/v1/me/profile", SignedIn),
    rule(Api, "POST", "/api/v1/me/pledge", SignedIn),
    rule(Api, "GET", "/api/v1/me/bookmarks", SignedIn),
    rule(Api, "PUT", "/api/v1/me/bookmarks/{slug}", SignedIn),
    rule(Api, "DELETE", "/api/v1/me/bookmarks/{slug}", SignedIn),
    rule(Api, "GET", "/api/v1/me/progress", SignedIn),
    rule(Api, "GET", "/api/v1/me/progress/{slug}", SignedIn),
    rule(Api, "PUT", "/api/v1/me/progress/{slug}/items/{item}", SignedIn),
    rule(Api, "DELETE", "/api/v1/me/progress/{slug}/items/{item}", SignedIn),
    rule(
        Api,
        "DELETE",
        "/api/v1/me/progress/{slug}/items/{item}/completion",
        SignedIn,
    ),
    rule(Api, "POST", "/api/v1/me/quizzes/{slug}/items/{item}/attempts", SignedIn),
    rule(Api, "GET", "/api/v1/me/export", SignedIn),
    rule(Api, "GET", "/api/v1/me/teams", SignedIn),
    rule(Api, "GET", "/api/v1/teams/{id}", SignedIn),
    rule(Api, "GET", "/api/v1/teams/{id}/progress", SignedIn),
    rule(Api, "GET", "/api/v1/me/collections", SignedIn),
    rule(Api, "GET", "/api/v1/collections/{id}", SignedIn),
    rule(Api, "GET", "/api/v1/collections/shared/{token}", Anyone),
    rule(Api, "GET", "/api/v1/admin/resources", Admin),
    rule(Api, "POST", "/api/v1/admin/resources", Admin),
    rule(Api, "GET", "/api/v1/admin/resources/{slug}", Admin),
    rule(Api, "PUT", "/api/v1/admin/resources/{slug}", Admin),
    rule(Api, "DELETE", "/api/v1/admin/resources/{slug}", Admin),
    rule(Api, "POST", "/api/v1/admin/resources/{slug}/status", Admin),
    rule(Api, "POST", "/api/v1/admin/resources/{slug}/restore", Admin),
    rule(Api, "GET", "/api/v1/admin/resources/{slug}/preview", Admin),
    rule(Api, "GET", "/api/v1/admin/catalog", Admin),
    rule(Api, "POST", "/api/v1/admin/catalog", Admin),
    rule(Api, "GET", "/api/v1/admin/audit", Admin),
    rule(Api, "GET", "/api/v1/admin/users", Admin),
    rule(Api, "PUT", "/api/v1/admin/users/{id}/roles/{role}", Admin),
    rule(Api, "DELETE", "/api/v1/admin/users/{id}/roles/{role}", Admin),
    rule(Api, "POST", "/api/v1/admin/users/{id}/disable", Admin),
    rule(Api, "POST", "/api/v1/admin/users/{id}/enable", Admin),
    rule(Api, "POST", "/api/v1/admin/users/{id}/password-reset", Admin),
    rule(Api, "GET", "/api/v1/admin/synonyms", Admin),
    rule(Api, "PUT", "/api/v1/admin/synonyms", Admin),
    rule(Api, "GET", "/api/v1/admin/search-analytics", Admin),
    rule(Api, "POST", "/api/v1/admin/link-checks", Admin),
    rule(Api, "GET", "/api/v1/admin/link-checks/latest", Admin),
    // The rest: health checks, the redirects that count what was opened, and the formats below.
    rule(Other, "GET", "/healthz", Anyone),
    // The public formats: feeds, calendars and what search engines read.
    rule(Other, "GET", "/robots.txt", Anyone),
    rule(Other, "GET", "/sitemap.xml", Anyone),
    rule(Other, "GET", "/feed.atom", Anyone),
    rule(Other, "GET", "/resources/{slug}/calendar.ics", Anyone),
    // A learner's own feed: its secret address is the key (calendar apps cannot sign in).
    rule(Other, "GET", "/calendar/{file}", Anyone),
    // RFC 8058's one-click unsubscribe: mail programs post to it; its token is the key.
    rule(Other, "GET", "/unsubscribe/one-click", Anyone),
    rule(Other, "POST", "/unsubscribe/one-click", Anyone),
    // A certificate file: its owner's alone, to attach and to download.
    rule(Other, "POST", "/me/credits/activities/{id}/file", SignedIn),
    rule(Other, "GET", "/me/credits/activities/{id}/file", SignedIn),
    // Verifiable certificates: the key, the issuer, each credential and its PDF, and the status
    // lists are for anyone (a verifier has no account); the transcript is its learner's.
    rule(Other, "GET", "/.well-known/jwks.json", Anyone),
    rule(Other, "GET", "/issuer", Anyone),
    rule(Other, "GET", "/certificates/{code}/credential.jwt", Anyone),
    rule(Other, "GET", "/certificates/{code}/credential.json", Anyone),
    rule(Other, "GET", "/certificates/{code}/certificate.pdf", Anyone),
    rule(Other, "GET", "/credentials/status/{list}", Anyone),
    rule(Other, "GET", "/me/credits/transcript", SignedIn),
    rule(Other, "GET", "/go/{slug}/{item}", Anyone),
    rule(Other, "GET", "/search/opened/{token}/{slug}", Anyone),
];

/// A server function's name from its path. Every address is pinned to `/rpc/<name>` (the app's
/// `#[server(endpoint = ...)]`); a hash of digits, which Leptos appends to an unpinned one, is
/// dropped, so such a function would still be governed by its row.
pub fn server_fn_name(path: &str) -> &str {
    path.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// The path the server function `name` is served at (with its hash), if there is one.
pub fn server_fn_path(name: &str) -> Option<&'static str> {
    let wanted = format!("/rpc/{name}");
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .find(|path| server_fn_name(path) == wanted)
}

/// Every route the router serves, as (kind, method, path): the pages Leptos renders, the server
/// functions it registered, and the hub's own listed routes.
pub fn served() -> Vec<(Kind, Method, String)> {
    let mut all = Vec::new();
    for (path, methods) in super::page_routes() {
        for method in methods {
            all.push((Page, method, path.clone()));
        }
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        all.push((ServerFn, method, server_fn_name(path).to_string()));
    }
    for (method, path) in super::listed_routes().routes {
        let kind = if path.starts_with("/api/") { Api } else { Other };
        all.push((kind, method, path));
    }
    all
}

/// The row for a route, if the table has one.
pub fn rule_for(kind: Kind, method: &Method, path: &str) -> Option<&'static Rule> {
    TABLE
        .iter()
        .find(|r| r.kind == kind && r.method == method.as_str() && r.path == path)
}

/// Whether an axum-style route (`/teams/{id}`) matches a request path: each `{name}` stands
/// for one non-empty segment.
fn route_matches(route: &str, path: &str) -> bool {
    let mut route = route.split('/');
    let mut path = path.split('/');
    loop {
        match (route.next(), path.next()) {
            (None, None) => return true,
            (Some(r), Some(p)) if r.starts_with('{') && r.ends_with('}') => {
                if p.is_empty() {
                    return false;
                }
            }
            (Some(r), Some(p)) if r == p => {}
            _ => return false,
        }
    }
}

/// The row that governs a request to a server function or the JSON API, which the gate
/// (`web::middleware::gate`) enforces before the request reaches its handler. Pages render for
/// anyone and say what is needed themselves; the other routes are open to anyone.
pub fn governing(method: &Method, path: &str) -> Option<&'static Rule> {
    // A HEAD is a GET without the body, and needs what the GET needs.
    let method = if method == Method::HEAD { &Method::GET } else { method };
    if path.starts_with("/rpc/") {
        let name = server_fn_name(path);
        TABLE
            .iter()
            .find(|r| r.kind == ServerFn && r.method == method.as_str() && r.path == name)
    } else if path.starts_with("/api/") {
        // A literal segment wins over a `{name}` (as in axum's router).
        TABLE
            .iter()
            .filter(|r| r.kind == Api && r.method == method.as_str() && route_matches(r.path, path))
            .min_by_key(|r| r.path.matches('{').count())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_find_the_row_that_governs_them() {
        let rule = |m: Method, p: &str| governing(&m, p).map(|r| (r.path, r.who));
        assert_eq!(
            rule(Method::POST, "/rpc/admin_upload12345"),
            Some(("/rpc/admin_upload", Admin))
        );
        assert_eq!(
            rule(Method::POST, "/rpc/load_home987"),
            Some(("/rpc/load_home", Anyone))
        );
        assert_eq!(rule(Method::GET, "/rpc/admin_upload12345"), None);
        assert_eq!(
            rule(Method::PUT, "/api/v1/admin/users/7/roles/admin"),
            Some(("/api/v1/admin/users/{id}/roles/{role}", Admin))
        );
        assert_eq!(
            rule(Method::GET, "/api/v1/collections/shared/abc"),
            Some(("/api/v1/collections/shared/{token}", Anyone))
        );
        assert_eq!(
            rule(Method::GET, "/api/v1/teams/3"),
            Some(("/api/v1/teams/{id}", SignedIn))
        );
        assert_eq!(rule(Method::GET, "/api/v1/teams/"), None);
        assert_eq!(rule(Method::GET, "/api/v1/teams/3/extra"), None);
        assert_eq!(rule(Method::GET, "/resources"), None);
    }

    #[test]
    fn every_row_is_listed_once() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert!(
                    !(a.method == b.method && a.path == b.path),
                    "{} {} has two rows",
                    a.method,
                    a.path
                );
            }
        }
    }

    #[test]
    fn server_function_names_drop_the_hash() {
        assert_eq!(server_fn_name("/rpc/load_marks1234567"), "/rpc/load_marks");
        assert_eq!(server_fn_name("/rpc/sign_in"), "/rpc/sign_in");
    }
}
