//! The admin's port: what admin pages ask of the server. Every method acts for the signed-in
//! admin (SignInRequired when nobody is signed in, Forbidden for anyone else) and is audited
//! by the server where it changes something.

use crate::error::UiError;
use crate::model::admin::{
    AdminResourceList, AdminUser, AdminUserList, AuditFilter, AuditPage, Editable, EditorChoices, ImportReport,
    LinkReport, ListQuery, OutboxPage, SynonymList,
};
use crate::model::{ResourceDetail, SearchAnalytics};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait AdminBackend: Send + Sync + 'static {
    /// Ok when the current request is an admin's: what every admin page checks first.
    async fn check(&self) -> Result<(), UiError>;
    async fn resources(&self, query: &ListQuery) -> Result<AdminResourceList, UiError>;
    async fn editable(&self, slug: &str) -> Result<Option<Editable>, UiError>;
    async fn choices(&self) -> Result<EditorChoices, UiError>;
    async fn create(&self, record: serde_json::Value) -> Result<Editable, UiError>;
    async fn update(&self, slug: &str, version: i64, record: serde_json::Value) -> Result<Editable, UiError>;
    async fn set_status(&self, slug: &str, version: i64, status: &str) -> Result<Editable, UiError>;
    async fn trash(&self, slug: &str) -> Result<(), UiError>;
    async fn restore(&self, slug: &str) -> Result<Editable, UiError>;
    /// The public page's data for any resource, drafts included.
    async fn preview(&self, slug: &str) -> Result<Option<ResourceDetail>, UiError>;
    /// Markdown as the public page would render it: sanitized HTML.
    async fn render_markdown(&self, body: &str) -> Result<String, UiError>;
    async fn upload(&self, file: &str, dry_run: bool) -> Result<ImportReport, UiError>;
    async fn audit(&self, filter: &AuditFilter, page: i64) -> Result<AuditPage, UiError>;
    async fn users(&self, q: &str, page: i64) -> Result<AdminUserList, UiError>;
    async fn set_role(&self, id: i64, role: &str, granted: bool) -> Result<AdminUser, UiError>;
    async fn set_disabled(&self, id: i64, disabled: bool) -> Result<AdminUser, UiError>;
    /// Mails the account a password reset link; Conflict when it had too many this hour.
    async fn send_password_reset(&self, id: i64) -> Result<AdminUser, UiError>;
    /// The newest messages in the outbox (`to`: one recipient's only), with where mail goes.
    async fn outbox(&self, to: &str) -> Result<OutboxPage, UiError>;
    /// Makes a message that was given up on due again.
    async fn retry_mail(&self, id: i64) -> Result<(), UiError>;
    async fn synonyms(&self) -> Result<SynonymList, UiError>;
    async fn save_synonyms(&self, body: &str) -> Result<SynonymList, UiError>;
    /// What was searched from `from` to `to` (`YYYY-MM-DD`, inclusive); the last 30 days by
    /// default. A date that is not one, or a period backwards or over a year, is `Invalid`.
    async fn search_analytics(&self, from: Option<String>, to: Option<String>) -> Result<SearchAnalytics, UiError>;
    /// The latest link check (running or finished), with the titles of the resources it names.
    async fn link_report(&self) -> Result<LinkReport, UiError>;
    /// Starts checking every link in the background; its id. A `Conflict` while one runs.
    async fn start_link_check(&self) -> Result<i64, UiError>;
    /// Keeps `value` in the admin's session under `key` until [`take`](Self::take): how a plain
    /// form post (without JavaScript) hands what it was sent, and what became of it, to the
    /// page it redirects to.
    async fn keep(&self, key: &str, value: serde_json::Value) -> Result<(), UiError>;
    /// What was kept under `key`, forgotten as it is read.
    async fn take(&self, key: &str) -> Result<Option<serde_json::Value>, UiError>;
}

pub type SharedAdmin = Arc<dyn AdminBackend>;
