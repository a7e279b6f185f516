//! Teams as their pages (and the JSON API) show them: the teams a learner leads or belongs to,
//! one team seen by its champion or by a member, an invite as its link shows it, and the
//! team's progress, which holds only what members chose to share.

use serde::{Deserialize, Serialize};

/// How long an invite link works, in days, when the champion does not say.
pub const INVITE_DAYS_DEFAULT: u32 = 14;
/// The choices of invite lifetime the team page offers, in days.
pub const INVITE_DAYS: [u32; 4] = [1, 7, 14, 30];
/// The longest a team's name may be, in characters.
pub const NAME_MAX: usize = 80;

/// A team in the list of the learner's teams.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSummary {
    pub id: i64,
    pub name: String,
    pub champion_name: String,
    /// The learner is this team's champion.
    pub leading: bool,
    pub members: usize,
    /// Whether the learner shares their progress with this team (false when leading).
    pub sharing: bool,
}

/// `/teams`: the teams the learner leads and the ones they joined.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsPage {
    pub teams: Vec<TeamSummary>,
    /// Only champions (those who took the pledge) create teams.
    pub can_lead: bool,
}

/// What a team follows: a resource or a pathway, by slug.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FocusKind {
    Resource,
    Pathway,
}

impl FocusKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FocusKind::Resource => "resource",
            FocusKind::Pathway => "pathway",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "resource" => Some(FocusKind::Resource),
            "pathway" => Some(FocusKind::Pathway),
            _ => None,
        }
    }
}

/// A resource or pathway the champion can choose for the team to follow.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusChoice {
    pub kind: FocusKind,
    pub slug: String,
    pub title: String,
}

/// The team's invite link, as its champion sees it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// The absolute address to send to colleagues: only in the answer that made it, since
    /// the hub keeps no more than a digest of it.
    pub url: Option<String>,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// The link no longer works; the champion can make a new one.
    pub expired: bool,
}

/// One member's progress on one followed resource or pathway.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberProgress {
    pub name: String,
    pub percent: u8,
    /// Anything recorded at all (a member can have started and be at 0%).
    pub started: bool,
}

/// Progress on one followed resource or pathway, over the members who share.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusProgress {
    pub kind: FocusKind,
    pub slug: String,
    pub title: String,
    /// Every sharing member, in name order, 0 for those who have not started.
    pub members: Vec<MemberProgress>,
    /// Sharing members who started (anything recorded) and who finished (100%).
    pub started: usize,
    pub finished: usize,
}

/// The team's progress as its champion sees it. Members who do not share appear only in
/// `not_sharing`, a count: never by name, never with a figure.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamProgress {
    /// The sharing members' names, in name order.
    pub sharing: Vec<String>,
    pub not_sharing: usize,
    pub focus: Vec<FocusProgress>,
    /// Continuing-education credit toward the team's focus: what it offers in all, and what each
    /// sharing member has finished. Nothing about anyone's licences.
    #[serde(default)]
    pub credits: FocusCredits,
}

/// An amount of one credit type, in the provider's words ("AMA PRA Category 1 Credit(s)™").
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreditAmount {
    pub credit: String,
    pub amount: f64,
}

/// The credit the team's focus offers (the resources it follows and the steps of the pathways it
/// follows, each once) and, per sharing member in name order, the credit offered by those of
/// them they finished.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FocusCredits {
    pub offered: Vec<CreditAmount>,
    pub members: Vec<MemberCredits>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberCredits {
    pub name: String,
    /// Per credit type the focus offers, in the same order as `offered` (0 for none yet).
    pub earned: Vec<CreditAmount>,
}

/// One team, as the signed-in learner may see it: its champion sees the invite, the choices
/// and the progress; a member sees the team and their own sharing.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub champion_name: String,
    pub leading: bool,
    pub members: usize,
    /// The learner's own sharing (members only).
    pub sharing: Option<bool>,
    /// What the team follows, in order (everyone in the team sees this).
    pub following: Vec<FocusChoice>,
    /// Champion only: the invite link, if one is out.
    pub invite: Option<Invite>,
    /// Champion only: invitations mailed in the last month, newest first.
    pub invitations: Vec<InvitationSent>,
    /// Champion only: what the last send did, shown once after it.
    pub last_send: Option<InvitationReport>,
    /// Champion only: what can still be chosen.
    pub choices: Vec<FocusChoice>,
    /// Champion only.
    pub progress: Option<TeamProgress>,
}

/// An invitation the champion mailed, as the team page lists it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationSent {
    pub address: String,
    /// RFC 3339, UTC.
    pub sent_at: String,
    pub expires_at: String,
    /// "waiting", "joined" or "expired".
    pub state: String,
}

/// What mailing invitations did: who was sent one, and who not and why.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationReport {
    pub sent: Vec<String>,
    pub skipped: Vec<NotInvited>,
}

/// An address that was not sent an invitation, and why.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotInvited {
    pub address: String,
    pub why: String,
}

/// The most addresses one send takes, and the most invitations a champion mails in a day.
pub const INVITATIONS_AT_ONCE: usize = 20;
pub const INVITATIONS_A_DAY: i64 = 50;
/// How long a mailed invitation works, in days.
pub const INVITATION_DAYS: i64 = 14;

/// An invite as its link shows it to whoever opens it.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitePreview {
    pub team_id: i64,
    pub team_name: String,
    pub champion_name: String,
    pub expires_at: String,
    pub expired: bool,
    /// The viewer is signed in (and so can join).
    pub signed_in: bool,
    /// The viewer is already in the team (as a member or its champion).
    pub already_in: bool,
}
