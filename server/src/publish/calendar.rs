//! iCalendar (RFC 5545): a course's schedule as events a clinician adds to their own calendar.
//!
//! Times keep the course's own zone when the schedule's offsets are exactly a named zone's
//! (`DTSTART;TZID=America/New_York:20260513T100000`), with that zone's definition (VTIMEZONE)
//! in the file, so a calendar shows "10:00 Eastern" and moves the event if the reader travels.
//! Offsets that match no zone the hub knows are written in UTC, which is never wrong.

use crate::catalog::format::ResourceRecord;
use crate::catalog::present::zone_of;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// The product identifier every calendar the hub writes carries.
const PRODID: &str = "-//Champion Hub//Course schedules//EN";

/// One event of a calendar: a schedule entry of a resource, with where to read about it.
pub struct Session<'a> {
    pub resource: &'a ResourceRecord,
    pub title: Cow<'a, str>,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    pub track: Option<&'a str>,
    /// For an event that stands for several sessions: them, one a line with its times.
    pub agenda: Option<String>,
}

/// The schedule entries of `resource` as sessions, in schedule order. Entries whose times do
/// not parse are left out (the importer has refused such files already).
pub fn sessions(resource: &ResourceRecord) -> Vec<Session<'_>> {
    resource
        .schedule
        .iter()
        .filter_map(|e| {
            Some(Session {
                resource,
                title: Cow::Borrowed(&e.title),
                starts_at: DateTime::parse_from_rfc3339(&e.starts_at).ok()?,
                ends_at: DateTime::parse_from_rfc3339(&e.ends_at).ok()?,
                track: e.track.as_deref(),
                agenda: None,
            })
        })
        .collect()
}

/// A resource's schedule as one event a day (by each session's own local date), from the day's
/// first start to its last end, named for the resource ("Core Practice of Palliative Care (day
/// 2 of 3)") with the day's sessions listed inside. What a learner's own calendar should hold
/// of a course they follow: its days, not each break and lunch as an event of its own.
pub fn days(resource: &ResourceRecord) -> Vec<Session<'_>> {
    let mut by_day: BTreeMap<NaiveDate, Vec<Session<'_>>> = BTreeMap::new();
    for s in sessions(resource) {
        by_day.entry(s.starts_at.date_naive()).or_default().push(s);
    }
    let count = by_day.len();
    by_day
        .into_values()
        .enumerate()
        .filter_map(|(n, day)| {
            let starts_at = day.iter().map(|s| s.starts_at).min()?;
            let ends_at = day.iter().map(|s| s.ends_at).max()?;
            let agenda = day
                .iter()
                .map(|s| {
                    let track = s.track.map(|t| format!(" ({t})")).unwrap_or_default();
                    format!(
                        "{}–{} {}{track}",
                        s.starts_at.format("%H:%M"),
                        s.ends_at.format("%H:%M"),
                        s.title
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            let title = if count > 1 {
                format!("{} (day {} of {count})", resource.title, n + 1)
            } else {
                resource.title.clone()
            };
            Some(Session {
                resource,
                title: Cow::Owned(title),
                starts_at,
                ends_at,
                track: None,
                agenda: Some(agenda),
            })
        })
        .collect()
}

/// A calendar of `sessions`. `name` titles the calendar; `base` is the hub's public address,
/// for each event's link and its stable UID; `stamp` is when the calendar was made (DTSTAMP).
pub fn calendar(name: &str, base: &str, sessions: &[Session<'_>], stamp: DateTime<Utc>) -> String {
    let instants: Vec<DateTime<FixedOffset>> = sessions.iter().flat_map(|s| [s.starts_at, s.ends_at]).collect();
    let zone = if instants.is_empty() { None } else { zone_of(&instants) };
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", PRODID));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    cal.name(name);
    if let Some(tz) = zone {
        cal.timezone(tz.name());
    }
    // Sessions in parallel tracks may start together: the UID counts those before it.
    let mut seen: HashMap<DateTime<Utc>, usize> = HashMap::new();
    for s in sessions {
        let when = |t: DateTime<FixedOffset>| match zone {
            Some(tz) => CalendarDateTime::WithTimezone {
                date_time: t.with_timezone(&tz).naive_local(),
                tzid: tz.name().to_string(),
            },
            None => CalendarDateTime::Utc(t.with_timezone(&Utc)),
        };
        let page = format!("{base}/resources/{}", s.resource.slug);
        let mut description = s.resource.title.clone();
        if let Some(track) = s.track {
            description.push_str(&format!(" ({track})"));
        }
        if let Some(agenda) = &s.agenda {
            description.push_str(&format!("\n\n{agenda}\n"));
        }
        description.push_str(&format!("\n{page}"));
        let start = s.starts_at.with_timezone(&Utc);
        let same_start = seen.entry(start).or_default();
        let uid = format!(
            "{}-{}-{}@{}",
            s.resource.slug,
            start.format("%Y%m%dT%H%M%SZ"),
            same_start,
            host_of(base)
        );
        *same_start += 1;
        let mut event = Event::new();
        event
            .uid(&uid)
            .timestamp(stamp)
            .summary(&s.title)
            .description(&description)
            .url(&page)
            .starts(when(s.starts_at))
            .ends(when(s.ends_at));
        if let Some(location) = &s.resource.location {
            event.location(location);
        }
        cal.push(event.done());
    }
    let mut text = cal.done().to_string();
    if let Some(tz) = zone {
        // Written here rather than as a library component, which would be given the DTSTAMP
        // and UID only events have; it goes before the first event, as RFC 5545 shows it.
        let (first, last) = (
            instants.iter().min().expect("not empty"),
            instants.iter().max().expect("not empty"),
        );
        let at = text
            .find("BEGIN:VEVENT")
            .or_else(|| text.find("END:VCALENDAR"))
            .expect("a calendar ends");
        text.insert_str(at, &vtimezone(tz, first.year(), last.year()));
    }
    text
}

fn host_of(base: &str) -> &str {
    base.split("://")
        .nth(1)
        .unwrap_or(base)
        .split('/')
        .next()
        .unwrap_or(base)
}

/// `-0400`, as TZOFFSETFROM and TZOFFSETTO write an offset.
fn offset_text(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}{:02}", secs / 3600, (secs % 3600) / 60)
}

/// The zone's definition over whole years `from..=to`: the observance in force on January 1 of
/// the first year, then every change of offset (daylight saving) in those years, each at its
/// exact local moment, as chrono-tz's copy of the tz database has it.
fn vtimezone(tz: Tz, from: i32, to: i32) -> String {
    // From local midnight on January 1 (no zone changes its offset then).
    let new_year = |year: i32| {
        let midnight = NaiveDate::from_ymd_opt(year, 1, 1)
            .expect("a year")
            .and_hms_opt(0, 0, 0)
            .expect("midnight");
        tz.from_local_datetime(&midnight)
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
    };
    let (start, end) = (new_year(from), new_year(to + 1));
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{}", tz.name())];
    let mut observance = |at: DateTime<Utc>, before: FixedOffset, after: <Tz as TimeZone>::Offset| {
        let kind = if after.dst_offset().is_zero() {
            "STANDARD"
        } else {
            "DAYLIGHT"
        };
        // DTSTART is the moment of change in the local time that was in force before it.
        let local = at.with_timezone(&before).naive_local();
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")));
        lines.push(format!("TZOFFSETFROM:{}", offset_text(before)));
        lines.push(format!("TZOFFSETTO:{}", offset_text(after.fix())));
        if let Some(abbreviation) = after.abbreviation() {
            lines.push(format!("TZNAME:{abbreviation}"));
        }
        lines.push(format!("END:{kind}"));
    };
    let first = offset_at(start);
    observance(start, first.fix(), first);
    // Offsets change at most a few times a year, never twice within an hour: step by hours,
    // then find the exact minute of each change.
    let mut t = start;
    while t < end {
        let next = t + Duration::hours(1);
        let (a, b) = (offset_at(t).fix(), offset_at(next).fix());
        if a != b {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid).fix() == a {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            observance(hi, a, offset_at(hi));
        }
        t = next;
    }
    lines.push("END:VTIMEZONE".to_string());
    lines.join("\r\n") + "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_changes_twice_a_year_at_two_in_the_morning() {
        let text = vtimezone(chrono_tz::America::New_York, 2026, 2026);
        assert!(
            text.contains(
                "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST"
            ),
            "{text}"
        );
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 2, "January 1, then November");
        assert!(
            text.contains("BEGIN:STANDARD\r\nDTSTART:20260101T000000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500"),
            "{text}"
        );
    }

    #[test]
    fn a_zone_without_daylight_saving_has_one_observance() {
        let text = vtimezone(chrono_tz::Asia::Singapore, 2026, 2027);
        assert_eq!(text.matches("BEGIN:").count(), 2, "{text}");
        assert!(text.contains("TZOFFSETTO:+0800"), "{text}");
    }
}
