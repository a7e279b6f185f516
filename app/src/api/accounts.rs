//! Server functions for accounts: sign-up, sign-in and sign-out, the password, the champion
//! pledge and deleting the account. Each form is a plain post that ends in a redirect.

use crate::error::UiError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{answer, backend};

/// Only a path on this site is followed after sign-in: never another site's address. Control
/// characters are refused too: browsers drop a tab or newline from `/\t/evil.example`, which
/// then reads as `//evil.example`.
pub fn local_path(next: Option<&str>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.contains(char::is_control))
        .map(str::to_string)
}

/// A new password typed twice must be typed the same.
#[cfg(feature = "ssr")]
fn same_twice(new_password: &str, confirm_password: &str) -> Result<(), UiError> {
    if new_password == confirm_password {
        return Ok(());
    }
    Err(UiError::Invalid {
        field: "confirm_password".into(),
        message: "The two new passwords differ. Type the same one twice.".into(),
    })
}

#[server(prefix = "/rpc", endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    profession: Option<String>,
    discipline: Option<String>,
    next: Option<String>,
) -> Result<(), UiError> {
    answer(
        async move {
            let next = local_path(next.as_deref());
            let new = crate::backend::SignUp {
                name,
                email,
                password,
                profession,
                discipline,
                next: next.clone(),
            };
            backend()?.sign_up(new).await?;
            // The same page whether or not the address was in use: check your inbox.
            let then = next
                .map(|n| format!("&next={}", percent_encode(&n)))
                .unwrap_or_default();
            leptos_axum::redirect(&format!("/sign-up?sent=1{then}"));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.sign_in(&email, &password).await?;
            leptos_axum::redirect(&local_path(next.as_deref()).unwrap_or_else(|| "/me".into()));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), UiError> {
    answer(
        async move {
            backend()?.sign_out().await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// The learner's name (their certificates carry it), email, profession and discipline.
#[server(prefix = "/rpc", endpoint = "update_profile")]
pub async fn update_profile(
    name: String,
    email: String,
    profession: Option<String>,
    discipline: Option<String>,
    password: Option<String>,
) -> Result<(), UiError> {
    answer(
        async move {
            let change = crate::backend::ProfileChange {
                name,
                email,
                profession,
                discipline,
                password: password.filter(|p| !p.is_empty()),
            };
            backend()?.update_profile(change).await?;
            leptos_axum::redirect("/account?done=profile");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), UiError> {
    answer(
        async move {
            same_twice(&new_password, &confirm_password)?;
            backend()?.change_password(&current_password, &new_password).await?;
            leptos_axum::redirect("/account?done=password");
            Ok(())
        }
        .await,
    )
}

/// Each commitment is a checkbox: present when ticked.
#[server(prefix = "/rpc", endpoint = "take_pledge")]
pub async fn take_pledge(
    communication: Option<String>,
    integration: Option<String>,
    access: Option<String>,
    team: Option<String>,
) -> Result<(), UiError> {
    answer(
        async move {
            let ticked = [
                ("communication", communication),
                ("integration", integration),
                ("access", access),
                ("team", team),
            ];
            let commitments = ticked
                .into_iter()
                .filter(|(_, v)| v.is_some())
                .map(|(k, _)| k.to_string())
                .collect();
            backend()?.take_pledge(commitments).await?;
            leptos_axum::redirect("/account?done=pledge");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.delete_account(&password).await?;
            leptos_axum::redirect("/goodbye");
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn percent_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The address a confirmation link is for, or None when it is dead: the confirm page's data.
#[server(prefix = "/rpc", endpoint = "confirm_link")]
pub async fn confirm_link(token: String) -> Result<Option<String>, UiError> {
    answer(async move { backend()?.confirm_link(&token).await }.await)
}

/// Follows a confirmation link (a button on its page: mail scanners follow links, never
/// buttons), signs this browser in, and goes on to `next` or "My learning".
#[server(prefix = "/rpc", endpoint = "confirm_email")]
pub async fn confirm_email(token: String, next: Option<String>) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.confirm_email(&token).await?;
            let to = local_path(next.as_deref()).unwrap_or_else(|| "/me".into());
            let joiner = if to.contains('?') { '&' } else { '?' };
            leptos_axum::redirect(&format!("{to}{joiner}done=confirmed"));
            Ok(())
        }
        .await,
    )
}

/// Mails the signed-in learner a new confirmation link.
#[server(prefix = "/rpc", endpoint = "send_confirmation")]
pub async fn send_confirmation() -> Result<(), UiError> {
    answer(
        async move {
            backend()?.send_confirmation_again().await?;
            leptos_axum::redirect("/account?done=link-sent#email-status");
            Ok(())
        }
        .await,
    )
}

/// Keeps the current email; the new address asked for stops waiting.
#[server(prefix = "/rpc", endpoint = "keep_email")]
pub async fn keep_email() -> Result<(), UiError> {
    answer(
        async move {
            backend()?.keep_current_email().await?;
            leptos_axum::redirect("/account?done=email-kept#email-status");
            Ok(())
        }
        .await,
    )
}

/// What an unsubscribe link turns off: the unsubscribe page's data.
#[server(prefix = "/rpc", endpoint = "unsubscribe_link")]
pub async fn unsubscribe_link(token: String) -> Result<Option<crate::model::UnsubscribeLink>, UiError> {
    answer(async move { backend()?.unsubscribe_link(&token).await }.await)
}

/// The unsubscribe page's button: that kind of mail stops, no sign-in needed.
#[server(prefix = "/rpc", endpoint = "unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.unsubscribe(&token).await?;
            leptos_axum::redirect(&format!("/unsubscribe?token={}&done=off", percent_encode(&token)));
            Ok(())
        }
        .await,
    )
}

/// The account page's "Email from the hub".
#[server(prefix = "/rpc", endpoint = "mail_choices")]
pub async fn mail_choices() -> Result<crate::model::MailChoices, UiError> {
    answer(async move { backend()?.mail_choices().await }.await)
}

/// Saves which mail the learner gets (each optional kind a checkbox, present when ticked) and
/// their time zone.
#[server(prefix = "/rpc", endpoint = "save_mail_choices")]
pub async fn save_mail_choices(
    live_session: Option<String>,
    weekly_digest: Option<String>,
    unfinished: Option<String>,
    team_invitation: Option<String>,
    broken_links: Option<String>,
    address_in_use: Option<String>,
    time_zone: String,
) -> Result<(), UiError> {
    answer(
        async move {
            let on = [
                ("live-session", live_session),
                ("weekly-digest", weekly_digest),
                ("unfinished", unfinished),
                ("team-invitation", team_invitation),
                ("broken-links", broken_links),
                ("address-in-use", address_in_use),
            ]
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k.to_string())
            .collect();
            backend()?.save_mail_choices(on, &time_zone).await?;
            leptos_axum::redirect("/account?done=mail#mail-title");
            Ok(())
        }
        .await,
    )
}

/// Follows (`follow`) or stops following a topic or kind of resource in the weekly digest:
/// `facet` is "topic" or "kind".
#[server(prefix = "/rpc", endpoint = "follow_for_digest")]
pub async fn follow_for_digest(facet: String, value: String, follow: bool) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.follow_for_digest(&facet, &value, follow).await?;
            leptos_axum::redirect("/account?done=digest#digest-title");
            Ok(())
        }
        .await,
    )
}

/// Asks for a reset link. The answer is the same whether or not an account uses the address.
#[server(prefix = "/rpc", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), UiError> {
    answer(
        async move {
            backend()?.forgot_password(&email).await?;
            leptos_axum::redirect("/forgot-password?sent=1");
            Ok(())
        }
        .await,
    )
}

/// The email a reset link is for, or None when the link is dead: what the reset page shows.
#[server(prefix = "/rpc", endpoint = "reset_link")]
pub async fn reset_link(token: String) -> Result<Option<String>, UiError> {
    answer(async move { backend()?.reset_link(&token).await }.await)
}

/// A new password through a reset link: every session ends, and this browser is signed in.
#[server(prefix = "/rpc", endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String, confirm_password: String) -> Result<(), UiError> {
    answer(
        async move {
            same_twice(&new_password, &confirm_password)?;
            backend()?.reset_password(&token, &new_password).await?;
            leptos_axum::redirect("/account?done=password-reset");
            Ok(())
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            super::local_path(Some("/me/bookmarks")).as_deref(),
            Some("/me/bookmarks")
        );
        assert_eq!(super::local_path(Some("//evil.example")), None);
        assert_eq!(super::local_path(Some("https://evil.example")), None);
        assert_eq!(super::local_path(Some("/\\evil.example")), None);
        assert_eq!(super::local_path(Some("/\t/evil.example")), None);
        assert_eq!(super::local_path(Some("/\n/evil.example")), None);
        assert_eq!(super::local_path(None), None);
    }
}
