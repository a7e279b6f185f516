//! Server functions: the only way pages ask the server for data. Each is a thin call into the
//! [`Backend`](crate::backend::Backend) the server provides as context.

use crate::error::UiError;
use crate::model::{BrowsePage, HomeData, PathwayDetail, ResourceDetail, SearchPage, Suggestion};
use crate::query::{BrowseQuery, SearchQuery};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn backend() -> Result<crate::backend::SharedBackend, UiError> {
    use_context::<crate::backend::SharedBackend>().ok_or(UiError::Internal)
}

#[server(prefix = "/rpc")]
pub async fn load_home() -> Result<HomeData, UiError> {
    backend()?.home().await
}

// JSON, because the filters hold lists that URL-encoded arguments cannot carry.
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn load_browse(query: BrowseQuery) -> Result<BrowsePage, UiError> {
    backend()?.browse(&query).await
}

#[server(prefix = "/rpc")]
pub async fn load_resource(slug: String) -> Result<Option<ResourceDetail>, UiError> {
    backend()?.resource(&slug).await
}

#[server(prefix = "/rpc")]
pub async fn load_pathway(slug: String) -> Result<Option<PathwayDetail>, UiError> {
    backend()?.pathway(&slug).await
}

#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn load_search(query: SearchQuery) -> Result<SearchPage, UiError> {
    backend()?.search(&query).await
}

#[server(prefix = "/rpc")]
pub async fn load_suggestions(text: String) -> Result<Vec<Suggestion>, UiError> {
    backend()?.suggest(&text).await
}
