//! Turning stored records into what pages show: labels for money, durations, dates and credits,
//! and a course's schedule grouped by day in its own time zone.

use super::format::{Cost, ResourceRecord, ScheduleRecord};
use super::markdown;
use super::store::Stored;
use app::model::{CostView, ItemView, Kind, Link, ResourceCard, ResourceDetail, Schedule, ScheduleDay, ScheduleEntry};
use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone};

/// `1995` → `1,995`; `1795.5` → `1,795.50`.
pub fn money(amount: f64, currency: Option<&str>) -> String {
    let cents = (amount * 100.0).round() as i64;
    let whole = cents / 100;
    let frac = cents % 100;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let number = if frac == 0 {
        grouped
    } else {
        format!("{grouped}.{frac:02}")
    };
    match currency {
        Some("USD") | None => format!("${number}"),
        Some("EUR") => format!("€{number}"),
        Some("GBP") => format!("£{number}"),
        Some(other) => format!("{number} {other}"),
    }
}

pub fn cost_label(cost: &Cost) -> String {
    if cost.free {
        "Free".to_string()
    } else {
        match cost.amount {
            Some(a) => money(a, cost.currency.as_deref()),
            None => "Paid".to_string(),
        }
    }
}

/// `50` → `50 min`; `120` → `2 h`; `150` → `2 h 30 min`.
pub fn duration(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// "16", "1.5": an amount as a person writes it.
pub(crate) fn amount(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `May 13–15, 2026`, `Aug 26 – Sep 2, 2006`, or one date.
pub fn date_range(starts: Option<&str>, ends: Option<&str>) -> Option<String> {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let s = starts.and_then(parse);
    let e = ends.and_then(parse);
    Some(match (s, e) {
        (Some(s), Some(e)) if s == e => s.format("%B %-d, %Y").to_string(),
        (Some(s), Some(e)) if s.format("%Y%m").to_string() == e.format("%Y%m").to_string() => {
            format!("{}–{}, {}", s.format("%B %-d"), e.format("%-d"), e.format("%Y"))
        }
        (Some(s), Some(e)) if s.format("%Y").to_string() == e.format("%Y").to_string() => {
            format!("{} – {}, {}", s.format("%B %-d"), e.format("%B %-d"), e.format("%Y"))
        }
        (Some(s), Some(e)) => format!("{} – {}", s.format("%B %-d, %Y"), e.format("%B %-d, %Y")),
        (Some(s), None) => format!("From {}", s.format("%B %-d, %Y")),
        (None, Some(e)) => format!("Until {}", e.format("%B %-d, %Y")),
        (None, None) => return None,
    })
}

pub fn card(r: &ResourceRecord, provider_title: Option<String>) -> ResourceCard {
    ResourceCard {
        slug: r.slug.clone(),
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Guide),
        title: r.title.clone(),
        summary: r.summary.clone(),
        provider: r.provider.clone().map(|slug| Link {
            title: provider_title.unwrap_or_else(|| slug.clone()),
            slug,
        }),
        audiences: r.audiences.clone(),
        format: r.format.clone(),
        duration: r.duration_minutes.map(duration),
        cost: r.cost.as_ref().map(cost_label),
        credits: r
            .credits
            .iter()
            .map(|c| format!("{} {}", amount(c.amount), c.credit_type))
            .collect(),
        dates: date_range(r.starts_on.as_deref(), r.ends_on.as_deref()),
        starts_on: r.starts_on.clone(),
        ends_on: r.ends_on.clone(),
        when: None,
        item_count: r.items.len(),
        featured: r.featured,
    }
    .as_of(&today())
}

/// Today's date (`YYYY-MM-DD`, UTC), against which a dated resource is upcoming or past. A
/// card stored in the search index is dated again when it is read (`as_of`).
pub fn today() -> String {
    chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

fn item_kind_label(kind: &str) -> &'static str {
    match kind {
        "presentation" => "Presentation",
        "video" => "Video",
        "segment" => "Segment",
        "session" => "Session",
        "reading" => "Reading",
        "case_guide" => "Case discussion guide",
        "quiz" => "Quiz",
        _ => "Part",
    }
}

pub fn detail(
    stored: &Stored,
    provider_title: Option<String>,
    provides: Vec<ResourceCard>,
    pathways: Vec<Link>,
    today: NaiveDate,
) -> ResourceDetail {
    let r: &ResourceRecord = &stored.record;
    let last_day = r
        .ends_on
        .as_deref()
        .or(r.starts_on.as_deref())
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    ResourceDetail {
        card: card(&stored.record, provider_title),
        body_html: r.body.as_deref().filter(|b| !b.trim().is_empty()).map(markdown::render),
        url: r.url.clone(),
        provider_site: None,
        disciplines: r.disciplines.clone(),
        specialties: r.specialties.clone(),
        topics: r.topics.clone(),
        tags: r.tags.clone(),
        language: r.language.clone(),
        location: r.location.clone(),
        cost: r.cost.as_ref().map(|c| CostView {
            label: cost_label(c),
            notes: c.notes.clone(),
        }),
        starts_on: r.starts_on.clone(),
        ends_on: r.ends_on.clone(),
        past: last_day.is_some_and(|d| d < today),
        schedule: schedule(&r.schedule),
        items: r
            .items
            .iter()
            .map(|i| ItemView {
                slug: i.slug.clone(),
                title: i.title.clone(),
                kind: i.kind.clone(),
                kind_label: item_kind_label(&i.kind).to_string(),
                summary: i.summary.clone(),
                url: i.url.clone(),
                duration: i.duration_minutes.map(duration),
                question_count: i.quiz.as_ref().map(|q| q.questions.len()).unwrap_or(0),
            })
            .collect(),
        provides,
        pathways,
        updated_at: stored.updated_at.clone(),
        // Known only with the hub's address: `catalog::detail` fills them in.
        page_url: String::new(),
        structured_data: String::new(),
    }
}

/// Named zones a schedule's offsets are matched against, so a course given in `-04:00` in May
/// is labelled "Eastern Time" rather than a bare offset.
const ZONES: [(chrono_tz::Tz, &str); 8] = [
    (chrono_tz::America::New_York, "Eastern Time"),
    (chrono_tz::America::Chicago, "Central Time"),
    (chrono_tz::America::Denver, "Mountain Time"),
    (chrono_tz::America::Los_Angeles, "Pacific Time"),
    (chrono_tz::Europe::London, "UK time"),
    (chrono_tz::Europe::Berlin, "Central European Time"),
    (chrono_tz::Asia::Singapore, "Singapore Time"),
    (chrono_tz::Asia::Ho_Chi_Minh, "Indochina Time"),
];

fn offset_label(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '−' } else { '+' };
    let secs = secs.abs();
    format!("UTC{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// The named zone whose offsets are exactly the ones these instants were written in.
pub fn zone_of(instants: &[DateTime<FixedOffset>]) -> Option<chrono_tz::Tz> {
    named_zone(instants).map(|(tz, _)| *tz)
}

fn named_zone(instants: &[DateTime<FixedOffset>]) -> Option<&'static (chrono_tz::Tz, &'static str)> {
    ZONES.iter().find(|(tz, _)| {
        instants
            .iter()
            .all(|i| tz.offset_from_utc_datetime(&i.naive_utc()).fix() == i.offset().fix())
    })
}

fn zone_label(instants: &[DateTime<FixedOffset>]) -> String {
    let first = instants[0].offset().fix();
    let same_offset = instants.iter().all(|i| i.offset().fix() == first);
    let zone = named_zone(instants);
    match (zone, same_offset) {
        (Some((_, name)), true) => format!("{name} ({})", offset_label(first)),
        (Some((_, name)), false) => name.to_string(),
        (None, _) => offset_label(first),
    }
}

fn clock(t: &DateTime<FixedOffset>) -> (String, &'static str) {
    (
        t.format("%-I:%M").to_string(),
        if t.format("%p").to_string() == "AM" { "am" } else { "pm" },
    )
}

/// `10:00–10:30 am`, `11:30 am – 12:30 pm`, as the course page writes them.
fn time_range(s: &DateTime<FixedOffset>, e: &DateTime<FixedOffset>) -> String {
    let (st, sp) = clock(s);
    let (et, ep) = clock(e);
    if sp == ep {
        format!("{st}–{et} {ep}")
    } else {
        format!("{st} {sp} – {et} {ep}")
    }
}

fn is_break(title: &str) -> bool {
    matches!(title.trim().to_lowercase().as_str(), "break" | "lunch" | "transition")
}

pub fn schedule(entries: &[ScheduleRecord]) -> Option<Schedule> {
    let parsed: Vec<(&ScheduleRecord, DateTime<FixedOffset>, DateTime<FixedOffset>)> = entries
        .iter()
        .filter_map(|e| {
            Some((
                e,
                DateTime::parse_from_rfc3339(&e.starts_at).ok()?,
                DateTime::parse_from_rfc3339(&e.ends_at).ok()?,
            ))
        })
        .collect();
    if parsed.is_empty() {
        return None;
    }
    let instants: Vec<DateTime<FixedOffset>> = parsed.iter().flat_map(|(_, s, e)| [*s, *e]).collect();
    let mut days: Vec<ScheduleDay> = Vec::new();
    for (e, s, end) in parsed {
        let date = s.date_naive();
        let key = date.format("%Y-%m-%d").to_string();
        if days.last().map(|d| d.date != key).unwrap_or(true) {
            days.push(ScheduleDay {
                label: date.format("%A, %B %-d, %Y").to_string(),
                date: key,
                entries: vec![],
            });
        }
        days.last_mut().expect("just pushed").entries.push(ScheduleEntry {
            title: e.title.clone(),
            starts_at: e.starts_at.clone(),
            ends_at: e.ends_at.clone(),
            time_label: time_range(&s, &end),
            track: e.track.clone(),
            is_break: is_break(&e.title),
        });
    }
    Some(Schedule {
        zone_label: zone_label(&instants),
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_as_people_read_it() {
        assert_eq!(money(1995.0, Some("USD")), "$1,995");
        assert_eq!(money(1795.5, Some("USD")), "$1,795.50");
        assert_eq!(money(10.0, None), "$10");
    }

    #[test]
    fn durations_and_dates() {
        assert_eq!(duration(50), "50 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(150), "2 h 30 min");
        assert_eq!(
            date_range(Some("2026-05-13"), Some("2026-05-15")).unwrap(),
            "May 13–15, 2026"
        );
        assert_eq!(
            date_range(Some("2006-08-26"), Some("2006-09-02")).unwrap(),
            "August 26 – September 2, 2006"
        );
    }

    #[test]
    fn schedule_is_grouped_by_day_and_labelled_eastern() {
        let e = |t: &str, s: &str, en: &str| ScheduleRecord {
            title: t.into(),
            starts_at: s.into(),
            ends_at: en.into(),
            track: None,
        };
        let s = schedule(&[
            e("Welcome", "2026-05-13T10:00:00-04:00", "2026-05-13T10:30:00-04:00"),
            e("Scaffolds", "2026-05-13T11:30:00-04:00", "2026-05-13T12:30:00-04:00"),
            e("Welcome Back", "2026-05-14T10:00:00-04:00", "2026-05-14T10:15:00-04:00"),
        ])
        .unwrap();
        assert_eq!(s.zone_label, "Eastern Time (UTC−04:00)");
        assert_eq!(s.days.len(), 2);
        assert_eq!(s.days[0].label, "Wednesday, May 13, 2026");
        assert_eq!(s.days[0].entries[0].time_label, "10:00–10:30 am");
        assert_eq!(s.days[0].entries[1].time_label, "11:30 am – 12:30 pm");
    }
}
