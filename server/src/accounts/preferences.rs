//! A learner's choices of mail: which kinds they get (of those they may turn off, kept as
//! opt-outs by address, as unsubscribe links keep them) and the time zone reminders are
//! written in.

use super::AccountId;
use crate::db::now;
use crate::error::HubError;
use crate::mail::{unsubscribe, Kind};
use app::model::{MailChoice, MailChoices};
use sqlx::AnyPool;

fn hint(kind: Kind) -> &'static str {
    match kind {
        Kind::LiveSession => "The day before a live session of a course you bookmarked, from 9:00 in your time zone.",
        Kind::AddressInUse => "When someone tries to sign up with your address, or move an account to it.",
        Kind::WeeklyDigest => "On Monday morning, what was added or changed in the week among what you follow (below). Only when there is something.",
        Kind::Unfinished => "Once, when a module series or quiz you started has waited two weeks.",
        Kind::TeamInvitation => "When a champion invites you to their team by email.",
        Kind::BrokenLinks => "After a scheduled link check that finds broken links in the catalog.",
        _ => "",
    }
}

/// The kinds someone may choose: all the optional ones, but only admins get broken links.
fn offered(admin: bool) -> impl Iterator<Item = Kind> {
    Kind::OPTIONAL
        .into_iter()
        .filter(move |k| admin || *k != Kind::BrokenLinks)
}

pub async fn get(pool: &AnyPool, who: AccountId) -> Result<MailChoices, HubError> {
    let (email, zone, admin): (String, Option<String>, i64) =
        sqlx::query_as("SELECT email, time_zone, is_admin FROM accounts WHERE id = $1")
            .bind(who.0)
            .fetch_optional(pool)
            .await?
            .ok_or(HubError::Unauthorized)?;
    let off = unsubscribe::off_for(pool, &email).await?;
    Ok(MailChoices {
        // What the digest follows is progress's to say (a layer above): the caller adds it.
        digest: Default::default(),
        kinds: offered(admin != 0)
            .map(|k| MailChoice {
                key: k.as_str().to_string(),
                label: Kind::label(k.as_str()).to_string(),
                hint: hint(k).to_string(),
                on: !off.iter().any(|o| o == k.as_str()),
            })
            .collect(),
        time_zone: zone.unwrap_or_default(),
        zones: chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_string()).collect(),
    })
}

/// Saves the choices: `on` lists the kinds to get (any other optional kind is turned off);
/// `time_zone` is an IANA name, or "" for each session's own. A zone the hub does not know is
/// refused, and nothing changes.
pub async fn save(pool: &AnyPool, who: AccountId, on: &[String], time_zone: &str) -> Result<(), HubError> {
    // Opt-outs are kept by address: only the address's confirmed owner may set them.
    super::confirm::require_confirmed(pool, who).await?;
    let zone = time_zone.trim();
    if !zone.is_empty() && zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(HubError::BadRequest {
            param: "time_zone".into(),
            reason: format!(
                "\"{}\" is not a time zone the hub knows: choose one from the list",
                zone.chars().take(60).collect::<String>()
            ),
        });
    }
    if let Some(unknown) = on
        .iter()
        .find(|k| !Kind::OPTIONAL.iter().any(|o| o.as_str() == k.as_str()))
    {
        return Err(HubError::BadRequest {
            param: "on".into(),
            reason: format!(
                "\"{}\" is not a kind of mail you can choose",
                unknown.chars().take(60).collect::<String>()
            ),
        });
    }
    let (email, admin): (String, i64) = sqlx::query_as("SELECT email, is_admin FROM accounts WHERE id = $1")
        .bind(who.0)
        .fetch_optional(pool)
        .await?
        .ok_or(HubError::Unauthorized)?;
    sqlx::query("UPDATE accounts SET time_zone = $2, updated_at = $3 WHERE id = $1")
        .bind(who.0)
        .bind((!zone.is_empty()).then(|| zone.to_string()))
        .bind(now())
        .execute(pool)
        .await?;
    // A kind the form did not offer (broken links, to a learner) keeps its setting.
    for kind in offered(admin != 0) {
        let wanted = on.iter().any(|k| k == kind.as_str());
        unsubscribe::set(pool, &email, kind.as_str(), wanted).await?;
    }
    Ok(())
}
