//! The port through which server functions reach the server's capabilities. The app names what
//! it needs; the `server` crate implements it over the database and hands it in as context, so
//! the UI never depends on storage and the server never depends on page code.
//!
//! The learner's methods act for whoever the current request is signed in as: the server
//! reads that from the request the server function is answering.

use crate::error::UiError;
use crate::model::collection::{CollectionChange, CollectionView, CollectionsPage};
use crate::model::team::{FocusKind, Invite, InvitePreview, TeamView, TeamsPage};
use crate::model::{
    Account, BookmarksPage, BrowsePage, Certificate, Dashboard, HomeData, LearnerMarks, PathwayDetail, PathwayProgress,
    QuizResult, QuizView, ResourceDetail, ResourceLearning, ResourceProgress, SearchPage, Status, Suggestion,
};
use crate::query::{BrowseQuery, SearchQuery};
use std::sync::Arc;

/// What the sign-up form carries.
#[derive(Clone, Debug, Default)]
pub struct SignUp {
    pub name: String,
    pub email: String,
    pub password: String,
    pub profession: Option<String>,
    pub discipline: Option<String>,
    /// Where the confirmation link leads once followed (a path on this site).
    pub next: Option<String>,
}

/// What the profile form carries: every field, as the learner left it. The password is needed
/// only when the email changes (the email is what signs in).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProfileChange {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub profession: Option<String>,
    #[serde(default)]
    pub discipline: Option<String>,
    /// The current password: only needed to change the email.
    #[serde(default)]
    pub password: Option<String>,
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn home(&self) -> Result<HomeData, UiError>;
    async fn browse(&self, query: &BrowseQuery) -> Result<BrowsePage, UiError>;
    async fn resource(&self, slug: &str) -> Result<Option<ResourceDetail>, UiError>;
    async fn pathway(&self, slug: &str) -> Result<Option<PathwayDetail>, UiError>;
    /// The search page's search: logged for search analytics (anonymously), with the page's
    /// token for counting opened results.
    async fn search(&self, query: &SearchQuery) -> Result<SearchPage, UiError>;
    async fn suggest(&self, text: &str) -> Result<Vec<Suggestion>, UiError>;
    async fn certificate(&self, code: &str) -> Result<Option<Certificate>, UiError>;

    // The signed-in learner (SignInRequired when nobody is).
    async fn marks(&self) -> Result<LearnerMarks, UiError>;
    /// Sign-up: the same answer whether or not the address is in use (the address gets a link
    /// to confirm it, or its owner a note). Nobody is signed in by it.
    async fn sign_up(&self, new: SignUp) -> Result<(), UiError>;
    /// The address a live confirmation link is for; None for a dead one.
    async fn confirm_link(&self, token: &str) -> Result<Option<String>, UiError>;
    /// Follows a confirmation link: the address is confirmed, and this browser signed in.
    async fn confirm_email(&self, token: &str) -> Result<(), UiError>;
    /// A new confirmation link for the signed-in account; the address it went to.
    async fn send_confirmation_again(&self) -> Result<String, UiError>;
    /// Keeps the current email: a new address waiting for confirmation stops waiting.
    async fn keep_current_email(&self) -> Result<(), UiError>;
    /// What an unsubscribe link turns off; None for an unknown link.
    async fn unsubscribe_link(&self, token: &str) -> Result<Option<crate::model::UnsubscribeLink>, UiError>;
    /// Follows an unsubscribe link (no sign-in needed).
    async fn unsubscribe(&self, token: &str) -> Result<(), UiError>;
    /// The signed-in learner's choices of mail and time zone.
    async fn mail_choices(&self) -> Result<crate::model::MailChoices, UiError>;
    /// Saves them: `on` lists the kinds to get; `time_zone` an IANA name or "".
    async fn save_mail_choices(&self, on: Vec<String>, time_zone: &str) -> Result<(), UiError>;
    /// Follows or stops following a topic or kind ("topic" or "kind") in the weekly digest.
    async fn follow_for_digest(&self, facet: &str, value: &str, follow: bool) -> Result<(), UiError>;
    async fn sign_in(&self, email: &str, password: &str) -> Result<(), UiError>;
    async fn sign_out(&self) -> Result<(), UiError>;
    async fn change_password(&self, current: &str, new: &str) -> Result<(), UiError>;
    async fn update_profile(&self, change: ProfileChange) -> Result<Account, UiError>;
    async fn take_pledge(&self, commitments: Vec<String>) -> Result<Account, UiError>;
    async fn delete_account(&self, password: &str) -> Result<(), UiError>;
    /// Mails a reset link to the account at `email`, if there is one: the same answer either way.
    async fn forgot_password(&self, email: &str) -> Result<(), UiError>;
    /// The email a live reset link is for; None for a dead one (used, expired, unknown).
    async fn reset_link(&self, token: &str) -> Result<Option<String>, UiError>;
    /// Sets a new password through a live reset link, ends every session of the account, and
    /// signs this browser in.
    async fn reset_password(&self, token: &str, new: &str) -> Result<(), UiError>;
    async fn set_bookmark(&self, slug: &str, saved: bool, note: Option<String>) -> Result<bool, UiError>;
    async fn bookmarks(&self, query: &BrowseQuery) -> Result<BookmarksPage, UiError>;
    /// The absolute address of the learner's personal calendar feed, if they made one.
    async fn calendar_feed(&self) -> Result<crate::model::CalendarFeed, UiError>;
    /// `on`: make the feed, or give it a new address (the old one stops working). Otherwise
    /// turn it off. Answers with the address there now is.
    async fn set_calendar_feed(&self, on: bool) -> Result<crate::model::CalendarFeed, UiError>;
    /// None when nobody is signed in.
    async fn learning(&self, slug: &str) -> Result<Option<ResourceLearning>, UiError>;
    async fn pathway_progress(&self, slug: &str) -> Result<Option<PathwayProgress>, UiError>;
    async fn record(&self, slug: &str, item: &str, status: Status) -> Result<ResourceProgress, UiError>;
    /// Takes back a completion the learner recorded (not a quiz's pass, nor what a certificate
    /// rests on: Conflict).
    async fn undo_completion(&self, slug: &str, item: &str) -> Result<ResourceProgress, UiError>;
    /// Takes a unit back to not started (not a quiz, nor what a certificate rests on: Conflict).
    async fn reset_progress(&self, slug: &str, item: &str) -> Result<ResourceProgress, UiError>;
    async fn report(&self, slug: &str, date: &str) -> Result<ResourceProgress, UiError>;
    /// With `review`, the latest attempt's review comes along.
    async fn quiz(&self, slug: &str, item: &str, review: bool) -> Result<QuizView, UiError>;
    async fn submit_quiz(&self, slug: &str, item: &str, answers: Vec<i64>) -> Result<QuizResult, UiError>;
    async fn dashboard(&self) -> Result<Dashboard, UiError>;

    // Teams, for the signed-in learner: a team is NotFound to anyone outside it, and only its
    // champion may change it (Forbidden for its members).
    async fn teams(&self) -> Result<TeamsPage, UiError>;
    /// Champions only. Answers with the new team's id.
    async fn create_team(&self, name: &str) -> Result<i64, UiError>;
    async fn team(&self, team: i64) -> Result<TeamView, UiError>;
    /// `confirmed`: the champion ticked the box that says they mean it.
    async fn delete_team(&self, team: i64, confirmed: bool) -> Result<(), UiError>;
    /// `Some(days)`: a new invite link working that long (the old one stops). `None`: stop it.
    async fn set_team_invite(&self, team: i64, days: Option<u32>) -> Result<Option<Invite>, UiError>;
    /// Mails invitations to the addresses in `emails` (champion only); the report is also shown
    /// once on the team page.
    async fn send_team_invitations(
        &self,
        team: i64,
        emails: &str,
    ) -> Result<crate::model::team::InvitationReport, UiError>;
    async fn set_team_focus(&self, team: i64, kind: FocusKind, slug: &str, follow: bool) -> Result<(), UiError>;
    /// What an invite link shows; anyone may open one.
    async fn invite(&self, token: &str) -> Result<InvitePreview, UiError>;
    /// Joins through an invite link; answers with the team's id.
    async fn join_team(&self, token: &str, share: bool) -> Result<i64, UiError>;
    async fn set_team_sharing(&self, team: i64, share: bool) -> Result<(), UiError>;
    async fn leave_team(&self, team: i64) -> Result<(), UiError>;

    // Collections: the signed-in learner's own, and those shared with their teams. One is
    // NotFound to anyone who may not read it, and only its owner may change it.
    async fn collections(&self) -> Result<CollectionsPage, UiError>;
    /// Answers with the new collection's id.
    async fn create_collection(&self, name: &str) -> Result<i64, UiError>;
    async fn collection(&self, collection: i64) -> Result<CollectionView, UiError>;
    async fn change_collection(&self, collection: i64, change: CollectionChange) -> Result<(), UiError>;
    /// `confirmed`: the owner ticked the box that says they mean it.
    async fn delete_collection(&self, collection: i64, confirmed: bool) -> Result<(), UiError>;
    /// A collection through its secret link; anyone holding the link may read it.
    async fn shared_collection(&self, token: &str) -> Result<CollectionView, UiError>;
}

pub type SharedBackend = Arc<dyn Backend>;

pub mod admin;
pub mod credits;
