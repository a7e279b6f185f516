//! Creating, listing, showing and deleting teams.

use super::{focus, invites, membership, report, Membership};
use crate::accounts::AccountId;
use crate::db::now;
use crate::error::HubError;
use app::model::team::{TeamSummary, TeamView, TeamsPage, NAME_MAX};
use sqlx::AnyPool;

/// A team's name, trimmed: 1 to `NAME_MAX` characters, one line.
pub fn name(raw: &str) -> Result<String, HubError> {
    crate::label::label(raw, "team", NAME_MAX)
}

/// Whether the learner took the champion pledge (and the account is in use).
async fn is_champion(pool: &AnyPool, who: AccountId) -> Result<bool, HubError> {
    Ok(crate::accounts::store::get(pool, who)
        .await?
        .is_some_and(|a| a.is_champion()))
}

/// Creates a team led by `who`, who must be a champion. Answers with its id.
pub async fn create(pool: &AnyPool, who: AccountId, raw_name: &str) -> Result<i64, HubError> {
    let name = name(raw_name)?;
    crate::accounts::confirm::require_confirmed(pool, who).await?;
    if !is_champion(pool, who).await? {
        return Err(HubError::Forbidden(
            "only champions lead teams: take the champion pledge on your account page first".into(),
        ));
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO teams (name, champion_id, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(name)
            .bind(who.0)
            .bind(now())
            .fetch_one(pool)
            .await?;
    Ok(id)
}

/// Deletes the team, its memberships and its invite; the members' own progress is theirs and
/// stays. Champion only.
pub async fn delete(pool: &AnyPool, team: i64, who: AccountId) -> Result<(), HubError> {
    super::championed(pool, team, who).await?;
    sqlx::query("DELETE FROM teams WHERE id = $1")
        .bind(team)
        .execute(pool)
        .await?;
    Ok(())
}

/// The teams the learner leads, then the ones they joined, each by name.
pub async fn list(pool: &AnyPool, who: AccountId) -> Result<TeamsPage, HubError> {
    #[derive(sqlx::FromRow)]
    struct TeamRow {
        id: i64,
        name: String,
        champion_name: String,
        champion_id: i64,
        members: i64,
        /// Null where `who` leads the team rather than belongs to it.
        shares_progress: Option<i64>,
    }
    let rows: Vec<TeamRow> = sqlx::query_as(
        "SELECT t.id, t.name, c.name AS champion_name, t.champion_id,
                (SELECT COUNT(*) FROM team_members x WHERE x.team_id = t.id) AS members,
                m.shares_progress
         FROM teams t JOIN accounts c ON c.id = t.champion_id
         LEFT JOIN team_members m ON m.team_id = t.id AND m.account_id = $1
         WHERE t.champion_id = $1 OR m.account_id IS NOT NULL
         ORDER BY CASE WHEN t.champion_id = $1 THEN 0 ELSE 1 END, t.name, t.id",
    )
    .bind(who.0)
    .fetch_all(pool)
    .await?;
    let mut teams = Vec::with_capacity(rows.len());
    for row in rows {
        let leading = row.champion_id == who.0;
        teams.push(TeamSummary {
            id: row.id,
            name: row.name,
            champion_name: row.champion_name,
            leading,
            members: row.members as usize,
            sharing: !leading && row.shares_progress.unwrap_or(0) != 0,
        });
    }
    Ok(TeamsPage {
        teams,
        can_lead: is_champion(pool, who).await?,
    })
}

/// The team as `who` may see it (404 outside it).
pub async fn view(pool: &AnyPool, team: i64, who: AccountId) -> Result<TeamView, HubError> {
    let place = membership(pool, team, who).await?;
    let (name, champion_name, members): (String, String, i64) = sqlx::query_as(
        "SELECT t.name, c.name AS champion_name,
                (SELECT COUNT(*) FROM team_members x WHERE x.team_id = t.id) AS members
         FROM teams t JOIN accounts c ON c.id = t.champion_id WHERE t.id = $1",
    )
    .bind(team)
    .fetch_optional(pool)
    .await?
    // Deleted a moment ago, between the check and the read.
    .ok_or_else(|| super::not_found(team))?;
    let following = focus::following(pool, team).await?;
    let leading = place == Membership::Champion;
    let (invite, invitations, choices, progress) = if leading {
        (
            invites::current(pool, team).await?,
            super::invitations::recent(pool, team).await?,
            focus::choices(pool, team).await?,
            Some(report::progress(pool, team).await?),
        )
    } else {
        (None, Vec::new(), Vec::new(), None)
    };
    Ok(TeamView {
        id: team,
        name,
        champion_name,
        leading,
        members: members as usize,
        sharing: match place {
            Membership::Member { sharing } => Some(sharing),
            Membership::Champion => None,
        },
        following,
        invite,
        invitations,
        last_send: None,
        choices,
        progress,
    })
}
