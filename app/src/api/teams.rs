//! Server functions for teams: the learner's teams, one team, its invite link, what it
//! follows, joining through a link, sharing and leaving. The forms are plain posts that come
//! back to their page, so all of it works without the wasm.

use crate::error::UiError;
use crate::model::team::{InvitationReport, Invite, InvitePreview, TeamView, TeamsPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{answer, backend};
#[cfg(feature = "ssr")]
use crate::model::team::FocusKind;

#[server(prefix = "/rpc", endpoint = "load_teams")]
pub async fn load_teams() -> Result<TeamsPage, UiError> {
    answer(async move { backend()?.teams().await }.await)
}

#[server(prefix = "/rpc", endpoint = "create_team")]
pub async fn create_team(name: String) -> Result<i64, UiError> {
    answer(
        async move {
            let id = backend()?.create_team(&name).await?;
            leptos_axum::redirect(&format!("/teams/{id}?done=created"));
            Ok(id)
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "load_team")]
pub async fn load_team(team: i64) -> Result<TeamView, UiError> {
    answer(async move { backend()?.team(team).await }.await)
}

/// `confirm` is the checkbox that says the champion means it.
#[server(prefix = "/rpc", endpoint = "delete_team")]
pub async fn delete_team(team: i64, confirm: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.delete_team(team, confirm.is_some()).await?;
            leptos_axum::redirect("/teams?done=deleted");
            Ok(())
        }
        .await,
    )
}

/// With `days`, a new invite link that works that many days; without, the link stops.
#[server(prefix = "/rpc", endpoint = "set_team_invite")]
pub async fn set_team_invite(team: i64, days: Option<u32>) -> Result<Option<Invite>, UiError> {
    answer(
        async move {
            let invite = backend()?.set_team_invite(team, days).await?;
            leptos_axum::redirect(&format!("/teams/{team}#invite"));
            Ok(invite)
        }
        .await,
    )
}

/// Mails an invitation to each address in `emails` (commas, semicolons or lines between them).
#[server(prefix = "/rpc", endpoint = "send_team_invitations")]
pub async fn send_team_invitations(team: i64, emails: String) -> Result<InvitationReport, UiError> {
    answer(
        async move {
            let report = backend()?.send_team_invitations(team, &emails).await?;
            leptos_axum::redirect(&format!("/teams/{team}#invite-by-email"));
            Ok(report)
        }
        .await,
    )
}

/// `item` is `resource:slug` or `pathway:slug`; `follow` adds it to what the team follows or
/// takes it off.
#[server(prefix = "/rpc", endpoint = "set_team_focus")]
pub async fn set_team_focus(team: i64, item: String, follow: bool) -> Result<(), UiError> {
    answer(
        async move {
            let (kind, slug) = item
                .split_once(':')
                .and_then(|(k, s)| FocusKind::parse(k).map(|k| (k, s.to_string())))
                .ok_or_else(|| UiError::Invalid {
                    field: "item".into(),
                    message: "Choose a resource or pathway from the list.".into(),
                })?;
            backend()?.set_team_focus(team, kind, &slug, follow).await?;
            leptos_axum::redirect(&format!("/teams/{team}#following"));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "load_invite")]
pub async fn load_invite(token: String) -> Result<InvitePreview, UiError> {
    answer(async move { backend()?.invite(&token).await }.await)
}

/// `share` is the (unticked by default) checkbox: present means the member shares.
#[server(prefix = "/rpc", endpoint = "join_team")]
pub async fn join_team(token: String, share: Option<String>) -> Result<i64, UiError> {
    answer(
        async move {
            let id = backend()?.join_team(&token, share.is_some()).await?;
            leptos_axum::redirect(&format!("/teams/{id}?done=joined"));
            Ok(id)
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "set_team_sharing")]
pub async fn set_team_sharing(team: i64, share: bool) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.set_team_sharing(team, share).await?;
            leptos_axum::redirect(&format!("/teams/{team}#sharing"));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "leave_team")]
pub async fn leave_team(team: i64) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.leave_team(team).await?;
            leptos_axum::redirect("/teams?done=left");
            Ok(())
        }
        .await,
    )
}
