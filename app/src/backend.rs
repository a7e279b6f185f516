//! The port through which server functions reach the server's capabilities. The app names what
//! it needs; the `server` crate implements it over the database and hands it in as context, so
//! the UI never depends on storage and the server never depends on page code.

use crate::error::UiError;
use crate::model::{BrowsePage, HomeData, PathwayDetail, ResourceDetail, SearchPage, Suggestion};
use crate::query::{BrowseQuery, SearchQuery};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn home(&self) -> Result<HomeData, UiError>;
    async fn browse(&self, query: &BrowseQuery) -> Result<BrowsePage, UiError>;
    async fn resource(&self, slug: &str) -> Result<Option<ResourceDetail>, UiError>;
    async fn pathway(&self, slug: &str) -> Result<Option<PathwayDetail>, UiError>;
    async fn search(&self, query: &SearchQuery) -> Result<SearchPage, UiError>;
    async fn suggest(&self, text: &str) -> Result<Vec<Suggestion>, UiError>;
}

pub type SharedBackend = Arc<dyn Backend>;
