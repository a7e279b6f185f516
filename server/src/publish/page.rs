//! A resource's page: the catalog's detail with its schema.org JSON-LD, which search engines
//! read to show a course with its dates and fee.

use super::json_ld;
use crate::catalog;
use crate::error::HubError;
use app::model::ResourceDetail;
use sqlx::AnyPool;

/// A published resource as its page shows it; drafts are not public. `base` is the hub's
/// public address, for the page's canonical address and structured data.
pub async fn resource_detail(pool: &AnyPool, slug: &str, base: &str) -> Result<Option<ResourceDetail>, HubError> {
    detail(pool, slug, true, base).await
}

/// Any resource, draft or trashed too, as its public page would show it: the admin's preview.
pub async fn resource_preview(pool: &AnyPool, slug: &str, base: &str) -> Result<Option<ResourceDetail>, HubError> {
    detail(pool, slug, false, base).await
}

async fn detail(pool: &AnyPool, slug: &str, public_only: bool, base: &str) -> Result<Option<ResourceDetail>, HubError> {
    let Some(page) = catalog::resource_page(pool, slug, public_only, base).await? else {
        return Ok(None);
    };
    let mut detail = page.detail;
    let provider = page.provider.as_deref().map(|name| json_ld::Provider {
        name,
        url: page.provider_site.as_deref(),
    });
    detail.structured_data =
        json_ld::script_text(&json_ld::resource(&page.record, &detail.page_url, provider.as_ref()));
    Ok(Some(detail))
}
