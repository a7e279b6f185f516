//! The home page's data, kept until the catalog moves. Every visit to `/` used to read the
//! pathways, their step counts and the starter pathway (four queries, each a hand-off to the
//! database's threads) and count the index's facets, for data that changes only when an admin
//! edits the catalog. The poller already watches the catalog's numbered changes; a page kept
//! under the mark it read is right until that mark moves.

use app::model::HomeData;
use std::sync::Mutex;

/// Where the catalog stands: the search index's searcher generation (it moves with every
/// resource change the index applies), the newest numbered pathway change, the synonym list's
/// version, and the day (a
/// featured course that ends today is not featured tomorrow).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogMark {
    pub index: u64,
    pub pathways: i64,
    /// How many times the synonym list was replaced (search pages are ranked with it).
    pub synonyms: u64,
    /// `YYYY-MM-DD`
    pub day: String,
}

#[derive(Default)]
pub struct HomeCache {
    kept: Mutex<Option<(CatalogMark, HomeData)>>,
}

impl HomeCache {
    /// The page kept for `mark`, if the catalog has not moved since.
    pub fn get(&self, mark: &CatalogMark) -> Option<HomeData> {
        let kept = self.kept.lock().expect("home cache lock");
        kept.as_ref().filter(|(at, _)| at == mark).map(|(_, data)| data.clone())
    }

    /// Keeps `data`, read after `mark` was taken: if the catalog moved in between, the next
    /// visit sees a newer mark and reads again, so nothing stale outlives a poll.
    pub fn keep(&self, mark: CatalogMark, data: &HomeData) {
        *self.kept.lock().expect("home cache lock") = Some((mark, data.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_page_is_given_only_for_its_own_mark() {
        let cache = HomeCache::default();
        let mark = CatalogMark {
            index: 3,
            pathways: 7,
            synonyms: 0,
            day: "2026-12-06".into(),
        };
        assert!(cache.get(&mark).is_none());
        let data = HomeData {
            featured: vec![],
            pathways: vec![],
            starter: None,
            kinds: vec![],
            audiences: vec![],
            total: 29,
        };
        cache.keep(mark.clone(), &data);
        assert_eq!(cache.get(&mark).map(|d| d.total), Some(29));
        let moved = |change: fn(&mut CatalogMark)| {
            let mut m = mark.clone();
            change(&mut m);
            cache.get(&m).is_none()
        };
        assert!(moved(|m| m.index = 4), "a resource changed");
        assert!(moved(|m| m.pathways = 8), "a pathway changed");
        assert!(moved(|m| m.synonyms = 1), "the synonyms changed");
        assert!(moved(|m| m.day = "2026-12-07".into()), "a day passed");
    }
}
