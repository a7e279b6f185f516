//! Search analytics as the admin page shows them: counts per query and per day, from the
//! anonymous search log.

use serde::{Deserialize, Serialize};

/// Search analytics over a period (`from` to `to`, inclusive, `YYYY-MM-DD`, UTC days). Built
/// from the anonymous search log, so nothing here names or tells apart the people searching.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchAnalytics {
    pub from: String,
    pub to: String,
    /// Searches made on the search page in the period.
    pub searches: i64,
    /// Of those, how many found nothing.
    pub zero_results: i64,
    /// The most searched queries, most first.
    pub top: Vec<QueryStats>,
    /// Queries that found nothing, most searched first.
    pub zero_result_queries: Vec<QueryCount>,
    /// Queries that found something, yet none of whose results anyone opened.
    pub not_opened: Vec<QueryCount>,
    /// Every day of the period, days without searches included.
    pub per_day: Vec<DayCount>,
    pub zero_results_per_day: Vec<DayCount>,
}

/// How one (normalized) query fared.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryStats {
    pub query: String,
    pub searches: i64,
    /// Searches for it that found nothing, and their share of `searches` (0 to 1).
    pub zero_results: i64,
    pub zero_share: f64,
    /// Searches for it from which at least one result was opened.
    pub opened: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryCount {
    pub query: String,
    pub count: i64,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`
    pub day: String,
    pub count: i64,
}

impl DayCount {
    /// A day series as a bar chart's (label, value) pairs.
    pub fn bars(days: &[DayCount]) -> Vec<(String, i64)> {
        days.iter()
            .map(|d| (crate::model::dates::short_day(&d.day), d.count))
            .collect()
    }
}
