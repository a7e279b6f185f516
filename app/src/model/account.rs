//! A signed-in person's account as their own pages show it, and the champion pledge that makes
//! a learner a champion.

use serde::{Deserialize, Serialize};

/// A signed-in learner as their own pages (and `GET /api/v1/me`) show them.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub email: String,
    pub profession: Option<String>,
    pub discipline: Option<String>,
    /// Always "learner", then "champion" once the pledge is taken, then "admin" when granted.
    pub roles: Vec<String>,
    pub champion_since: Option<String>,
    pub created_at: String,
    /// Whether the email was confirmed (its link followed). Until it is, the account can learn
    /// but not lead or join a team, and the hub mails it nothing but the link.
    #[serde(default = "confirmed")]
    pub email_confirmed: bool,
    /// A new address asked for, waiting for its confirmation; the email stays until then.
    #[serde(default)]
    pub pending_email: Option<String>,
}

fn confirmed() -> bool {
    true
}

/// The champion pledge: the four commitments of a palliative care champion (after the
/// society's champion page), in the hub's words. A learner becomes a champion by taking all four.
pub const PLEDGE: [(&str, &str); 4] = [
    (
        "communication",
        "I will raise the standard of how we talk with seriously ill patients and their families, and make decisions with them.",
    ),
    (
        "integration",
        "I will argue for palliative care to be woven into our services, our teaching and our research.",
    ),
    (
        "access",
        "I will work so that every patient with a serious illness can get palliative care.",
    ),
    (
        "team",
        "I will encourage and support my own team, as one of them, to learn these skills and use them as standard practice.",
    ),
];

impl Account {
    pub fn is_champion(&self) -> bool {
        self.roles.iter().any(|r| r == "champion")
    }

    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin")
    }
}

/// The account page's "Email from the hub": which kinds of mail the learner gets (those they
/// may turn off), and the time zone reminders are written in.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MailChoices {
    pub kinds: Vec<MailChoice>,
    /// An IANA name ("Europe/London"), or "" for each session's own.
    pub time_zone: String,
    /// Every time zone the hub knows, to choose from.
    pub zones: Vec<String>,
    /// What the weekly digest follows.
    pub digest: DigestFollows,
}

/// What a learner's weekly digest follows: the topics and kinds they chose, and (without
/// choosing) what their collections hold and their teams follow.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DigestFollows {
    pub follows: Vec<Followed>,
    /// Topics the catalog uses that they do not follow yet, to choose from.
    pub topics: Vec<String>,
    /// Kinds of resource (`module_series`, with labels) they do not follow yet.
    pub kinds: Vec<(String, String)>,
    /// How many of their collections hold something, and how many teams they are in.
    pub collections: i64,
    pub teams: i64,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Followed {
    /// "topic" or "kind".
    pub facet: String,
    pub value: String,
    /// As people read it: the topic itself, or "Courses".
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MailChoice {
    /// The form field: "live-session", "address-in-use".
    pub key: String,
    pub label: String,
    pub hint: String,
    pub on: bool,
}

/// What an unsubscribe link turns off.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnsubscribeLink {
    pub address: String,
    /// The kind of mail, as people read it ("Live session reminders").
    pub label: String,
    /// Turned off already.
    pub off: bool,
}
