//! Word families: the forms of one word that English stemming leaves apart ("chaplain" and
//! "chaplaincy", "prognosis" and "prognostic"). The stemmer maps every member's stem to its
//! family's first, when indexing and when searching alike, so the forms are one term: they
//! meet at no cost per search (measured as query-time expansion first: the same ranking, but
//! extra terms in every search that named a family member).
//!
//! A line that starts with `=` does the opposite: its words are set apart from what stemming
//! would join them to ("conversion" from "conversation", "medication" from "medical"), and are
//! one term of their own, named by the first word.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The list the repository ships. Changing it changes stems: bump the index's schema version.
pub const BUILT_IN: &str = include_str!("../../search/families.txt");

/// The stem `stem` stands for: its family's first member's stem, or itself.
pub fn canonical(stem: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse(BUILT_IN, porter))
        .get(stem)
        .map(String::as_str)
}

/// The term a word set apart from stemming stands for (a `=` line's first word), if it is one.
pub fn apart(word: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_apart(BUILT_IN))
        .get(word)
        .map(String::as_str)
}

/// The English stemmer alone (the list's words are lower-case ASCII).
fn porter(word: &str) -> String {
    frostem::Stemmer::new(frostem::Algorithm::English)
        .stem(&word.to_lowercase())
        .into_owned()
}

/// One family per line, comma-separated: each member's stem → the first member's stem (only
/// where they differ).
fn parse(text: &str, stem: impl Fn(&str) -> String) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('=') {
            continue;
        }
        let mut stems = line.split(',').map(str::trim).filter(|w| !w.is_empty()).map(&stem);
        let Some(head) = stems.next() else { continue };
        for s in stems.filter(|s| *s != head) {
            out.entry(s).or_insert_with(|| head.clone());
        }
    }
    out
}

/// Each `=` line: every word (lower-case) → the line's first word. Nothing stems to a whole
/// word that ends as these do ("-ion", "-ence"), so the term meets no stem.
fn parse_apart(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some(words) = line.strip_prefix('=') else { continue };
        let mut words = words
            .split(',')
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty());
        let Some(head) = words.next() else { continue };
        out.insert(head.clone(), head.clone());
        for w in words {
            out.entry(w).or_insert_with(|| head.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_stem_to_the_first_of_their_family() {
        let t = parse("chaplain, chaplains, chaplaincy\n# note\nprognosis, prognostic", porter);
        assert_eq!(t.get(&porter("chaplaincy")), Some(&porter("chaplain")));
        assert_eq!(t.get(&porter("prognostic")), Some(&porter("prognosis")));
        assert_eq!(t.get("pain"), None);
    }

    #[test]
    fn words_set_apart_are_their_own_term() {
        let t = parse_apart("= conversion, conversions, convert\nchaplain, chaplaincy");
        assert_eq!(t.get("convert").map(String::as_str), Some("conversion"));
        assert_eq!(t.get("conversion").map(String::as_str), Some("conversion"));
        assert_eq!(t.get("chaplain"), None);
        assert_eq!(apart("conversation"), None);
        assert_eq!(apart("converting"), Some("conversion"));
        assert_ne!(apart("medication"), Some(porter("medical").as_str()));
    }

    #[test]
    fn the_built_in_list_joins_stems_that_differ() {
        assert_eq!(canonical(&porter("surgical")), Some(porter("surgery").as_str()));
        assert_eq!(canonical(&porter("death")), Some(porter("dying").as_str()));
    }
}
