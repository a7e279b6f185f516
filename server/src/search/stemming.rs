//! English stemming, with word families joined (see [`super::families`]), and a per-thread
//! memo. The Snowball stemmer costs about as much as all the rest of a highlighted result page;
//! a catalog's vocabulary is small, so each word is stemmed once per thread and then looked up.
//! The same stemmer tantivy uses, so stems are identical but for the families.

use std::cell::RefCell;
use std::collections::HashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Beyond this many remembered words the memo starts over (bounded memory on odd input).
const MEMO_LIMIT: usize = 100_000;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo {
        stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        stems: HashMap::default(),
    });
}

struct Memo {
    stemmer: frostem::Stemmer,
    /// foldhash: several times faster than SipHash on short words, and randomly seeded, so
    /// words typed into the search box cannot be chosen to collide.
    stems: HashMap<String, String, foldhash::fast::RandomState>,
}

/// Replaces `word` with its stem.
pub fn stem_in_place(word: &mut String) {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(stem) = memo.stems.get(word.as_str()) {
            word.clone_from(stem);
            return;
        }
        let stem = match super::families::apart(word) {
            Some(term) => term.to_string(),
            None => {
                let stem = memo.stemmer.stem(word);
                super::families::canonical(&stem).map_or_else(|| stem.into_owned(), str::to_string)
            }
        };
        if memo.stems.len() >= MEMO_LIMIT {
            memo.stems.clear();
        }
        memo.stems.insert(std::mem::replace(word, stem.clone()), stem);
    })
}

/// The token filter: English stems, memoized.
#[derive(Clone, Copy, Debug, Default)]
pub struct EnglishStemmer;

impl TokenFilter for EnglishStemmer {
    type Tokenizer<T: Tokenizer> = StemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmerFilter<T> {
        StemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct StemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemmerFilter<T> {
    type TokenStream<'a> = StemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct StemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for StemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn stems(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = vec![];
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn stems_exactly_as_tantivys_stemmer_does_twice_over() {
        let text = "families planning conversations dying hospice palliative caregivers";
        let ours = || {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(EnglishStemmer)
                .build()
        };
        let theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = stems(theirs, text);
        assert_eq!(stems(ours(), text), expected);
        // The second pass comes from the memo.
        assert_eq!(stems(ours(), text), expected);
    }

    #[test]
    fn a_family_stems_as_one() {
        let ours = || {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(EnglishStemmer)
                .build()
        };
        assert_eq!(
            stems(ours(), "chaplaincy prognostic"),
            stems(ours(), "chaplain prognosis")
        );
    }
}
