//! Dates as a person reads them, the way the catalog writes its own ("May 15, 2026"), from the
//! RFC 3339 times the server sends. Server and wasm draw the same text, so it needs no clock
//! and no time zone: a time is shown in UTC, and says so.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "2026-05-15…" → "May 15, 2026"; anything else as it came.
pub fn day(rfc3339: &str) -> String {
    let parts = (rfc3339.get(0..4), rfc3339.get(5..7), rfc3339.get(8..10));
    let (Some(year), Some(month), Some(date)) = parts else {
        return rfc3339.to_string();
    };
    match (month.parse::<usize>(), date.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d @ 1..=31)) if year.chars().all(|c| c.is_ascii_digit()) => {
            format!("{} {d}, {year}", MONTHS[m - 1])
        }
        _ => rfc3339.to_string(),
    }
}

/// "2026-11-07" → "Nov 7": a chart's axis, where the year is the period's.
pub fn short_day(rfc3339: &str) -> String {
    let long = day(rfc3339);
    match long.split_once(' ') {
        Some((month, rest)) if long != rfc3339 => {
            let date = rest.split(',').next().unwrap_or(rest);
            format!("{} {date}", month.get(0..3).unwrap_or(month))
        }
        _ => long,
    }
}

/// "2026-11-23T10:04:05Z" → "November 23, 2026, 10:04 UTC".
pub fn day_and_time(rfc3339: &str) -> String {
    match rfc3339.get(11..16) {
        Some(time) if rfc3339.get(10..11).is_some_and(|t| t == "T" || t == " ") => {
            format!("{}, {time} UTC", day(rfc3339))
        }
        _ => day(rfc3339),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_the_catalog_writes_them() {
        assert_eq!(day("2026-05-15"), "May 15, 2026");
        assert_eq!(day("2026-12-01T09:30:00.123Z"), "December 1, 2026");
        assert_eq!(day("soon"), "soon");
        assert_eq!(day("2026-13-01"), "2026-13-01");
        assert_eq!(day_and_time("2026-11-23T10:04:05Z"), "November 23, 2026, 10:04 UTC");
        assert_eq!(day_and_time("2026-11-23"), "November 23, 2026");
        assert_eq!(short_day("2026-11-07"), "Nov 7");
        assert_eq!(short_day("soon"), "soon");
    }
}
