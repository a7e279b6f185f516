//! From what a person typed to ranked, faceted, highlighted results. The text is never handed
//! to a query parser: it is split into words by the same analyzers the index uses, so no input
//! can be a syntax error.

use super::fields::{self, QUERY, STEMMED};
use super::index::{search_error, SearchIndex};
use crate::error::HubError;
use app::model::{
    audience_label, term_label, Alternative, Facet, FacetValue, Kind, SearchHit, SearchPage, Suggestion, FORMATS,
};
use app::query::{BrowseQuery, SearchQuery, Sort};
use std::collections::{BTreeMap, HashSet};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet as TFacet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

/// Where a word may match, and how much a match there counts.
const FIELD_BOOSTS: [(&str, f32); 6] = [
    ("title", 4.0),
    ("summary", 2.0),
    ("terms", 2.0),
    ("provider", 1.5),
    ("items", 1.0),
    ("body", 0.7),
];
/// Synonyms count for less than the words typed.
const SYNONYM_WEIGHT: f32 = 0.6;
/// Typo-tolerant matches count for less still.
const FUZZY_WEIGHT: f32 = 0.3;
const PREFIX_WEIGHT: f32 = 0.5;
const EXACT_TITLE_WEIGHT: f32 = 2.0;
const PHRASE_TITLE_WEIGHT: f32 = 6.0;
/// Words beyond this are ignored: the first ones carry the meaning.
const MAX_WORDS: usize = 12;

/// Typo tolerance scaled to word length: none for short words, where one edit changes meaning.
pub fn fuzzy_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

const DIMENSIONS: [&str; 7] = ["kind", "audience", "discipline", "topic", "format", "cost", "credits"];

fn has_own_filter(q: &BrowseQuery, dim: &str) -> bool {
    match dim {
        "kind" => !q.kinds.is_empty(),
        "audience" => !q.audiences.is_empty(),
        "discipline" => !q.disciplines.is_empty(),
        "topic" => !q.topics.is_empty(),
        "format" => !q.formats.is_empty(),
        "cost" => q.free.is_some(),
        "credits" => q.credits,
        _ => false,
    }
}

/// One piece of the query: a word or a listed phrase, with its synonyms.
struct Unit {
    words: Vec<String>,
    alternatives: Vec<Vec<String>>,
    is_last: bool,
}

/// Options that only the relevance benchmark turns off, to measure plain BM25 against them.
#[derive(Clone, Copy, Debug)]
pub struct Tuning {
    pub synonyms: bool,
    pub fuzzy: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            synonyms: true,
            fuzzy: true,
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

    fn stem(&self, word: &str) -> String {
        let mut analyzer = self.index.tokenizers().get(STEMMED).expect("registered");
        fields::words(&mut analyzer, word)
            .into_iter()
            .next()
            .unwrap_or_else(|| word.to_string())
    }

    /// The query's words and phrases, stop words dropped (unless that would leave nothing).
    fn units(&self, text: &str, tuning: Tuning, ends_mid_word: bool) -> Vec<Unit> {
        let mut plain = fields::plain();
        let mut words = fields::words(&mut plain, text);
        words.truncate(MAX_WORDS);
        let mut content = self.index.tokenizers().get(QUERY).expect("registered");
        let content: HashSet<String> = fields::words(&mut content, text).into_iter().collect();
        let synonyms = self.synonyms.read().expect("synonyms lock");
        let mut units: Vec<Unit> = if tuning.synonyms {
            synonyms.units(&words)
        } else {
            words.iter().map(|w| (vec![w.clone()], vec![])).collect()
        }
        .into_iter()
        .map(|(words, alternatives)| Unit {
            words,
            alternatives,
            is_last: false,
        })
        .collect();
        if !content.is_empty() {
            units.retain(|u| u.words.len() > 1 || !u.alternatives.is_empty() || content.contains(&u.words[0]));
        }
        if ends_mid_word {
            if let Some(last) = units.last_mut() {
                last.is_last = true;
            }
        }
        units
    }

    /// A phrase (or word) in every weighted field, stemmed.
    fn phrase_in_fields(&self, words: &[String], weight: f32) -> Box<dyn Query> {
        let stems: Vec<String> = words.iter().map(|w| self.stem(w)).collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (name, boost) in FIELD_BOOSTS {
            let field = self.field(name);
            let q: Box<dyn Query> = if stems.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &stems[0]),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(
                    stems.iter().map(|s| Term::from_field_text(field, s)).collect(),
                ))
            };
            clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost * weight))));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn unit_query(&self, unit: &Unit, tuning: Tuning) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, self.phrase_in_fields(&unit.words, 1.0))];
        if unit.words.len() == 1 {
            let word = &unit.words[0];
            let exact = TermQuery::new(Term::from_field_text(f.title_plain, word), IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(exact), EXACT_TITLE_WEIGHT)),
            ));
            if tuning.fuzzy {
                // Typo tolerance is for words the index has never seen: a known word is taken
                // as meant, which keeps results precise and common words cheap.
                let known = self
                    .reader
                    .searcher()
                    .doc_freq(&Term::from_field_text(f.plain, word))
                    .unwrap_or(0)
                    > 0;
                let distance = if known { 0 } else { fuzzy_distance(word) };
                if distance > 0 {
                    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(f.plain, word), distance, true);
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(fuzzy), FUZZY_WEIGHT))));
                }
                if unit.is_last && word.chars().count() >= 3 {
                    let prefix = FuzzyTermQuery::new_prefix(Term::from_field_text(f.plain, word), 0, true);
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(prefix), PREFIX_WEIGHT)),
                    ));
                }
            }
        }
        for alt in &unit.alternatives {
            clauses.push((Occur::Should, self.phrase_in_fields(alt, SYNONYM_WEIGHT)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The text part: every unit must match (or, `relaxed`, any may); a title holding the whole
    /// query as a phrase ranks first.
    fn text_query(&self, units: &[Unit], relaxed: bool, tuning: Tuning) -> Box<dyn Query> {
        if units.is_empty() {
            return Box::new(AllQuery);
        }
        let occur = if relaxed { Occur::Should } else { Occur::Must };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            units.iter().map(|u| (occur, self.unit_query(u, tuning))).collect();
        let all_words: Vec<String> = units.iter().flat_map(|u| u.words.clone()).collect();
        if all_words.len() > 1 {
            let phrase = PhraseQuery::new(
                all_words
                    .iter()
                    .map(|w| Term::from_field_text(self.field("title"), &self.stem(w)))
                    .collect(),
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(phrase), PHRASE_TITLE_WEIGHT)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn facet_term(&self, dim: &str, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_facet(self.fields.facet, &TFacet::from_path([dim, value])),
            IndexRecordOption::Basic,
        ))
    }

    /// Filters as queries, one per dimension, with `skip` left out (for its own counts).
    fn filter_queries(&self, q: &BrowseQuery, skip: Option<&str>) -> Vec<Box<dyn Query>> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        let kinds: Vec<String> = q.kinds.iter().map(|k| k.as_str().to_string()).collect();
        for (dim, values) in [
            ("kind", &kinds),
            ("audience", &q.audiences),
            ("discipline", &q.disciplines),
            ("topic", &q.topics),
            ("format", &q.formats),
        ] {
            if skip == Some(dim) || values.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| (Occur::Should, self.facet_term(dim, v)))
                .collect();
            out.push(Box::new(BooleanQuery::new(any)));
        }
        if skip != Some("free") {
            if let Some(free) = q.free {
                out.push(self.facet_term("cost", if free { "free" } else { "paid" }));
            }
        }
        if skip != Some("credits") && q.credits {
            out.push(self.facet_term("credits", "yes"));
        }
        out
    }

    fn combined(&self, text: &dyn Query, filters: Vec<Box<dyn Query>>) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
        for f in filters {
            clauses.push((Occur::Must, f));
        }
        BooleanQuery::new(clauses)
    }

    fn count(&self, searcher: &Searcher, query: &dyn Query) -> Result<usize, HubError> {
        searcher.search(query, &Count).map_err(search_error)
    }

    /// Facet counts under `text`: each dimension counted with every other filter applied.
    /// Counts, in the main pass, for every dimension without a filter of its own.
    fn shared_facet_collector(q: &BrowseQuery) -> FacetCollector {
        let mut shared = FacetCollector::for_field("facet");
        for d in DIMENSIONS.iter().filter(|d| !has_own_filter(q, d)) {
            shared.add_facet(TFacet::from_path([*d]));
        }
        shared
    }

    /// Facet counts under `text`: each dimension counted with every other filter applied. The
    /// dimensions without a filter come from the main pass (`fruit`); the others take one
    /// extra pass each.
    fn facets(
        &self,
        searcher: &Searcher,
        text: &dyn Query,
        q: &BrowseQuery,
        fruit: &tantivy::collector::FacetCounts,
    ) -> Result<Vec<Facet>, HubError> {
        let dims = DIMENSIONS;
        let mut counts: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
        let own_filter = |d: &str| has_own_filter(q, d);
        for d in dims.iter().filter(|d| !own_filter(d)) {
            for (facet, n) in fruit.get(&format!("/{d}")) {
                let value = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
                counts.entry(d).or_default().insert(value, n);
            }
        }
        for d in dims.iter().filter(|d| own_filter(d)) {
            let skip = if *d == "cost" { "free" } else { d };
            let mut c = FacetCollector::for_field("facet");
            c.add_facet(TFacet::from_path([*d]));
            let query = self.combined(text, self.filter_queries(q, Some(skip)));
            let fruit = searcher.search(&query, &c).map_err(search_error)?;
            for (facet, n) in fruit.get(&format!("/{d}")) {
                let value = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
                counts.entry(d).or_default().insert(value, n);
            }
        }
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
        });
        facets.push(Facet {
            name: "credits".into(),
            label: "Continuing education".into(),
            values: vec![value("true", "Offers credits".into(), get("credits", "yes"), q.credits)],
        });
        Ok(facets)
    }

    /// "Did you mean": each word the index has never seen, replaced by the most common indexed
    /// word within its typo distance. None when nothing would change.
    pub fn did_you_mean(&self, text: &str) -> Option<String> {
        let searcher = self.reader.searcher();
        let mut plain = fields::plain();
        let words = fields::words(&mut plain, text);
        let mut changed = false;
        let mut out = Vec::with_capacity(words.len());
        for word in words {
            let term = Term::from_field_text(self.fields.plain, &word);
            let known = searcher.doc_freq(&term).unwrap_or(0) > 0;
            let distance = fuzzy_distance(&word).max(1) as usize;
            if known || word.chars().count() < 4 || word.chars().any(|c| c.is_ascii_digit()) {
                out.push(word);
                continue;
            }
            let mut best: Option<(usize, u64, String)> = None;
            for segment in searcher.segment_readers() {
                let Ok(inverted) = segment.inverted_index(self.fields.plain) else {
                    continue;
                };
                let mut stream = match inverted.terms().stream() {
                    Ok(s) => s,
                    Err(_) => continue,
                };
                while stream.advance() {
                    let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if candidate.len().abs_diff(word.len()) > distance {
                        continue;
                    }
                    let d = strsim::damerau_levenshtein(&word, candidate);
                    if d == 0 || d > distance {
                        continue;
                    }
                    let df = stream.value().doc_freq as u64;
                    let better = match &best {
                        None => true,
                        Some((bd, bdf, _)) => d < *bd || (d == *bd && df > *bdf),
                    };
                    if better {
                        best = Some((d, df, candidate.to_string()));
                    }
                }
            }
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

    fn snippet(&self, doc: &TantivyDocument, units: &[Unit]) -> String {
        let mut terms: BTreeMap<String, f32> = BTreeMap::new();
        for u in units {
            for w in u.words.iter().chain(u.alternatives.iter().flatten()) {
                terms.insert(self.stem(w), 1.0);
            }
        }
        let tokenizer = self.index.tokenizers().get(STEMMED).expect("registered");
        // The best field is the one whose best passage marks the most matches; the summary
        // wins ties, being what the card shows anyway.
        let best = ["summary", "body", "items"]
            .into_iter()
            .map(|field| {
                SnippetGenerator::new(terms.clone(), tokenizer.clone(), self.field(field), 220).snippet_from_doc(doc)
            })
            .filter(|snippet| !snippet.highlighted().is_empty())
            .rev()
            .max_by_key(|snippet| snippet.highlighted().len());
        if let Some(mut snippet) = best {
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            return snippet.to_html();
        }
        let summary = doc
            .get_first(self.field("summary"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let mut short: String = summary.chars().take(220).collect();
        if summary.chars().count() > 220 {
            short.push('…');
        }
        htmlescape::encode_minimal(&short)
    }

    /// Searches with the default tuning.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchPage, HubError> {
        self.search_tuned(q, Tuning::default())
    }

    pub fn search_tuned(&self, q: &SearchQuery, tuning: Tuning) -> Result<SearchPage, HubError> {
        let searcher = self.reader.searcher();
        let ends_mid_word = !q.q.ends_with(char::is_whitespace);
        let units = self.units(&q.q, tuning, ends_mid_word);
        let typed_something = !q.q.trim().is_empty();
        // Only stop words, punctuation or emoji: nothing to look for.
        let nothing_to_find = typed_something && units.is_empty();
        let mut relaxed = false;
        let mut text: Box<dyn Query> = if nothing_to_find {
            Box::new(EmptyQuery)
        } else {
            self.text_query(&units, false, tuning)
        };
        let offset = ((q.filters.page.max(1) - 1) * q.filters.per_page) as usize;
        let limit = q.filters.per_page as usize;
        // One pass collects the total, the page of hits and the shared facet counts.
        let run = |query: &BooleanQuery| -> Result<(usize, Vec<(f32, DocAddress)>, tantivy::collector::FacetCounts), HubError> {
            let top = TopDocs::with_limit(limit).and_offset(offset);
            let facets = Self::shared_facet_collector(&q.filters);
            Ok(match (q.sort, typed_something) {
                (Sort::Relevance, true) => searcher.search(query, &(Count, top.order_by_score(), facets)).map_err(search_error)?,
                (Sort::Shortest, _) => {
                    let (n, docs, f) = searcher
                        .search(query, &(Count, top.order_by_fast_field::<u64>("duration", Order::Asc), facets))
                        .map_err(search_error)?;
                    (n, docs.into_iter().map(|(_, a)| (0.0, a)).collect(), f)
                }
                // Newest first, and the order of an empty query.
                _ => {
                    let (n, docs, f) = searcher
                        .search(query, &(Count, top.order_by_fast_field::<i64>("updated", Order::Desc), facets))
                        .map_err(search_error)?;
                    (n, docs.into_iter().map(|(_, a)| (0.0, a)).collect(), f)
                }
            })
        };
        let mut query = self.combined(text.as_ref(), self.filter_queries(&q.filters, None));
        let (mut total, mut addresses, mut facet_fruit) = run(&query)?;
        if total == 0 && units.len() > 1 {
            relaxed = true;
            text = self.text_query(&units, true, tuning);
            query = self.combined(text.as_ref(), self.filter_queries(&q.filters, None));
            (total, addresses, facet_fruit) = run(&query)?;
        }
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(search_error)?;
            let text_of = |name: &str| self.stored_text(&doc, name);
            hits.push(SearchHit {
                slug: text_of("slug"),
                kind: Kind::parse(&text_of("kind")).unwrap_or(Kind::Guide),
                title: text_of("title"),
                summary: text_of("summary"),
                snippet: self.snippet(&doc, &units),
                score,
            });
        }
        let facets = self.facets(&searcher, text.as_ref(), &q.filters, &facet_fruit)?;
        // Only words the index has never seen cost a dictionary scan, so this is cheap when
        // nothing is misspelled.
        let suggestion = if typed_something {
            self.did_you_mean(&q.q).filter(|s| s != &q.q.to_lowercase())
        } else {
            None
        };
        let alternatives = if total == 0 {
            self.alternatives(&searcher, q, &units, suggestion.as_deref(), tuning)?
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
            alternatives,
        })
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
    ) -> Result<Vec<Alternative>, HubError> {
        let mut out = Vec::new();
        let href = |sq: &SearchQuery| format!("/search?{}", sq.to_query_string());
        if let Some(s) = suggestion {
            let alt = SearchQuery {
                q: s.to_string(),
                ..q.clone()
            };
            let alt_units = self.units(s, tuning, false);
            let n = self.count(
                searcher,
                &self.combined(
                    self.text_query(&alt_units, true, tuning).as_ref(),
                    self.filter_queries(&q.filters, None),
                ),
            )?;
            if n > 0 {
                out.push(Alternative {
                    label: format!("Search for “{s}”"),
                    href: href(&alt),
                    total: n as u64,
                });
            }
        }
        if q.filters.is_filtered() && !units.is_empty() {
            let text = self.text_query(units, true, tuning);
            let n = self.count(searcher, text.as_ref())?;
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
                    total: n as u64,
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
        let top = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(8).order_by_score())
            .map_err(search_error)?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(search_error)?;
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
