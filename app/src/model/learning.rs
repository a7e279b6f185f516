//! What a learner sees of their own learning, assembled from progress, teams and collections:
//! their state on one resource page, and "My learning".

use super::account::Account;
use super::collection::{CollectionChoice, CollectionSummary};
use super::progress::{Bookmark, Certificate, CreditTally, PathwayProgress, ResourceProgress};
use super::team::TeamSummary;
use serde::{Deserialize, Serialize};

/// The learner's own state on one resource page.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceLearning {
    pub bookmark: Option<Bookmark>,
    pub progress: ResourceProgress,
    /// Live courses and outside activities are recorded by the learner's own report.
    pub self_reportable: bool,
    /// The learner's collections, most recently changed first, each saying whether it holds
    /// this resource.
    #[serde(default)]
    pub collections: Vec<CollectionChoice>,
}

/// Where to pick up again: the most recently touched unfinished resource and its next unit.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContinueAt {
    pub resource: ResourceProgress,
    pub next_unit: Option<String>,
}

/// "My learning".
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub account: Account,
    pub continue_at: Option<ContinueAt>,
    pub in_progress: Vec<ResourceProgress>,
    pub completed: Vec<ResourceProgress>,
    pub bookmarks: Vec<Bookmark>,
    pub pathways: Vec<PathwayProgress>,
    pub credits: Vec<CreditTally>,
    pub certificates: Vec<Certificate>,
    /// The teams the learner leads, then those they joined.
    pub teams: Vec<TeamSummary>,
    /// Collections colleagues shared with the learner's teams, most recently changed first.
    pub shared_collections: Vec<CollectionSummary>,
}
