//! What admin pages show: the catalog as admins see it (drafts and the trash included), the
//! audit log, accounts with their roles, and an editing conflict to resolve.

use serde::{Deserialize, Serialize};

/// One row of `/admin/resources`.
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminResourceList {
    pub rows: Vec<AdminResourceRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A resource as its editor loads it: the whole record in the exchange format (quiz answers
/// included) and the version a save is checked against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Editable {
    pub record: serde_json::Value,
    pub version: i64,
    pub updated_at: String,
    pub trashed_at: Option<String>,
}

/// One field that changed: its path (`title`, `items/2/quiz/pass_percent`) and its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// A save refused because someone else saved first: what they saved, by whom and when, and
/// where it differs from the refused edit, so the admin can merge and save again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditConflict {
    pub slug: String,
    /// The version now stored; saving again against it keeps the admin's edit.
    pub version: i64,
    pub saved_by: Option<String>,
    pub saved_at: String,
    /// The stored record, in the exchange format.
    pub current: serde_json::Value,
    /// `before` is the stored value, `after` the refused edit's.
    pub differences: Vec<Change>,
}

/// One audit log entry.
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// An account as the users page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// "learner", then "champion" and "admin" when held.
    pub roles: Vec<String>,
    pub disabled: bool,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUserList {
    pub users: Vec<AdminUser>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The synonym list as admins edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SynonymList {
    pub body: String,
    /// True until an admin saves a list of their own.
    pub built_in: bool,
    pub updated_at: Option<String>,
    /// Lines that define a group, comments and blank lines aside.
    pub groups: usize,
}

/// One problem with a record or file: the JSON pointer of the offending value and a reason.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{pointer}: {}", self.message)
    }
}

/// What an import did (or, in a dry run, would do).
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EditorChoices {
    /// (slug, title) of every organization not in the trash.
    pub organizations: Vec<(String, String)>,
    /// (vocabulary, terms in use), for audience, discipline, specialty, topic and tag.
    pub vocabularies: Vec<(String, Vec<String>)>,
}

/// What `/admin/resources` narrows and orders by.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
