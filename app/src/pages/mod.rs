//! One module per page.

pub mod browse;
pub mod home;
pub mod not_found;
pub mod pathway;
pub mod resource;
pub mod search;

/// A page's URL query as owned pairs, repeated keys kept, for the query parsers in
/// [`crate::query`].
pub(crate) fn query_pairs(map: &leptos_router::params::ParamsMap) -> Vec<(String, String)> {
    map.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}
