//! From what a person typed to ranked, faceted, highlighted results. The text is never handed
//! to a query parser: it is split into words by the same analyzers the index uses, so no input
//! can be a syntax error.

use super::counting::{self, Clause};
use super::expand;
use super::fields::{self, QUERY};
use super::highlight;
use super::index::SearchIndex;
use super::ranking;
use super::stemming;
use crate::error::HubError;
use app::model::{
    audience_label, term_label, Alternative, Facet, FacetValue, Kind, SearchHit, SearchPage, Suggestion, FORMATS,
};
use app::query::{BrowseQuery, SearchQuery, Sort};
use std::collections::{BTreeMap, HashSet};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// Where a word may match, and how much a match there counts.
const FIELD_BOOSTS: [(&str, f32); 6] = [
    ("title", 4.0),
    ("summary", 2.0),
    ("terms", 2.0),
    ("provider", 1.5),
    ("items", 1.0),
    ("body", 0.7),
];
/// A word typed, found anywhere in the resource (body and items included).
const ANYWHERE_WEIGHT: f32 = 0.5;
/// Synonyms count for less than the words typed.
const SYNONYM_WEIGHT: f32 = 0.6;
/// The correction of a word the index has never seen counts almost as the word typed.
const CORRECTED_WEIGHT: f32 = 0.8;
/// Typo-tolerant matches count for less still.
const FUZZY_WEIGHT: f32 = 0.3;
const PREFIX_WEIGHT: f32 = 0.5;
const EXACT_TITLE_WEIGHT: f32 = 2.0;
/// A listed phrase (or synonym phrase) found in the title, and anywhere.
const PHRASE_BOOSTS: (f32, f32) = (4.0, 2.0);
const PHRASE_TITLE_WEIGHT: f32 = 6.0;
/// Where a snippet may come from, in order of preference.
const SNIPPET_FIELDS: [&str; 3] = ["summary", "body", "items"];
/// About how long a result's snippet is, in characters.
const SNIPPET_CHARS: usize = 220;
/// Words (stop words aside) beyond this are ignored: the first ones carry the meaning.
const MAX_WORDS: usize = 12;

/// Typo tolerance scaled to word length: none for short words, where one edit changes meaning.
pub fn fuzzy_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

pub(super) const DIMENSIONS: [&str; 8] = [
    "kind",
    "audience",
    "discipline",
    "topic",
    "format",
    "cost",
    "credits",
    "current",
];

/// One piece of the query: a word or a listed phrase, with its synonyms.
struct Unit {
    words: Vec<String>,
    alternatives: Vec<Vec<String>>,
    /// The properties it names, when it is an intent word ("free", "online").
    intent: Vec<(String, String)>,
    /// An intent word (with or without a property): not required to match "every word".
    soft: bool,
    is_last: bool,
}

/// A query as two: the documents to count, and the score to order them by.
struct Plan {
    matching: counting::Matcher,
    /// Weighted terms, summed.
    ranking: Vec<Box<dyn Query>>,
    /// The stems to mark in snippets: the words, their synonyms, near misses and completions.
    marks: BTreeMap<String, f32>,
}

/// Options that only the relevance evaluation turns off, to measure each against the rest.
#[derive(Clone, Copy, Debug)]
pub struct Tuning {
    pub synonyms: bool,
    pub fuzzy: bool,
    /// Intent words also match resources that have the property they name.
    pub intents: bool,
    /// Every word, then the best partial matches; or every word only (the hub before), or any
    /// word (plain BM25).
    pub mode: counting::Mode,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            synonyms: true,
            fuzzy: true,
            intents: true,
            mode: counting::Mode::AllThenPartial,
        }
    }
}

impl Tuning {
    /// Plain BM25: the words typed, any of them, nothing added.
    pub fn plain() -> Tuning {
        Tuning {
            synonyms: false,
            fuzzy: false,
            intents: false,
            mode: counting::Mode::Any,
        }
    }

    /// The ranking as it was before partial matches, families and intents.
    pub fn every_word() -> Tuning {
        Tuning {
            intents: false,
            mode: counting::Mode::All,
            ..Tuning::default()
        }
    }
}

impl SearchIndex {
    fn field(&self, name: &str) -> tantivy::schema::Field {
        self.index.schema().get_field(name).expect("known field")
    }

    /// A stored field's text ("" when absent).
    fn stored_text(&self, doc: &TantivyDocument, name: &str) -> String {
        doc.get_first(self.field(name))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    }

    /// The stem of a word the plain analyzer produced (one lower-cased, folded token).
    fn stem(&self, word: &str) -> String {
        let mut word = word.to_string();
        stemming::stem_in_place(&mut word);
        word
    }

    /// The query's words and phrases, stop words dropped (unless that would leave nothing).
    ///
    /// With a `searcher`, a word the index has never seen (and, when it is the one still being
    /// typed, that begins no indexed word) is replaced by its correction first, so a misspelled
    /// phrase still meets its synonyms ("advanced care planing" is advance care planning).
    fn units(
        &self,
        text: &str,
        tuning: Tuning,
        ends_mid_word: bool,
        correcting: Option<(&Searcher, &expand::Memo)>,
    ) -> Result<Vec<Unit>, HubError> {
        // "who" is a question word ("people who are dying") unless typed as the World Health
        // Organization's initials.
        let spelled;
        let text = if text.split(|c: char| !c.is_alphanumeric()).any(|w| w == "WHO") {
            spelled = text.replace("WHO", "World Health Organization");
            spelled.as_str()
        } else {
            text
        };
        let mut plain = fields::plain();
        let mut words = fields::words(&mut plain, text);
        // Stop words do not count toward the limit (below); this bounds the work before it.
        words.truncate(3 * MAX_WORDS);
        let mut query_words = self.index.tokenizers().get(QUERY).expect("registered");
        let mut content: HashSet<String> = fields::words(&mut query_words, text).into_iter().collect();
        let synonyms = self.synonyms.read().expect("synonyms lock");
        if let (Some((searcher, memo)), true) = (correcting, tuning.fuzzy) {
            let last = words.len().saturating_sub(1);
            for (i, word) in words.iter_mut().enumerate() {
                // Stop and question words are never corrected (into a word they are not), nor a
                // word the synonym or intent lists know ("masters" is not "matters"), nor one the
                // index holds in another form ("referred" beside "referral").
                if fuzzy_distance(word) == 0
                    || !content.contains(word.as_str())
                    || self.is_known(searcher, word)
                    || self.is_stem_known(searcher, word)
                    || synonyms.knows(word)
                    || self.intents.knows(word)
                {
                    continue;
                }
                // The word still being typed is left alone while indexed words begin with it
                // (a word of five letters or more, so few do).
                if ends_mid_word && i == last && !expand::prefix(searcher, self.fields.plain, word)?.is_empty() {
                    continue;
                }
                let Some(corrected) = self.closest_known(searcher, word, memo)? else {
                    continue;
                };
                // A correction into a stop word ("shoudl") would make it a word to match.
                if fields::words(&mut query_words, &corrected).is_empty() {
                    continue;
                }
                content.remove(word.as_str());
                content.insert(corrected.clone());
                *word = corrected;
            }
        }
        let mut grouped = if tuning.synonyms {
            synonyms.units(&words)
        } else {
            words.iter().map(|w| (vec![w.clone()], vec![])).collect()
        };
        if tuning.intents {
            grouped = self.group_intent_phrases(grouped);
        }
        let mut units: Vec<Unit> = grouped
            .into_iter()
            .map(|(words, alternatives)| {
                let mut intent: Vec<(String, String)> = Vec::new();
                let mut soft = false;
                if tuning.intents {
                    for phrase in std::iter::once(&words).chain(&alternatives) {
                        if let Some(properties) = self.intents.of(phrase) {
                            soft = true;
                            for p in properties {
                                if !intent.contains(p) {
                                    intent.push(p.clone());
                                }
                            }
                        }
                    }
                }
                Unit {
                    words,
                    alternatives,
                    intent,
                    soft,
                    is_last: false,
                }
            })
            .collect();
        if !content.is_empty() {
            units.retain(|u| u.words.len() > 1 || !u.alternatives.is_empty() || content.contains(&u.words[0]));
        }
        // A query that says one thing twice ("terminal secretions and the death rattle") asks
        // for it once: a unit already searched for as a synonym, and whose own synonyms include
        // that unit (one two-way group), is not another word to match. A one-way line keeps
        // both: "gi constipation" still asks for constipation.
        let mut seen: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
        units.retain(|u| {
            let repeat = seen.iter().any(|(words, alternatives)| {
                *words == u.words || (alternatives.contains(&u.words) && u.alternatives.contains(words))
            });
            if !repeat {
                seen.push((u.words.clone(), u.alternatives.clone()));
            }
            !repeat
        });
        units.truncate(MAX_WORDS);
        if ends_mid_word {
            if let Some(last) = units.last_mut() {
                last.is_last = true;
            }
        }
        Ok(units)
    }

    /// Joins single words that together are a listed intent phrase ("in person", "no cost")
    /// into one unit, so the phrase, not its stop words, is what counts.
    fn group_intent_phrases(
        &self,
        grouped: Vec<(Vec<String>, Vec<Vec<String>>)>,
    ) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
        let mut out = Vec::with_capacity(grouped.len());
        let mut i = 0;
        while i < grouped.len() {
            let singles: Vec<String> = grouped[i..]
                .iter()
                .take_while(|(w, alts)| w.len() == 1 && alts.is_empty())
                .map(|(w, _)| w[0].clone())
                .collect();
            match self.intents.phrase_at(&singles) {
                Some(len) => {
                    out.push((singles[..len].to_vec(), vec![]));
                    i += len;
                }
                None => {
                    out.push(grouped[i].clone());
                    i += 1;
                }
            }
        }
        out
    }

    /// The unit's forms (what was typed, its correction, then its synonyms) as stems, each with
    /// its weight and whether it counts as typed (scored everywhere, not only where a resource
    /// says what it is about).
    fn forms(&self, unit: &Unit, corrected: Option<&str>) -> Vec<(Vec<String>, f32, bool)> {
        let typed: Vec<String> = unit.words.iter().map(|w| self.stem(w)).collect();
        let mut out = vec![(typed.clone(), 1.0, true)];
        if let Some(c) = corrected {
            out.push((vec![self.stem(c)], CORRECTED_WEIGHT, true));
        }
        for a in &unit.alternatives {
            out.push((a.iter().map(|w| self.stem(w)).collect(), SYNONYM_WEIGHT, false));
        }
        out
    }

    /// The closest (then most common) indexed word to a single word the index has never seen:
    /// almost certainly what was meant, so it is searched for as if typed.
    fn correction(
        &self,
        searcher: &Searcher,
        unit: &Unit,
        tuning: Tuning,
        memo: &expand::Memo,
    ) -> Result<Option<String>, HubError> {
        let [word] = unit.words.as_slice() else {
            return Ok(None);
        };
        // A word the synonym or intent lists know is meant as typed.
        if !tuning.fuzzy || unit.soft || !unit.alternatives.is_empty() {
            return Ok(None);
        }
        self.closest_known(searcher, word, memo)
    }

    /// Whether some resource holds a form of `word` (its stem).
    fn is_stem_known(&self, searcher: &Searcher, word: &str) -> bool {
        searcher
            .doc_freq(&Term::from_field_text(self.fields.stems, &self.stem(word)))
            .unwrap_or(0)
            > 0
    }

    /// Whether some resource holds `word` as written.
    fn is_known(&self, searcher: &Searcher, word: &str) -> bool {
        searcher
            .doc_freq(&Term::from_field_text(self.fields.plain, word))
            .unwrap_or(0)
            > 0
    }

    /// For a word the index has never seen in any form (without digits), the closest indexed
    /// word.
    fn closest_known(&self, searcher: &Searcher, word: &str, memo: &expand::Memo) -> Result<Option<String>, HubError> {
        if word.chars().any(|c| c.is_ascii_digit())
            || self.is_known(searcher, word)
            || self.is_stem_known(searcher, word)
        {
            return Ok(None);
        }
        let plain = self.fields.plain;
        Ok(memo
            .fuzzy(searcher, plain, word, fuzzy_distance(word))?
            .into_iter()
            .next()
            .map(|e| e.term))
    }

    /// Near misses of a word the index has never seen, and completions of the last word typed,
    /// each with its weight.
    fn expansions(
        &self,
        searcher: &Searcher,
        unit: &Unit,
        tuning: Tuning,
        memo: &expand::Memo,
    ) -> Result<Vec<(String, f32)>, HubError> {
        let mut out = Vec::new();
        if !tuning.fuzzy || unit.words.len() != 1 {
            return Ok(out);
        }
        let word = &unit.words[0];
        let plain = self.fields.plain;
        // Typo tolerance is for words the index has never seen: a known word is taken as meant,
        // which keeps results precise and common words cheap.
        let known = searcher.doc_freq(&Term::from_field_text(plain, word)).unwrap_or(0) > 0;
        // A word the synonym or intent lists know is meant as typed ("molst" is not "most").
        if !known && !unit.soft && unit.alternatives.is_empty() {
            // Only the closest near misses: when one edit finds a word, two edits add noise
            // ("conversoin" is "conversion", not "conversation").
            let found = memo.fuzzy(searcher, plain, word, fuzzy_distance(word))?;
            let closest = found.iter().map(|e| e.distance).min().unwrap_or(0);
            for e in found.into_iter().filter(|e| e.distance == closest) {
                out.push((e.term, FUZZY_WEIGHT));
            }
        }
        if unit.is_last && word.chars().count() >= 3 {
            for e in expand::prefix(searcher, plain, word)? {
                out.push((e.term, PREFIX_WEIGHT));
            }
        }
        Ok(out)
    }

    /// What to match (as `tuning.mode` says, or with `relaxed` any unit, in some form) and how
    /// to rank the matches (one flat union of weighted terms).
    fn plan(
        &self,
        searcher: &Searcher,
        units: &[Unit],
        relaxed: bool,
        tuning: Tuning,
        memo: &expand::Memo,
    ) -> Result<Plan, HubError> {
        if units.is_empty() {
            return Ok(Plan {
                matching: counting::Matcher::Everything,
                ranking: vec![],
                marks: BTreeMap::new(),
            });
        }
        let f = &self.fields;
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            ))
        };
        // Each (field, term) once, at the highest weight any form gives it: synonyms often
        // share stems, and every extra term slows ranking.
        let mut weights: BTreeMap<(tantivy::schema::Field, String), f32> = BTreeMap::new();
        let mut rank = |field: tantivy::schema::Field, text: &str, weight: f32| {
            let w = weights.entry((field, text.to_string())).or_insert(0.0);
            *w = w.max(weight);
        };
        let mut matching: Vec<counting::Unit> = Vec::new();
        let mut marks = BTreeMap::new();
        for unit in units {
            let mut any: Vec<Clause> = Vec::new();
            let corrected = self.correction(searcher, unit, tuning, memo)?;
            for (stems, weight, typed) in self.forms(unit, corrected.as_deref()) {
                for stem in &stems {
                    marks.insert(stem.clone(), 1.0);
                }
                if let [stem] = stems.as_slice() {
                    any.push(Clause::Term(Term::from_field_text(f.stems, stem)));
                    // Synonyms score in the fields that say what a resource is about;
                    // elsewhere they still match, but scoring them there costs more than it
                    // tells.
                    let fields = if typed { &FIELD_BOOSTS[..4] } else { &FIELD_BOOSTS[..3] };
                    for (name, boost) in fields {
                        rank(self.field(name), stem, boost * weight);
                    }
                    if typed {
                        rank(f.stems, stem, ANYWHERE_WEIGHT * weight);
                    }
                } else {
                    let pairs: Vec<String> = stems.windows(2).map(|w| fields::pair(&w[0], &w[1])).collect();
                    any.push(Clause::All(
                        pairs.iter().map(|p| Term::from_field_text(f.pairs, p)).collect(),
                    ));
                    for p in &pairs {
                        rank(f.title_pairs, p, PHRASE_BOOSTS.0 * weight);
                        rank(f.pairs, p, PHRASE_BOOSTS.1 * weight);
                    }
                }
            }
            if unit.words.len() == 1 {
                rank(f.title_plain, &unit.words[0], EXACT_TITLE_WEIGHT);
            }
            for (expansion, weight) in self.expansions(searcher, unit, tuning, memo)? {
                marks.insert(self.stem(&expansion), 1.0);
                any.push(Clause::Term(Term::from_field_text(f.plain, &expansion)));
                rank(f.plain, &expansion, weight);
            }
            matching.push(counting::Unit {
                clauses: any,
                properties: unit.intent.clone(),
                // A word naming a property ("free", "for nurses") counts toward "every word",
                // matched by its text or by the property; one that names none ("training") says
                // only what every resource of the catalog is, so it is not required.
                required: !unit.soft || !unit.intent.is_empty(),
            });
        }
        // A title holding the whole query as a phrase ranks first.
        let all_stems: Vec<String> = units
            .iter()
            .flat_map(|u| u.words.iter().map(|w| self.stem(w)))
            .collect();
        for w in all_stems.windows(2) {
            rank(f.title_pairs, &fields::pair(&w[0], &w[1]), PHRASE_TITLE_WEIGHT);
        }
        let ranking = weights
            .into_iter()
            .map(|((field, text), weight)| -> Box<dyn Query> { Box::new(BoostQuery::new(term(field, &text), weight)) })
            .collect();
        Ok(Plan {
            matching: counting::Matcher::Units {
                units: matching,
                mode: if relaxed { counting::Mode::Any } else { tuning.mode },
            },
            ranking,
            marks,
        })
    }

    /// The live documents `plan` matches, and those that pass the filters (per segment),
    /// counted with the facets.
    fn run_counts(
        &self,
        searcher: &Searcher,
        bits: &counting::FacetBits,
        plan: &Plan,
        filters: &[counting::Filter<'_>],
    ) -> Result<(counting::Matched, Vec<counting::Bits>, counting::Counts), HubError> {
        let matched = counting::matches(searcher, &plan.matching, bits)?;
        let (counts, passing) = counting::count(bits, &matched.set, filters, &DIMENSIONS);
        Ok((matched, passing, counts))
    }

    /// The filters as bitset filters, one per dimension that has any.
    pub(super) fn count_filters(q: &BrowseQuery) -> Vec<counting::Filter<'static>> {
        let mut out = Vec::new();
        let mut push = |dim: &'static str, values: Vec<String>| {
            if !values.is_empty() {
                out.push(counting::Filter { dim, values });
            }
        };
        push("kind", q.kinds.iter().map(|k| k.as_str().to_string()).collect());
        push("audience", q.audiences.clone());
        push("discipline", q.disciplines.clone());
        push("topic", q.topics.clone());
        push("format", q.formats.clone());
        push(
            "cost",
            q.free
                .map(|free| if free { "free" } else { "paid" }.to_string())
                .into_iter()
                .collect(),
        );
        push("credits", if q.credits { vec!["yes".to_string()] } else { vec![] });
        push("current", if q.current { vec!["yes".to_string()] } else { vec![] });
        out
    }

    /// The facets as the page shows them, from each dimension's value counts.
    pub(super) fn facets(counts: &BTreeMap<String, BTreeMap<String, u64>>, q: &BrowseQuery) -> Vec<Facet> {
        let get = |d: &str, v: &str| counts.get(d).and_then(|m| m.get(v)).copied().unwrap_or(0) as i64;
        let value = |v: &str, label: String, count: i64, selected: bool| FacetValue {
            value: v.to_string(),
            label,
            count,
            selected,
        };
        let mut facets = vec![Facet {
            name: "kind".into(),
            label: "Kind".into(),
            values: Kind::ALL
                .iter()
                .map(|k| {
                    value(
                        k.as_str(),
                        k.label().into(),
                        get("kind", k.as_str()),
                        q.kinds.contains(k),
                    )
                })
                .filter(|v| v.count > 0 || v.selected)
                .collect(),
            more: 0,
        }];
        for (dim, label, selected) in [
            ("audience", "Patients", &q.audiences),
            ("discipline", "Discipline", &q.disciplines),
            ("topic", "Topic", &q.topics),
        ] {
            let mut values: Vec<FacetValue> = counts
                .get(dim)
                .map(|m| {
                    m.iter()
                        .map(|(v, n)| {
                            let l = if dim == "audience" {
                                audience_label(v).to_string()
                            } else {
                                term_label(v)
                            };
                            value(v, l, *n as i64, selected.contains(v))
                        })
                        .collect()
                })
                .unwrap_or_default();
            for s in selected {
                if !values.iter().any(|v| &v.value == s) {
                    values.push(value(s, term_label(s), 0, true));
                }
            }
            facets.push(Facet {
                name: dim.into(),
                label: label.into(),
                values,
                more: 0,
            });
        }
        facets.push(Facet {
            name: "format".into(),
            label: "Format".into(),
            values: FORMATS
                .iter()
                .map(|(f, l)| value(f, l.to_string(), get("format", f), q.formats.iter().any(|s| s == f)))
                .filter(|v| v.count > 0 || v.selected)
                .collect(),
            more: 0,
        });
        let (free, paid) = (get("cost", "free"), get("cost", "paid"));
        facets.push(Facet {
            name: "free".into(),
            label: "Cost".into(),
            values: vec![
                value("", "Any cost".into(), -1, q.free.is_none()),
                value("true", "Free".into(), free, q.free == Some(true)),
                value("false", "Paid".into(), paid, q.free == Some(false)),
            ],
            more: 0,
        });
        facets.push(Facet {
            name: "credits".into(),
            label: "Continuing education".into(),
            values: vec![value("true", "Offers credits".into(), get("credits", "yes"), q.credits)],
            more: 0,
        });
        facets.push(Facet {
            name: "current".into(),
            label: "Dates".into(),
            values: vec![value(
                "true",
                app::model::CURRENT_LABEL.into(),
                get("current", "yes"),
                q.current,
            )],
            more: 0,
        });
        facets
    }

    /// "Did you mean": each word the index has never seen, replaced by the most common indexed
    /// word within its typo distance. None when nothing would change.
    fn did_you_mean_with(&self, searcher: &Searcher, text: &str, memo: &expand::Memo) -> Option<String> {
        let mut plain = fields::plain();
        let mut stemmer = fields::stemmed();
        let words = fields::words(&mut plain, text);
        let mut changed = false;
        let mut out = Vec::with_capacity(words.len());
        for word in words {
            let term = Term::from_field_text(self.fields.plain, &word);
            // Another form of an indexed word ("goals" where only "goal" is written) is no
            // misspelling: its stem is known.
            let known = searcher.doc_freq(&term).unwrap_or(0) > 0
                || fields::words(&mut stemmer, &word).iter().any(|stem| {
                    searcher
                        .doc_freq(&Term::from_field_text(self.fields.stems, stem))
                        .unwrap_or(0)
                        > 0
                });
            let distance = fuzzy_distance(&word).max(1);
            if known || word.chars().count() < 4 || word.chars().any(|c| c.is_ascii_digit()) {
                out.push(word);
                continue;
            }
            // The closest, then the most common, indexed word within reach.
            let best = memo
                .fuzzy(searcher, self.fields.plain, &word, distance)
                .ok()
                .and_then(|found| found.into_iter().next())
                .map(|e| (e.distance, e.doc_freq, e.term));
            match best {
                Some((_, _, c)) => {
                    changed = true;
                    out.push(c);
                }
                None => out.push(word),
            }
        }
        changed.then(|| out.join(" "))
    }

    /// A highlighted passage from the summary, else the body, else the items: the first that
    /// holds a marked word. When none does (a match in the title or terms only), the start of
    /// the summary.
    fn snippet(&self, analyzer: &mut TextAnalyzer, doc: &TantivyDocument, marks: &BTreeMap<String, f32>) -> String {
        let passage = SNIPPET_FIELDS.iter().find_map(|name| {
            doc.get_all(self.field(name))
                .filter_map(|v| v.as_str())
                .find_map(|text| highlight::passage(analyzer, text, marks, SNIPPET_CHARS))
        });
        if let Some(html) = passage {
            return html;
        }
        let summary = doc
            .get_first(self.field("summary"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let mut short: String = summary.chars().take(SNIPPET_CHARS).collect();
        if summary.chars().count() > SNIPPET_CHARS {
            short.push('…');
        }
        html_escape::encode_text(&short).into_owned()
    }

    /// Searches with the default tuning.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchPage, HubError> {
        self.search_tuned(q, Tuning::default())
    }

    pub fn search_tuned(&self, q: &SearchQuery, tuning: Tuning) -> Result<SearchPage, HubError> {
        let searcher = self.reader.searcher();
        let ends_mid_word = !q.q.ends_with(char::is_whitespace);
        let memo = expand::Memo::default();
        let units = self.units(&q.q, tuning, ends_mid_word, Some((&searcher, &memo)))?;
        let typed_something = !q.q.trim().is_empty();
        // Only stop words, punctuation or emoji: nothing to look for.
        let nothing_to_find = typed_something && units.is_empty();
        let offset = ((q.filters.page.max(1) - 1) * q.filters.per_page) as usize;
        let limit = q.filters.per_page as usize;
        // Counting (total and facets) is bitset algebra over one unscored pass; only the page of
        // hits is ranked.
        let bits = self.facet_bits(&searcher)?;
        let filters = Self::count_filters(&q.filters);
        let mut relaxed = false;
        let mut plan = if nothing_to_find {
            Plan {
                matching: counting::Matcher::Nothing,
                ranking: vec![],
                marks: BTreeMap::new(),
            }
        } else {
            self.plan(&searcher, &units, false, tuning, &memo)?
        };
        let (mut matched, mut passing, mut counts) = self.run_counts(&searcher, &bits, &plan, &filters)?;
        if counts.total == 0 && units.len() > 1 {
            relaxed = true;
            plan = self.plan(&searcher, &units, true, tuning, &memo)?;
            (matched, passing, counts) = self.run_counts(&searcher, &bits, &plan, &filters)?;
        }
        let total = counts.total as usize;
        // Where the results that match only some of the words begin, when some do.
        let every_word: u64 = matched.all.iter().zip(&passing).map(|(a, p)| a.and_count(p)).sum();
        let partial_from = (matched.is_partial() && (every_word as usize) < total).then_some(every_word);
        let addresses: Vec<(f32, DocAddress)> = if offset >= total {
            vec![]
        } else {
            // Other orders than relevance mix the tiers.
            let by_field = |order| -> Result<Vec<(f32, DocAddress)>, HubError> {
                Ok(ranking::by_field(&searcher, order, &passing, offset, limit)?
                    .into_iter()
                    .map(|a| (0.0, a))
                    .collect())
            };
            match (q.sort, typed_something) {
                (Sort::Relevance, true) => {
                    let tiers = matched.tiers(&passing, offset + limit);
                    ranking::by_score_in_tiers(&searcher, &plan.ranking, &tiers, offset, limit)?
                }
                (Sort::Shortest, _) => by_field(ranking::Order::Ascending("duration"))?,
                (Sort::Soonest, _) => by_field(ranking::Order::Soonest {
                    today: fields::day_number(Some(&crate::catalog::present::today())),
                })?,
                // Newest first, and the order of an empty query.
                _ => by_field(ranking::Order::Descending("updated"))?,
            }
        };
        let mut hits = Vec::with_capacity(addresses.len());
        let mut analyzer = fields::stemmed();
        let today = crate::catalog::present::today();
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(SearchHit {
                card: self.card_of(&doc, &today)?,
                snippet: self.snippet(&mut analyzer, &doc, &plan.marks),
                score,
            });
        }
        // A short first page leads somewhere: the providers of its best results, and their
        // other resources.
        let related = if q.filters.page <= 1
            && hits.len() < limit
            && !hits.is_empty()
            && typed_something
            && q.sort == Sort::Relevance
            && !q.filters.is_filtered()
        {
            self.related(&searcher, &hits, limit - hits.len())?
        } else {
            vec![]
        };
        let facets = Self::facets(&counts.facets, &q.filters);
        // Only words the index has never seen cost a dictionary scan, so this is cheap when
        // nothing is misspelled.
        let suggestion = if typed_something {
            self.did_you_mean_with(&searcher, &q.q, &memo)
                .filter(|s| s != &q.q.to_lowercase())
        } else {
            None
        };
        let alternatives = if total == 0 {
            self.alternatives(&searcher, q, &units, suggestion.as_deref(), tuning, &memo)?
        } else {
            vec![]
        };
        Ok(SearchPage {
            query: q.q.clone(),
            total: total as u64,
            page: q.filters.page,
            per_page: q.filters.per_page,
            hits,
            facets,
            suggestion,
            relaxed,
            partial_from,
            related,
            alternatives,
            search_token: None,
        })
    }

    /// Up to `n` resources that are not in `hits`: the organizations that provide the best
    /// three hits (or are among them), then those organizations' other resources.
    fn related(&self, searcher: &Searcher, hits: &[SearchHit], n: usize) -> Result<Vec<SearchHit>, HubError> {
        let f = &self.fields;
        let mut providers: Vec<String> = Vec::new();
        for hit in hits.iter().take(3) {
            let address = searcher.search(
                &TermQuery::new(Term::from_field_text(f.slug, &hit.card.slug), IndexRecordOption::Basic),
                &TopDocs::with_limit(1).order_by_score(),
            )?;
            let Some((_, address)) = address.into_iter().next() else {
                continue;
            };
            let doc: TantivyDocument = searcher.doc(address)?;
            let provider = self.stored_text(&doc, "provider_slug");
            for p in [
                provider,
                if hit.card.kind == Kind::Organization {
                    hit.card.slug.clone()
                } else {
                    Default::default()
                },
            ] {
                if !p.is_empty() && !providers.contains(&p) {
                    providers.push(p);
                }
            }
        }
        if providers.is_empty() {
            return Ok(vec![]);
        }
        let shown: HashSet<&str> = hits.iter().map(|h| h.card.slug.as_str()).collect();
        let mut found: Vec<(usize, String, SearchHit)> = Vec::new();
        let mut analyzer = fields::stemmed();
        let none = BTreeMap::new();
        let today = crate::catalog::present::today();
        for (rank, p) in providers.iter().enumerate() {
            let clauses: Vec<(Occur, Box<dyn Query>)> = vec![
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.slug, p),
                        IndexRecordOption::Basic,
                    )),
                ),
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.provider_slug, p),
                        IndexRecordOption::Basic,
                    )),
                ),
            ];
            let top = searcher.search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(n + hits.len() + 1).order_by_score(),
            )?;
            for (_, address) in top {
                let doc: TantivyDocument = searcher.doc(address)?;
                let slug = self.stored_text(&doc, "slug");
                if shown.contains(slug.as_str()) || found.iter().any(|(_, s, _)| *s == slug) {
                    continue;
                }
                let kind = Kind::parse(&self.stored_text(&doc, "kind")).unwrap_or(Kind::Guide);
                // Each provider itself first, then its resources by title.
                let order = rank * 2 + usize::from(kind != Kind::Organization || &slug != p);
                found.push((
                    order,
                    slug.clone(),
                    SearchHit {
                        card: self.card_of(&doc, &today)?,
                        snippet: self.snippet(&mut analyzer, &doc, &none),
                        score: 0.0,
                    },
                ));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.card.title.cmp(&b.2.card.title)));
        Ok(found.into_iter().take(n).map(|(_, _, hit)| hit).collect())
    }

    /// On zero results: the corrected spelling, the same words without filters, each filter
    /// dropped alone — whichever would find something.
    fn alternatives(
        &self,
        searcher: &Searcher,
        q: &SearchQuery,
        units: &[Unit],
        suggestion: Option<&str>,
        tuning: Tuning,
        memo: &expand::Memo,
    ) -> Result<Vec<Alternative>, HubError> {
        let mut out = Vec::new();
        let href = |sq: &SearchQuery| format!("/search?{}", sq.to_query_string());
        let bits = self.facet_bits(searcher)?;
        let count = |units: &[Unit], filters: &[counting::Filter<'_>]| -> Result<u64, HubError> {
            let plan = self.plan(searcher, units, true, tuning, memo)?;
            Ok(self.run_counts(searcher, &bits, &plan, filters)?.2.total)
        };
        if let Some(s) = suggestion {
            let alt = SearchQuery {
                q: s.to_string(),
                ..q.clone()
            };
            let alt_units = self.units(s, tuning, false, None)?;
            let n = count(&alt_units, &Self::count_filters(&q.filters))?;
            if n > 0 {
                out.push(Alternative {
                    label: format!("Search for “{s}”"),
                    href: href(&alt),
                    total: n,
                });
            }
        }
        if q.filters.is_filtered() && !units.is_empty() {
            let n = count(units, &[])?;
            if n > 0 {
                let alt = SearchQuery {
                    filters: BrowseQuery {
                        page: 1,
                        per_page: q.filters.per_page,
                        ..Default::default()
                    },
                    ..q.clone()
                };
                out.push(Alternative {
                    label: format!("“{}” without filters", q.q),
                    href: href(&alt),
                    total: n,
                });
            }
        }
        Ok(out)
    }

    /// Up to 8 titles for what is being typed: every word but the last must match; the last
    /// may be the start of a word.
    pub fn suggest(&self, text: &str) -> Result<Vec<Suggestion>, HubError> {
        let text = app::query::truncate_query(text);
        let mut plain = fields::plain();
        let words = fields::words(&mut plain, &text);
        let Some((last, rest)) = words.split_last() else {
            return Ok(vec![]);
        };
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in rest {
            let either: Vec<(Occur, Box<dyn Query>)> = vec![
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.title_plain, w),
                        IndexRecordOption::WithFreqs,
                    )),
                ),
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.field("title"), &self.stem(w)),
                        IndexRecordOption::WithFreqs,
                    )),
                ),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        let mut last_options: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Should,
            Box::new(FuzzyTermQuery::new_prefix(
                Term::from_field_text(f.title_plain, last),
                0,
                true,
            )),
        )];
        if fuzzy_distance(last) > 0 {
            last_options.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(FuzzyTermQuery::new(Term::from_field_text(f.title_plain, last), 1, true)),
                    0.5,
                )),
            ));
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(last_options))));
        let searcher = self.reader.searcher();
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(8).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text_of = |name: &str| self.stored_text(&doc, name);
            out.push(Suggestion {
                slug: text_of("slug"),
                title: text_of("title"),
                kind: Kind::parse(&text_of("kind")).unwrap_or(Kind::Guide),
            });
        }
        Ok(out)
    }
}
