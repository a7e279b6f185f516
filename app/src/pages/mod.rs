//! One module per page.

pub mod account;
pub mod admin;
pub mod browse;
pub mod certificate;
pub mod collection;
pub mod collections;
pub mod confirm_email;
pub mod credits;
pub mod forgot_password;
pub mod goodbye;
pub mod home;
pub mod join_team;
pub mod not_found;
pub mod pathway;
pub mod progress;
pub mod quiz;
pub mod reset_password;
pub mod resource;
pub mod search;
pub mod shared_collection;
pub mod sign_in;
pub mod sign_up;
pub mod team;
pub mod teams;
pub mod unsubscribe;

/// A page's URL query, decoded exactly once. leptos_router 0.8's `ParamsMap` decodes values
/// a second time (leptos-rs/leptos#4731, fixed for 0.9), so a search for a literal "%3C" would
/// come back as "<"; pages read the raw query string through this instead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub(crate) fn parse(search: &str) -> Query {
        Query(
            form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The last value given for `key`, as a form sends it.
    pub(crate) fn get(&self, key: &str) -> Option<String> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    /// Every pair, repeated keys kept, for the query parsers in [`crate::query`].
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The current page's query, kept up to date as the page navigates.
pub(crate) fn use_query() -> leptos::prelude::Memo<Query> {
    use leptos::prelude::*;
    let location = leptos_router::hooks::use_location();
    Memo::new(move |_| Query::parse(&location.search.read()))
}

/// The page's browse filters, read from its URL (browse and My bookmarks share them); a filter
/// the hub cannot use is a `BadRequest` that says which.
pub(crate) fn use_browse_query() -> leptos::prelude::Memo<Result<crate::query::BrowseQuery, crate::error::UiError>> {
    use leptos::prelude::*;
    let query = use_query();
    Memo::new(move |_| {
        crate::query::BrowseQuery::from_pairs(query.read().pairs())
            .map_err(|e| crate::error::UiError::BadRequest(format!("That filter can't be used: {e}.")))
    })
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn a_query_is_decoded_once() {
        let q = Query::parse("?q=%2522%253E%253Csvg&q=%25&x=a+b");
        assert_eq!(q.get("q").as_deref(), Some("%"));
        assert_eq!(q.pairs().next(), Some(("q", "%22%3E%3Csvg")));
        assert_eq!(q.get("x").as_deref(), Some("a b"));
        assert_eq!(q.get("none"), None);
    }
}
