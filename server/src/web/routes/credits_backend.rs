//! The app's credits port, over the database: the learner's methods act for whoever is signed
//! in, on their own rows only; the admin's check the admin role and are audited.

use crate::audit::Actor;
use crate::credits::files::FileStore;
use crate::credits::{files, licences, outside, standing, templates, types};
use crate::error::HubError;
use crate::web::access::Who;
use crate::web::caller::{self, Caller};
use app::backend::credits::CreditsBackend;
use app::error::UiError;
use app::model::credits::{CreditTypeInput, CreditsPage, LicenceInput, OutsideInput, TemplateInput};
use sqlx::AnyPool;
use std::sync::Arc;

pub struct DbCredits {
    pub pool: AnyPool,
    pub files: Arc<dyn FileStore>,
}

impl DbCredits {
    async fn learner(&self) -> Result<Caller, UiError> {
        caller::of_leptos_request(&self.pool)
            .await?
            .ok_or(UiError::SignInRequired)
    }

    /// The signed-in admin, as the audit log names them.
    async fn admin(&self) -> Result<Actor, UiError> {
        let caller = caller::of_leptos_request(&self.pool).await?;
        if let Some(refused) = crate::web::middleware::gate::refusal(Who::Admin, caller.as_ref().map(|c| &c.account)) {
            return Err(refused.into());
        }
        let caller = caller.ok_or(UiError::SignInRequired)?;
        Ok(Actor {
            id: Some(caller.id.0),
            name: caller.account.email,
        })
    }
}

/// Today where the learner is (their time zone, or UTC without one): what "due in N days"
/// counts from.
pub async fn learners_today(pool: &AnyPool, who: i64) -> Result<chrono::NaiveDate, HubError> {
    let zone: Option<String> = sqlx::query_scalar("SELECT time_zone FROM accounts WHERE id = $1")
        .bind(who)
        .fetch_optional(pool)
        .await?
        .flatten();
    let now = chrono::Utc::now();
    Ok(match zone.and_then(|z| z.parse::<chrono_tz::Tz>().ok()) {
        Some(tz) => now.with_timezone(&tz).date_naive(),
        None => now.date_naive(),
    })
}

#[async_trait::async_trait]
impl CreditsBackend for DbCredits {
    async fn page(&self) -> Result<CreditsPage, UiError> {
        let me = self.learner().await?;
        // Certificates are issued as they are earned; one may be due since the last visit.
        crate::progress::certificates::issue_due(&self.pool, me.id).await?;
        let today = learners_today(&self.pool, me.id.0).await?;
        let (licences, lines) = standing::all(&self.pool, me.id.0, today).await?;
        let topics = crate::credits::rule::catalog_topics(&self.pool)
            .await?
            .into_iter()
            .map(|t| {
                let words = app::model::term_label(&t);
                (t, words)
            })
            .collect();
        Ok(CreditsPage {
            today: today.to_string(),
            licences,
            outside: outside::list(&self.pool, me.id.0).await?,
            hub: lines.into_iter().filter(standing::from_hub).collect(),
            credit_types: types::list(&self.pool).await?,
            templates: templates::list(&self.pool).await?,
            topics,
        })
    }

    async fn save_licence(&self, licence: Option<i64>, input: LicenceInput) -> Result<i64, UiError> {
        let me = self.learner().await?;
        Ok(licences::save(&self.pool, me.id.0, licence, &input).await?)
    }

    async fn delete_licence(&self, licence: i64) -> Result<(), UiError> {
        let me = self.learner().await?;
        Ok(licences::delete(&self.pool, me.id.0, licence).await?)
    }

    async fn add_outside(&self, input: OutsideInput) -> Result<i64, UiError> {
        let me = self.learner().await?;
        Ok(outside::add(&self.pool, me.id.0, &input).await?)
    }

    async fn delete_outside(&self, activity: i64) -> Result<(), UiError> {
        let me = self.learner().await?;
        outside::delete(&self.pool, self.files.as_ref(), me.id.0, activity).await?;
        Ok(())
    }

    async fn add_credit_type(&self, input: CreditTypeInput) -> Result<i64, UiError> {
        let actor = self.admin().await?;
        Ok(types::add(&self.pool, &actor, input).await?)
    }

    async fn save_template(&self, template: Option<i64>, input: TemplateInput) -> Result<i64, UiError> {
        let actor = self.admin().await?;
        Ok(templates::save(&self.pool, &actor, template, &input).await?)
    }

    async fn delete_template(&self, template: i64) -> Result<(), UiError> {
        let actor = self.admin().await?;
        Ok(templates::delete(&self.pool, &actor, template).await?)
    }

    async fn revoke_certificate(&self, code: &str, reason: &str) -> Result<String, UiError> {
        let actor = self.admin().await?;
        let found = crate::progress::certificates::find(&self.pool, code)
            .await?
            .ok_or_else(|| HubError::NotFound("certificate".into()))?;
        crate::credentials::status::revoke(&self.pool, &actor, &found.code, reason).await?;
        Ok(found.code)
    }
}

/// Removes files queued by a deleted account: called after the deletion commits.
pub async fn after_account_deleted(pool: &AnyPool, store: &dyn FileStore) {
    if let Err(e) = files::sweep(pool, store).await {
        tracing::warn!(error = %e, "an account's files could not be removed yet; the hourly sweep will");
    }
}
