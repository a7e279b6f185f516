//! Collections as their pages (and the JSON API) show them: a learner's named, ordered lists of
//! resources with a short note on each, shared by a secret link or with one of their teams.

use super::catalog::ResourceCard;
use serde::{Deserialize, Serialize};

/// The longest a collection's name may be, in characters.
pub const NAME_MAX: usize = 80;
/// The longest note on an entry, in characters: a line or two on why it is there.
pub const NOTE_MAX: usize = 280;
/// The most resources one collection holds: a reading list, not a catalog.
pub const ENTRIES_MAX: usize = 100;
/// The most collections one learner keeps: room for years of reading lists, not for a script.
pub const COLLECTIONS_MAX: usize = 200;

/// A team a collection is (or can be) shared with.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: i64,
    pub name: String,
}

/// A collection in a list: the learner's own, or one shared with a team they are in.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionSummary {
    pub id: i64,
    pub name: String,
    pub owner_name: String,
    /// The learner made it (and may change it).
    pub mine: bool,
    /// Entries still in the catalog.
    pub entries: usize,
    /// Anyone holding its secret link can read it (owner's lists only say so).
    pub link_shared: bool,
    /// The team it is shared with, if any.
    pub team: Option<TeamRef>,
    /// RFC 3339, UTC: the last change to it or its entries.
    pub updated_at: String,
}

/// `/collections`: the learner's own collections and those shared with their teams.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionsPage {
    pub mine: Vec<CollectionSummary>,
    pub shared_with_me: Vec<CollectionSummary>,
}

/// One entry: the resource as a card (None once it left the catalog) and the owner's note.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionEntry {
    pub slug: String,
    pub resource: Option<ResourceCard>,
    pub note: String,
}

/// One of the learner's collections, as a resource's page offers it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionChoice {
    pub id: i64,
    pub name: String,
    /// It holds the resource already.
    pub holds: bool,
}

/// A resource the owner can add: published and not in the collection yet.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryChoice {
    pub slug: String,
    pub title: String,
}

/// One collection as the viewer may see it. Its owner sees every entry (those that left the
/// catalog too), the secret link, and what they can still add or share with; a reader sees
/// the entries still in the catalog and their notes.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionView {
    pub id: i64,
    pub name: String,
    pub owner_name: String,
    pub mine: bool,
    pub entries: Vec<CollectionEntry>,
    pub updated_at: String,
    /// The team it is shared with, if any.
    pub team: Option<TeamRef>,
    /// Owner only: the secret link is on.
    pub link_on: bool,
    /// Owner only: the absolute secret link, on the page that follows making it (the hub keeps
    /// no more than a digest of it).
    pub link: Option<String>,
    /// Owner only: the teams it could be shared with (those the owner leads or is in).
    pub teams: Vec<TeamRef>,
    /// Owner only: what can still be added.
    pub choices: Vec<EntryChoice>,
}

/// A change the owner makes to a collection.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CollectionChange {
    Rename {
        name: String,
    },
    Add {
        slug: String,
        note: String,
    },
    Note {
        slug: String,
        note: String,
    },
    Remove {
        slug: String,
    },
    /// One place up (towards the start) or down.
    Move {
        slug: String,
        up: bool,
    },
    /// Turn the secret link on (a new one: the old stops) or off.
    Link {
        on: bool,
    },
    /// Share with this team, or with none.
    Team {
        team: Option<i64>,
    },
}
