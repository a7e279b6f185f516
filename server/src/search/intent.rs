//! Intent words: what a query says about the resource wanted rather than its subject ("free",
//! "CME", "online", "fellowship", "for nurses", "training"). Most name a property the catalog
//! records as a facet value; a resource with that property ranks higher. They boost and never
//! filter, since the catalog often does not record a property its resource has, and a resource
//! need not contain them to match "every word".

use std::collections::{HashMap, HashSet};

/// The list the repository ships.
pub const BUILT_IN: &str = include_str!("../../search/intents.txt");

/// A facet value: (dimension, value), as the index's facets spell them.
pub type Property = (String, String);

/// Phrases (as normalized words) and the properties each names.
#[derive(Clone, Debug, Default)]
pub struct Intents {
    map: HashMap<Vec<String>, Vec<Property>>,
    longest: usize,
    /// Every word of every listed phrase.
    words: HashSet<String>,
}

impl Intents {
    /// Parses `phrase, phrase => dimension:value, dimension:value` lines; `normalize` turns a
    /// phrase into the words the index uses. Lines that do not parse are skipped.
    pub fn parse(text: &str, mut normalize: impl FnMut(&str) -> Vec<String>) -> Intents {
        let mut out = Intents::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((phrases, properties)) = line.split_once("=>") else {
                continue;
            };
            let properties: Vec<Property> = properties
                .split(',')
                .filter_map(|p| p.trim().split_once(':'))
                .map(|(d, v)| (d.trim().to_string(), v.trim().to_string()))
                .collect();
            for phrase in phrases.split(',').map(&mut normalize).filter(|p| !p.is_empty()) {
                out.longest = out.longest.max(phrase.len());
                out.words.extend(phrase.iter().cloned());
                let entry = out.map.entry(phrase).or_default();
                for p in &properties {
                    if !entry.contains(p) {
                        entry.push(p.clone());
                    }
                }
            }
        }
        out
    }

    /// The properties `phrase` names; None for an ordinary word, and an empty list for a word
    /// that only says what kind of thing is wanted ("training", "resources").
    pub fn of(&self, phrase: &[String]) -> Option<&[Property]> {
        self.map.get(phrase).map(Vec::as_slice)
    }

    /// Whether some listed phrase holds `word` (so it is never corrected into another word).
    pub fn knows(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The longest listed phrase of two or more words starting at `words[0]`, as its length.
    pub fn phrase_at(&self, words: &[String]) -> Option<usize> {
        (2..=self.longest.min(words.len()))
            .rev()
            .find(|&len| self.map.contains_key(&words[..len]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect()
    }

    #[test]
    fn phrases_name_properties_and_repeat_lines_merge() {
        let i = Intents::parse(
            "free, no cost => cost:free\nwebinar => format:live_online\nwebinar => kind:recorded_session",
            norm,
        );
        assert_eq!(
            i.of(&norm("no cost")),
            Some(&[("cost".to_string(), "free".to_string())][..])
        );
        assert_eq!(i.of(&norm("webinar")).map(<[_]>::len), Some(2));
        assert_eq!(i.of(&norm("pain")), None);
        assert_eq!(i.phrase_at(&norm("no cost course")), Some(2));
        assert_eq!(i.phrase_at(&norm("free course")), None);
    }

    #[test]
    fn the_built_in_list_parses() {
        let i = Intents::parse(BUILT_IN, norm);
        assert!(i
            .of(&norm("cme"))
            .unwrap()
            .contains(&("credits".to_string(), "yes".to_string())));
        assert!(i
            .of(&norm("in person"))
            .unwrap()
            .contains(&("format".to_string(), "in_person".to_string())));
        assert_eq!(i.of(&norm("training")), Some(&[][..]));
    }
}
