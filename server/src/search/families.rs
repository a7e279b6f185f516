//! Word families: the forms of one word that English stemming leaves apart ("chaplain" and
//! "chaplaincy", "neurology" and "neurologic"). A query word finds its family's other forms at
//! almost the weight of the word itself: they mean the same thing, unlike synonyms.

use std::collections::HashMap;

/// The list the repository ships.
pub const BUILT_IN: &str = include_str!("../../search/families.txt");

/// Stem → the other stems of its family.
#[derive(Clone, Debug, Default)]
pub struct Families {
    map: HashMap<String, Vec<String>>,
}

impl Families {
    /// One family per line, comma-separated; `stem` turns a word into the index's stem (a
    /// member that is not one word is skipped).
    pub fn parse(text: &str, mut stem: impl FnMut(&str) -> Option<String>) -> Families {
        let mut out = Families::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let mut stems: Vec<String> = line.split(',').filter_map(|w| stem(w.trim())).collect();
            stems.sort();
            stems.dedup();
            for s in &stems {
                let others = out.map.entry(s.clone()).or_default();
                for o in stems.iter().filter(|o| *o != s) {
                    if !others.contains(o) {
                        others.push(o.clone());
                    }
                }
            }
        }
        out
    }

    /// The other stems of `stem`'s family (none when it has no family).
    pub fn of(&self, stem: &str) -> &[String] {
        self.map.get(stem).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(w: &str) -> Option<String> {
        let mut w = w.to_lowercase();
        crate::search::stemming::stem_in_place(&mut w);
        (!w.is_empty()).then_some(w)
    }

    #[test]
    fn members_find_each_other_by_stem() {
        let f = Families::parse("chaplain, chaplains, chaplaincy\n# note\nneurology, neurologic", stem);
        assert_eq!(f.of(&stem("chaplain").unwrap()), &[stem("chaplaincy").unwrap()]);
        assert_eq!(f.of(&stem("neurologic").unwrap()), &[stem("neurology").unwrap()]);
        assert!(f.of("pain").is_empty());
    }

    #[test]
    fn the_built_in_list_joins_stems_that_differ() {
        let f = Families::parse(BUILT_IN, stem);
        assert!(f.of(&stem("surgical").unwrap()).contains(&stem("surgery").unwrap()));
    }
}
