//! The index's schema and text analysis. Bump [`SCHEMA_VERSION`] whenever either changes: an
//! index built with another version is rebuilt at start.

use super::stemming::EnglishStemmer;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer,
    TokenizerManager, WhitespaceTokenizer,
};

pub const SCHEMA_VERSION: u32 = 8;

/// English: lower-cased, accents folded, stemmed ("dyspnoea"/"dyspnea", "Planning"/"plan").
pub const STEMMED: &str = "hub_en";
/// Lower-cased and folded but not stemmed: for exact matches, typo tolerance and prefixes.
pub const PLAIN: &str = "hub_plain";
/// Tokens that were analyzed before indexing (stems, and stem pairs): split on spaces only.
pub const RAW: &str = "hub_raw";
/// What a query's words go through before they become terms: PLAIN less stop words.
pub const QUERY: &str = "hub_query";

/// Words of a question or a request that say nothing about the resource wanted ("how do I …",
/// "what should my team …"). Not "us" (US); "WHO" typed in capitals is spelled out first.
const QUESTION_WORDS: [&str; 63] = [
    "how", "what", "when", "where", "which", "who", "why", "whom", "whose", "do", "does", "did", "doing", "can",
    "could", "should", "would", "may", "might", "must", "i", "me", "my", "mine", "myself", "we", "our", "ours", "you",
    "your", "yours", "he", "she", "him", "her", "his", "its", "them", "about", "get", "gets", "getting", "any", "some",
    "have", "has", "had", "am", "been", "being", "need", "needs", "want", "wants", "looking", "find", "help", "best",
    "way", "ways", "so", "than", "very",
];

pub fn register(manager: &TokenizerManager) {
    manager.register(STEMMED, stemmed());
    manager.register(PLAIN, plain());
    manager.register(RAW, TextAnalyzer::builder(WhitespaceTokenizer::default()).build());
    manager.register(
        QUERY,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(StopWordFilter::new(Language::English).expect("English stop words ship with tantivy"))
            .filter(StopWordFilter::remove(QUESTION_WORDS.iter().map(|w| w.to_string())))
            .build(),
    );
}

pub fn stemmed() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(EnglishStemmer)
        .build()
}

/// Two adjacent stems as one token: a two-word phrase becomes a single term lookup.
pub fn pair(a: &str, b: &str) -> String {
    format!("{a}_{b}")
}

pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The words of `text` as the index sees them (lower-cased, folded, not stemmed).
pub fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub slug: Field,
    pub kind: Field,
    pub title: Field,
    pub title_plain: Field,
    pub summary: Field,
    pub body: Field,
    pub items: Field,
    pub provider: Field,
    /// The provider's slug, to find its other resources.
    pub provider_slug: Field,
    pub terms: Field,
    pub plain: Field,
    /// Every stem of every text field: one posting list per word for matching.
    pub stems: Field,
    /// Every pair of adjacent stems, within a field: phrases without positions.
    pub pairs: Field,
    /// The title's pairs, for ranking a phrase in the title first.
    pub title_pairs: Field,
    pub facet: Field,
    pub updated: Field,
    pub duration: Field,
    /// The resource's card as listings show it (JSON), so a page of browse reads no rows.
    pub card: Field,
    /// 1 for a featured resource: listings show those first.
    pub featured: Field,
    /// Title, then slug: the order of a listing within featured and the rest.
    pub title_order: Field,
    /// The first and last day (days since 1 January of year 1), or [`NO_DAY`]: "soonest"
    /// orders by them, against the day of the search.
    pub first_day: Field,
    pub last_day: Field,
}

/// The day of a resource without dates.
pub const NO_DAY: i64 = i64::MAX;

/// "2026-05-15" as a day number for the day fields, or [`NO_DAY`].
pub fn day_number(date: Option<&str>) -> i64 {
    use chrono::Datelike;
    date.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(NO_DAY, |d| i64::from(d.num_days_from_ce()))
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

fn raw(option: IndexRecordOption) -> TextOptions {
    TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer(RAW).set_index_option(option))
}

pub fn schema() -> (Schema, Fields) {
    let mut b = SchemaBuilder::new();
    let fields = Fields {
        slug: b.add_text_field("slug", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", text(STEMMED, true)),
        title_plain: b.add_text_field("title_plain", text(PLAIN, false)),
        summary: b.add_text_field("summary", text(STEMMED, true)),
        body: b.add_text_field("body", text(STEMMED, true)),
        items: b.add_text_field("items", text(STEMMED, true)),
        provider: b.add_text_field("provider", text(STEMMED, false)),
        provider_slug: b.add_text_field("provider_slug", STRING | STORED),
        terms: b.add_text_field("terms", text(STEMMED, false)),
        plain: b.add_text_field("plain", text(PLAIN, false)),
        stems: b.add_text_field("stems", raw(IndexRecordOption::WithFreqs)),
        pairs: b.add_text_field("pairs", raw(IndexRecordOption::WithFreqs)),
        title_pairs: b.add_text_field("title_pairs", raw(IndexRecordOption::WithFreqs)),
        facet: b.add_facet_field("facet", INDEXED),
        updated: b.add_i64_field("updated", FAST),
        duration: b.add_u64_field("duration", FAST),
        card: b.add_text_field("card", STORED),
        featured: b.add_u64_field("featured", FAST),
        title_order: b.add_text_field("title_order", TextOptions::default().set_fast("raw")),
        first_day: b.add_i64_field("first_day", FAST),
        last_day: b.add_i64_field("last_day", FAST),
    };
    (b.build(), fields)
}
