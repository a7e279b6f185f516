//! Search as its page shows it: results with their highlighted snippets, what to try when
//! nothing matched, and the titles suggested while typing.

use super::catalog::{Alternative, Facet, Kind, ResourceCard};
use serde::{Deserialize, Serialize};

/// One search result: the resource's card (what browse shows: provider, cost, dates,
/// credits), with `snippet`, HTML (text escaped, matched words in `<mark>`), and `score`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub card: ResourceCard,
    pub snippet: String,
    pub score: f32,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub query: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub hits: Vec<SearchHit>,
    pub facets: Vec<Facet>,
    /// "Did you mean" text, when the query is probably misspelled.
    pub suggestion: Option<String>,
    /// True when no resource matched every word and results match any of them instead.
    pub relaxed: bool,
    /// Where, counting from the first result of the first page, the results that match only
    /// some of the words begin (they cover most of the query's weight); None when every result
    /// matches every word.
    #[serde(default)]
    pub partial_from: Option<u64>,
    /// When the first page is short: the organizations that provide its best results, and
    /// their other resources, so a search leads somewhere.
    #[serde(default)]
    pub related: Vec<SearchHit>,
    pub alternatives: Vec<Alternative>,
    /// Set when the search page's search was logged for analytics: its results link through
    /// `/search/opened/{token}/{slug}`, so opening one is counted against that search alone.
    #[serde(default)]
    pub search_token: Option<String>,
}

/// A title suggested as someone types.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub slug: String,
    pub title: String,
    pub kind: Kind,
}
