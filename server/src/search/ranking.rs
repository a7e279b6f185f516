//! The page of hits, among the documents [`super::counting::matches`] found. Relevance is a
//! flat sum of weighted terms: a few thousand matches are scored directly, more by block-max
//! WAND over the terms' union (a shape tantivy can prune), accepting only matched documents;
//! so a query of common words scores a few blocks, not every match.

use super::counting::Bits;
use crate::error::HubError;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query};
use tantivy::{DocAddress, DocId, DocSet, Searcher};

/// A candidate in the heap: the worst on top, so it is the one replaced.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    key: f64,
    segment: u32,
    doc: DocId,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    /// Greater = worse: a lower key, then a later document (earlier documents win ties).
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .key
            .total_cmp(&self.key)
            .then(self.segment.cmp(&other.segment))
            .then(self.doc.cmp(&other.doc))
    }
}

struct Best {
    heap: BinaryHeap<Candidate>,
    k: usize,
}

impl Best {
    fn new(k: usize) -> Best {
        // `k` follows the caller's page number: the heap grows with the documents offered
        // (never more than the index holds), rather than being sized from it.
        Best {
            heap: BinaryHeap::with_capacity(k.saturating_add(1).min(1024)),
            k,
        }
    }

    fn offer(&mut self, c: Candidate) {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push(c);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if c < *worst {
                *worst = c;
            }
        }
    }

    /// The key a newcomer must beat, once the heap is full.
    fn threshold(&self) -> Option<f64> {
        (self.heap.len() == self.k)
            .then(|| self.heap.peek().map(|c| c.key))
            .flatten()
    }

    /// Best first, `offset` skipped.
    fn page(self, offset: usize) -> Vec<(f64, DocAddress)> {
        let mut all = self.heap.into_vec();
        all.sort();
        all.into_iter()
            .skip(offset)
            .map(|c| (c.key, DocAddress::new(c.segment, c.doc)))
            .collect()
    }
}

/// Below this many (matched documents × weighted terms), scoring each matched document
/// directly beats WAND, which cannot skip the documents that match some words but not all
/// (when most documents match, WAND has little to reject and wins).
const DIRECT_WORK: u64 = 200_000;

/// The `limit` best documents after `offset`, where every document of a tier ranks before every
/// document of the next, and within a tier by score (see [`by_score`]).
pub fn by_score_in_tiers(
    searcher: &Searcher,
    clauses: &[Box<dyn Query>],
    tiers: &[Vec<Bits>],
    mut offset: usize,
    mut limit: usize,
) -> Result<Vec<(f32, DocAddress)>, HubError> {
    let mut out = Vec::with_capacity(limit.min(1024));
    for tier in tiers {
        if limit == 0 {
            break;
        }
        let n = tier.iter().map(Bits::count).sum::<u64>() as usize;
        if offset >= n {
            offset -= n;
            continue;
        }
        let page = by_score(searcher, clauses, tier, offset, limit)?;
        limit = limit.saturating_sub(page.len());
        offset = 0;
        out.extend(page);
    }
    Ok(out)
}

/// The `limit` best-scoring matched documents after `offset`, scored as the sum of `clauses`
/// (each a weighted term).
pub fn by_score(
    searcher: &Searcher,
    clauses: &[Box<dyn Query>],
    matched: &[Bits],
    offset: usize,
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>, HubError> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let k = offset + limit;
    let mut best = Best::new(k);
    let total: u64 = matched.iter().map(Bits::count).sum();
    let live = searcher.num_docs().max(1);
    // WAND wastes work only on documents it must reject, which a dense match set has few of.
    let sparse = total * 4 < live;
    if sparse && total * clauses.len() as u64 <= DIRECT_WORK {
        direct(searcher, clauses, matched, scoring, &mut best)?;
    } else {
        wand(searcher, clauses, matched, scoring, &mut best)?;
        // WAND sees only documents that hold a scored term; one matched through an intent's
        // property or an unscored synonym alone is missed. When that leaves the page short, score directly.
        if best.heap.len() < k.min(total as usize) {
            best = Best::new(k);
            direct(searcher, clauses, matched, scoring, &mut best)?;
        }
    }
    Ok(best.page(offset).into_iter().map(|(k, a)| (k as f32, a)).collect())
}

/// Scores each matched document directly: every term's scorer seeks to it.
fn direct(
    searcher: &Searcher,
    clauses: &[Box<dyn Query>],
    matched: &[Bits],
    scoring: EnableScoring<'_>,
    best: &mut Best,
) -> Result<(), HubError> {
    let weights = clauses
        .iter()
        .map(|c| c.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()?;
    for (ord, (reader, set)) in searcher.segment_readers().iter().zip(matched).enumerate() {
        let mut scorers = weights
            .iter()
            .map(|w| w.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        for doc in set.iter() {
            let mut score = 0.0;
            for scorer in scorers.iter_mut() {
                if scorer.doc() < doc {
                    scorer.seek(doc);
                }
                if scorer.doc() == doc {
                    score += scorer.score();
                }
            }
            best.offer(Candidate {
                key: score as f64,
                segment: ord as u32,
                doc,
            });
        }
    }
    Ok(())
}

/// Block-max WAND over the union of `clauses`, offering only matched documents to `best`.
fn wand(
    searcher: &Searcher,
    clauses: &[Box<dyn Query>],
    matched: &[Bits],
    scoring: EnableScoring<'_>,
    best: &mut Best,
) -> Result<(), HubError> {
    let union = BooleanQuery::new(clauses.iter().map(|c| (Occur::Should, c.box_clone())).collect());
    let weight = union.weight(scoring)?;
    for (ord, (reader, set)) in searcher.segment_readers().iter().zip(matched).enumerate() {
        let bar = |best: &Best| best.threshold().map(|t| t as f32).unwrap_or(f32::MIN);
        let threshold = bar(best);
        weight.for_each_pruning(threshold, reader, &mut |doc, score| {
            if set.contains(doc) {
                best.offer(Candidate {
                    key: score as f64,
                    segment: ord as u32,
                    doc,
                });
            }
            bar(best)
        })?;
    }
    Ok(())
}

/// Which fast field orders the page, and which way.
pub enum Order {
    /// Largest first (newest).
    Descending(&'static str),
    /// Smallest first (shortest).
    Ascending(&'static str),
    /// Soonest first, on `today` (a day number): what is on or ahead by its first day, then
    /// what has no dates, then what has ended, the latest ended first.
    Soonest { today: i64 },
}

/// The key "soonest" orders by (higher first), from a resource's first and last day.
fn soonest_key(first: i64, last: i64, today: i64) -> f64 {
    use super::fields::NO_DAY;
    if first == NO_DAY {
        -1e9
    } else if last < today {
        -2e9 + last as f64
    } else {
        -(first as f64)
    }
}

/// The `limit` matched documents after `offset`, ordered by a numeric fast field.
pub fn by_field(
    searcher: &Searcher,
    order: Order,
    matched: &[Bits],
    offset: usize,
    limit: usize,
) -> Result<Vec<DocAddress>, HubError> {
    let mut best = Best::new(offset + limit);
    for (ord, (reader, set)) in searcher.segment_readers().iter().zip(matched).enumerate() {
        let fast = reader.fast_fields();
        let key: Box<dyn Fn(DocId) -> f64> = match order {
            Order::Descending(name) => {
                let column = fast.i64(name)?;
                Box::new(move |doc| column.first(doc).unwrap_or(i64::MIN) as f64)
            }
            Order::Ascending(name) => {
                let column = fast.u64(name)?;
                Box::new(move |doc| -(column.first(doc).unwrap_or(u64::MAX) as f64))
            }
            Order::Soonest { today } => {
                let (first, last) = (fast.i64("first_day")?, fast.i64("last_day")?);
                let none = super::fields::NO_DAY;
                Box::new(move |doc| {
                    soonest_key(first.first(doc).unwrap_or(none), last.first(doc).unwrap_or(none), today)
                })
            }
        };
        for doc in set.iter() {
            best.offer(Candidate {
                key: key(doc),
                segment: ord as u32,
                doc,
            });
        }
    }
    Ok(best.page(offset).into_iter().map(|(_, a)| a).collect())
}

/// The `limit` documents after `offset` in a listing's order: featured first, then by title
/// (then slug). Title order is known inside a segment by its term ordinal; across segments,
/// each segment's best are compared by the titles themselves.
pub fn by_listing_order(
    searcher: &Searcher,
    matched: &[Bits],
    offset: usize,
    limit: usize,
) -> Result<Vec<DocAddress>, HubError> {
    let wanted = offset + limit;
    // (not featured, title key, segment, doc): the smallest comes first.
    let mut candidates: Vec<(bool, String, u32, DocId)> = Vec::new();
    for (ord, (reader, set)) in searcher.segment_readers().iter().zip(matched).enumerate() {
        let fast = reader.fast_fields();
        let featured = fast.u64("featured")?;
        let Some(titles) = fast.str("title_order")? else {
            continue;
        };
        let mut best = Best::new(wanted);
        for doc in set.iter() {
            let featured = featured.first(doc).unwrap_or(0) as f64;
            let title = titles.ords().first(doc).unwrap_or(u64::MAX) as f64;
            // Higher is better: featured above all, then the earlier title.
            best.offer(Candidate {
                key: featured * 1e15 - title,
                segment: ord as u32,
                doc,
            });
        }
        let page = best.page(0);
        // The titles of a segment's best, read in one pass through its dictionary in term
        // order: one lookup each (a block decoded per title) took 2.8 s for page 4,000 of 100k.
        let mut ords: Vec<u64> = page
            .iter()
            .filter_map(|(_, address)| titles.ords().first(address.doc_id))
            .collect();
        ords.sort_unstable();
        ords.dedup();
        let mut texts: Vec<String> = Vec::with_capacity(ords.len());
        let found = titles
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| texts.push(String::from_utf8_lossy(bytes).into_owned()))
            .map_err(tantivy::TantivyError::from)?;
        if !found {
            return Err(HubError::Corrupt(
                "a title missing from the search index's dictionary".into(),
            ));
        }
        for (key, address) in page {
            let text = titles
                .ords()
                .first(address.doc_id)
                .and_then(|o| ords.binary_search(&o).ok())
                .and_then(|i| texts.get(i).cloned())
                .unwrap_or_default();
            candidates.push((key < 1e14, text, address.segment_ord, address.doc_id));
        }
    }
    candidates.sort();
    Ok(candidates
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(_, _, segment, doc)| DocAddress::new(segment, doc))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::soonest_key;
    use crate::search::fields::NO_DAY;

    #[test]
    fn soonest_puts_what_is_ahead_first_then_undated_then_ended() {
        let today = 1000;
        let mut keyed = [
            ("ended long ago", soonest_key(10, 20, today)),
            ("undated", soonest_key(NO_DAY, NO_DAY, today)),
            ("next month", soonest_key(1030, 1032, today)),
            ("on now", soonest_key(990, 1005, today)),
            ("ended yesterday", soonest_key(990, 999, today)),
            ("tomorrow", soonest_key(1001, 1001, today)),
            ("today, one day", soonest_key(1000, 1000, today)),
        ];
        keyed.sort_by(|a, b| b.1.total_cmp(&a.1));
        let order: Vec<&str> = keyed.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            order,
            [
                "on now",
                "today, one day",
                "tomorrow",
                "next month",
                "undated",
                "ended yesterday",
                "ended long ago"
            ]
        );
    }
}
