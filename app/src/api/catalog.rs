//! Server functions for the catalog: what anyone can read.

use crate::error::UiError;
use crate::model::{BrowsePage, Certificate, HomeData, PathwayDetail, ResourceDetail, SearchPage, Suggestion};
use crate::query::{BrowseQuery, SearchQuery};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::backend;

#[server(prefix = "/rpc", endpoint = "load_home")]
pub async fn load_home() -> Result<HomeData, UiError> {
    backend()?.home().await
}

// JSON, because the filters hold lists that URL-encoded arguments cannot carry.
#[server(prefix = "/rpc", endpoint = "load_browse", input = server_fn::codec::Json)]
pub async fn load_browse(query: BrowseQuery) -> Result<BrowsePage, UiError> {
    backend()?.browse(&query).await
}

#[server(prefix = "/rpc", endpoint = "load_resource")]
pub async fn load_resource(slug: String) -> Result<Option<ResourceDetail>, UiError> {
    backend()?.resource(&slug).await
}

#[server(prefix = "/rpc", endpoint = "load_pathway")]
pub async fn load_pathway(slug: String) -> Result<Option<PathwayDetail>, UiError> {
    backend()?.pathway(&slug).await
}

#[server(prefix = "/rpc", endpoint = "load_search", input = server_fn::codec::Json)]
pub async fn load_search(query: SearchQuery) -> Result<SearchPage, UiError> {
    backend()?.search(&query).await
}

#[server(prefix = "/rpc", endpoint = "load_suggestions")]
pub async fn load_suggestions(text: String) -> Result<Vec<Suggestion>, UiError> {
    backend()?.suggest(&text).await
}

#[server(prefix = "/rpc", endpoint = "load_certificate")]
pub async fn load_certificate(code: String) -> Result<Option<Certificate>, UiError> {
    backend()?.certificate(&code).await
}
