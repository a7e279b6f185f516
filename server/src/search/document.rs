//! A published resource as an index document.

use super::fields::{self, Fields};
use crate::catalog::format::ResourceRecord;
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

/// The `ends` facet value of a resource without dates.
pub(super) const NO_LAST_DAY: &str = "none";

/// Markdown to plain text: what the body says, without its markup.
pub fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn millis(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|d| d.timestamp_millis())
        .unwrap_or(0)
}

/// The resource's vocabulary terms, tags and audiences as one text (the `terms` field).
pub fn terms_text(r: &ResourceRecord) -> String {
    let terms: Vec<String> = r
        .topics
        .iter()
        .chain(&r.disciplines)
        .chain(&r.specialties)
        .map(|t| t.replace('-', " "))
        .chain(r.tags.iter().cloned())
        .chain(r.audiences.iter().cloned())
        .collect();
    terms.join(". ")
}

/// The key listings sort by after "featured first": the title, then the slug for equal titles
/// (the order SQL's `ORDER BY title, slug` gives).
pub fn title_order(title: &str, slug: &str) -> String {
    format!("{title}\u{1}{slug}")
}

pub fn document(f: &Fields, r: &ResourceRecord, provider_title: Option<&str>, updated_at: &str) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.slug, &r.slug);
    doc.add_text(f.kind, &r.kind);
    doc.add_text(f.title, &r.title);
    doc.add_text(f.title_plain, &r.title);
    doc.add_text(f.summary, &r.summary);
    let body = r.body.as_deref().map(markdown_text).unwrap_or_default();
    doc.add_text(f.body, &body);
    let items: Vec<String> = r
        .items
        .iter()
        .map(|i| format!("{}. {}", i.title, i.summary.as_deref().unwrap_or("")))
        .collect();
    let items = items.join(" ");
    doc.add_text(f.items, &items);
    if let Some(p) = provider_title {
        doc.add_text(f.provider, p);
    }
    if let Some(p) = &r.provider {
        doc.add_text(f.provider_slug, p);
    }
    let terms = terms_text(r);
    doc.add_text(f.terms, &terms);
    // Every text field, once more: unstemmed (what typo tolerance, prefixes and "did you mean"
    // draw on), and as stems and stem pairs, so that matching reads one posting list per word
    // or two-word phrase instead of one per field.
    let mut analyzer = fields::stemmed();
    let mut stems = String::new();
    let mut pairs = String::new();
    let texts = [
        r.title.as_str(),
        &r.summary,
        &body,
        &items,
        &terms,
        provider_title.unwrap_or(""),
    ];
    for (i, text) in texts.into_iter().enumerate() {
        doc.add_text(f.plain, text);
        let words = fields::words(&mut analyzer, text);
        let field_pairs: Vec<String> = words.windows(2).map(|w| fields::pair(&w[0], &w[1])).collect();
        for w in &words {
            stems.push_str(w);
            stems.push(' ');
        }
        for p in &field_pairs {
            pairs.push_str(p);
            pairs.push(' ');
        }
        if i == 0 {
            doc.add_text(f.title_pairs, field_pairs.join(" "));
        }
    }
    doc.add_text(f.stems, &stems);
    doc.add_text(f.pairs, &pairs);
    doc.add_facet(f.facet, Facet::from_path(["kind", r.kind.as_str()]));
    for a in &r.audiences {
        doc.add_facet(f.facet, Facet::from_path(["audience", a.as_str()]));
    }
    for d in &r.disciplines {
        doc.add_facet(f.facet, Facet::from_path(["discipline", d.as_str()]));
    }
    for t in &r.topics {
        doc.add_facet(f.facet, Facet::from_path(["topic", t.as_str()]));
    }
    if let Some(format) = &r.format {
        doc.add_facet(f.facet, Facet::from_path(["format", format.as_str()]));
    }
    if let Some(cost) = &r.cost {
        doc.add_facet(
            f.facet,
            Facet::from_path(["cost", if cost.free { "free" } else { "paid" }]),
        );
    }
    if !r.credits.is_empty() {
        doc.add_facet(f.facet, Facet::from_path(["credits", "yes"]));
    }
    // The last day (or "none"): whether it has passed is a question for the day of the search
    // (`counting::FacetBits` answers it as the `current` dimension).
    let last_day = r.ends_on.as_deref().or(r.starts_on.as_deref()).unwrap_or(NO_LAST_DAY);
    doc.add_facet(f.facet, Facet::from_path(["ends", last_day]));
    doc.add_i64(f.updated, millis(updated_at));
    let first_day = r.starts_on.as_deref().or(r.ends_on.as_deref());
    doc.add_i64(f.first_day, fields::day_number(first_day));
    doc.add_i64(
        f.last_day,
        fields::day_number(r.ends_on.as_deref().or(r.starts_on.as_deref())),
    );
    let card = crate::catalog::present::card(r, provider_title.map(str::to_string));
    doc.add_text(f.card, serde_json::to_string(&card).expect("a card serializes"));
    doc.add_u64(f.featured, u64::from(r.featured));
    doc.add_text(f.title_order, title_order(&r.title, &r.slug));
    // Resources without a duration sort after every timed one under "shortest".
    doc.add_u64(
        f.duration,
        r.duration_minutes.map(|d| d.max(0) as u64).unwrap_or(u64::MAX),
    );
    doc
}
