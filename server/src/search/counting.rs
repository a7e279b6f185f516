//! Totals and facet counts by bitset algebra. Counting every match of a common word one document
//! at a time (a `Count` and a `FacetCollector`) was most of a search's cost on a large catalog.
//! Instead, one unscored pass marks the documents the text matches; each facet value's
//! documents are a bitset built once per index generation; a filter is the union of its values'
//! bitsets; and every count is an AND and a popcount, whatever the number of matches.

use crate::error::HubError;
use std::collections::BTreeMap;
use std::sync::Arc;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, SegmentReader, Term, TERMINATED};

/// A set of document ids of one segment.
#[derive(Clone, Debug)]
pub struct Bits(Vec<u64>);

impl Bits {
    pub fn empty(max_doc: u32) -> Bits {
        Bits(vec![0; (max_doc as usize).div_ceil(64)])
    }

    /// How many document ids the set has room for (a multiple of 64).
    pub fn len_docs(&self) -> u32 {
        (self.0.len() * 64) as u32
    }

    pub fn insert(&mut self, doc: u32) {
        self.0[(doc / 64) as usize] |= 1 << (doc % 64);
    }

    pub fn contains(&self, doc: u32) -> bool {
        self.0[(doc / 64) as usize] & (1 << (doc % 64)) != 0
    }

    /// The documents, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, word)| {
            let mut w = *word;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(i as u32 * 64 + bit)
            })
        })
    }

    pub fn count(&self) -> u64 {
        self.0.iter().map(|w| w.count_ones() as u64).sum()
    }

    pub fn and_assign(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }

    pub fn or_assign(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    /// |self ∩ other| without building the intersection.
    pub fn and_count(&self, other: &Bits) -> u64 {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a & b).count_ones() as u64)
            .sum()
    }
}

/// One segment's facet values, each as the set of its live documents.
struct SegmentFacets {
    max_doc: u32,
    alive: Bits,
    /// dimension → value → documents
    values: BTreeMap<String, BTreeMap<String, Bits>>,
}

/// Every facet value's documents, for one searcher generation.
pub struct FacetBits {
    generation: u64,
    /// The day (`YYYY-MM-DD`) the `current` dimension was drawn for.
    day: String,
    segments: Vec<SegmentFacets>,
}

impl FacetBits {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn day(&self) -> &str {
        &self.day
    }

    /// Reads each `/dimension/value` facet term's postings into a bitset, per segment; and
    /// draws the `current` dimension for `today`: `yes` for every document whose last day
    /// (`ends`) has not passed, or that has none.
    pub fn build(searcher: &Searcher, facet_field: Field, today: &str) -> Result<Arc<FacetBits>, HubError> {
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let max_doc = reader.max_doc();
            let mut alive = Bits::empty(max_doc);
            for doc in 0..max_doc {
                if !reader.is_deleted(doc) {
                    alive.insert(doc);
                }
            }
            let inverted = reader.inverted_index(facet_field)?;
            let mut stream = inverted.terms().stream().map_err(tantivy::TantivyError::from)?;
            let mut values: BTreeMap<String, BTreeMap<String, Bits>> = BTreeMap::new();
            while stream.advance() {
                let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) else {
                    continue;
                };
                let path = facet.to_path();
                let [dim, value] = path.as_slice() else { continue };
                let mut postings = inverted
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?;
                let mut bits = Bits::empty(max_doc);
                while postings.doc() != TERMINATED {
                    bits.insert(postings.doc());
                    postings.advance();
                }
                bits.and_assign(&alive);
                values
                    .entry(dim.to_string())
                    .or_default()
                    .insert(value.to_string(), bits);
            }
            let mut current = Bits::empty(max_doc);
            if let Some(ends) = values.get("ends") {
                for (last_day, bits) in ends {
                    if last_day == super::document::NO_LAST_DAY || last_day.as_str() >= today {
                        current.or_assign(bits);
                    }
                }
            }
            values
                .entry("current".to_string())
                .or_default()
                .insert("yes".to_string(), current);
            segments.push(SegmentFacets { max_doc, alive, values });
        }
        Ok(Arc::new(FacetBits {
            generation: searcher.generation().generation_id(),
            day: today.to_string(),
            segments,
        }))
    }
}

/// A filter on one dimension: documents having any of `values`.
#[derive(Clone)]
pub struct Filter<'a> {
    pub dim: &'a str,
    pub values: Vec<String>,
}

/// The total and, per dimension, each value's count with every other dimension's filter applied
/// (so a ticked box does not zero its neighbours).
pub struct Counts {
    pub total: u64,
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
}

/// A unit of the query matches a document through any of its clauses.
pub enum Clause {
    /// The document holds the term.
    Term(Term),
    /// The document holds every one of the terms (a phrase's stem pairs).
    All(Vec<Term>),
}

/// One unit of the query (a word or phrase, with its synonyms and near misses) as matching
/// sees it.
pub struct Unit {
    /// The unit matches a document through any of these.
    pub clauses: Vec<Clause>,
    /// Facet values that also satisfy it: the property an intent word names ("free").
    pub properties: Vec<(String, String)>,
    /// Whether "every word" includes this unit. Intent words are not required, unless the
    /// query has nothing else.
    pub required: bool,
}

/// How a query's units combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every required unit.
    All,
    /// Every required unit first; then the documents that match only some, by the share of the
    /// query's weight they cover (rare words weigh most).
    AllThenPartial,
    /// Any unit.
    Any,
}

/// Partial matches are ranked in bands of this much coverage, best band first.
const BAND: f64 = 0.05;

/// What the text part of a query matches.
pub enum Matcher {
    /// No text: every document.
    Everything,
    /// Text without a word to look for.
    Nothing,
    Units {
        units: Vec<Unit>,
        mode: Mode,
    },
}

/// The documents a query's text matches, per segment.
pub struct Matched {
    /// Every matched document.
    pub set: Vec<Bits>,
    /// Those that match every required unit (all of `set`, unless partial matches are kept).
    pub all: Vec<Bits>,
    /// With [`Mode::AllThenPartial`]: each required unit's documents and weight.
    partial: Option<(Vec<Vec<Bits>>, Vec<f64>)>,
}

impl Matched {
    fn single(set: Vec<Bits>) -> Matched {
        Matched {
            all: set.clone(),
            set,
            partial: None,
        }
    }

    /// Whether some matched documents match only some of the words.
    pub fn is_partial(&self) -> bool {
        self.partial.is_some()
    }

    /// `passing` (matched documents under the filters) as disjoint tiers in the order they
    /// rank: those that match every word, then bands of partial matches, the best covered
    /// first. The bands cost a pass over the partial matches, so they are drawn only when the
    /// page reaches past the `wanted` first documents.
    pub fn tiers(&self, passing: &[Bits], wanted: usize) -> Vec<Vec<Bits>> {
        let first: Vec<Bits> = self
            .all
            .iter()
            .zip(passing)
            .map(|(a, p)| {
                let mut t = a.clone();
                t.and_assign(p);
                t
            })
            .collect();
        let Some((per_unit, weight)) = &self.partial else {
            return vec![first];
        };
        if first.iter().map(Bits::count).sum::<u64>() as usize >= wanted {
            return vec![first];
        }
        let whole: f64 = weight.iter().sum();
        let bands = (1.0 / BAND).ceil() as usize + 1;
        let band_of = |covered: f64| {
            if whole > 0.0 {
                (((1.0 - covered / whole) / BAND) as usize).min(bands - 1)
            } else {
                bands - 1
            }
        };
        let mut tiers: Vec<Vec<Bits>> = vec![passing.iter().map(|p| Bits::empty(p.len_docs())).collect(); bands];
        // Documents that hold only the lightest unit (typically a word most resources hold)
        // share one band; only the others are weighed one by one.
        let lightest = (0..weight.len())
            .min_by(|a, b| weight[*a].total_cmp(&weight[*b]))
            .unwrap_or(0);
        for (s, set) in passing.iter().enumerate() {
            let mut others = Bits::empty(set.len_docs());
            for (u, unit) in per_unit.iter().enumerate() {
                if u != lightest {
                    others.or_assign(&unit[s]);
                }
            }
            others.and_assign(set);
            for doc in others.iter().filter(|d| !first[s].contains(*d)) {
                let covered: f64 = per_unit
                    .iter()
                    .zip(weight)
                    .filter(|(unit, _)| unit[s].contains(doc))
                    .map(|(_, w)| w)
                    .sum();
                tiers[band_of(covered)][s].insert(doc);
            }
            let mut alone = set.clone();
            for (a, (o, f)) in alone.0.iter_mut().zip(others.0.iter().zip(&first[s].0)) {
                *a &= !(o | f);
            }
            tiers[band_of(weight[lightest])][s].or_assign(&alone);
        }
        tiers.retain(|t| t.iter().any(|b| b.count() > 0));
        tiers.insert(0, first);
        tiers
    }
}

/// A term's documents in one segment (deleted ones included; callers mask them).
fn term_bits(reader: &SegmentReader, term: &Term, max_doc: u32) -> Result<Bits, HubError> {
    let mut set = Bits::empty(max_doc);
    let inverted = reader.inverted_index(term.field())?;
    if let Some(mut block) = inverted
        .read_block_postings(term, IndexRecordOption::Basic)
        .map_err(tantivy::TantivyError::from)?
    {
        loop {
            let docs = block.docs();
            if docs.is_empty() {
                break;
            }
            for doc in docs {
                set.insert(*doc);
            }
            block.advance();
        }
    }
    Ok(set)
}

/// A unit's live documents in one segment.
fn unit_bits(reader: &SegmentReader, segment: &SegmentFacets, unit: &Unit) -> Result<Bits, HubError> {
    let max_doc = segment.max_doc;
    let mut any = Bits::empty(max_doc);
    for clause in &unit.clauses {
        match clause {
            Clause::Term(term) => any.or_assign(&term_bits(reader, term, max_doc)?),
            Clause::All(terms) => {
                let mut all: Option<Bits> = None;
                for term in terms {
                    let b = term_bits(reader, term, max_doc)?;
                    match &mut all {
                        None => all = Some(b),
                        Some(a) => a.and_assign(&b),
                    }
                }
                if let Some(all) = all {
                    any.or_assign(&all);
                }
            }
        }
    }
    for (dim, value) in &unit.properties {
        if let Some(b) = segment.values.get(dim).and_then(|v| v.get(value)) {
            any.or_assign(b);
        }
    }
    any.and_assign(&segment.alive);
    Ok(any)
}

/// BM25's inverse document frequency: what matching a unit found in `df` of `n` documents is
/// worth.
fn idf(df: u64, n: u64) -> f64 {
    (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln()
}

impl FacetBits {
    /// The live documents with facet `dim`/`value`, per segment.
    pub fn with_value(&self, dim: &str, value: &str) -> Vec<Bits> {
        self.segments
            .iter()
            .map(|s| {
                s.values
                    .get(dim)
                    .and_then(|v| v.get(value))
                    .cloned()
                    .unwrap_or_else(|| Bits::empty(s.max_doc))
            })
            .collect()
    }
}

/// The live documents the text matches, per segment: posting lists OR'd and AND'd as bitsets,
/// and for partial matches each candidate's share of the query's weight summed from its units.
pub fn matches(searcher: &Searcher, matcher: &Matcher, bits: &FacetBits) -> Result<Matched, HubError> {
    let segments = searcher.segment_readers().iter().zip(&bits.segments);
    let (units, mode) = match matcher {
        Matcher::Everything => return Ok(Matched::single(bits.segments.iter().map(|s| s.alive.clone()).collect())),
        Matcher::Nothing => {
            return Ok(Matched::single(
                bits.segments.iter().map(|s| Bits::empty(s.max_doc)).collect(),
            ))
        }
        Matcher::Units { units, mode } => (units, *mode),
    };
    // unit → segment → documents
    let mut per_unit: Vec<Vec<Bits>> = vec![Vec::with_capacity(bits.segments.len()); units.len()];
    for (reader, segment) in segments {
        for (u, unit) in units.iter().enumerate() {
            per_unit[u].push(unit_bits(reader, segment, unit)?);
        }
    }
    let combine = |which: &[usize], and: bool| -> Vec<Bits> {
        let mut out: Option<Vec<Bits>> = None;
        for &u in which {
            match &mut out {
                None => out = Some(per_unit[u].clone()),
                Some(acc) => {
                    for (a, b) in acc.iter_mut().zip(&per_unit[u]) {
                        if and {
                            a.and_assign(b)
                        } else {
                            a.or_assign(b)
                        }
                    }
                }
            }
        }
        out.unwrap_or_else(|| bits.segments.iter().map(|s| Bits::empty(s.max_doc)).collect())
    };
    let everyone: Vec<usize> = (0..units.len()).collect();
    let mut required: Vec<usize> = everyone.iter().copied().filter(|&u| units[u].required).collect();
    if required.is_empty() {
        required = everyone.clone();
    }
    match mode {
        Mode::Any => return Ok(Matched::single(combine(&everyone, false))),
        Mode::All => return Ok(Matched::single(combine(&required, true))),
        Mode::AllThenPartial if required.len() < 2 => return Ok(Matched::single(combine(&required, true))),
        Mode::AllThenPartial => {}
    }
    let n: u64 = bits.segments.iter().map(|s| s.alive.count()).sum();
    let weight: Vec<f64> = required
        .iter()
        .map(|&u| idf(per_unit[u].iter().map(Bits::count).sum(), n))
        .collect();
    Ok(Matched {
        set: combine(&required, false),
        all: combine(&required, true),
        partial: Some((required.iter().map(|&u| per_unit[u].clone()).collect(), weight)),
    })
}

/// Counts `matched` (from [`matches`]) under `filters`, with the facet counts of `dims`; and
/// returns, per segment, the matches that pass every filter (what the page is drawn from).
pub fn count(bits: &FacetBits, matched: &[Bits], filters: &[Filter<'_>], dims: &[&str]) -> (Counts, Vec<Bits>) {
    let mut total = 0;
    let mut facets: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut passing = Vec::with_capacity(matched.len());
    for (segment, text) in bits.segments.iter().zip(matched) {
        let filter_bits: Vec<Bits> = filters
            .iter()
            .map(|f| {
                let mut any = Bits::empty(segment.max_doc);
                if let Some(values) = segment.values.get(f.dim) {
                    for v in &f.values {
                        if let Some(b) = values.get(v) {
                            any.or_assign(b);
                        }
                    }
                }
                any
            })
            .collect();
        // Everything but filter `skip` applied to the text's matches.
        let under = |skip: Option<usize>| {
            let mut set = text.clone();
            for (i, f) in filter_bits.iter().enumerate() {
                if Some(i) != skip {
                    set.and_assign(f);
                }
            }
            set
        };
        let all = under(None);
        total += all.count();
        for dim in dims {
            let Some(values) = segment.values.get(*dim) else {
                continue;
            };
            let own = filters.iter().position(|f| f.dim == *dim);
            let narrowed;
            let base = match own {
                Some(_) => {
                    narrowed = under(own);
                    &narrowed
                }
                None => &all,
            };
            let counts = facets.entry(dim.to_string()).or_default();
            for (value, b) in values {
                let n = base.and_count(b);
                if n > 0 {
                    *counts.entry(value.clone()).or_default() += n;
                }
            }
        }
        passing.push(all);
    }
    (Counts { total, facets }, passing)
}
