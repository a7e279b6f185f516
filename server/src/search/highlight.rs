//! Highlighted passages for search results: a window of a field around its first marked word,
//! every marked word inside it wrapped in `<mark>`, everything else HTML-escaped.
//!
//! Why not tantivy's `SnippetGenerator`: it analyzes the whole field to score every fragment,
//! and for a page of ten hits that was half of a small catalog's search time. A clinician reads
//! the first place their words appear; the text after that window is never analyzed.

use std::collections::BTreeMap;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// How many words of context come before the first marked word.
const LEAD_WORDS: usize = 4;

/// The passage of about `width` characters starting a few words before the first token of
/// `text` whose analyzed form is in `marks`; None when no token is marked.
pub fn passage(analyzer: &mut TextAnalyzer, text: &str, marks: &BTreeMap<String, f32>, width: usize) -> Option<String> {
    // Start offsets of the last few tokens, for the lead-in before the first mark.
    let mut recent = [0usize; LEAD_WORDS];
    let mut seen = 0usize;
    let mut window: Option<(usize, usize)> = None;
    let mut marked: Vec<(usize, usize)> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        let (from, to) = (token.offset_from, token.offset_to);
        if let Some((_, end)) = window {
            if to > end {
                break;
            }
        }
        if marks.contains_key(&token.text) {
            if window.is_none() {
                let start = if seen >= LEAD_WORDS {
                    recent[seen % LEAD_WORDS]
                } else {
                    0
                };
                // A sentence that starts inside the lead-in starts the passage.
                let start = text[start..from]
                    .rfind(['.', '!', '?', '\n'])
                    .map(|i| start + i + 1)
                    .map(|i| i + text[i..].len() - text[i..].trim_start().len())
                    .unwrap_or(start);
                let end = char_boundary(text, start + width_in_bytes(&text[start..], width));
                window = Some((start, end.max(to)));
            }
            marked.push((from, to));
        }
        recent[seen % LEAD_WORDS] = from;
        seen += 1;
    }
    let (start, mut end) = window?;
    // End on a word boundary, never before the last mark.
    if end < text.len() && !text[end..].starts_with(char::is_whitespace) {
        let last = marked.last().map_or(start, |m| m.1);
        if let Some(space) = text[last..end].rfind(char::is_whitespace) {
            end = last + space;
        }
    }
    let mut html = String::with_capacity(end - start + 32);
    if start > 0 {
        html.push('…');
    }
    let mut at = start;
    for (from, to) in marked.into_iter().filter(|m| m.1 <= end) {
        html_escape::encode_text_to_string(&text[at..from], &mut html);
        html.push_str("<mark>");
        html_escape::encode_text_to_string(&text[from..to], &mut html);
        html.push_str("</mark>");
        at = to;
    }
    html_escape::encode_text_to_string(text[at..end].trim_end(), &mut html);
    if end < text.len() {
        html.push('…');
    }
    Some(html)
}

/// Bytes taken by the first `chars` characters of `text` (all of it when shorter).
fn width_in_bytes(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

fn char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fields;

    fn marks(stems: &[&str]) -> BTreeMap<String, f32> {
        stems.iter().map(|s| (s.to_string(), 1.0)).collect()
    }

    fn run(text: &str, stems: &[&str], width: usize) -> Option<String> {
        passage(&mut fields::stemmed(), text, &marks(stems), width)
    }

    #[test]
    fn marks_every_form_of_a_stem_and_escapes_the_rest() {
        let html = run("Planning <b>care</b> & plans for patients", &["plan"], 200).unwrap();
        assert_eq!(
            html,
            "<mark>Planning</mark> &lt;b&gt;care&lt;/b&gt; &amp; <mark>plans</mark> for patients"
        );
    }

    #[test]
    fn starts_a_few_words_before_the_first_mark_or_at_its_sentence() {
        let text = "One two three four five six seven dyspnea eight nine. Ten dyspnea.";
        assert_eq!(
            run(text, &["dyspnea"], 200).unwrap(),
            "…four five six seven <mark>dyspnea</mark> eight nine. Ten <mark>dyspnea</mark>."
        );
        let text = "One two three four five. Six dyspnea eight nine.";
        assert_eq!(
            run(text, &["dyspnea"], 200).unwrap(),
            "…Six <mark>dyspnea</mark> eight nine."
        );
    }

    #[test]
    fn stops_at_the_width_on_a_word_boundary() {
        let text = "Dyspnea is common and distressing near the end of life for many people";
        let html = run(text, &["dyspnea"], 30).unwrap();
        assert_eq!(html, "<mark>Dyspnea</mark> is common and…");
    }

    #[test]
    fn nothing_marked_is_none_and_multibyte_text_is_cut_on_char_boundaries() {
        assert_eq!(run("nothing here", &["dyspnea"], 50), None);
        let text = "Soins palliatifs à domicile é é é é é é é é é é é é é é é é é é é é";
        let html = run(text, &["domicil"], 20).unwrap();
        assert!(html.contains("<mark>domicile</mark>"), "{html}");
    }
}
