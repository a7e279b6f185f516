//! A member's own choices: sharing their progress with the team, and leaving it.

use super::{membership, Membership};
use crate::accounts::AccountId;
use crate::error::HubError;
use sqlx::AnyPool;

/// Turns the member's sharing on or off; from off, the champion sees none of their progress
/// again, nor their name.
pub async fn set_sharing(pool: &AnyPool, team: i64, who: AccountId, share: bool) -> Result<(), HubError> {
    member(pool, team, who).await?;
    sqlx::query("UPDATE team_members SET shares_progress = $3 WHERE team_id = $1 AND account_id = $2")
        .bind(team)
        .bind(who.0)
        .bind(i64::from(share))
        .execute(pool)
        .await?;
    Ok(())
}

/// Leaves the team. The member's progress is theirs and stays; the champion no longer sees it.
/// The collections they shared with the team are theirs too, and no longer shared with it.
pub async fn leave(pool: &AnyPool, team: i64, who: AccountId) -> Result<(), HubError> {
    member(pool, team, who).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND account_id = $2")
        .bind(team)
        .bind(who.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE collections SET team_id = NULL WHERE team_id = $1 AND owner_id = $2")
        .bind(team)
        .bind(who.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Only members choose these; the champion is told why not.
async fn member(pool: &AnyPool, team: i64, who: AccountId) -> Result<(), HubError> {
    match membership(pool, team, who).await? {
        Membership::Member { .. } => Ok(()),
        Membership::Champion => Err(HubError::Conflict(
            "you lead this team: to end it, delete the team instead".into(),
        )),
    }
}
