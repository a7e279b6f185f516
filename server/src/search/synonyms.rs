//! The curated synonym and abbreviation list: lay words, abbreviations and spelling variants a
//! hurried clinician types, mapped to the words the catalog uses.

use std::collections::{HashMap, HashSet};

/// The list the repository ships; `synonyms.txt` in the data directory replaces it.
pub const BUILT_IN: &str = include_str!("../../search/synonyms.txt");

/// Phrases (as normalized word lists) and what a query for each should also find.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    map: HashMap<Vec<String>, Vec<Vec<String>>>,
    longest: usize,
    /// Every word of every listed phrase.
    words: HashSet<String>,
}

impl Synonyms {
    /// Parses the file format: `a, b, c` (two-way) and `a, b => c, d` (one-way). `normalize`
    /// turns a phrase into the words the index uses.
    pub fn parse(text: &str, mut normalize: impl FnMut(&str) -> Vec<String>) -> Synonyms {
        let mut s = Synonyms::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut phrases = |part: &str| -> Vec<Vec<String>> {
                part.split(',').map(&mut normalize).filter(|p| !p.is_empty()).collect()
            };
            match line.split_once("=>") {
                Some((from, to)) => {
                    let targets = phrases(to);
                    let sources = phrases(from);
                    for source in sources {
                        s.add(source, &targets);
                    }
                }
                None => {
                    let group = phrases(line);
                    for source in &group {
                        let others: Vec<Vec<String>> = group.iter().filter(|p| *p != source).cloned().collect();
                        s.add(source.clone(), &others);
                    }
                }
            }
        }
        s
    }

    fn add(&mut self, source: Vec<String>, targets: &[Vec<String>]) {
        self.longest = self.longest.max(source.len());
        self.words
            .extend(source.iter().chain(targets.iter().flatten()).cloned());
        let entry = self.map.entry(source.clone()).or_default();
        for t in targets {
            if *t != source && !entry.contains(t) {
                entry.push(t.clone());
            }
        }
    }

    /// Splits `words` into units: the longest listed phrase starting at each position, with its
    /// alternatives, or a single word with none.
    pub fn units(&self, words: &[String]) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut found = None;
            for len in (1..=self.longest.min(words.len() - i)).rev() {
                if let Some(alts) = self.map.get(&words[i..i + len]) {
                    found = Some((len, alts.clone()));
                    break;
                }
            }
            match found {
                Some((len, alts)) => {
                    out.push((words[i..i + len].to_vec(), alts));
                    i += len;
                }
                None => {
                    out.push((vec![words[i].clone()], vec![]));
                    i += 1;
                }
            }
        }
        out
    }

    /// Whether some listed phrase holds `word`: a word of the list is never a typo to correct,
    /// even where no resource holds it.
    pub fn knows(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
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
    fn two_way_and_one_way_groups() {
        let s = Synonyms::parse(
            "bad news, serious news\nsob, shortness of breath => dyspnea\n# comment",
            norm,
        );
        let units = s.units(&norm("delivering bad news"));
        assert_eq!(units[1].0, norm("bad news"));
        assert_eq!(units[1].1, vec![norm("serious news")]);
        let units = s.units(&norm("shortness of breath"));
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].1, vec![norm("dyspnea")]);
        assert!(
            s.units(&norm("dyspnea"))[0].1.is_empty(),
            "one-way groups do not map back"
        );
    }
}
