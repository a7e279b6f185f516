//! A learner's progress as their pages show it: bookmarks and the calendar feed of their
//! sessions, where they are with each unit and resource, pathways, credits and certificates,
//! and the marks every card shows.

use super::account::Account;
use super::catalog::{BrowsePage, Kind, ResourceCard};
use serde::{Deserialize, Serialize};

/// The learner's personal calendar feed: whether it is on, and its address only on the page
/// that follows making it (the hub keeps no more than a digest of the address).
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeed {
    pub on: bool,
    pub url: Option<String>,
}

/// A resource a learner bookmarked, with their private note.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    pub resource: ResourceCard,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Where a learner is with one unit of a resource.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "not_started" => Some(Status::NotStarted),
            "in_progress" => Some(Status::InProgress),
            "completed" => Some(Status::Completed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Completed => "Completed",
        }
    }
}

/// One unit's progress: an item, or (slug = the resource's own) a resource without items.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitProgress {
    pub slug: String,
    pub title: String,
    pub is_quiz: bool,
    /// The catalog no longer lists it; what the learner recorded on it is kept.
    pub retired: bool,
    pub status: Status,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    pub self_reported: bool,
    pub reported_on: Option<String>,
}

/// A learner's progress through one resource. Retired units are listed but not counted.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceProgress {
    pub slug: String,
    pub title: String,
    pub kind: Kind,
    pub units: Vec<UnitProgress>,
    pub completed: usize,
    pub total: usize,
    pub percent: u8,
    /// A certificate the learner holds rests on this resource (its own or a pathway's), so its
    /// completions cannot be undone.
    #[serde(default)]
    pub certified: bool,
}

/// What the signed-in learner has marked across the catalog, so every card and detail page can
/// show its bookmark toggle and progress bar.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LearnerMarks {
    pub account: Option<Account>,
    pub bookmarked: Vec<String>,
    /// The bookmarked resources that carry a private note: removing one of those asks first.
    #[serde(default)]
    pub noted: Vec<String>,
    /// (resource slug, percent complete) for every resource with anything recorded.
    pub progress: Vec<(String, u8)>,
}

impl LearnerMarks {
    pub fn is_bookmarked(&self, slug: &str) -> bool {
        self.bookmarked.iter().any(|s| s == slug)
    }

    pub fn has_note(&self, slug: &str) -> bool {
        self.noted.iter().any(|s| s == slug)
    }

    pub fn percent(&self, slug: &str) -> Option<u8> {
        self.progress.iter().find(|(s, _)| s == slug).map(|(_, p)| *p)
    }
}

/// A pathway with how far the learner has come along it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathwayProgress {
    pub slug: String,
    pub title: String,
    pub steps: usize,
    pub steps_completed: usize,
    pub percent: u8,
}

/// Credits offered by the activities a learner completed, summed per credit type.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditTally {
    pub credit_type: String,
    /// e.g. "16" or "1.5".
    pub amount: String,
    pub activities: usize,
}

/// A completion certificate as printed and as anyone verifying its code sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub code: String,
    pub learner_name: String,
    pub title: String,
    /// e.g. "Module series", "Pathway".
    pub subject_label: String,
    /// Where the activity lives on the hub.
    pub href: String,
    /// YYYY-MM-DD.
    pub completed_on: String,
    pub issued_at: String,
    /// Earned partly on the learner's own word (attendance they reported), not only on what
    /// the hub saw (items opened and marked, quizzes passed).
    pub self_reported: bool,
    /// The page anyone can check it at, in full (`https://hub.example.org/certificates/CODE`):
    /// printed, a path alone leads nowhere.
    #[serde(default)]
    pub verify_url: String,
    /// The continuing-education credit its provider states the activity offers, in the
    /// provider's words ("1.5 ANCC contact hours"); the provider awards it, not the hub.
    #[serde(default)]
    pub credits: Vec<String>,
    /// When it was revoked (an RFC 3339 time); the reason stays with the admins.
    #[serde(default)]
    pub revoked_at: Option<String>,
    /// The signed-in learner is the one it was issued to (they may add it to a profile).
    #[serde(default)]
    pub mine: bool,
    /// The signed-in reader is an admin, who may revoke it.
    #[serde(default)]
    pub can_revoke: bool,
}

/// "My bookmarks": the learner's saved resources with browse's facets, and their notes.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookmarksPage {
    pub page: BrowsePage,
    pub notes: Vec<(String, Option<String>)>,
}
