//! The app's [`AdminBackend`] port over the admin capability. Each method first checks that
//! the request's session belongs to an admin, and names that admin in the audit log.

use crate::accounts::{sessions, store};
use crate::admin::audit::{self, Actor};
use crate::admin::{bulk, resources, synonyms, users};
use crate::catalog::{self, markdown};
use crate::error::HubError;
use crate::search::SearchIndex;
use app::backend::admin::AdminBackend;
use app::error::UiError;
use app::model::admin::{
    AdminResourceList, AdminUser, AdminUserList, AuditFilter, AuditPage, EditorChoices, Editable, ImportReport,
    ListQuery, SynonymList,
};
use app::model::ResourceDetail;
use sqlx::AnyPool;
use std::sync::Arc;
use tower_sessions::Session;

pub struct DbAdmin {
    pub pool: AnyPool,
    pub search: Arc<SearchIndex>,
}

impl DbAdmin {
    /// The signed-in admin, as the audit log names them.
    async fn actor(&self) -> Result<Actor, UiError> {
        let session = leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = %e, "no session on a server function's request");
            UiError::Internal
        })?;
        let id = sessions::account(&session).await?.ok_or(UiError::SignInRequired)?;
        let account = store::get(&self.pool, id).await?.ok_or(UiError::SignInRequired)?;
        if !account.is_admin() {
            return Err(UiError::Forbidden);
        }
        Ok(Actor {
            id: Some(id.0),
            name: account.email,
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
        Ok(catalog::resource_preview(&self.pool, slug).await?)
    }

    async fn render_markdown(&self, body: &str) -> Result<String, UiError> {
        self.actor().await?;
        Ok(markdown::render(body))
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

    async fn synonyms(&self) -> Result<SynonymList, UiError> {
        self.actor().await?;
        Ok(synonyms::current(&self.pool).await?)
    }

    async fn save_synonyms(&self, body: &str) -> Result<SynonymList, UiError> {
        let actor = self.actor().await?;
        Ok(synonyms::save(&self.pool, &self.search, &actor, body).await?)
    }
}
