//! Server functions for the signed-in learner: account, bookmarks, progress, quizzes and the
//! dashboard. The account forms are plain posts that end in a redirect; the rest also answer
//! in place when the wasm has loaded.

use crate::error::UiError;
use crate::model::{
    BookmarksPage, Dashboard, LearnerMarks, PathwayProgress, QuizView, ResourceLearning, ResourceProgress,
};
use crate::query::BrowseQuery;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::{answer, backend};

/// Only a path on this site is followed after sign-in: never another site's address. Control
/// characters are refused too: browsers drop a tab or newline from `/\t/evil.example`, which
/// then reads as `//evil.example`.
pub fn local_path(next: Option<&str>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.contains(char::is_control))
        .map(str::to_string)
}

#[server(prefix = "/rpc")]
pub async fn load_marks() -> Result<LearnerMarks, UiError> {
    answer(async move { backend()?.marks().await }.await)
}

#[server(prefix = "/rpc")]
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
            let new = crate::backend::SignUp {
                name,
                email,
                password,
                profession,
                discipline,
            };
            backend()?.sign_up(new).await?;
            leptos_axum::redirect(&local_path(next.as_deref()).unwrap_or_else(|| "/me".into()));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc")]
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

#[server(prefix = "/rpc")]
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

#[server(prefix = "/rpc")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), UiError> {
    answer(
        async move {
            if new_password != confirm_password {
                return Err(UiError::Invalid {
                    field: "confirm_password".into(),
                    message: "The two new passwords differ. Type the same one twice.".into(),
                });
            }
            backend()?.change_password(&current_password, &new_password).await?;
            leptos_axum::redirect("/account?done=password");
            Ok(())
        }
        .await,
    )
}

/// Each commitment is a checkbox: present when ticked.
#[server(prefix = "/rpc")]
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

#[server(prefix = "/rpc")]
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

/// Saves (`saved` = true) or removes a bookmark; with a note, sets the note too. Answers with
/// whether it is now saved.
#[server(prefix = "/rpc")]
pub async fn set_bookmark(slug: String, saved: bool, note: Option<String>) -> Result<bool, UiError> {
    answer(async move { backend()?.set_bookmark(&slug, saved, note).await }.await)
}

#[server(prefix = "/rpc", input = server_fn::codec::Json)]
pub async fn load_bookmarks(query: BrowseQuery) -> Result<BookmarksPage, UiError> {
    answer(async move { backend()?.bookmarks(&query).await }.await)
}

/// The address of the learner's personal calendar feed (their bookmarked live sessions).
#[server(prefix = "/rpc")]
pub async fn load_calendar_feed() -> Result<crate::model::CalendarFeed, UiError> {
    answer(async move { backend()?.calendar_feed().await }.await)
}

/// Makes the calendar feed or gives it a new address (`on` = true), or turns it off; a plain
/// form post comes back to the bookmarks page.
#[server(prefix = "/rpc")]
pub async fn set_calendar_feed(on: bool) -> Result<crate::model::CalendarFeed, UiError> {
    answer(
        async move {
            let url = backend()?.set_calendar_feed(on).await?;
            leptos_axum::redirect("/me/bookmarks#calendar");
            Ok(url)
        }
        .await,
    )
}

#[server(prefix = "/rpc")]
pub async fn load_learning(slug: String) -> Result<Option<ResourceLearning>, UiError> {
    answer(async move { backend()?.learning(&slug).await }.await)
}

#[server(prefix = "/rpc")]
pub async fn load_pathway_progress(slug: String) -> Result<Option<PathwayProgress>, UiError> {
    answer(async move { backend()?.pathway_progress(&slug).await }.await)
}

/// `status`: "in_progress" or "completed".
#[server(prefix = "/rpc")]
pub async fn record_progress(slug: String, item: String, status: String) -> Result<ResourceProgress, UiError> {
    answer(
        async move {
            let status = crate::model::Status::parse(&status).ok_or_else(|| UiError::Invalid {
                field: "status".into(),
                message: "Choose started or completed.".into(),
            })?;
            backend()?.record(&slug, &item, status).await
        }
        .await,
    )
}

#[server(prefix = "/rpc")]
pub async fn report_attendance(slug: String, date: String) -> Result<ResourceProgress, UiError> {
    answer(async move { backend()?.report(&slug, &date).await }.await)
}

/// With `review`, the view carries the review of the latest attempt (after a submit).
#[server(prefix = "/rpc")]
pub async fn load_quiz(slug: String, item: String, review: bool) -> Result<QuizView, UiError> {
    answer(async move { backend()?.quiz(&slug, &item, review).await }.await)
}

/// The form sends `answers[i]` = the chosen index for question i, and `count`, the number of
/// questions shown. Then the quiz page shows the attempt's review.
#[server(prefix = "/rpc")]
pub async fn submit_quiz(
    slug: String,
    item: String,
    count: usize,
    #[server(default)] answers: BTreeMap<String, String>,
) -> Result<(), UiError> {
    answer(
        async move {
            // `count` comes from the caller: it bounds the loop, which stops at the first
            // missing answer, and never sizes an allocation.
            let mut chosen = Vec::new();
            for i in 0..count {
                let answer = answers.get(&i.to_string()).and_then(|a| a.parse::<i64>().ok());
                match answer {
                    Some(a) => chosen.push(a),
                    None => {
                        return Err(UiError::Invalid {
                            field: format!("answers[{i}]"),
                            message: format!("Answer question {} before submitting.", i + 1),
                        })
                    }
                }
            }
            backend()?.submit_quiz(&slug, &item, chosen).await?;
            leptos_axum::redirect(&format!("/resources/{slug}/quiz/{item}?review=latest"));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc")]
pub async fn load_dashboard() -> Result<Dashboard, UiError> {
    answer(async move { backend()?.dashboard().await }.await)
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
