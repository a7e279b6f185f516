//! A learner's own data, to take away: everything the hub holds about one account as one JSON
//! document, and their progress as CSV. Read straight from the tables in one transaction, so
//! the export is one consistent picture and keeps what the catalog has since retired or
//! unpublished. Never in it: the password hash, and session ids (only how many sessions are
//! open and when each ends).

use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use serde::Serialize;
use sqlx::{AnyConnection, AnyPool};

/// Bumped when a field changes meaning or goes away; new fields may appear in any version.
pub const FORMAT_VERSION: u32 = 1;

/// The columns of the progress CSV, in order.
pub const CSV_COLUMNS: [&str; 8] = [
    "resource_slug",
    "resource_title",
    "unit",
    "status",
    "started_at",
    "completed_at",
    "self_reported",
    "reported_on",
];

/// What `GET /api/v1/me/export` can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    /// The progress as xAPI statements, for a learning record store.
    Xapi,
    /// Everything, with the progress CSV and the certificate files the learner uploaded, as one
    /// zip: `export.json`, `progress.csv`, `files/<activity id>-<name>`.
    Zip,
}

/// Everything the hub holds about one learner.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Export {
    pub format_version: u32,
    pub exported_at: String,
    pub account: AccountData,
    pub bookmarks: Vec<BookmarkData>,
    pub progress: Vec<ProgressData>,
    pub quiz_attempts: Vec<AttemptData>,
    pub certificates: Vec<CertificateData>,
    pub sessions: SessionsData,
    /// Whether the learner has a personal calendar feed, and since when (its secret address
    /// stays off the export, which may be kept or sent anywhere).
    pub calendar_feed: Option<CalendarFeedData>,
    /// The teams the learner leads (without their invite links' secrets).
    pub teams_led: Vec<TeamLedData>,
    /// The teams the learner joined, and whether they share their progress with each.
    pub team_memberships: Vec<TeamMembershipData>,
    /// The learner's collections, each entry with its note (without the secret links).
    pub collections: Vec<CollectionData>,
    /// Their choices of mail: time zone, kinds turned off, what the weekly digest follows.
    pub mail: MailData,
    /// Their licences (with their numbers: this export is theirs alone) and the activities they
    /// recorded from elsewhere, each with its certificate file's name, type and size (the file
    /// itself is in the zip export, as `files/<id>-<name>`).
    pub credits: CreditsData,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CreditsData {
    pub licences: Vec<LicenceData>,
    pub outside_activities: Vec<OutsideActivityData>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct LicenceData {
    pub profession: String,
    pub board: String,
    pub number: Option<String>,
    pub cycle_start: String,
    pub cycle_end: String,
    pub hours_required: f64,
    /// The credit types counted toward it, by name.
    #[sqlx(skip)]
    pub credit_types: Vec<String>,
    #[serde(skip)]
    pub credit_type_ids: String,
    /// JSON: [{"topic", "label", "hours"}].
    #[schema(value_type = Vec<Object>)]
    #[sqlx(skip)]
    pub topics: serde_json::Value,
    #[serde(skip)]
    pub topics_json: String,
    pub template: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct OutsideActivityData {
    pub id: i64,
    pub title: String,
    pub provider: String,
    pub completed_on: String,
    pub credit_type: String,
    pub amount: f64,
    /// Catalog topics, comma-separated.
    pub topics: String,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
    pub file_bytes: Option<i64>,
    #[serde(skip)]
    pub file_key: Option<String>,
    pub created_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MailData {
    pub time_zone: Option<String>,
    /// Kinds of mail turned off for the account's address ("weekly-digest").
    pub turned_off: Vec<String>,
    pub digest_follows: Vec<FollowData>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FollowData {
    /// "topic" or "kind".
    pub facet: String,
    pub value: String,
    pub since: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CollectionData {
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    /// Whether a secret link to it is on (the link itself stays off the export).
    pub link_shared: bool,
    /// The team it is shared with, by name.
    pub shared_with_team: Option<String>,
    pub entries: Vec<CollectionEntryData>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CollectionEntryData {
    pub slug: String,
    pub note: String,
    pub added_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TeamLedData {
    pub name: String,
    pub created_at: String,
    pub members: i64,
    /// What the team follows, as `kind:slug`, in order.
    pub following: Vec<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TeamMembershipData {
    pub team_name: String,
    pub champion_name: String,
    pub shares_progress: bool,
    pub joined_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CalendarFeedData {
    pub created_at: String,
}

/// The account as stored, less its password hash.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AccountData {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub profession: Option<String>,
    pub discipline: Option<String>,
    /// "learner", then "champion" once the pledge is taken, then "admin" when granted.
    pub roles: Vec<String>,
    pub is_admin: bool,
    pub champion_since: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct BookmarkData {
    #[sqlx(rename = "slug")]
    pub resource_slug: String,
    #[sqlx(rename = "title")]
    pub resource_title: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One recorded unit: an item of the resource, or (`unit` = the resource's slug) the resource
/// itself when it has no items.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ProgressData {
    pub resource_slug: String,
    pub resource_title: String,
    pub unit: String,
    pub unit_title: Option<String>,
    /// The catalog no longer offers this item; the record is kept.
    pub retired: bool,
    pub status: String,
    pub started_at: String,
    pub completed_at: Option<String>,
    pub self_reported: bool,
    pub reported_on: Option<String>,
    pub updated_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AttemptData {
    pub resource_slug: String,
    pub item_slug: String,
    /// The chosen answer's index, per question.
    pub answers: Vec<i64>,
    pub correct: i64,
    pub questions: i64,
    pub score_percent: i64,
    pub passed: bool,
    pub submitted_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct CertificateData {
    pub code: String,
    pub subject_kind: String,
    pub title: String,
    pub learner_name: String,
    pub completed_on: String,
    pub issued_at: String,
}

/// Open sessions (signed-in browsers): how many, and when each ends unless used again.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SessionsData {
    pub active: usize,
    pub expires_at: Vec<String>,
}

/// Everything the hub holds about `who`, read in one transaction.
pub async fn gather(pool: &AnyPool, who: AccountId) -> Result<Export, HubError> {
    let mut tx = pool.begin().await?;
    let conn: &mut AnyConnection = &mut tx;
    let account = account(conn, who).await?;
    let bookmarks = bookmarks(conn, who).await?;
    let progress = progress(conn, who).await?;
    let quiz_attempts = attempts(conn, who).await?;
    let certificates = certificates(conn, who).await?;
    let sessions = sessions(conn, who).await?;
    let calendar_feed = sqlx::query_scalar::<_, String>("SELECT created_at FROM calendar_feeds WHERE account_id = $1")
        .bind(who.0)
        .fetch_optional(&mut *conn)
        .await?
        .map(|created_at| CalendarFeedData { created_at });
    let teams_led = teams_led(conn, who).await?;
    let team_memberships = team_memberships(conn, who).await?;
    let collections = collections(conn, who).await?;
    let mail = mail(conn, who).await?;
    let credits = credits(conn, who).await?;
    tx.commit().await?;
    Ok(Export {
        format_version: FORMAT_VERSION,
        exported_at: now(),
        account,
        bookmarks,
        progress,
        quiz_attempts,
        certificates,
        sessions,
        calendar_feed,
        teams_led,
        team_memberships,
        collections,
        mail,
        credits,
    })
}

async fn credits(conn: &mut AnyConnection, who: AccountId) -> Result<CreditsData, HubError> {
    let types: std::collections::HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("SELECT id, name FROM credit_types")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    let mut licences: Vec<LicenceData> = sqlx::query_as(
        "SELECT l.profession, l.board, l.number, l.cycle_start, l.cycle_end, l.hours_required,
                l.credit_types AS credit_type_ids, l.topics AS topics_json, t.name AS template, l.created_at, l.updated_at
         FROM licences l LEFT JOIN board_templates t ON t.id = l.template_id
         WHERE l.account_id = $1 ORDER BY l.cycle_end, l.id",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    for l in &mut licences {
        l.credit_types = l
            .credit_type_ids
            .split(',')
            .filter_map(|id| id.trim().parse::<i64>().ok())
            .filter_map(|id| types.get(&id).cloned())
            .collect();
        l.topics =
            serde_json::from_str(&l.topics_json).map_err(|e| HubError::Corrupt(format!("a licence's topics: {e}")))?;
    }
    let outside_activities = sqlx::query_as(
        "SELECT o.id, o.title, o.provider, o.completed_on, t.name AS credit_type, o.amount, o.topics,
                o.file_name, o.file_type, o.file_bytes, o.file_key, o.created_at
         FROM outside_activities o JOIN credit_types t ON t.id = o.credit_type_id
         WHERE o.account_id = $1 ORDER BY o.completed_on, o.id",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(CreditsData {
        licences,
        outside_activities,
    })
}

async fn mail(conn: &mut AnyConnection, who: AccountId) -> Result<MailData, HubError> {
    let (email, time_zone): (String, Option<String>) =
        sqlx::query_as("SELECT email, time_zone FROM accounts WHERE id = $1")
            .bind(who.0)
            .fetch_one(&mut *conn)
            .await?;
    let turned_off = sqlx::query_scalar("SELECT kind FROM mail_optouts WHERE address = $1 ORDER BY kind")
        .bind(email)
        .fetch_all(&mut *conn)
        .await?;
    let follows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT facet, value, created_at FROM digest_follows WHERE account_id = $1 ORDER BY facet, value",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(MailData {
        time_zone,
        turned_off,
        digest_follows: follows
            .into_iter()
            .map(|(facet, value, since)| FollowData { facet, value, since })
            .collect(),
    })
}

async fn collections(conn: &mut AnyConnection, who: AccountId) -> Result<Vec<CollectionData>, HubError> {
    #[derive(sqlx::FromRow)]
    struct CollectionRow {
        id: i64,
        name: String,
        created_at: String,
        updated_at: String,
        share_token: Option<String>,
        team_name: Option<String>,
    }
    let rows: Vec<CollectionRow> = sqlx::query_as(
        "SELECT c.id, c.name, c.created_at, c.updated_at, c.share_token, t.name AS team_name
         FROM collections c LEFT JOIN teams t ON t.id = c.team_id
         WHERE c.owner_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let entries: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT slug, note, added_at FROM collection_entries WHERE collection_id = $1 ORDER BY position, slug",
        )
        .bind(row.id)
        .fetch_all(&mut *conn)
        .await?;
        out.push(CollectionData {
            name: row.name,
            created_at: row.created_at,
            updated_at: row.updated_at,
            link_shared: row.share_token.is_some(),
            shared_with_team: row.team_name,
            entries: entries
                .into_iter()
                .map(|(slug, note, added_at)| CollectionEntryData { slug, note, added_at })
                .collect(),
        });
    }
    Ok(out)
}

async fn teams_led(conn: &mut AnyConnection, who: AccountId) -> Result<Vec<TeamLedData>, HubError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT t.id, t.name, t.created_at, (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id) AS members
         FROM teams t WHERE t.champion_id = $1 ORDER BY t.created_at, t.id",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, name, created_at, members) in rows {
        let following: Vec<(String, String)> =
            sqlx::query_as("SELECT kind, slug FROM team_focus WHERE team_id = $1 ORDER BY position, slug")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
        out.push(TeamLedData {
            name,
            created_at,
            members,
            following: following.into_iter().map(|(k, s)| format!("{k}:{s}")).collect(),
        });
    }
    Ok(out)
}

async fn team_memberships(conn: &mut AnyConnection, who: AccountId) -> Result<Vec<TeamMembershipData>, HubError> {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT t.name, c.name AS champion_name, m.shares_progress, m.joined_at FROM team_members m
         JOIN teams t ON t.id = m.team_id JOIN accounts c ON c.id = t.champion_id
         WHERE m.account_id = $1 ORDER BY m.joined_at, t.id",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(team_name, champion_name, shares_progress, joined_at)| TeamMembershipData {
                team_name,
                champion_name,
                shares_progress: shares_progress != 0,
                joined_at,
            },
        )
        .collect())
}

/// The learner's progress as CSV: a header row, then one row per recorded unit.
pub async fn progress_csv(pool: &AnyPool, who: AccountId) -> Result<String, HubError> {
    to_csv(&progress(&mut *pool.acquire().await?, who).await?)
}

/// `rows` as CSV, with the header row `CSV_COLUMNS`.
pub fn to_csv(rows: &[ProgressData]) -> Result<String, HubError> {
    let broken = |e: csv::Error| HubError::Corrupt(format!("writing the progress CSV: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(CSV_COLUMNS).map_err(broken)?;
    for p in rows {
        out.write_record([
            p.resource_slug.as_str(),
            &spreadsheet_safe(&p.resource_title),
            p.unit.as_str(),
            p.status.as_str(),
            p.started_at.as_str(),
            p.completed_at.as_deref().unwrap_or(""),
            if p.self_reported { "true" } else { "false" },
            p.reported_on.as_deref().unwrap_or(""),
        ])
        .map_err(broken)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| HubError::Corrupt(format!("writing the progress CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| HubError::Corrupt(format!("the progress CSV is not UTF-8: {e}")))
}

/// A cell a spreadsheet shows as text: one starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return would be run as a formula when the CSV is opened (OWASP's "CSV injection"), so it is
/// prefixed with an apostrophe, which spreadsheets hide.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

async fn account(conn: &mut AnyConnection, who: AccountId) -> Result<AccountData, HubError> {
    #[derive(sqlx::FromRow)]
    struct AccountRow {
        id: i64,
        name: String,
        email: String,
        profession: Option<String>,
        discipline: Option<String>,
        is_admin: i64,
        champion_since: Option<String>,
        created_at: String,
        updated_at: String,
    }
    // The columns are named one by one: the password hash is never read.
    let row: AccountRow = sqlx::query_as(
        "SELECT id, name, email, profession, discipline, is_admin, champion_since, created_at, updated_at
         FROM accounts WHERE id = $1",
    )
    .bind(who.0)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(HubError::Unauthorized)?;
    let is_admin = row.is_admin != 0;
    let mut roles = vec!["learner".to_string()];
    if row.champion_since.is_some() {
        roles.push("champion".into());
    }
    if is_admin {
        roles.push("admin".into());
    }
    Ok(AccountData {
        id: row.id,
        name: row.name,
        email: row.email,
        profession: row.profession,
        discipline: row.discipline,
        roles,
        is_admin,
        champion_since: row.champion_since,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

async fn bookmarks(conn: &mut AnyConnection, who: AccountId) -> Result<Vec<BookmarkData>, HubError> {
    Ok(sqlx::query_as(
        "SELECT r.slug, r.title, b.note, b.created_at, b.updated_at
         FROM bookmarks b JOIN resources r ON r.id = b.resource_id
         WHERE b.account_id = $1 ORDER BY b.created_at, r.slug",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?)
}

/// Every progress row, retired items' and unpublished resources' included, by resource and
/// the item's place in it.
async fn progress(conn: &mut AnyConnection, who: AccountId) -> Result<Vec<ProgressData>, HubError> {
    #[derive(sqlx::FromRow)]
    struct ProgressRow {
        slug: String,
        title: String,
        unit: String,
        item_title: Option<String>,
        retired_at: Option<String>,
        status: String,
        started_at: String,
        completed_at: Option<String>,
        self_reported: i64,
        reported_on: Option<String>,
        updated_at: String,
    }
    let rows: Vec<ProgressRow> = sqlx::query_as(
        "SELECT r.slug, r.title, p.unit, i.title AS item_title, i.retired_at, i.position, p.status,
                p.started_at, p.completed_at, p.self_reported, p.reported_on, p.updated_at
         FROM progress p
         JOIN resources r ON r.id = p.resource_id
         LEFT JOIN items i ON i.resource_id = p.resource_id AND i.slug = p.unit
         WHERE p.account_id = $1
         ORDER BY r.slug, CASE WHEN p.unit = '' THEN 0 ELSE 1 END, i.position, p.unit",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let whole = row.unit.is_empty();
            ProgressData {
                // A resource without items is its own one unit, named by its slug, as in the API.
                unit: if whole { row.slug.clone() } else { row.unit },
                unit_title: if whole { Some(row.title.clone()) } else { row.item_title },
                retired: row.retired_at.is_some(),
                resource_slug: row.slug,
                resource_title: row.title,
                status: row.status,
                started_at: row.started_at,
                completed_at: row.completed_at,
                self_reported: row.self_reported != 0,
                reported_on: row.reported_on,
                updated_at: row.updated_at,
            }
        })
        .collect())
}

async fn attempts(conn: &mut AnyConnection, who: AccountId) -> Result<Vec<AttemptData>, HubError> {
    #[derive(sqlx::FromRow)]
    struct AttemptRow {
        resource_slug: String,
        item_slug: String,
        /// The chosen answers as a JSON array.
        answers: String,
        correct: i64,
        questions: i64,
        score_percent: i64,
        passed: i64,
        submitted_at: String,
    }
    let rows: Vec<AttemptRow> = sqlx::query_as(
        "SELECT r.slug AS resource_slug, i.slug AS item_slug, a.answers, a.correct, a.questions,
                a.score_percent, a.passed, a.submitted_at
         FROM quiz_attempts a
         JOIN items i ON i.id = a.item_id
         JOIN resources r ON r.id = i.resource_id
         WHERE a.account_id = $1 ORDER BY a.submitted_at, a.id",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AttemptData {
                resource_slug: row.resource_slug,
                item_slug: row.item_slug,
                answers: serde_json::from_str(&row.answers)
                    .map_err(|e| HubError::Corrupt(format!("a quiz attempt's answers: {e}")))?,
                correct: row.correct,
                questions: row.questions,
                score_percent: row.score_percent,
                passed: row.passed != 0,
                submitted_at: row.submitted_at,
            })
        })
        .collect()
}

async fn certificates(conn: &mut AnyConnection, who: AccountId) -> Result<Vec<CertificateData>, HubError> {
    Ok(sqlx::query_as(
        "SELECT code, subject_kind, title, learner_name, completed_on, issued_at FROM certificates
         WHERE account_id = $1 ORDER BY issued_at, code",
    )
    .bind(who.0)
    .fetch_all(&mut *conn)
    .await?)
}

/// Sessions that have not expired: their end times only, never their ids.
async fn sessions(conn: &mut AnyConnection, who: AccountId) -> Result<SessionsData, HubError> {
    let ends: Vec<i64> = sqlx::query_scalar(
        "SELECT expires_at FROM sessions WHERE account_id = $1 AND expires_at >= $2 ORDER BY expires_at",
    )
    .bind(who.0)
    .bind(chrono::Utc::now().timestamp())
    .fetch_all(&mut *conn)
    .await?;
    let expires_at = ends
        .iter()
        .map(|&secs| {
            chrono::DateTime::from_timestamp(secs, 0)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .ok_or_else(|| HubError::Corrupt(format!("a session's expiry {secs} is out of range")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SessionsData {
        active: expires_at.len(),
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str, reported_on: Option<&str>) -> ProgressData {
        ProgressData {
            resource_slug: "a-course".into(),
            resource_title: title.into(),
            unit: "a-course".into(),
            unit_title: Some(title.into()),
            retired: false,
            status: "completed".into(),
            started_at: "2026-11-23T10:00:00.000Z".into(),
            completed_at: Some("2026-11-23T11:00:00.000Z".into()),
            self_reported: reported_on.is_some(),
            reported_on: reported_on.map(str::to_string),
            updated_at: "2026-11-23T11:00:00.000Z".into(),
        }
    }

    #[test]
    fn csv_quotes_what_needs_it_and_reads_back() {
        let rows = [
            row("Pain, \"Dyspnea\"\nand more", Some("2026-11-20")),
            row("Plain", None),
        ];
        let text = to_csv(&rows).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_COLUMNS);
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 2);
        assert_eq!(&records[0][1], "Pain, \"Dyspnea\"\nand more");
        assert_eq!((&records[0][6], &records[0][7]), ("true", "2026-11-20"));
        assert_eq!((&records[1][6], &records[1][7]), ("false", ""));
        assert_eq!(to_csv(&[]).unwrap(), format!("{}\n", CSV_COLUMNS.join(",")));
    }
}

#[cfg(test)]
mod csv_tests {
    use super::spreadsheet_safe;

    #[test]
    fn formulas_become_text() {
        assert_eq!(
            spreadsheet_safe("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-1+2"), "'-1+2");
        assert_eq!(spreadsheet_safe("Goals of care"), "Goals of care");
    }
}

/// Zips written at once, across the process: each holds a disk and a thread while it runs.
static ZIPPING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Everything about `who` as a zip in a temporary file (removed when dropped): `export.json`,
/// `progress.csv` and each uploaded certificate as `files/<activity id>-<name>`. Written to
/// disk on a blocking thread, a file at a time, never whole in memory: a learner's files may be
/// many. At most two are written at once; others wait their turn.
pub async fn archive(
    pool: &AnyPool,
    store: std::sync::Arc<dyn crate::credits::files::FileStore>,
    who: AccountId,
) -> Result<tempfile::NamedTempFile, HubError> {
    let _turn = ZIPPING
        .acquire()
        .await
        .map_err(|_| HubError::Unavailable("exports are closed".into()))?;
    let everything = gather(pool, who).await?;
    let json = serde_json::to_vec_pretty(&everything).map_err(|e| HubError::Corrupt(e.to_string()))?;
    let csv = progress_csv(pool, who).await?;
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || -> Result<tempfile::NamedTempFile, HubError> {
        use std::io::Write;
        let file = tempfile::NamedTempFile::new().map_err(HubError::io("cannot make the export's file"))?;
        let mut zip = zip::ZipWriter::new(
            file.as_file()
                .try_clone()
                .map_err(HubError::io("cannot write the export"))?,
        );
        let compressed = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        // Already compressed formats (PDF, PNG, JPEG): stored as they are.
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let failed = |e: zip::result::ZipError| HubError::Corrupt(format!("the export's zip: {e}"));
        let wrote = |e: std::io::Error| HubError::io("cannot write the export")(e);
        zip.start_file("export.json", compressed).map_err(failed)?;
        zip.write_all(&json).map_err(wrote)?;
        zip.start_file("progress.csv", compressed).map_err(failed)?;
        zip.write_all(csv.as_bytes()).map_err(wrote)?;
        for a in &everything.credits.outside_activities {
            let (Some(key), Some(name)) = (&a.file_key, &a.file_name) else {
                continue;
            };
            // A file the store lost is left out rather than failing the whole export.
            let Some(bytes) = handle.block_on(store.get(key))? else {
                continue;
            };
            zip.start_file(format!("files/{}-{}", a.id, name), stored)
                .map_err(failed)?;
            zip.write_all(&bytes).map_err(wrote)?;
        }
        zip.finish().map_err(failed)?;
        Ok(file)
    })
    .await
    .map_err(|e| HubError::Corrupt(format!("writing the export failed: {e}")))?
}
