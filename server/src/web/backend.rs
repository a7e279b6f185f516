//! The app's [`Backend`] port, implemented over the database.

use crate::catalog;
use crate::search::SearchIndex;
use app::backend::Backend;
use app::error::UiError;
use app::model::{BrowsePage, HomeData, PathwayDetail, ResourceDetail, SearchPage, Suggestion};
use app::query::{BrowseQuery, SearchQuery};
use sqlx::AnyPool;
use std::sync::Arc;

pub struct DbBackend {
    pub pool: AnyPool,
    pub search: Arc<SearchIndex>,
}

#[async_trait::async_trait]
impl Backend for DbBackend {
    async fn home(&self) -> Result<HomeData, UiError> {
        Ok(catalog::home(&self.pool).await?)
    }

    async fn browse(&self, query: &BrowseQuery) -> Result<BrowsePage, UiError> {
        let mut conn = self.pool.acquire().await.map_err(crate::HubError::from)?;
        Ok(catalog::browse::browse(&mut conn, query).await?)
    }

    async fn resource(&self, slug: &str) -> Result<Option<ResourceDetail>, UiError> {
        Ok(catalog::resource_detail(&self.pool, slug).await?)
    }

    async fn pathway(&self, slug: &str) -> Result<Option<PathwayDetail>, UiError> {
        Ok(catalog::pathway_detail(&self.pool, slug).await?)
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchPage, UiError> {
        Ok(self.search.search(query)?)
    }

    async fn suggest(&self, text: &str) -> Result<Vec<Suggestion>, UiError> {
        Ok(self.search.suggest(text)?)
    }
}
