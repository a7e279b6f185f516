//! Word families: the forms of one word that English stemming leaves apart ("chaplain" and
//! "chaplaincy", "prognosis" and "prognostic"). The stemmer maps every member's stem to its
//! family's first, when indexing and when searching alike, so the forms are one term: they
//! meet at no cost per search (measured as query-time expansion first: the same ranking, but
//! extra terms in every search that named a family member).

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
        let mut stems = line.split(',').map(str::trim).filter(|w| !w.is_empty()).map(&stem);
        let Some(head) = stems.next() else { continue };
        for s in stems.filter(|s| *s != head) {
            out.entry(s).or_insert_with(|| head.clone());
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
    fn the_built_in_list_joins_stems_that_differ() {
        assert_eq!(canonical(&porter("surgical")), Some(porter("surgery").as_str()));
        assert_eq!(canonical(&porter("death")), Some(porter("dying").as_str()));
    }
}
