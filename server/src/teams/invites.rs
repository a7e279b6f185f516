//! Invite links: one per team at a time, with a lifetime the champion picks. The link's token
//! is its own key (the colleague may not have an account yet); a new link replaces the old,
//! and a stopped or expired one lets nobody in. Only the token's digest is stored, so the
//! address is shown once, when it is made.

use super::championed;
use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use crate::secret;
use app::model::team::{Invite, InvitePreview};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use sqlx::AnyPool;

/// The longest an invite link may work, in days.
pub const MAX_DAYS: u32 = 30;

/// The address of an invite on the hub, from its token.
pub fn path(token: &str) -> String {
    format!("/teams/join/{token}")
}

fn expired(expires_at: &str, at: DateTime<Utc>) -> bool {
    DateTime::parse_from_rfc3339(expires_at).map_or(true, |t| t <= at)
}

/// The team's invite link, if one is out (expired ones too, so the champion sees why); its
/// address is not known any more (see [`create`]).
pub async fn current(pool: &AnyPool, team: i64) -> Result<Option<Invite>, HubError> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT invite_token, invite_expires_at FROM teams WHERE id = $1")
            .bind(team)
            .fetch_optional(pool)
            .await?;
    Ok(match row {
        Some((Some(_), Some(expires_at))) => Some(Invite {
            url: None,
            expired: expired(&expires_at, Utc::now()),
            expires_at,
        }),
        _ => None,
    })
}

/// A new invite link working for `days` (1 to 30): the previous link stops working.
/// Champion only.
pub async fn create(pool: &AnyPool, team: i64, who: AccountId, days: u32, base: &str) -> Result<Invite, HubError> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(HubError::BadRequest {
            param: "days".into(),
            reason: format!("an invite link works for 1 to {MAX_DAYS} days, not {days}"),
        });
    }
    championed(pool, team, who).await?;
    let token = secret::token();
    let expires_at = (Utc::now() + Duration::days(i64::from(days))).to_rfc3339_opts(SecondsFormat::Millis, true);
    sqlx::query("UPDATE teams SET invite_token = $2, invite_expires_at = $3 WHERE id = $1")
        .bind(team)
        .bind(secret::digest(&token))
        .bind(expires_at.clone())
        .execute(pool)
        .await?;
    Ok(Invite {
        url: Some(format!("{base}{}", path(&token))),
        expires_at,
        expired: false,
    })
}

/// Stops the team's invite link at once, and the invitations mailed that are not used yet:
/// "stop" lets nobody new in. Champion only.
pub async fn stop(pool: &AnyPool, team: i64, who: AccountId) -> Result<(), HubError> {
    championed(pool, team, who).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE teams SET invite_token = NULL, invite_expires_at = NULL WHERE id = $1")
        .bind(team)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE team_invitations SET expires_at = $2 WHERE team_id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(team)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

fn no_invite() -> HubError {
    HubError::NotFound("invite link (it may have been replaced or stopped)".into())
}

/// The team an invite link opens, as `find` reads it.
struct Invited {
    team_id: i64,
    team_name: String,
    champion_id: i64,
    champion_name: String,
    /// RFC 3339; empty if the row has none.
    expires_at: String,
    /// A mailed invitation's own link (single use), not the team's.
    personal: bool,
}

type InvitedRow = (i64, String, i64, String, Option<String>);

/// The team behind `token` (the team's link, or a mailed invitation not used yet), while its
/// champion's account is active.
async fn find(pool: &AnyPool, token: &str) -> Result<Invited, HubError> {
    if !secret::well_formed(token) {
        return Err(no_invite());
    }
    let digest = secret::digest(token);
    let team_link: Option<InvitedRow> = sqlx::query_as(
        "SELECT t.id, t.name, t.champion_id, c.name AS champion_name, t.invite_expires_at
         FROM teams t JOIN accounts c ON c.id = t.champion_id
         WHERE t.invite_token = $1 AND c.disabled_at IS NULL",
    )
    .bind(digest.clone())
    .fetch_optional(pool)
    .await?;
    let (row, personal) = match team_link {
        Some(row) => (row, false),
        None => {
            let (team_id, team_name, champion_id, champion_name, expires_at, used_at): (
                i64,
                String,
                i64,
                String,
                String,
                Option<String>,
            ) = sqlx::query_as(
                "SELECT t.id, t.name, t.champion_id, c.name AS champion_name, i.expires_at, i.used_at
                 FROM team_invitations i JOIN teams t ON t.id = i.team_id JOIN accounts c ON c.id = t.champion_id
                 WHERE i.token_hash = $1 AND c.disabled_at IS NULL",
            )
            .bind(digest)
            .fetch_optional(pool)
            .await?
            .ok_or_else(no_invite)?;
            if used_at.is_some() {
                return Err(HubError::Conflict(format!(
                    "this invitation was used already: ask {champion_name} for a new one"
                )));
            }
            ((team_id, team_name, champion_id, champion_name, Some(expires_at)), true)
        }
    };
    let (team_id, team_name, champion_id, champion_name, expires_at) = row;
    Ok(Invited {
        team_id,
        team_name,
        champion_id,
        champion_name,
        expires_at: expires_at.unwrap_or_default(),
        personal,
    })
}

/// What the invite link shows to whoever opens it (`who`, when signed in).
pub async fn preview(pool: &AnyPool, token: &str, who: Option<AccountId>) -> Result<InvitePreview, HubError> {
    let invited = find(pool, token).await?;
    let already_in = match who {
        None => false,
        Some(who) => super::membership(pool, invited.team_id, who).await.is_ok(),
    };
    Ok(InvitePreview {
        team_id: invited.team_id,
        team_name: invited.team_name,
        champion_name: invited.champion_name,
        expired: expired(&invited.expires_at, Utc::now()),
        expires_at: invited.expires_at,
        signed_in: who.is_some(),
        already_in,
    })
}

/// Joins the team behind `token`, sharing progress only if `share`. Joining again changes
/// nothing (the member's sharing choice stays theirs). Answers with the team's id.
pub async fn join(pool: &AnyPool, token: &str, who: AccountId, share: bool) -> Result<i64, HubError> {
    let Invited {
        team_id: team,
        champion_id,
        champion_name,
        expires_at,
        personal,
        ..
    } = find(pool, token).await?;
    if champion_id == who.0 {
        return Err(HubError::Conflict(
            "you lead this team, so you are in it already".into(),
        ));
    }
    crate::accounts::confirm::require_confirmed(pool, who).await?;
    if expired(&expires_at, Utc::now()) {
        return Err(HubError::Conflict(format!(
            "this invite link expired on {}: ask {champion_name} for a new one",
            expires_at.chars().take(10).collect::<String>()
        )));
    }
    if super::membership(pool, team, who).await.is_ok() {
        // In already: a mailed invitation stays unused.
        return Ok(team);
    }
    let mut tx = pool.begin().await?;
    if personal {
        let used = sqlx::query("UPDATE team_invitations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL")
            .bind(secret::digest(token))
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if used == 0 {
            return Err(HubError::Conflict(format!(
                "this invitation was used already: ask {champion_name} for a new one"
            )));
        }
    }
    sqlx::query(
        "INSERT INTO team_members (team_id, account_id, shares_progress, joined_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (team_id, account_id) DO NOTHING",
    )
    .bind(team)
    .bind(who.0)
    .bind(i64::from(share))
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(team)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_expires_at_its_instant() {
        let at = DateTime::parse_from_rfc3339("2026-12-01T10:00:00.000Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(!expired("2026-12-01T10:00:00.001Z", at));
        assert!(expired("2026-12-01T10:00:00.000Z", at));
        assert!(expired("not a time", at));
    }
}
