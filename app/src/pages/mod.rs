//! One module per page.

pub mod account;
pub mod admin;
pub mod browse;
pub mod certificate;
pub mod goodbye;
pub mod home;
pub mod my_bookmarks;
pub mod my_learning;
pub mod not_found;
pub mod pathway;
pub mod quiz;
pub mod resource;
pub mod search;
pub mod sign_in;
pub mod sign_up;

/// A page's URL query as owned pairs, repeated keys kept, for the query parsers in
/// [`crate::query`].
pub(crate) fn query_pairs(map: &leptos_router::params::ParamsMap) -> Vec<(String, String)> {
    map.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The page's browse filters, read from its URL (browse and My bookmarks share them); a filter
/// the hub cannot use is a `BadRequest` that says which.
pub(crate) fn use_browse_query() -> leptos::prelude::Memo<Result<crate::query::BrowseQuery, crate::error::UiError>> {
    use leptos::prelude::*;
    let query_map = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        let map = query_map.read();
        let pairs = query_pairs(&map);
        crate::query::BrowseQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map_err(|e| crate::error::UiError::BadRequest(format!("That filter can't be used: {e}.")))
    })
}
