//! The credits port: what the credits page and the admin's credits page ask of the server.
//! The learner's methods act for whoever is signed in (SignInRequired otherwise) and reach only
//! their own licences and activities (another's are NotFound); the admin's, for an admin only
//! (Forbidden for anyone else), audited by the server.

use crate::error::UiError;
use crate::model::credits::{CreditTypeInput, CreditsPage, LicenceInput, OutsideInput, TemplateInput};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait CreditsBackend: Send + Sync + 'static {
    async fn page(&self) -> Result<CreditsPage, UiError>;
    /// Adds a licence (`licence` None) or replaces one; its id.
    async fn save_licence(&self, licence: Option<i64>, input: LicenceInput) -> Result<i64, UiError>;
    async fn delete_licence(&self, licence: i64) -> Result<(), UiError>;
    /// Records an activity from elsewhere; its id (its file is attached by a post of its own).
    async fn add_outside(&self, input: OutsideInput) -> Result<i64, UiError>;
    async fn delete_outside(&self, activity: i64) -> Result<(), UiError>;

    // Admins.
    async fn add_credit_type(&self, input: CreditTypeInput) -> Result<i64, UiError>;
    /// Adds a board template (`template` None) or replaces one; its id.
    async fn save_template(&self, template: Option<i64>, input: TemplateInput) -> Result<i64, UiError>;
    async fn delete_template(&self, template: i64) -> Result<(), UiError>;
    /// Revokes a certificate (admins), for a reason kept in the audit log; its code as printed.
    async fn revoke_certificate(&self, code: &str, reason: &str) -> Result<String, UiError>;
}

pub type SharedCredits = Arc<dyn CreditsBackend>;
