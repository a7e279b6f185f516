//! Completion certificates: issued once per learner and activity when it is complete (a module
//! series, recorded session or course at 100%, or every step of a pathway), each with a code
//! anyone can verify. Issuing is idempotent, so it can run after every write and on every
//! visit to the dashboard.

use super::marks;
use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use app::model::{Certificate, Kind};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use sqlx::AnyPool;

/// The kinds whose completion earns a certificate (besides pathways).
pub const CERTIFIED: [Kind; 3] = [Kind::ModuleSeries, Kind::RecordedSession, Kind::Course];

const PATHWAY: &str = "pathway";
const RESOURCE: &str = "resource";

/// No 0/O or 1/I: codes are read off paper. 32 symbols, so a byte modulo 32 is unbiased.
const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A fresh code, e.g. "K7QM-2XPA-9TRD": 60 random bits.
fn new_code() -> String {
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[(*b % 32) as usize] as char).collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as someone typed it: trimmed, upper-cased, dashes where they belong.
pub fn normalize(code: &str) -> String {
    let plain: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let chars: Vec<char> = plain.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Issues every certificate the learner has earned and not yet been given.
pub async fn issue_due(pool: &AnyPool, who: AccountId) -> Result<(), HubError> {
    let Some(name) = sqlx::query_scalar::<_, String>("SELECT name FROM accounts WHERE id = $1")
        .bind(who.0)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(());
    };
    let percents = marks::percents(pool, who).await?;
    if !percents.values().any(|p| *p == 100) {
        return Ok(());
    }
    // Resources: complete, of a certified kind; dated by their last completed unit.
    #[derive(sqlx::FromRow)]
    struct Completed {
        id: i64,
        slug: String,
        title: String,
        kind: String,
        /// Never null: a completed unit always has its completed_at.
        done_on: String,
    }
    let rows: Vec<Completed> = sqlx::query_as(
        "SELECT r.id, r.slug, r.title, r.kind, MAX(COALESCE(p.reported_on, p.completed_at)) AS done_on
         FROM progress p JOIN resources r ON r.id = p.resource_id
         WHERE p.account_id = $1 AND p.status = 'completed' GROUP BY r.id, r.slug, r.title, r.kind",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    let mut due: Vec<(&str, i64, String, String)> = Vec::new();
    for r in rows {
        let kind = Kind::parse(&r.kind);
        if percents.get(&r.slug) == Some(&100) && kind.is_some_and(|k| CERTIFIED.contains(&k)) {
            due.push((RESOURCE, r.id, r.title, r.done_on));
        }
    }
    // Pathways: every step a clinician can see complete (as the pathway's page and progress
    // count them); dated by the last step's completion.
    let steps: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.title, r.slug, (SELECT MAX(COALESCE(g.reported_on, g.completed_at)) FROM progress g
                WHERE g.account_id = $1 AND g.resource_id = r.id) AS done_on
         FROM pathways p JOIN pathway_steps s ON s.pathway_id = p.id JOIN resources r ON r.id = s.resource_id
         WHERE r.status = 'published' AND r.deleted_at IS NULL
         ORDER BY p.id",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    let mut pathways: Vec<(i64, String, bool, String)> = Vec::new();
    for (id, title, slug, done_on) in steps {
        let complete = percents.get(&slug) == Some(&100);
        let done_on = done_on.unwrap_or_default();
        match pathways.last_mut() {
            Some(p) if p.0 == id => {
                p.2 &= complete;
                p.3 = p.3.clone().max(done_on);
            }
            _ => pathways.push((id, title, complete, done_on)),
        }
    }
    for (id, title, complete, done_on) in pathways {
        if complete {
            due.push((PATHWAY, id, title, done_on));
        }
    }
    let held: std::collections::HashSet<(String, i64)> =
        sqlx::query_as("SELECT subject_kind, subject_id FROM certificates WHERE account_id = $1")
            .bind(who.0)
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    for (kind, id, title, done_on) in due {
        if held.contains(&(kind.to_string(), id)) {
            continue;
        }
        let completed_on: String = done_on.chars().take(10).collect();
        sqlx::query(
            "INSERT INTO certificates (code, account_id, subject_kind, subject_id, learner_name, title, completed_on, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (account_id, subject_kind, subject_id) DO NOTHING",
        )
        .bind(new_code())
        .bind(who.0)
        .bind(kind)
        .bind(id)
        .bind(name.clone())
        .bind(title)
        .bind(completed_on)
        .bind(now())
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// With each certificate, how many of the units behind it the learner reported themselves
/// (attendance): counted when read, from the same progress rows that earned it.
const SELECT: &str =
    "SELECT c.code, c.account_id, c.learner_name, c.title, c.subject_kind, c.subject_id, c.completed_on, c.issued_at,
        (SELECT st.revoked_at FROM credential_status st WHERE st.certificate_code = c.code) AS revoked_at,
        r.slug AS resource_slug, r.kind AS resource_kind, p.slug AS pathway_slug,
        CASE WHEN c.subject_kind = 'pathway' THEN
            (SELECT COUNT(*) FROM progress g JOIN pathway_steps s ON s.resource_id = g.resource_id
             WHERE s.pathway_id = c.subject_id AND g.account_id = c.account_id AND g.self_reported = 1)
        ELSE
            (SELECT COUNT(*) FROM progress g
             WHERE g.resource_id = c.subject_id AND g.account_id = c.account_id AND g.self_reported = 1)
        END AS self_reported_units
     FROM certificates c
     LEFT JOIN resources r ON c.subject_kind = 'resource' AND r.id = c.subject_id
     LEFT JOIN pathways p ON c.subject_kind = 'pathway' AND p.id = c.subject_id";

/// A row of [`SELECT`].
#[derive(sqlx::FromRow)]
struct CertificateRow {
    code: String,
    account_id: i64,
    learner_name: String,
    title: String,
    subject_kind: String,
    subject_id: i64,
    completed_on: String,
    issued_at: String,
    revoked_at: Option<String>,
    resource_slug: Option<String>,
    resource_kind: Option<String>,
    pathway_slug: Option<String>,
    self_reported_units: i64,
}

impl From<CertificateRow> for Certificate {
    fn from(row: CertificateRow) -> Certificate {
        let (label, href) = match row.subject_kind.as_str() {
            PATHWAY => (
                "Pathway".to_string(),
                row.pathway_slug.map(|s| format!("/pathways/{s}")),
            ),
            _ => (
                row.resource_kind
                    .and_then(|k| Kind::parse(&k))
                    .map_or("Activity", Kind::label)
                    .to_string(),
                row.resource_slug.map(|s| format!("/resources/{s}")),
            ),
        };
        Certificate {
            code: row.code,
            learner_name: row.learner_name,
            title: row.title,
            subject_label: label,
            href: href.unwrap_or_default(),
            completed_on: row.completed_on,
            issued_at: row.issued_at,
            self_reported: row.self_reported_units > 0,
            verify_url: String::new(),
            credits: Vec::new(),
            revoked_at: row.revoked_at,
            mine: false,
            can_revoke: false,
        }
    }
}

/// The certificate with this code, for anyone to verify, with the credit its provider states
/// the activity offers.
pub async fn find(pool: &AnyPool, code: &str) -> Result<Option<Certificate>, HubError> {
    Ok(find_owned(pool, code).await?.map(|(c, _)| c))
}

/// [`find`], with the account it was issued to.
pub async fn find_owned(pool: &AnyPool, code: &str) -> Result<Option<(Certificate, AccountId)>, HubError> {
    let Some(row) = sqlx::query_as::<_, CertificateRow>(&format!("{SELECT} WHERE c.code = $1"))
        .bind(normalize(code))
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let owner = AccountId(row.account_id);
    let subject = (row.subject_kind == RESOURCE).then_some(row.subject_id);
    let mut certificate = Certificate::from(row);
    if let Some(id) = subject {
        let credits: Vec<(String, f64)> =
            sqlx::query_as("SELECT credit_type, amount FROM resource_credits WHERE resource_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(pool)
                .await?;
        certificate.credits = credits
            .into_iter()
            .map(|(kind, amount)| format!("{} {kind}", app::model::credits::hours(amount)))
            .collect();
    }
    Ok(Some((certificate, owner)))
}

/// The learner's certificates, newest first.
pub async fn list(pool: &AnyPool, who: AccountId) -> Result<Vec<Certificate>, HubError> {
    let rows: Vec<CertificateRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE c.account_id = $1 ORDER BY c.completed_on DESC, c.title"
    ))
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Certificate::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_groups_of_four_unambiguous_symbols() {
        let code = new_code();
        assert_eq!(code.len(), 14, "{code}");
        assert!(code.split('-').all(|g| g.len() == 4));
        assert!(code.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_ne!(new_code(), new_code());
    }

    #[test]
    fn typed_codes_are_normalized() {
        assert_eq!(normalize(" k7qm2xpa 9trd "), "K7QM-2XPA-9TRD");
        assert_eq!(normalize("K7QM-2XPA-9TRD"), "K7QM-2XPA-9TRD");
    }
}
