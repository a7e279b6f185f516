//! The weekly digest: one message per learner, on Monday from 8:00 in their time zone (UTC when
//! they set none), listing the resources that were added or changed in the week before and
//! match what they follow: topics and kinds they chose, what their collections hold, what
//! their teams follow (resources, and the steps of pathways). Nothing matched, nothing sent.
//!
//! Every replica looks every few minutes; each digest's outbox key is derived from who and
//! which week, so it is queued once. A digest not sent within two days of its Monday (the hub
//! was down) is skipped: next week's covers what is new then.

use crate::error::HubError;
use crate::mail::{outbox, Kind, Letter, MailSettings};
use chrono::{DateTime, Datelike, Duration, NaiveTime, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use sqlx::AnyPool;
use std::collections::{BTreeMap, BTreeSet};

/// The hour of Monday, in the learner's time zone, from which their digest is due.
const FROM_HOUR: u32 = 8;
/// How long after its Monday a digest may still go.
const GRACE: Duration = Duration::days(2);
/// The most resources one digest lists; the rest are counted, with a link to browse.
pub const MOST_LISTED: usize = 20;
/// The most changed resources one run reads (a whole catalog re-imported is not a digest).
const MOST_CHANGED: i64 = 5_000;

/// When the digest covering the week up to `now` was due for someone in `zone`: the latest
/// Monday 8:00 (local) at or before `now`.
pub fn due_at(now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    let from = NaiveTime::from_hms_opt(FROM_HOUR, 0, 0).expect("a time");
    let today = now.with_timezone(&zone).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let at = |day: chrono::NaiveDate| {
        // An 8:00 that a clock change skips is read forward; one it repeats, the first.
        zone.from_local_datetime(&day.and_time(from))
            .earliest()
            .unwrap_or_else(|| zone.from_utc_datetime(&day.and_time(from)))
            .with_timezone(&Utc)
    };
    let due = at(monday);
    if due <= now {
        due
    } else {
        at(monday - Duration::days(7))
    }
}

/// The week a digest due at `due` covers: from the Monday 8:00 before (local, so a clock
/// change does not move it) up to `due`.
pub fn week_before(due: DateTime<Utc>, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    (due_at(due - Duration::seconds(1), zone), due)
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[derive(sqlx::FromRow)]
struct Reader {
    id: i64,
    email: String,
    name: String,
    time_zone: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ChangedRow {
    id: i64,
    slug: String,
    title: String,
    kind: String,
    created_at: String,
    updated_at: String,
}

/// A resource added or changed, with its topics.
struct Changed {
    row: ChangedRow,
    topics: Vec<String>,
}

/// One line of a digest: the resource, whether it is new, and why it is there.
#[derive(Debug, PartialEq)]
pub struct Entry {
    pub slug: String,
    pub title: String,
    pub new: bool,
    pub because: String,
}

/// What a learner follows, read for one digest.
#[derive(Default)]
struct Following {
    topics: BTreeSet<String>,
    kinds: BTreeSet<String>,
    /// Slug → the first collection (by name) holding it.
    collections: BTreeMap<String, String>,
    /// Slug → the first team (by name) following it, itself or through a pathway.
    teams: BTreeMap<String, String>,
}

async fn following(pool: &AnyPool, who: i64) -> Result<Following, HubError> {
    let mut f = Following::default();
    let follows: Vec<(String, String)> =
        sqlx::query_as("SELECT facet, value FROM digest_follows WHERE account_id = $1")
            .bind(who)
            .fetch_all(pool)
            .await?;
    for (facet, value) in follows {
        match facet.as_str() {
            "kind" => f.kinds.insert(value),
            _ => f.topics.insert(value.to_lowercase()),
        };
    }
    let held: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.slug, c.name FROM collections c JOIN collection_entries e ON e.collection_id = c.id
         WHERE c.owner_id = $1 ORDER BY c.name DESC",
    )
    .bind(who)
    .fetch_all(pool)
    .await?;
    f.collections.extend(held);
    let team_slugs: Vec<(String, String)> = sqlx::query_as(
        "SELECT f.slug, t.name FROM team_focus f JOIN teams t ON t.id = f.team_id
         WHERE f.kind = 'resource'
           AND (t.champion_id = $1 OR t.id IN (SELECT team_id FROM team_members WHERE account_id = $1))
         UNION ALL
         SELECT r.slug, t.name FROM team_focus f JOIN teams t ON t.id = f.team_id
           JOIN pathways p ON f.kind = 'pathway' AND p.slug = f.slug
           JOIN pathway_steps s ON s.pathway_id = p.id JOIN resources r ON r.id = s.resource_id
         WHERE t.champion_id = $1 OR t.id IN (SELECT team_id FROM team_members WHERE account_id = $1)
         ORDER BY 2 DESC",
    )
    .bind(who)
    .fetch_all(pool)
    .await?;
    f.teams.extend(team_slugs);
    Ok(f)
}

/// Why `c` belongs in the digest of someone following `f`, if it does: the most personal
/// reason first (their collection, their team, a topic, a kind).
fn because(f: &Following, c: &Changed) -> Option<String> {
    if let Some(name) = f.collections.get(&c.row.slug) {
        return Some(format!("In your collection \u{201c}{name}\u{201d}"));
    }
    if let Some(name) = f.teams.get(&c.row.slug) {
        return Some(format!("Your team \u{201c}{name}\u{201d} follows it"));
    }
    if let Some(topic) = c.topics.iter().find(|t| f.topics.contains(&t.to_lowercase())) {
        return Some(format!("You follow the topic \u{201c}{topic}\u{201d}"));
    }
    if f.kinds.contains(&c.row.kind) {
        let kind = app::model::Kind::parse(&c.row.kind).map_or(c.row.kind.as_str(), |k| k.plural_label());
        return Some(format!("You follow {}", kind.to_lowercase()));
    }
    None
}

/// Resources published and added or changed in `[from, to)`, newest change first.
async fn changed(pool: &AnyPool, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Changed>, HubError> {
    let rows: Vec<ChangedRow> = sqlx::query_as(
        "SELECT id, slug, title, kind, created_at, updated_at FROM resources
         WHERE updated_at >= $1 AND updated_at < $2 AND status = 'published' AND deleted_at IS NULL
         ORDER BY updated_at DESC, id LIMIT $3",
    )
    .bind(stamp(from))
    .bind(stamp(to))
    .bind(MOST_CHANGED)
    .fetch_all(pool)
    .await?;
    let terms: Vec<(i64, String)> = sqlx::query_as(
        "SELECT t.resource_id, t.term FROM resource_terms t JOIN resources r ON r.id = t.resource_id
         WHERE t.vocabulary = 'topic' AND r.updated_at >= $1 AND r.updated_at < $2
         ORDER BY t.resource_id, t.position",
    )
    .bind(stamp(from))
    .bind(stamp(to))
    .fetch_all(pool)
    .await?;
    let mut topics: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (id, term) in terms {
        topics.entry(id).or_default().push(term);
    }
    Ok(rows
        .into_iter()
        .map(|row| Changed {
            topics: topics.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// The entries of one learner's digest for the week `[from, to)`, from the run's changes.
fn entries(f: &Following, changes: &[Changed], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Entry> {
    let (from, to) = (stamp(from), stamp(to));
    changes
        .iter()
        .filter(|c| c.row.updated_at >= from && c.row.updated_at < to)
        .filter_map(|c| {
            because(f, c).map(|because| Entry {
                slug: c.row.slug.clone(),
                title: c.row.title.clone(),
                new: c.row.created_at >= from,
                because,
            })
        })
        .collect()
}

/// The key of one learner's digest of one week: queued once, whoever looks. By the Monday's
/// date where they are, so changing time zone mid-week does not bring a second digest.
fn key(who: i64, due: DateTime<Utc>, zone: Tz) -> String {
    let monday = due.with_timezone(&zone).date_naive();
    crate::secret::digest(&format!("weekly-digest:{who}:{monday}"))[..32].to_string()
}

/// Queues every digest due at `now` that has something in it and is not queued yet; how many.
pub async fn queue_due(pool: &AnyPool, mail: &MailSettings, now: DateTime<Utc>) -> Result<usize, HubError> {
    let readers: Vec<Reader> = sqlx::query_as(
        "SELECT a.id, a.email, a.name, a.time_zone FROM accounts a
         WHERE a.disabled_at IS NULL AND a.email_confirmed_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM mail_optouts o WHERE o.address = a.email AND o.kind = 'weekly-digest')
           AND (EXISTS (SELECT 1 FROM digest_follows d WHERE d.account_id = a.id)
             OR EXISTS (SELECT 1 FROM collections c WHERE c.owner_id = a.id)
             OR EXISTS (SELECT 1 FROM teams t WHERE t.champion_id = a.id)
             OR EXISTS (SELECT 1 FROM team_members m WHERE m.account_id = a.id))
         ORDER BY a.id",
    )
    .fetch_all(pool)
    .await?;
    // The digests queued or looked at lately, read at once: one query a look, not one a learner.
    let settled = outbox::settled(pool, Kind::WeeklyDigest.as_str(), now - Duration::days(7) - GRACE).await?;
    // Who is due now and not settled yet, with their week.
    let mut due = Vec::new();
    for r in readers {
        let zone: Tz = r.time_zone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(Tz::UTC);
        let at = due_at(now, zone);
        if now >= at + GRACE {
            continue;
        }
        let key = key(r.id, at, zone);
        if !settled.contains(&key) {
            due.push((r, zone, week_before(at, zone), key));
        }
    }
    let (Some(from), Some(to)) = (
        due.iter().map(|(_, _, (from, _), _)| *from).min(),
        due.iter().map(|(_, _, (_, to), _)| *to).max(),
    ) else {
        return Ok(0);
    };
    let changes = changed(pool, from, to).await?;
    let mut queued = 0;
    for (r, zone, (from, at), key) in due {
        let found = entries(&following(pool, r.id).await?, &changes, from, at);
        if found.is_empty() {
            outbox::looked(pool, &key).await?;
            continue;
        }
        let letter = letter(mail, &r, zone, from, &found);
        let mut conn = pool.acquire().await?;
        match outbox::queue_keyed(&mut conn, mail, &letter, Some(r.id), &key).await {
            Ok(Some(_)) => queued += 1,
            Ok(None) => {}
            Err(HubError::BadRequest { reason, .. }) => tracing::warn!(%reason, "a digest could not be written"),
            Err(e) => return Err(e),
        }
    }
    if queued > 0 {
        outbox::wake(mail);
    }
    Ok(queued)
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn letter(mail: &MailSettings, r: &Reader, zone: Tz, from: DateTime<Utc>, found: &[Entry]) -> Letter {
    let new = found.iter().filter(|e| e.new).count();
    let changed = found.len() - new;
    let summary = match (new, changed) {
        (0, c) => count(c, "updated resource", "updated resources"),
        (n, 0) => count(n, "new resource", "new resources"),
        (n, c) => format!("{} and {} updated", count(n, "new resource", "new resources"), c),
    };
    let since = from.with_timezone(&zone).format("%-d %B").to_string();
    let mut letter = Letter::new(
        Kind::WeeklyDigest,
        &r.email,
        Some(&r.name),
        &format!("Your weekly digest: {summary}"),
    )
    .para(format!("Hello {},", r.name))
    .para(format!("Since {since}, the hub has {summary} among what you follow:"));
    for e in found.iter().take(MOST_LISTED) {
        let label = if e.new { "New" } else { "Updated" };
        letter = letter.entry(
            e.title.clone(),
            mail.link(&format!("/resources/{}", e.slug)),
            format!("{label}. {}.", e.because),
        );
    }
    if found.len() > MOST_LISTED {
        letter = letter.para(format!(
            "And {} more: the catalog lists the newest first.",
            found.len() - MOST_LISTED
        ));
    }
    letter
        .action("See what is new in the catalog", mail.link("/resources?sort=newest"))
        .para("You get this digest because of the topics and kinds you follow, your collections and your teams. Choose what it follows on your account page.")
}

/// Runs [`queue_due`] every few minutes on this replica.
pub fn spawn(pool: AnyPool, mail: std::sync::Arc<MailSettings>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = queue_due(&pool, &mail, Utc::now()).await {
                tracing::warn!(error = %e, "weekly digests could not be queued; trying again");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_digest_is_due_on_monday_at_eight_in_the_learners_zone() {
        // Wednesday 9 December 2026: the week's digest was due on Monday the 7th.
        assert_eq!(due_at(at("2026-12-09T12:00:00Z"), Tz::UTC), at("2026-12-07T08:00:00Z"));
        // Monday at 7:59 UTC: still last week's.
        assert_eq!(due_at(at("2026-12-07T07:59:00Z"), Tz::UTC), at("2026-11-30T08:00:00Z"));
        // Sydney (UTC+11 in December): Monday 8:00 there is Sunday 21:00 UTC.
        let sydney: Tz = "Australia/Sydney".parse().unwrap();
        assert_eq!(due_at(at("2026-12-06T21:00:00Z"), sydney), at("2026-12-06T21:00:00Z"));
        // New York (UTC-5): Monday 8:00 there is 13:00 UTC.
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(due_at(at("2026-12-07T12:59:00Z"), ny), at("2026-11-30T13:00:00Z"));
        assert_eq!(due_at(at("2026-12-07T13:00:00Z"), ny), at("2026-12-07T13:00:00Z"));
    }

    #[test]
    fn a_week_is_monday_to_monday_where_the_learner_is_across_a_clock_change() {
        // London's clocks went back on Sunday 25 October 2026: that week is 169 hours long.
        let london: Tz = "Europe/London".parse().unwrap();
        let due = due_at(at("2026-10-26T12:00:00Z"), london);
        assert_eq!(due, at("2026-10-26T08:00:00Z"));
        assert_eq!(week_before(due, london).0, at("2026-10-19T07:00:00Z"));
        // The key is the local Monday: the same week in another zone is the same digest.
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(key(7, due, london), key(7, due_at(at("2026-10-26T13:00:00Z"), ny), ny));
    }

    #[test]
    fn the_most_personal_reason_comes_first() {
        let mut f = Following::default();
        f.topics.insert("grief".into());
        f.kinds.insert("course".into());
        let c = Changed {
            row: ChangedRow {
                id: 1,
                slug: "a".into(),
                title: "A".into(),
                kind: "course".into(),
                created_at: "2026-12-01T00:00:00.000Z".into(),
                updated_at: "2026-12-02T00:00:00.000Z".into(),
            },
            topics: vec!["Pain".into(), "Grief".into()],
        };
        assert_eq!(because(&f, &c).unwrap(), "You follow the topic \u{201c}Grief\u{201d}");
        f.teams.insert("a".into(), "Ward 4".into());
        assert_eq!(because(&f, &c).unwrap(), "Your team \u{201c}Ward 4\u{201d} follows it");
        let none = Following::default();
        assert_eq!(because(&none, &c), None);
    }
}
