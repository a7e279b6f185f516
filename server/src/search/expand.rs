//! A typed word's near misses and completions, read straight off the term dictionary: the
//! Levenshtein automaton walks the dictionary's FST (visiting only what can still match), and
//! a prefix is a range scan. Each expansion then becomes an ordinary term, so ranking keeps its
//! fast path.

use crate::error::HubError;
use levenshtein_automata::{LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use tantivy::schema::Field;
use tantivy::Searcher;

/// Expansions kept per word, the most common first: more would slow ranking and add noise.
const MAX_EXPANSIONS: usize = 16;

/// A word the index holds, with how many documents hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    pub term: String,
    pub distance: usize,
    pub doc_freq: u64,
}

/// Building an automaton builder takes milliseconds; one per distance serves every query.
fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    match distance {
        1 => ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true)),
        _ => TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true)),
    }
}

struct Automaton(DFA);

impl tantivy_fst::Automaton for Automaton {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), levenshtein_automata::Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Keeps the best `MAX_EXPANSIONS` (closest, then most common), summing frequencies across
/// segments.
fn best(found: HashMap<String, (usize, u64)>) -> Vec<Expansion> {
    let mut out: Vec<Expansion> = found
        .into_iter()
        .map(|(term, (distance, doc_freq))| Expansion {
            term,
            distance,
            doc_freq,
        })
        .collect();
    out.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(b.doc_freq.cmp(&a.doc_freq))
            .then(a.term.cmp(&b.term))
    });
    out.truncate(MAX_EXPANSIONS);
    out
}

/// Indexed words within `distance` edits of `word` (transpositions count as one), `word`
/// itself excluded.
pub fn fuzzy(searcher: &Searcher, field: Field, word: &str, distance: u8) -> Result<Vec<Expansion>, HubError> {
    if distance == 0 {
        return Ok(vec![]);
    }
    let mut found: HashMap<String, (usize, u64)> = HashMap::new();
    let automaton = Automaton(builder(distance).build_dfa(word));
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .search(&automaton)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if term == word {
                continue;
            }
            let d = strsim::osa_distance(word, term);
            let entry = found.entry(term.to_string()).or_insert((d, 0));
            entry.1 += stream.value().doc_freq as u64;
        }
    }
    Ok(best(found))
}

/// One search's typo lookups, kept so that each word's automaton walks the dictionary once
/// per search: ranking, "did you mean" and the zero-result alternatives all ask for it.
#[derive(Default)]
pub struct Memo(RefCell<HashMap<(Field, String, u8), Vec<Expansion>>>);

impl Memo {
    pub fn fuzzy(
        &self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        distance: u8,
    ) -> Result<Vec<Expansion>, HubError> {
        let key = (field, word.to_string(), distance);
        if let Some(found) = self.0.borrow().get(&key) {
            return Ok(found.clone());
        }
        let found = fuzzy(searcher, field, word, distance)?;
        self.0.borrow_mut().insert(key, found.clone());
        Ok(found)
    }
}

/// Indexed words that start with `prefix` (longer than it).
pub fn prefix(searcher: &Searcher, field: Field, prefix: &str) -> Result<Vec<Expansion>, HubError> {
    let mut found: HashMap<String, (usize, u64)> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if term == prefix {
                continue;
            }
            let entry = found.entry(term.to_string()).or_insert((0, 0));
            entry.1 += stream.value().doc_freq as u64;
        }
    }
    Ok(best(found))
}
