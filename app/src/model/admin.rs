//! What admin pages show: the catalog as admins see it (drafts and the trash included), the
//! audit log and accounts with their roles (an editing conflict is in `problems`).

pub use super::problems::{Change, EditConflict, Problem};
use serde::{Deserialize, Serialize};

/// One row of `/admin/resources`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminResourceRow {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub updated_at: String,
    pub version: i64,
    /// When it went to the trash; None while it is live or a draft.
    pub trashed_at: Option<String>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminResourceList {
    pub rows: Vec<AdminResourceRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A resource as its editor loads it: the whole record in the exchange format (quiz answers
/// included) and the version a save is checked against.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Editable {
    pub record: serde_json::Value,
    pub version: i64,
    pub updated_at: String,
    pub trashed_at: Option<String>,
}

/// One audit log entry.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target_type: String,
    pub target: String,
    pub changes: Vec<Change>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// An account as the users page lists it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// "learner", then "champion" and "admin" when held.
    pub roles: Vec<String>,
    pub disabled: bool,
    pub created_at: String,
    /// None when the account has never signed in (one made on the command line, say).
    #[serde(default)]
    pub last_signed_in_at: Option<String>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUserList {
    pub users: Vec<AdminUser>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The synonym list as admins edit it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SynonymList {
    pub body: String,
    /// True until an admin saves a list of their own.
    pub built_in: bool,
    pub updated_at: Option<String>,
    /// Lines that define a group, comments and blank lines aside.
    pub groups: usize,
}

/// What an import did (or, in a dry run, would do).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    /// Resources that were in the trash and that the file brings back.
    pub restored: Vec<String>,
    pub unchanged: usize,
    pub pathways_written: usize,
    /// `resource/item` slugs retired because the file no longer lists them.
    pub items_retired: Vec<String>,
    /// Field by field, for each updated resource and each rewritten pathway (`pathway:<slug>`).
    pub changes: Vec<ResourceChanges>,
}

/// The fields one import changes on one resource or pathway.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceChanges {
    pub slug: String,
    pub changes: Vec<Change>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged, {} pathways written, {} items retired, {} restored from the trash",
            self.created.len(),
            self.updated.len(),
            self.unchanged,
            self.pathways_written,
            self.items_retired.len(),
            self.restored.len()
        )
    }
}

/// What the resource editor offers to pick from: organizations for `provider`, and the terms
/// already in use in each vocabulary, suggested as tags are typed.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EditorChoices {
    /// (slug, title) of every organization not in the trash.
    pub organizations: Vec<(String, String)>,
    /// (vocabulary, terms in use), for audience, discipline, specialty, topic and tag.
    pub vocabularies: Vec<(String, Vec<String>)>,
}

/// What `/admin/resources` narrows and orders by.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Words of the title or slug.
    pub q: Option<String>,
    pub kind: Option<String>,
    /// `published`, `draft` or `trash`; everything not in the trash when left out.
    pub status: Option<String>,
    /// `updated` (newest first, the default), `oldest` or `title`.
    pub sort: Option<String>,
    pub page: Option<i64>,
}

/// What the audit page can narrow to; empty fields match everything.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub target_type: Option<String>,
    /// A substring of the target (slug or email).
    pub target: Option<String>,
    /// A substring of the actor's email.
    pub actor: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A catalog file posted from the bulk upload form without JavaScript, and what became of it:
/// kept for the page the post is sent back to, which shows the report (or the problems) and
/// the text again, so the admin can apply what they reviewed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptUpload {
    pub file: String,
    /// False for a dry run.
    pub applied: bool,
    pub result: Result<ImportReport, crate::error::UiError>,
}

/// What a URL did. Declared worst first: results sort in this order.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An error status, a timeout, no connection, too many redirects or an unusable URL.
    Broken,
    /// Answered 2xx after at least one redirect: works, but the catalog should say where it went.
    Redirected,
    /// Answered 2xx directly.
    Ok,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Broken => "broken",
            Outcome::Redirected => "redirected",
            Outcome::Ok => "ok",
        }
    }

    /// The word `as_str` gives, back; None for anything else.
    pub fn from_name(s: &str) -> Option<Outcome> {
        match s {
            "broken" => Some(Outcome::Broken),
            "redirected" => Some(Outcome::Redirected),
            "ok" => Some(Outcome::Ok),
            _ => None,
        }
    }
}

/// One place a URL appears (a resource, or one of its items) and what its URL did.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkResult {
    /// The resource's slug.
    pub resource: String,
    /// The item's slug, when the URL is an item's.
    pub item: Option<String>,
    pub url: String,
    pub outcome: Outcome,
    /// The last HTTP status seen, when there was one.
    pub status: Option<u16>,
    /// Where the redirects ended (or gave up), when there were any.
    pub location: Option<String>,
    /// Why it is broken, in a few words: "404 Not Found", "timed out after 10 s".
    pub error: Option<String>,
}

impl LinkResult {
    /// `resource` or `resource/item`.
    pub fn place(&self) -> String {
        match &self.item {
            Some(item) => format!("{}/{item}", self.resource),
            None => self.resource.clone(),
        }
    }

    /// One line for a person: what is wrong, where, and with which URL.
    pub fn line(&self) -> String {
        let detail = match self.outcome {
            Outcome::Broken => self.error.clone().unwrap_or_default(),
            Outcome::Redirected => format!("-> {}", self.location.as_deref().unwrap_or_default()),
            Outcome::Ok => String::new(),
        };
        format!("{:<10} {} {} {detail}", self.outcome.as_str(), self.place(), self.url)
            .trim_end()
            .to_string()
    }
}

/// One run of the link checker and what it found.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub id: i64,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// Not finished yet. A run that died (its process stopped, the database failed) stays so
    /// until the next run replaces it as the latest.
    pub running: bool,
    /// Distinct URLs checked.
    pub checked: i64,
    /// One per place, broken first, then redirected, then ok; by resource slug within each.
    pub results: Vec<LinkResult>,
}

/// Distinct URLs per outcome.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub ok: usize,
    pub redirected: usize,
    pub broken: usize,
}

impl CheckReport {
    pub fn counts(&self) -> Counts {
        let mut seen = std::collections::BTreeSet::new();
        let mut counts = Counts::default();
        for r in &self.results {
            if seen.insert(r.url.as_str()) {
                match r.outcome {
                    Outcome::Ok => counts.ok += 1,
                    Outcome::Redirected => counts.redirected += 1,
                    Outcome::Broken => counts.broken += 1,
                }
            }
        }
        counts
    }

    /// "checked 42 links: 40 ok, 1 redirected, 1 broken".
    pub fn summary(&self) -> String {
        let c = self.counts();
        let noun = if self.checked == 1 { "link" } else { "links" };
        format!(
            "checked {} {noun}: {} ok, {} redirected, {} broken",
            self.checked, c.ok, c.redirected, c.broken
        )
    }
}

/// What the link check page shows: the latest check, if any ever ran, and the titles of the
/// resources its results name (by slug).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkReport {
    pub latest: Option<CheckReport>,
    pub titles: std::collections::BTreeMap<String, String>,
    /// The server was started with `--allow-private-links`: checks visit private and local
    /// addresses too.
    pub private_links_allowed: bool,
}

/// `/admin/outbox`: where mail goes and the newest messages.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutboxPage {
    /// "sent through smtps://mail.example.org:465", or the outbox folder.
    pub transport: String,
    /// What every link in a message starts with.
    pub base_url: String,
    /// False when no public address was set and links use the listening address.
    pub base_configured: bool,
    pub waiting: i64,
    pub failed: i64,
    /// The recipient the list is narrowed to ("" for everyone).
    pub to: String,
    pub messages: Vec<OutboxMessage>,
}

/// One message, as the outbox page lists it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// Its plain-text part.
    pub text: String,
    pub created_at: String,
    /// "sent", "waiting" or "failed".
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}
