//! Listings from the index. Browse is a search with no text: the same bitset facet counts as
//! the search page, ordered featured first and then by title, with each card read from its
//! document; so a page of browse, or the home page's glance at the catalog, reads no rows.

use super::counting::{self, Matcher};
use super::index::SearchIndex;
use super::query::DIMENSIONS;
use super::ranking;
use crate::catalog::{Glance, FEATURED_ON_HOME};
use crate::error::HubError;
use app::model::{Alternative, BrowsePage, ResourceCard};
use app::query::BrowseQuery;
use sqlx::AnyPool;
use std::sync::Arc;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

impl SearchIndex {
    /// One page of the published catalog under `q`'s filters, with its facet counts.
    pub fn browse(&self, q: &BrowseQuery) -> Result<BrowsePage, HubError> {
        let searcher = self.reader.searcher();
        let bits = self.facet_bits(&searcher)?;
        let filters = Self::count_filters(q);
        let matched = counting::matches(&searcher, &Matcher::Everything, &bits)?;
        let (counts, passing) = counting::count(&bits, &matched.set, &filters, &DIMENSIONS);
        let offset = ((q.page.max(1) - 1) as usize).saturating_mul(q.per_page as usize);
        let addresses = if offset >= counts.total as usize {
            vec![]
        } else {
            ranking::by_listing_order(&searcher, &passing, offset, q.per_page as usize)?
        };
        let facets = Self::facets(&counts.facets, q);
        // Nothing matches: say which filter to drop, and what each would show.
        let mut alternatives = Vec::new();
        if counts.total == 0 {
            for filter in &filters {
                let rest: Vec<_> = filters.iter().filter(|f| f.dim != filter.dim).cloned().collect();
                let total = counting::count(&bits, &matched.set, &rest, &[]).0.total;
                if total == 0 {
                    continue;
                }
                // The cost filter is the `free` parameter on the page.
                let name = if filter.dim == "cost" { "free" } else { filter.dim };
                let facet = facets.iter().find(|f| f.name == name);
                let chosen = facet
                    .map(|f| {
                        f.values
                            .iter()
                            .filter(|v| v.selected)
                            .map(|v| v.label.clone())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    })
                    .unwrap_or_default();
                let label = match facet {
                    Some(f) if !chosen.is_empty() => format!("Without “{}: {chosen}”", f.label),
                    _ => format!("Without the {} filter", filter.dim),
                };
                let qs = q.without(filter.dim).to_query_string();
                alternatives.push(Alternative {
                    label,
                    href: if qs.is_empty() {
                        "/resources".into()
                    } else {
                        format!("/resources?{qs}")
                    },
                    total,
                });
            }
        }
        Ok(BrowsePage {
            total: counts.total as i64,
            page: q.page,
            per_page: q.per_page,
            resources: self.cards(&searcher, &addresses)?,
            facets,
            alternatives,
        })
    }

    /// The featured cards and the catalog's counts by kind and audience.
    pub fn glance(&self) -> Result<Glance, HubError> {
        let searcher = self.reader.searcher();
        let bits = self.facet_bits(&searcher)?;
        let matched = counting::matches(&searcher, &Matcher::Everything, &bits)?;
        let (counts, passing) = counting::count(&bits, &matched.set, &[], &["kind", "audience"]);
        // Featured cards come first in listing order; a past one is not offered, so look a
        // little further for the ones to show.
        let first = ranking::by_listing_order(&searcher, &passing, 0, FEATURED_ON_HOME * 3)?;
        let featured = self
            .cards(&searcher, &first)?
            .into_iter()
            .filter(|c| c.featured && !c.is_past())
            .take(FEATURED_ON_HOME)
            .collect();
        let of = |dim: &str| {
            counts
                .facets
                .get(dim)
                .map(|m| m.iter().map(|(v, n)| (v.clone(), *n as i64)).collect())
                .unwrap_or_default()
        };
        Ok(Glance {
            featured,
            total: counts.total as i64,
            kinds: of("kind"),
            audiences: of("audience"),
        })
    }

    /// The stored cards of these documents, in order.
    fn cards(&self, searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<ResourceCard>, HubError> {
        let today = crate::catalog::present::today();
        addresses
            .iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(*address)?;
                self.card_of(&doc, &today)
            })
            .collect()
    }

    /// A document's stored card, dated as of `today` (it was stored on the day it was indexed).
    pub(super) fn card_of(&self, doc: &TantivyDocument, today: &str) -> Result<ResourceCard, HubError> {
        let json = doc.get_first(self.fields.card).and_then(|v| v.as_str()).unwrap_or("");
        serde_json::from_str::<ResourceCard>(json)
            .map(|card| card.as_of(today))
            .map_err(|e| HubError::Corrupt(format!("a card in the search index: {e}")))
    }
}

/// Browse, from the index once it reflects the database (SQL until then, as while it is first
/// built).
pub async fn browse(index: &Arc<SearchIndex>, pool: &AnyPool, q: &BrowseQuery) -> Result<BrowsePage, HubError> {
    if !index.is_ready() {
        let mut conn = pool.acquire().await?;
        return crate::catalog::browse::browse(&mut conn, q).await;
    }
    let (index, q) = (index.clone(), q.clone());
    crate::blocking::run(move || index.browse(&q)).await?
}

/// The home page's glance at the catalog, from the index once it is ready.
pub async fn glance(index: &Arc<SearchIndex>, pool: &AnyPool) -> Result<Glance, HubError> {
    if !index.is_ready() {
        return crate::catalog::glance(pool).await;
    }
    let index = index.clone();
    crate::blocking::run(move || index.glance()).await?
}
