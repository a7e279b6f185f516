//! Teams: a champion leads colleagues who join through an expiring invite link, choose whether
//! to share their progress (off until they turn it on), and leave when they like. The champion
//! chooses what the team follows and sees its progress, which holds only what members share.
//!
//! Who may do what is decided here, once, by [`membership`]: a team is invisible (404) to
//! anyone outside it, so its existence and name are not given away; members may read it;
//! only its champion may change it or see its progress.

pub mod focus;
pub mod invitations;
pub mod invites;
pub mod members;
pub mod report;
pub mod store;

use crate::accounts::AccountId;
use crate::error::HubError;
use sqlx::AnyPool;

/// Where the signed-in learner stands in a team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Membership {
    Champion,
    Member { sharing: bool },
}

/// The learner's place in `team`, or 404 when they have none (or there is no such team).
/// A champion whose role was taken away (by an admin) leads no more: their team waits,
/// untouched, until they take the pledge again.
pub async fn membership(pool: &AnyPool, team: i64, who: AccountId) -> Result<Membership, HubError> {
    let row: Option<(i64, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT t.champion_id, c.champion_since, m.shares_progress FROM teams t
         JOIN accounts c ON c.id = t.champion_id
         LEFT JOIN team_members m ON m.team_id = t.id AND m.account_id = $2
         WHERE t.id = $1",
    )
    .bind(team)
    .bind(who.0)
    .fetch_optional(pool)
    .await?;
    match row {
        Some((champion, Some(_), _)) if champion == who.0 => Ok(Membership::Champion),
        Some((champion, None, _)) if champion == who.0 => Err(HubError::Forbidden(
            "you are no longer a champion, so you cannot lead this team: take the champion pledge again".into(),
        )),
        Some((_, _, Some(sharing))) => Ok(Membership::Member { sharing: sharing != 0 }),
        _ => Err(not_found(team)),
    }
}

/// Only the team's champion may go on; a member is told they may not, anyone else sees 404.
pub async fn championed(pool: &AnyPool, team: i64, who: AccountId) -> Result<(), HubError> {
    match membership(pool, team, who).await? {
        Membership::Champion => Ok(()),
        Membership::Member { .. } => Err(HubError::Forbidden("only the team's champion can do that".into())),
    }
}

pub(crate) fn not_found(team: i64) -> HubError {
    HubError::NotFound(format!("team {team}"))
}
