//! The browse filters, read from a URL query string. One parser serves the page (whose whole
//! state lives in the URL, so a filtered view can be shared) and the JSON API (which answers a bad
//! value with a 400 naming the parameter).

use crate::model::{Kind, AUDIENCES, FORMATS};
use serde::{Deserialize, Serialize};

pub const DEFAULT_PER_PAGE: u32 = 12;
pub const MAX_PER_PAGE: u32 = 100;
/// Pages past this are refused rather than turned into huge OFFSETs.
pub const MAX_PAGE: u32 = 100_000;

/// Most values one list filter takes (`topic=a&topic=b…`): more than any page offers.
pub const MAX_VALUES: usize = 20;

/// The browse filters. Server functions receive them as their query string, read by the same
/// [`BrowseQuery::from_pairs`] that reads the page's URL and the JSON API's parameters, so no
/// caller can hand the server a value the URL would have refused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BrowseQuery {
    pub kinds: Vec<Kind>,
    pub audiences: Vec<String>,
    pub disciplines: Vec<String>,
    pub topics: Vec<String>,
    pub formats: Vec<String>,
    /// Some(true): free only; Some(false): paid only.
    pub free: Option<bool>,
    /// Only resources that offer continuing-education credit.
    pub credits: bool,
    /// Only what has not ended: resources without dates, and those whose last day is today or
    /// later.
    pub current: bool,
    pub page: u32,
    pub per_page: u32,
    /// The page's own `more=`: the filter whose every value the page lists, where it would
    /// otherwise list only the most common (see [`crate::model::trim_facets`]). Not a filter:
    /// the API refuses it and answers every value.
    pub more: Option<String>,
}

/// The filters long enough to be cut to their most common values (`more=` names one).
pub const LONG_FACETS: [&str; 2] = ["discipline", "topic"];

/// A query parameter whose value the hub cannot use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{param}: {reason}")]
pub struct QueryError {
    pub param: String,
    pub reason: String,
}

fn bad(param: &str, reason: impl Into<String>) -> QueryError {
    QueryError {
        param: param.to_string(),
        reason: reason.into(),
    }
}

fn is_term(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

fn push_unique(param: &str, list: &mut Vec<String>, value: &str) -> Result<(), QueryError> {
    if !list.iter().any(|v| v == value) {
        if list.len() >= MAX_VALUES {
            return Err(bad(param, format!("at most {MAX_VALUES} values")));
        }
        list.push(value.to_string());
    }
    Ok(())
}

fn parse_bool(param: &str, value: &str) -> Result<Option<bool>, QueryError> {
    match value {
        "" => Ok(None),
        "true" | "1" | "yes" | "on" => Ok(Some(true)),
        "false" | "0" | "no" | "off" => Ok(Some(false)),
        other => Err(bad(param, format!("expected true or false, got \"{other}\""))),
    }
}

fn parse_number(param: &str, value: &str, min: u32, max: u32) -> Result<u32, QueryError> {
    let n: u32 = value.parse().map_err(|_| {
        bad(
            param,
            format!("expected a whole number from {min} to {max}, got \"{value}\""),
        )
    })?;
    if n < min || n > max {
        return Err(bad(
            param,
            format!("expected a whole number from {min} to {max}, got {n}"),
        ));
    }
    Ok(n)
}

impl Default for BrowseQuery {
    /// Everything, first page.
    fn default() -> Self {
        BrowseQuery {
            kinds: Vec::new(),
            audiences: Vec::new(),
            disciplines: Vec::new(),
            topics: Vec::new(),
            formats: Vec::new(),
            free: None,
            credits: false,
            current: false,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            more: None,
        }
    }
}

/// A query string's pairs, decoded once.
fn decoded_pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}

impl TryFrom<String> for BrowseQuery {
    type Error = QueryError;

    fn try_from(text: String) -> Result<Self, QueryError> {
        let pairs = decoded_pairs(&text);
        BrowseQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

impl From<BrowseQuery> for String {
    fn from(query: BrowseQuery) -> String {
        query.to_query_string()
    }
}

impl BrowseQuery {
    /// The same filters without one dimension's (`kind`, `audience`, `discipline`, `topic`,
    /// `format`, `cost`, `credits`, `current`), from the first page.
    pub fn without(&self, dim: &str) -> BrowseQuery {
        let mut q = self.clone();
        match dim {
            "kind" => q.kinds.clear(),
            "audience" => q.audiences.clear(),
            "discipline" => q.disciplines.clear(),
            "topic" => q.topics.clear(),
            "format" => q.formats.clear(),
            "cost" => q.free = None,
            "credits" => q.credits = false,
            "current" => q.current = false,
            _ => {}
        }
        q.page = 1;
        q.more = None;
        q
    }

    /// Reads `kind=&audience=&discipline=&topic=&format=&free=&credits=&page=&per_page=`.
    /// List filters may repeat (`kind=a&kind=b`) or use commas (`kind=a,b`). Empty values are
    /// ignored, so an HTML form with blank fields works; parameters the browse page does not know
    /// are refused by the API (see [`BrowseQuery::KNOWN`]) and ignored by the page.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, QueryError> {
        let mut q = BrowseQuery::default();
        for (key, raw) in pairs {
            for value in raw.split(',').map(str::trim) {
                match key {
                    "kind" if !value.is_empty() => {
                        let kind = Kind::parse(value).ok_or_else(|| {
                            bad(
                                key,
                                format!(
                                    "unknown kind \"{value}\" (expected one of {})",
                                    Kind::ALL.map(Kind::as_str).join(", ")
                                ),
                            )
                        })?;
                        if !q.kinds.contains(&kind) {
                            q.kinds.push(kind);
                        }
                    }
                    "audience" if !value.is_empty() => {
                        if !AUDIENCES.iter().any(|(a, _)| *a == value) {
                            return Err(bad(
                                key,
                                format!("unknown audience \"{value}\" (expected adult or pediatric)"),
                            ));
                        }
                        push_unique(key, &mut q.audiences, value)?;
                    }
                    "format" if !value.is_empty() => {
                        if !FORMATS.iter().any(|(f, _)| *f == value) {
                            return Err(bad(
                                key,
                                format!(
                                    "unknown format \"{value}\" (expected one of {})",
                                    FORMATS.map(|(f, _)| f).join(", ")
                                ),
                            ));
                        }
                        push_unique(key, &mut q.formats, value)?;
                    }
                    "discipline" | "topic" if !value.is_empty() => {
                        if !is_term(value) {
                            return Err(bad(
                                key,
                                format!("\"{value}\" is not a term (lower-case words joined by hyphens)"),
                            ));
                        }
                        let list = if key == "discipline" {
                            &mut q.disciplines
                        } else {
                            &mut q.topics
                        };
                        push_unique(key, list, value)?;
                    }
                    "free" => q.free = parse_bool(key, value)?,
                    "credits" => q.credits = parse_bool(key, value)?.unwrap_or(false),
                    "current" => q.current = parse_bool(key, value)?.unwrap_or(false),
                    "page" if !value.is_empty() => q.page = parse_number(key, value, 1, MAX_PAGE)?,
                    "per_page" if !value.is_empty() => q.per_page = parse_number(key, value, 1, MAX_PER_PAGE)?,
                    "more" if !value.is_empty() => {
                        if !LONG_FACETS.contains(&value) {
                            return Err(bad(
                                key,
                                format!("no filter \"{value}\" to show in full (expected discipline or topic)"),
                            ));
                        }
                        q.more = Some(value.to_string());
                    }
                    _ => {}
                }
            }
        }
        Ok(q)
    }

    pub const KNOWN: [&'static str; 10] = [
        "kind",
        "audience",
        "discipline",
        "topic",
        "format",
        "free",
        "credits",
        "current",
        "page",
        "per_page",
    ];

    /// The query string that shows this view (without the leading `?`), `page` left out when 1.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for k in &self.kinds {
            parts.push(format!("kind={}", k.as_str()));
        }
        for (name, list) in [
            ("audience", &self.audiences),
            ("discipline", &self.disciplines),
            ("topic", &self.topics),
            ("format", &self.formats),
        ] {
            for v in list {
                parts.push(format!("{name}={v}"));
            }
        }
        if let Some(free) = self.free {
            parts.push(format!("free={free}"));
        }
        if self.credits {
            parts.push("credits=true".into());
        }
        if self.current {
            parts.push("current=true".into());
        }
        if let Some(more) = &self.more {
            parts.push(format!("more={more}"));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            parts.push(format!("per_page={}", self.per_page));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    pub fn with_page(&self, page: u32) -> Self {
        BrowseQuery { page, ..self.clone() }
    }

    /// This view with `facet` listed in full (`Some`) or cut to its common values (`None`),
    /// from the first page.
    pub fn with_more(&self, facet: Option<&str>) -> Self {
        BrowseQuery {
            more: facet.map(str::to_string),
            page: 1,
            ..self.clone()
        }
    }

    pub fn is_filtered(&self) -> bool {
        !(self.kinds.is_empty()
            && self.audiences.is_empty()
            && self.disciplines.is_empty()
            && self.topics.is_empty()
            && self.formats.is_empty()
            && self.free.is_none()
            && !self.credits
            && !self.current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_repeated_and_comma_separated_values() {
        let q = BrowseQuery::from_pairs([("kind", "course,fellowship"), ("kind", "course"), ("audience", "adult")])
            .unwrap();
        assert_eq!(q.kinds, vec![Kind::Course, Kind::Fellowship]);
        assert_eq!(q.audiences, vec!["adult"]);
        assert_eq!(q.page, 1);
        assert_eq!(q.per_page, DEFAULT_PER_PAGE);
    }

    #[test]
    fn the_page_can_list_one_long_filter_in_full() {
        let q = BrowseQuery::from_pairs([("topic", "pain"), ("more", "topic"), ("page", "3")]).unwrap();
        assert_eq!(q.more.as_deref(), Some("topic"));
        assert_eq!(q.to_query_string(), "topic=pain&more=topic&page=3");
        assert_eq!(q.with_page(4).more.as_deref(), Some("topic"));
        assert_eq!(q.with_more(None).to_query_string(), "topic=pain");
        assert_eq!(
            q.with_more(Some("discipline")).to_query_string(),
            "topic=pain&more=discipline"
        );
        assert!(!BrowseQuery::from_pairs([("more", "topic")]).unwrap().is_filtered());
        assert_eq!(BrowseQuery::from_pairs([("more", "kind")]).unwrap_err().param, "more");
        assert!(
            !BrowseQuery::KNOWN.contains(&"more"),
            "the API answers every value and refuses more="
        );
    }

    #[test]
    fn names_the_bad_parameter() {
        assert_eq!(
            BrowseQuery::from_pairs([("kind", "webinar")]).unwrap_err().param,
            "kind"
        );
        assert_eq!(BrowseQuery::from_pairs([("page", "0")]).unwrap_err().param, "page");
        assert_eq!(
            BrowseQuery::from_pairs([("per_page", "-3")]).unwrap_err().param,
            "per_page"
        );
        assert_eq!(BrowseQuery::from_pairs([("free", "maybe")]).unwrap_err().param, "free");
        assert_eq!(
            BrowseQuery::from_pairs([("topic", "Pain Management")])
                .unwrap_err()
                .param,
            "topic"
        );
    }

    #[test]
    fn server_functions_get_the_url_rules() {
        let read = |json: &str| serde_json::from_str::<BrowseQuery>(json);
        assert_eq!(read("\"kind=course&page=2\"").unwrap().page, 2);
        let refused = read("\"per_page=4294967295\"").unwrap_err().to_string();
        assert!(refused.contains("per_page"), "{refused}");
        assert!(read("{\"page\": 1, \"per_page\": 4294967295}").is_err());
        let many: String = (0..=MAX_VALUES).map(|i| format!("topic=t{i}&")).collect();
        let refused = read(&format!("\"{many}\"")).unwrap_err().to_string();
        assert!(refused.contains("topic: at most"), "{refused}");
        let q = SearchQuery::from_pairs([("q", "pain"), ("kind", "course"), ("page", "3")]).unwrap();
        let text = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<SearchQuery>(&text).unwrap(), q);
        let long = "word ".repeat(1000);
        let cut: SearchQuery = serde_json::from_str(&serde_json::to_string(&format!("q={long}")).unwrap()).unwrap();
        assert!(cut.q.chars().count() <= MAX_QUERY_CHARS);
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let q = BrowseQuery::from_pairs([
            ("kind", "course"),
            ("free", "false"),
            ("credits", "true"),
            ("page", "2"),
        ])
        .unwrap();
        let s = q.to_query_string();
        let pairs: Vec<(&str, &str)> = s.split('&').filter_map(|p| p.split_once('=')).collect();
        assert_eq!(BrowseQuery::from_pairs(pairs).unwrap(), q);
    }
}

/// How search results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Shortest,
    /// By date: what is on or starts soonest first, then what has no dates, then what ended.
    Soonest,
}

impl Sort {
    pub const ALL: [(Sort, &'static str, &'static str); 4] = [
        (Sort::Relevance, "relevance", "Best match"),
        (Sort::Soonest, "soonest", "Soonest dates"),
        (Sort::Newest, "newest", "Recently updated"),
        (Sort::Shortest, "shortest", "Shortest"),
    ];

    pub fn as_str(self) -> &'static str {
        Sort::ALL
            .iter()
            .find(|(s, _, _)| *s == self)
            .map(|(_, n, _)| *n)
            .unwrap_or("relevance")
    }
}

/// Longest query text kept; the rest is cut at a word boundary.
pub const MAX_QUERY_CHARS: usize = 200;

/// A search: free text, the browse filters, and an order; the whole state of `/search`. Like
/// [`BrowseQuery`], it reaches server functions as its query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SearchQuery {
    pub q: String,
    pub filters: BrowseQuery,
    pub sort: Sort,
}

/// Cuts `text` to at most [`MAX_QUERY_CHARS`] characters, at a word boundary when there is one.
pub fn truncate_query(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_QUERY_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_QUERY_CHARS).collect();
    match cut.rfind(char::is_whitespace) {
        Some(i) if i > MAX_QUERY_CHARS / 2 => cut[..i].trim_end().to_string(),
        _ => cut,
    }
}

impl TryFrom<String> for SearchQuery {
    type Error = QueryError;

    fn try_from(text: String) -> Result<Self, QueryError> {
        let pairs = decoded_pairs(&text);
        SearchQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

impl From<SearchQuery> for String {
    fn from(query: SearchQuery) -> String {
        query.to_query_string()
    }
}

impl SearchQuery {
    /// The parameters `/search` understands: the text, the order, and every browse parameter.
    pub fn known() -> Vec<&'static str> {
        let mut known = vec!["q", "sort"];
        known.extend(BrowseQuery::KNOWN);
        known
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> Result<Self, QueryError> {
        let mut q = String::new();
        let mut sort = Sort::Relevance;
        for (key, value) in pairs.clone() {
            match key {
                "q" => q = truncate_query(value),
                "sort" => {
                    sort = match value {
                        "" | "relevance" => Sort::Relevance,
                        "newest" => Sort::Newest,
                        "shortest" => Sort::Shortest,
                        "soonest" => Sort::Soonest,
                        other => {
                            return Err(bad(
                                "sort",
                                format!("unknown order \"{other}\" (expected relevance, soonest, newest or shortest)"),
                            ))
                        }
                    }
                }
                _ => {}
            }
        }
        let filters = BrowseQuery::from_pairs(pairs.into_iter().filter(|(k, _)| *k != "q" && *k != "sort"))?;
        Ok(SearchQuery { q, filters, sort })
    }

    pub fn to_query_string(&self) -> String {
        let mut parts = vec![format!("q={}", encode(&self.q))];
        if self.sort != Sort::Relevance {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        let rest = self.filters.to_query_string();
        if !rest.is_empty() {
            parts.push(rest);
        }
        parts.join("&")
    }
}

/// Percent-encodes a query value (form style: spaces become `+`).
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
