//! The app's [`AdminBackend`] port over the admin capability. Each method first checks that
//! the request's session belongs to an admin, and names that admin in the audit log.

use crate::admin::{analytics, bulk, links, resources, synonyms, users};
use crate::audit::{self, Actor};
use crate::catalog::markdown;
use crate::error::HubError;
use crate::publish::page;
use crate::search::SearchIndex;
use app::backend::admin::AdminBackend;
use app::error::UiError;
use app::model::admin::{
    AdminResourceList, AdminUser, AdminUserList, AuditFilter, AuditPage, Editable, EditorChoices, ImportReport,
    LinkReport, ListQuery, SynonymList,
};
use app::model::{ResourceDetail, SearchAnalytics};
use sqlx::AnyPool;
use std::collections::BTreeMap;
use std::sync::Arc;
use tower_sessions::Session;

pub struct DbAdmin {
    pub pool: AnyPool,
    pub search: Arc<SearchIndex>,
    pub address: super::published::PublicAddress,
    /// How link checks started from the admin page go.
    pub link_check: links::Options,
    pub mail: Arc<crate::mail::MailSettings>,
    /// Where mail goes, in words.
    pub mail_transport: Arc<str>,
}

/// Where [`AdminBackend::keep`] puts things in the session, apart from the sign-in's keys.
fn kept_key(key: &str) -> String {
    format!("admin.kept.{key}")
}

fn session_failed(e: tower_sessions::session::Error) -> UiError {
    tracing::error!(error = %e, "the session could not be read or written");
    UiError::Internal
}

impl DbAdmin {
    async fn session(&self) -> Result<Session, UiError> {
        leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = %e, "no session on a server function's request");
            UiError::Internal
        })
    }

    /// The signed-in admin, as the audit log names them.
    async fn actor(&self) -> Result<Actor, UiError> {
        let caller = crate::web::caller::of_leptos_request(&self.pool).await?;
        if let Some(refused) =
            crate::web::middleware::gate::refusal(crate::web::access::Who::Admin, caller.as_ref().map(|c| &c.account))
        {
            return Err(refused.into());
        }
        let caller = caller.ok_or(UiError::SignInRequired)?;
        Ok(Actor {
            id: Some(caller.id.0),
            name: caller.account.email,
        })
    }
}

#[async_trait::async_trait]
impl AdminBackend for DbAdmin {
    async fn check(&self) -> Result<(), UiError> {
        self.actor().await.map(|_| ())
    }

    async fn resources(&self, query: &ListQuery) -> Result<AdminResourceList, UiError> {
        self.actor().await?;
        Ok(resources::list(&self.pool, query).await?)
    }

    async fn editable(&self, slug: &str) -> Result<Option<Editable>, UiError> {
        self.actor().await?;
        Ok(resources::editable(&self.pool, slug).await?)
    }

    async fn choices(&self) -> Result<EditorChoices, UiError> {
        self.actor().await?;
        Ok(resources::choices(&self.pool).await?)
    }

    async fn create(&self, record: serde_json::Value) -> Result<Editable, UiError> {
        let actor = self.actor().await?;
        Ok(resources::create(&self.pool, &self.search, &actor, &record).await?)
    }

    async fn update(&self, slug: &str, version: i64, record: serde_json::Value) -> Result<Editable, UiError> {
        let actor = self.actor().await?;
        Ok(resources::update(&self.pool, &self.search, &actor, slug, version, &record).await?)
    }

    async fn set_status(&self, slug: &str, version: i64, status: &str) -> Result<Editable, UiError> {
        let actor = self.actor().await?;
        Ok(resources::set_status(&self.pool, &self.search, &actor, slug, version, status).await?)
    }

    async fn trash(&self, slug: &str) -> Result<(), UiError> {
        let actor = self.actor().await?;
        Ok(resources::trash(&self.pool, &self.search, &actor, slug).await?)
    }

    async fn restore(&self, slug: &str) -> Result<Editable, UiError> {
        let actor = self.actor().await?;
        Ok(resources::restore(&self.pool, &self.search, &actor, slug).await?)
    }

    async fn preview(&self, slug: &str) -> Result<Option<ResourceDetail>, UiError> {
        self.actor().await?;
        let base = self.address.base_here().await;
        Ok(page::resource_preview(&self.pool, slug, &base).await?)
    }

    async fn render_markdown(&self, body: &str) -> Result<String, UiError> {
        self.actor().await?;
        let body = body.to_string();
        Ok(crate::blocking::run(move || markdown::render(&body)).await?)
    }

    async fn upload(&self, file: &str, dry_run: bool) -> Result<ImportReport, UiError> {
        let actor = self.actor().await?;
        if file.len() > bulk::MAX_UPLOAD_BYTES {
            return Err(HubError::BadRequest {
                param: "file".into(),
                reason: format!("the file is larger than {} MB", bulk::MAX_UPLOAD_BYTES / 1024 / 1024),
            }
            .into());
        }
        Ok(if dry_run {
            bulk::dry_run(&self.pool, &actor, file.as_bytes()).await?
        } else {
            bulk::apply(&self.pool, &self.search, &actor, file.as_bytes()).await?
        })
    }

    async fn audit(&self, filter: &AuditFilter, page: i64) -> Result<AuditPage, UiError> {
        self.actor().await?;
        let page = audit::check_page(Some(page))?;
        let (entries, total) = audit::list(&self.pool, filter, page).await?;
        Ok(AuditPage {
            entries,
            total,
            page,
            per_page: audit::PAGE_SIZE,
        })
    }

    async fn users(&self, q: &str, page: i64) -> Result<AdminUserList, UiError> {
        self.actor().await?;
        Ok(users::list(&self.pool, q, page).await?)
    }

    async fn set_role(&self, id: i64, role: &str, granted: bool) -> Result<AdminUser, UiError> {
        let actor = self.actor().await?;
        Ok(users::set_role(&self.pool, &actor, id, role, granted).await?)
    }

    async fn set_disabled(&self, id: i64, disabled: bool) -> Result<AdminUser, UiError> {
        let actor = self.actor().await?;
        Ok(users::set_disabled(&self.pool, &actor, id, disabled).await?)
    }

    async fn send_password_reset(&self, id: i64) -> Result<AdminUser, UiError> {
        let actor = self.actor().await?;
        Ok(users::send_password_reset(&self.pool, &self.mail, &actor, id).await?)
    }

    async fn outbox(&self, to: &str) -> Result<app::model::admin::OutboxPage, UiError> {
        self.actor().await?;
        Ok(crate::admin::outbox::page(&self.pool, &self.mail, &self.mail_transport, to).await?)
    }

    async fn retry_mail(&self, id: i64) -> Result<(), UiError> {
        let actor = self.actor().await?;
        Ok(crate::admin::outbox::retry(&self.pool, &self.mail, &actor, id).await?)
    }

    async fn synonyms(&self) -> Result<SynonymList, UiError> {
        self.actor().await?;
        Ok(synonyms::current(&self.pool).await?)
    }

    async fn save_synonyms(&self, body: &str) -> Result<SynonymList, UiError> {
        let actor = self.actor().await?;
        Ok(synonyms::save(&self.pool, &self.search, &actor, body).await?)
    }

    async fn search_analytics(&self, from: Option<String>, to: Option<String>) -> Result<SearchAnalytics, UiError> {
        self.actor().await?;
        // A blank date (a form's empty field) means the default, as on the JSON route.
        let day = |param: &str, value: Option<String>| {
            value
                .filter(|v| !v.trim().is_empty())
                .map(|v| analytics::parse_day(param, &v))
                .transpose()
        };
        let (from, to) = analytics::period(day("from", from)?, day("to", to)?);
        Ok(analytics::report(&self.pool, from, to).await?)
    }

    async fn link_report(&self) -> Result<LinkReport, UiError> {
        self.actor().await?;
        let latest = links::latest(&self.pool).await?;
        let named: std::collections::BTreeSet<&str> = latest
            .iter()
            .flat_map(|r| r.results.iter().map(|l| l.resource.as_str()))
            .collect();
        let mut titles = BTreeMap::new();
        if !named.is_empty() {
            let all: Vec<(String, String)> = sqlx::query_as("SELECT slug, title FROM resources")
                .fetch_all(&self.pool)
                .await
                .map_err(HubError::from)?;
            titles.extend(all.into_iter().filter(|(slug, _)| named.contains(slug.as_str())));
        }
        Ok(LinkReport {
            latest,
            titles,
            private_links_allowed: self.link_check.allow_private,
        })
    }

    async fn start_link_check(&self) -> Result<i64, UiError> {
        let actor = self.actor().await?;
        let started = links::start(&self.pool, self.link_check.clone()).await?;
        let id = started.id;
        tracing::info!(check = id, by = %actor.name, "link check started");
        let pool = self.pool.clone();
        tokio::spawn(async move {
            if let Err(e) = started.run(&pool).await {
                tracing::error!(check = id, error = %e, "link check failed");
            }
        });
        Ok(id)
    }

    async fn keep(&self, key: &str, value: serde_json::Value) -> Result<(), UiError> {
        self.actor().await?;
        self.session()
            .await?
            .insert(&kept_key(key), value)
            .await
            .map_err(session_failed)
    }

    async fn take(&self, key: &str) -> Result<Option<serde_json::Value>, UiError> {
        self.actor().await?;
        self.session()
            .await?
            .remove(&kept_key(key))
            .await
            .map_err(session_failed)
    }
}
