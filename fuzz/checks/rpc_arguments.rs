//! Server-function arguments: arbitrary bytes decoded as the arguments of the server functions
//! whose arguments carry more than a word (queries, filters, the editor's form, a quiz's
//! answers), exactly as Leptos decodes them: `serde_qs` (5 levels deep, as `server_fn`
//! configures it) for form posts, `serde_json` for JSON. Decoding must never panic, and
//! whatever it accepts must respect the limits the JSON API enforces: no page, page size or
//! list a URL could not carry, and a query no longer than the cut. An accepted editor form must
//! convert to a record without panicking, and an accepted quiz must not claim more answers
//! than it sent.

use app::api::{
    AdminAudit, AdminResources, AdminSaveResource, AdminUsers, LoadBookmarks, LoadBrowse, LoadSearch, SetTeamInvite,
    SubmitQuiz,
};
use app::query::{BrowseQuery, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_VALUES};
use serde::de::DeserializeOwned;

fn form<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_qs::Config::new(5, false).deserialize_str::<T>(text).ok()
}

fn json<T: DeserializeOwned>(data: &[u8]) -> Option<T> {
    serde_json::from_slice::<T>(data).ok()
}

fn within_limits(q: &BrowseQuery) {
    assert!((1..=MAX_PAGE).contains(&q.page), "page {} accepted", q.page);
    assert!(
        (1..=MAX_PER_PAGE).contains(&q.per_page),
        "per_page {} accepted",
        q.per_page
    );
    for list in [&q.audiences, &q.disciplines, &q.topics, &q.formats] {
        assert!(list.len() <= MAX_VALUES, "{} values accepted", list.len());
    }
    assert!(q.kinds.len() <= app::model::Kind::ALL.len());
}

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(args) = json::<LoadBrowse>(data) {
        within_limits(&args.query);
    }
    if let Some(args) = json::<LoadBookmarks>(data) {
        within_limits(&args.query);
    }
    if let Some(args) = json::<LoadSearch>(data) {
        within_limits(&args.query.filters);
        assert!(
            args.query.q.chars().count() <= MAX_QUERY_CHARS,
            "a query past the cut was accepted"
        );
        // What the wasm sends back is what the server read.
        let again: LoadSearch = serde_json::from_str(&serde_json::to_string(&args).unwrap()).expect("round trip");
        assert_eq!(again.query, args.query);
    }
    let _ = json::<AdminResources>(data);
    let _ = json::<AdminAudit>(data);
    if let Some(args) = form::<SubmitQuiz>(&text) {
        assert!(args.answers.len() <= data.len(), "more answers than bytes sent");
    }
    if let Some(args) = form::<AdminSaveResource>(&text) {
        let _ = args.form.to_record();
    }
    let _ = form::<AdminUsers>(&text);
    let _ = form::<SetTeamInvite>(&text);
}
