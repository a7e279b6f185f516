//! Server functions for the signed-in learner's progress: what they have marked, bookmarks and
//! the calendar feed of their sessions, units, quizzes and "My learning". Each also answers in
//! place when the wasm has loaded.

use crate::error::UiError;
use crate::model::{
    BookmarksPage, Dashboard, LearnerMarks, PathwayProgress, QuizView, ResourceLearning, ResourceProgress,
};
use crate::query::BrowseQuery;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::{answer, backend};

#[server(prefix = "/rpc", endpoint = "load_marks")]
pub async fn load_marks() -> Result<LearnerMarks, UiError> {
    answer(async move { backend()?.marks().await }.await)
}

/// Saves (`saved` = true) or removes a bookmark; with a note, sets the note too. Answers with
/// whether it is now saved.
#[server(prefix = "/rpc", endpoint = "set_bookmark")]
pub async fn set_bookmark(slug: String, saved: bool, note: Option<String>) -> Result<bool, UiError> {
    answer(async move { backend()?.set_bookmark(&slug, saved, note).await }.await)
}

#[server(prefix = "/rpc", endpoint = "load_bookmarks", input = server_fn::codec::Json)]
pub async fn load_bookmarks(query: BrowseQuery) -> Result<BookmarksPage, UiError> {
    answer(async move { backend()?.bookmarks(&query).await }.await)
}

/// The address of the learner's personal calendar feed (their bookmarked live sessions).
#[server(prefix = "/rpc", endpoint = "load_calendar_feed")]
pub async fn load_calendar_feed() -> Result<crate::model::CalendarFeed, UiError> {
    answer(async move { backend()?.calendar_feed().await }.await)
}

/// Makes the calendar feed or gives it a new address (`on` = true), or turns it off; a plain
/// form post comes back to the bookmarks page.
#[server(prefix = "/rpc", endpoint = "set_calendar_feed")]
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

#[server(prefix = "/rpc", endpoint = "load_learning")]
pub async fn load_learning(slug: String) -> Result<Option<ResourceLearning>, UiError> {
    answer(async move { backend()?.learning(&slug).await }.await)
}

#[server(prefix = "/rpc", endpoint = "load_pathway_progress")]
pub async fn load_pathway_progress(slug: String) -> Result<Option<PathwayProgress>, UiError> {
    answer(async move { backend()?.pathway_progress(&slug).await }.await)
}

/// `status`: "in_progress" or "completed".
#[server(prefix = "/rpc", endpoint = "record_progress")]
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

#[server(prefix = "/rpc", endpoint = "undo_completion")]
pub async fn undo_completion(slug: String, item: String) -> Result<ResourceProgress, UiError> {
    answer(async move { backend()?.undo_completion(&slug, &item).await }.await)
}

#[server(prefix = "/rpc", endpoint = "reset_progress")]
pub async fn reset_progress(slug: String, item: String) -> Result<ResourceProgress, UiError> {
    answer(async move { backend()?.reset_progress(&slug, &item).await }.await)
}

#[server(prefix = "/rpc", endpoint = "report_attendance")]
pub async fn report_attendance(slug: String, date: String) -> Result<ResourceProgress, UiError> {
    answer(async move { backend()?.report(&slug, &date).await }.await)
}

/// With `review`, the view carries the review of the latest attempt (after a submit).
#[server(prefix = "/rpc", endpoint = "load_quiz")]
pub async fn load_quiz(slug: String, item: String, review: bool) -> Result<QuizView, UiError> {
    answer(async move { backend()?.quiz(&slug, &item, review).await }.await)
}

/// How many unanswered questions an answer names, at most.
#[cfg(feature = "ssr")]
const MAX_NAMED_UNANSWERED: usize = 200;

/// The form sends `answers[i]` = the chosen index for question i, and `count`, the number of
/// questions shown. Then the quiz page shows the attempt's review.
#[server(prefix = "/rpc", endpoint = "submit_quiz")]
pub async fn submit_quiz(
    slug: String,
    item: String,
    count: usize,
    #[server(default)] answers: BTreeMap<String, String>,
) -> Result<(), UiError> {
    answer(
        async move {
            // `count` comes from the caller and never sizes an allocation: the loop stops
            // once it has named more unanswered questions than a form shows, so it runs at
            // most that many times past the answers sent. Every unanswered question is named
            // at once.
            let mut chosen = Vec::new();
            let mut missing = Vec::new();
            for i in 0..count {
                match answers.get(&i.to_string()).and_then(|a| a.parse::<i64>().ok()) {
                    Some(a) => chosen.push(a),
                    None if missing.len() >= MAX_NAMED_UNANSWERED => break,
                    None => missing.push(crate::error::FieldError {
                        field: format!("answers[{i}]"),
                        message: format!("Answer question {} before submitting.", i + 1),
                    }),
                }
            }
            match missing.len() {
                0 => {}
                1 => {
                    let only = missing.remove(0);
                    return Err(UiError::Invalid {
                        field: only.field,
                        message: only.message,
                    });
                }
                _ => return Err(UiError::Fields(missing)),
            }
            backend()?.submit_quiz(&slug, &item, chosen).await?;
            leptos_axum::redirect(&format!("/resources/{slug}/quiz/{item}?review=latest"));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/rpc", endpoint = "load_dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, UiError> {
    answer(async move { backend()?.dashboard().await }.await)
}
