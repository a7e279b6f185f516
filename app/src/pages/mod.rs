//! One module per page.

pub mod account;
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
