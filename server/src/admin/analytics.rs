//! Search analytics that cannot identify anyone: each search made on the search page is logged
//! as its normalized words, how many results it found, the UTC day, and a random token that
//! lets an opened result be counted against it. No account, address, session or time of day is
//! ever stored, so the log cannot be joined back to a person.

use crate::error::HubError;
use app::model::{DayCount, QueryCount, QueryStats, SearchAnalytics};
use app::query::SearchQuery;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{Days, NaiveDate, Utc};
use sqlx::AnyPool;
use std::collections::HashMap;

/// Longest query kept, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Longest period a report covers, in days (a leap year).
pub const MAX_PERIOD_DAYS: i64 = 366;
/// How many queries each of the report's lists holds.
const TOP: i64 = 20;
const DAY_FORMAT: &str = "%Y-%m-%d";

/// A query as it is counted: trimmed, lower-cased, inner whitespace collapsed to one space, at
/// most [`MAX_QUERY_CHARS`] characters. "Pain " and "pain" are the same search.
pub fn normalize(query: &str) -> String {
    query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// A fresh token: 128 random bits as hex, so tokens can be neither guessed nor ordered.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `token` could be one of ours; anything else is ignored without asking the database.
pub fn is_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Logs one search (the words as typed, the number of results) and returns its token; None
/// when there are no words to log.
pub async fn record(pool: &AnyPool, query: &str, results: u64) -> Result<Option<String>, HubError> {
    let query = normalize(query);
    if query.is_empty() {
        return Ok(None);
    }
    let token = new_token();
    sqlx::query("INSERT INTO search_log (token, day, query, results) VALUES ($1, $2, $3, $4)")
        .bind(token.clone())
        .bind(Utc::now().date_naive().format(DAY_FORMAT).to_string())
        .bind(query)
        .bind(i64::try_from(results).unwrap_or(i64::MAX))
        .execute(pool)
        .await?;
    Ok(Some(token))
}

/// The search page's hook: logs a first page of results for non-empty words (later pages
/// would count one search several times) and returns the token for its result links.
/// Analytics are never worth a failed search, so a failure to log is only a warning.
pub async fn record_search(pool: &AnyPool, query: &SearchQuery, results: u64) -> Option<String> {
    if !counts(query) {
        return None;
    }
    match record(pool, &query.q, results).await {
        Ok(token) => token,
        Err(e) => {
            tracing::warn!(error = %e, "could not log a search for analytics");
            None
        }
    }
}

/// Whether the search page logs `query`: a first page with words.
pub fn counts(query: &SearchQuery) -> bool {
    query.filters.page == 1 && !query.q.trim().is_empty()
}

/// Counts a result opened from the search with `token`; an unknown token changes nothing.
pub async fn opened(pool: &AnyPool, token: &str) -> Result<(), HubError> {
    if is_token(token) {
        sqlx::query("UPDATE search_log SET opened = opened + 1 WHERE token = $1")
            .bind(token.to_string())
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Reads a `YYYY-MM-DD` date; a 400 naming `param` otherwise.
pub fn parse_day(param: &str, value: &str) -> Result<NaiveDate, HubError> {
    NaiveDate::parse_from_str(value.trim(), DAY_FORMAT).map_err(|_| HubError::BadRequest {
        param: param.into(),
        reason: format!("\"{value}\" is not a date (expected YYYY-MM-DD)"),
    })
}

/// A period with its defaults filled in: `to` is today (UTC), and `from` 30 days before `to`
/// counting both ends, so by default the last 30 days.
pub fn period(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (NaiveDate, NaiveDate) {
    let to = to.unwrap_or_else(|| Utc::now().date_naive());
    (from.unwrap_or(to - Days::new(29)), to)
}

/// Refuses a period that runs backwards or is longer than [`MAX_PERIOD_DAYS`].
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), HubError> {
    if from > to {
        return Err(HubError::BadRequest {
            param: "from".into(),
            reason: format!("must not be after to ({to})"),
        });
    }
    if (to - from).num_days() + 1 > MAX_PERIOD_DAYS {
        return Err(HubError::BadRequest {
            param: "from".into(),
            reason: format!("the period can be at most {MAX_PERIOD_DAYS} days"),
        });
    }
    Ok(())
}

/// What was searched from `from` to `to` (inclusive): totals, the top, zero-result and
/// never-opened queries, and the searches and zero-result searches of every day.
pub async fn report(pool: &AnyPool, from: NaiveDate, to: NaiveDate) -> Result<SearchAnalytics, HubError> {
    check_period(from, to)?;
    let (first, last) = (from.format(DAY_FORMAT).to_string(), to.format(DAY_FORMAT).to_string());
    // Days are stored as YYYY-MM-DD, so comparing them as text orders them as dates.
    let period = "day >= $1 AND day <= $2";

    let top: Vec<(String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT query, COUNT(*) AS searches,
                SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END) AS zero,
                SUM(CASE WHEN opened > 0 THEN 1 ELSE 0 END) AS opened
         FROM search_log WHERE {period}
         GROUP BY query ORDER BY searches DESC, query LIMIT {TOP}"
    ))
    .bind(first.clone())
    .bind(last.clone())
    .fetch_all(pool)
    .await?;
    let top = top
        .into_iter()
        .map(|(query, searches, zero_results, opened)| QueryStats {
            query,
            searches,
            zero_results,
            zero_share: zero_results as f64 / searches.max(1) as f64,
            opened,
        })
        .collect();

    let zero_result_queries = query_counts(
        pool,
        &format!(
            "SELECT query, COUNT(*) AS n FROM search_log WHERE {period} AND results = 0
             GROUP BY query ORDER BY n DESC, query LIMIT {TOP}"
        ),
        &first,
        &last,
    )
    .await?;

    // Counted over the searches that found something: a query whose results nobody opened.
    let not_opened = query_counts(
        pool,
        &format!(
            "SELECT query, COUNT(*) AS n FROM search_log WHERE {period} AND results > 0
             GROUP BY query HAVING SUM(opened) = 0 ORDER BY n DESC, query LIMIT {TOP}"
        ),
        &first,
        &last,
    )
    .await?;

    let days: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT day, COUNT(*) AS n, SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END) AS zero
         FROM search_log WHERE {period} GROUP BY day"
    ))
    .bind(first.clone())
    .bind(last.clone())
    .fetch_all(pool)
    .await?;
    let days: HashMap<String, (i64, i64)> = days.into_iter().map(|(day, n, zero)| (day, (n, zero))).collect();
    let (mut per_day, mut zero_results_per_day) = (Vec::new(), Vec::new());
    for day in from.iter_days().take_while(|d| *d <= to) {
        let day = day.format(DAY_FORMAT).to_string();
        let (n, zero) = days.get(&day).copied().unwrap_or((0, 0));
        per_day.push(DayCount {
            day: day.clone(),
            count: n,
        });
        zero_results_per_day.push(DayCount { day, count: zero });
    }

    Ok(SearchAnalytics {
        from: first,
        to: last,
        searches: per_day.iter().map(|d| d.count).sum(),
        zero_results: zero_results_per_day.iter().map(|d| d.count).sum(),
        top,
        zero_result_queries,
        not_opened,
        per_day,
        zero_results_per_day,
    })
}

/// Runs a `SELECT query, … AS n` over the period ($1, $2).
async fn query_counts(pool: &AnyPool, sql: &str, first: &str, last: &str) -> Result<Vec<QueryCount>, HubError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(sql)
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(query, count)| QueryCount { query, count })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalized() {
        assert_eq!(normalize("  Pain   Management\t"), "pain management");
        assert_eq!(normalize("   "), "");
        // Cut at 200 characters, where a space falls here: no trailing space is kept.
        assert_eq!(normalize(&"abc ".repeat(100)).chars().count(), MAX_QUERY_CHARS - 1);
        assert_eq!(normalize(&"é".repeat(300)).chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (new_token(), new_token());
        assert!(is_token(&a) && is_token(&b) && a != b);
        assert!(!is_token("../etc") && !is_token(&a.to_uppercase()));
    }

    #[test]
    fn periods_are_checked() {
        let day = |s| parse_day("from", s).unwrap();
        assert!(check_period(day("2026-01-01"), day("2026-12-31")).is_ok());
        assert!(check_period(day("2024-01-01"), day("2024-12-31")).is_ok());
        assert!(check_period(day("2024-01-01"), day("2025-01-01")).is_err());
        assert!(check_period(day("2026-01-02"), day("2026-01-01")).is_err());
        assert!(parse_day("to", "2026-02-30").is_err());
    }
}
