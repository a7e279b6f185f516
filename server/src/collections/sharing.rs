//! Sharing a collection: by a secret link anyone holding it can read, and with one team the
//! owner leads or is in. Owner only.

use super::owned;
use crate::accounts::AccountId;
use crate::error::HubError;
use crate::secret;
use crate::teams;
use sqlx::AnyPool;

/// Turns the secret link on (a new token: any older link stops working) or off. Answers with
/// the new token, which is stored only as its digest: this is the one time it is known.
pub async fn set_link(pool: &AnyPool, collection: i64, who: AccountId, on: bool) -> Result<Option<String>, HubError> {
    owned(pool, collection, who).await?;
    let token = on.then(secret::token);
    sqlx::query("UPDATE collections SET share_token = $2 WHERE id = $1")
        .bind(collection)
        .bind(token.as_deref().map(secret::digest))
        .execute(pool)
        .await?;
    Ok(token)
}

/// Shares the collection with `team` (which the owner must lead or be in), or with none.
pub async fn set_team(pool: &AnyPool, collection: i64, who: AccountId, team: Option<i64>) -> Result<(), HubError> {
    owned(pool, collection, who).await?;
    if let Some(team) = team {
        // The same answer whether the team is not there or the owner is not in it, so this
        // form tells nobody which teams exist.
        match teams::membership(pool, team, who).await {
            Ok(_) => {}
            Err(HubError::NotFound(_) | HubError::Forbidden(_)) => {
                return Err(HubError::BadRequest {
                    param: "team".into(),
                    reason: "you can share a collection only with a team you lead or are in".into(),
                })
            }
            Err(other) => return Err(other),
        }
    }
    sqlx::query("UPDATE collections SET team_id = $2 WHERE id = $1")
        .bind(collection)
        .bind(team)
        .execute(pool)
        .await?;
    Ok(())
}
