//! Invitations by email: the champion types colleagues' addresses on the team page and each
//! gets a message with a link of their own (single use, a fortnight), which opens the same
//! join page as the team's invite link. A team's own link is never mailed (the hub keeps only
//! its digest), and mailing does not replace it.
//!
//! Limits keep the hub from being a way to mail strangers: at most 20 addresses a send, 50 a
//! champion a day (across their teams), one to the same address a day; addresses that turned
//! team invitations off are skipped.

use super::championed;
use crate::accounts::{validate, AccountId};
use crate::db::now;
use crate::error::HubError;
use crate::mail::{outbox, Kind, Letter, MailSettings};
use crate::secret;
use app::model::team::{
    InvitationReport, InvitationSent, NotInvited, INVITATIONS_AT_ONCE, INVITATIONS_A_DAY, INVITATION_DAYS,
};
use chrono::{Duration, SecondsFormat, Utc};
use sqlx::AnyPool;

/// The most invitations one address gets in a week, from all champions together.
pub const PER_ADDRESS_A_WEEK: i64 = 3;

fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The addresses in what the champion typed: separated by commas, semicolons, spaces or lines,
/// each checked, lower-cased and listed once. One malformed address refuses the whole list, so
/// a typo is fixed before anyone is mailed.
pub fn addresses(text: &str) -> Result<Vec<String>, HubError> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        // "<ana@example.org>" as mail programs copy an address.
        let part = part.trim().trim_start_matches('<').trim_end_matches('>');
        if part.is_empty() {
            continue;
        }
        let email = validate::email(part).map_err(|_| HubError::BadRequest {
            param: "emails".into(),
            reason: format!(
                "\"{}\" is not an email address: write addresses like name@example.org, separated by commas or lines",
                part.chars().filter(|c| !c.is_control()).take(80).collect::<String>()
            ),
        })?;
        if !out.contains(&email) {
            out.push(email);
        }
    }
    if out.is_empty() {
        return Err(HubError::BadRequest {
            param: "emails".into(),
            reason: "write at least one email address".into(),
        });
    }
    if out.len() > INVITATIONS_AT_ONCE {
        return Err(HubError::BadRequest {
            param: "emails".into(),
            reason: format!(
                "that is {} addresses: send at most {INVITATIONS_AT_ONCE} at a time",
                out.len()
            ),
        });
    }
    Ok(out)
}

/// Mails an invitation to each address in `text` (champion only, and only a confirmed one).
/// Addresses already in the team, invited in the last day, or that turned invitations off are
/// skipped, and the report says so; past the champion's daily limit nothing is sent.
pub async fn send(
    pool: &AnyPool,
    mail: &MailSettings,
    team: i64,
    who: AccountId,
    text: &str,
) -> Result<InvitationReport, HubError> {
    championed(pool, team, who).await?;
    crate::accounts::confirm::require_confirmed(pool, who).await?;
    let wanted = addresses(text)?;
    let mut tx = pool.begin().await?;
    // Serializes one champion's sends (the daily count is theirs, across teams), so two tabs
    // cannot both pass it, on PostgreSQL too.
    sqlx::query("UPDATE accounts SET updated_at = updated_at WHERE id = $1")
        .bind(who.0)
        .execute(&mut *tx)
        .await?;
    let (team_name, champion_name): (String, String) =
        sqlx::query_as("SELECT t.name, c.name FROM teams t JOIN accounts c ON c.id = t.champion_id WHERE t.id = $1")
            .bind(team)
            .fetch_one(&mut *tx)
            .await?;
    let day_ago = stamp(Utc::now() - Duration::days(1));
    // Counted per champion, across their teams: a new team is not a new allowance.
    let today: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM team_invitations WHERE invited_by = $1 AND created_at > $2")
            .bind(who.0)
            .bind(day_ago.clone())
            .fetch_one(&mut *tx)
            .await?;
    let mut report = InvitationReport::default();
    let mut fresh = Vec::new();
    for address in wanted {
        let inside: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM accounts a WHERE a.email = $2
               AND (a.id IN (SELECT account_id FROM team_members WHERE team_id = $1)
                 OR a.id = (SELECT champion_id FROM teams WHERE id = $1))",
        )
        .bind(team)
        .bind(address.clone())
        .fetch_one(&mut *tx)
        .await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM team_invitations WHERE team_id = $1 AND address = $2 AND created_at > $3",
        )
        .bind(team)
        .bind(address.clone())
        .bind(day_ago.clone())
        .fetch_one(&mut *tx)
        .await?;
        // Whoever sends them: an address gets a few invitations a week, not a stream.
        let this_week: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM team_invitations WHERE address = $1 AND created_at > $2")
                .bind(address.clone())
                .bind(stamp(Utc::now() - Duration::days(7)))
                .fetch_one(&mut *tx)
                .await?;
        if recent > 0 {
            report.skipped.push(NotInvited {
                address,
                why: "invited in the last day already".into(),
            });
        } else if inside > 0
            || this_week >= PER_ADDRESS_A_WEEK
            || crate::mail::unsubscribe::is_off(&mut tx, &address, Kind::TeamInvitation).await?
        {
            // One answer for all three, so a champion learns neither who has an account, nor a
            // member's address, nor who turned invitations off.
            report.skipped.push(NotInvited {
                address,
                why: "already in the team, or not taking invitations now".into(),
            });
        } else {
            fresh.push(address);
        }
    }
    if today + fresh.len() as i64 > INVITATIONS_A_DAY {
        return Err(HubError::Conflict(format!(
            "a champion mails at most {INVITATIONS_A_DAY} invitations a day and you have sent {today}: \
             send these later, or share the team's invite link"
        )));
    }
    let expires = Utc::now() + Duration::days(INVITATION_DAYS);
    let until = expires.format("%-d %B %Y").to_string();
    for address in fresh {
        let token = secret::token();
        sqlx::query(
            "INSERT INTO team_invitations (token_hash, team_id, address, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secret::digest(&token))
        .bind(team)
        .bind(address.clone())
        .bind(who.0)
        .bind(now())
        .bind(stamp(expires))
        .execute(&mut *tx)
        .await?;
        let letter = Letter::new(
            Kind::TeamInvitation,
            &address,
            None,
            &format!("{champion_name} invites you to the team \u{201c}{team_name}\u{201d}"),
        )
        .para("Hello,")
        .para(format!(
            "{champion_name} leads the team \u{201c}{team_name}\u{201d} on Champion Hub, where clinicians learn palliative care together, and invites you to join it."
        ))
        .action("See the invitation", mail.link(&super::invites::path(&token)))
        .para(format!(
            "The link is yours: it works once, until {until}. Joining takes an account on the hub (free); \
             your progress reaches {champion_name} only if you choose to share it."
        ))
        .para("If you do not know why you got this, you can ignore it.");
        if outbox::queue(&mut tx, mail, &letter, None).await?.is_some() {
            report.sent.push(address);
        }
    }
    tx.commit().await?;
    if !report.sent.is_empty() {
        outbox::wake(mail);
    }
    Ok(report)
}

/// Invitations mailed in the last month, newest first: what the team page lists.
pub async fn recent(pool: &AnyPool, team: i64) -> Result<Vec<InvitationSent>, HubError> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT address, created_at, expires_at, used_at FROM team_invitations
         WHERE team_id = $1 AND created_at > $2 ORDER BY created_at DESC, address LIMIT 100",
    )
    .bind(team)
    .bind(stamp(Utc::now() - Duration::days(30)))
    .fetch_all(pool)
    .await?;
    let now = stamp(Utc::now());
    Ok(rows
        .into_iter()
        .map(|(address, sent_at, expires_at, used_at)| InvitationSent {
            state: if used_at.is_some() {
                "joined"
            } else if expires_at <= now {
                "expired"
            } else {
                "waiting"
            }
            .into(),
            address,
            sent_at,
            expires_at,
        })
        .collect())
}

/// Forgets invitations a month after they stopped working (they hold addresses of people who
/// may never have joined).
pub async fn prune(pool: &AnyPool) -> Result<u64, HubError> {
    Ok(sqlx::query("DELETE FROM team_invitations WHERE expires_at < $1")
        .bind(stamp(Utc::now() - Duration::days(30)))
        .execute(pool)
        .await?
        .rows_affected())
}

/// Runs [`prune`] once a day on this replica.
pub fn spawn_pruning(pool: AnyPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
        loop {
            tick.tick().await;
            if let Err(e) = prune(&pool).await {
                tracing::warn!(error = %e, "old team invitations could not be pruned");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_split_checked_and_listed_once() {
        assert_eq!(
            addresses("Ana@Example.org, ben@example.org;\n<cy@example.org>  ana@example.org").unwrap(),
            vec!["ana@example.org", "ben@example.org", "cy@example.org"]
        );
        let e = addresses("ana@example.org, ben@").unwrap_err().to_string();
        assert!(e.contains("\"ben@\" is not an email address"), "{e}");
        assert!(addresses(" ,\n ").is_err());
        let many: Vec<String> = (0..21).map(|n| format!("p{n}@example.org")).collect();
        assert!(addresses(&many.join(","))
            .unwrap_err()
            .to_string()
            .contains("at most 20"));
    }
}
