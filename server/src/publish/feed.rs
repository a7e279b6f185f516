//! The Atom feed (RFC 4287) of new and updated resources, for feed readers: the whole catalog,
//! or one kind or one topic of it.

use super::Published;
use crate::error::HubError;
use app::model::Kind;
use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text};

/// Entries in one feed: readers poll, so the newest changes are what matters.
pub const ENTRIES: usize = 50;

/// Which part of the catalog a feed follows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedFilter {
    pub kind: Option<Kind>,
    pub topic: Option<String>,
}

impl FeedFilter {
    /// From the query string's pairs: `kind` (one of the hub's kinds) and `topic` (as the
    /// catalog writes it); anything else is refused by name.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, HubError> {
        let mut filter = FeedFilter::default();
        for (key, value) in pairs {
            let bad = |reason: String| HubError::BadRequest {
                param: key.to_string(),
                reason,
            };
            match key {
                "kind" if filter.kind.is_none() => {
                    filter.kind = Some(Kind::parse(value).ok_or_else(|| {
                        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                        bad(format!("\"{value}\" is not a kind; the kinds are {}", kinds.join(", ")))
                    })?);
                }
                "topic" if filter.topic.is_none() => {
                    let topic = value.trim();
                    if topic.is_empty() || topic.chars().count() > 100 {
                        return Err(bad("a topic is 1 to 100 characters".into()));
                    }
                    filter.topic = Some(topic.to_string());
                }
                "kind" | "topic" => return Err(bad("give it once".into())),
                _ => return Err(bad("not a parameter of the feed; it takes kind and topic".into())),
            }
        }
        Ok(filter)
    }

    /// The query string that selects this feed (`?kind=course`), empty for the whole catalog.
    pub fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(kind) = self.kind {
            q.append_pair("kind", kind.as_str());
        }
        if let Some(topic) = &self.topic {
            q.append_pair("topic", topic);
        }
        let q = q.finish();
        if q.is_empty() {
            q
        } else {
            format!("?{q}")
        }
    }

    fn title(&self) -> String {
        let mut title = "Champion Hub: new and updated".to_string();
        title.push_str(&match self.kind {
            Some(k) => format!(" {}", k.plural_label().to_lowercase()),
            None => " resources".to_string(),
        });
        if let Some(topic) = &self.topic {
            title.push_str(&format!(" on {topic}"));
        }
        title
    }
}

fn instant(text: &str) -> Result<FixedDateTime, HubError> {
    FixedDateTime::parse_from_rfc3339(text).map_err(|e| HubError::Corrupt(format!("stored time \"{text}\": {e}")))
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime.map(str::to_string));
    link
}

/// The feed of `chosen` (the resources `filter` admits, newest change first, as
/// [`super::recent`] reads them). `newest` is the catalog's last change, which an empty feed
/// gives as its own; `base` is the hub's public address.
pub fn atom(base: &str, chosen: &[Published], newest: Option<&str>, filter: &FeedFilter) -> Result<String, HubError> {
    let self_href = format!("{base}/feed.atom{}", filter.query());
    let mut feed = Feed::default();
    feed.set_id(self_href.clone());
    feed.set_title(Text::plain(filter.title()));
    feed.set_subtitle(Some(Text::plain(
        "Palliative care education for champions: module series, courses, fellowships and more.",
    )));
    feed.set_lang(Some("en".to_string()));
    let browse = match filter.kind {
        Some(k) => format!("{base}/resources?kind={}", k.as_str()),
        None => format!("{base}/resources"),
    };
    feed.set_links(vec![
        link(self_href, "self", Some("application/atom+xml")),
        link(browse, "alternate", Some("text/html")),
    ]);
    let mut hub = Person::default();
    hub.set_name("Champion Hub");
    hub.set_uri(Some(base.to_string()));
    feed.set_authors(vec![hub.clone()]);
    // An empty feed still says when it was last true: the newest change it could have shown.
    let updated = chosen.first().map(|s| s.updated_at.as_str()).or(newest);
    feed.set_updated(instant(updated.unwrap_or("1970-01-01T00:00:00Z"))?);

    let mut entries = Vec::with_capacity(chosen.len());
    for r in chosen {
        let page = format!("{base}/resources/{}", r.slug);
        let mut entry = Entry::default();
        entry.set_id(page.clone());
        entry.set_title(Text::plain(r.title.clone()));
        entry.set_updated(instant(&r.updated_at)?);
        entry.set_published(Some(instant(&r.created_at)?));
        entry.set_summary(Some(Text::plain(r.summary.clone())));
        entry.set_links(vec![link(page, "alternate", Some("text/html"))]);
        let mut categories = Vec::new();
        if let Some(kind) = Kind::parse(&r.kind) {
            let mut c = Category::default();
            c.set_term(kind.as_str());
            c.set_label(Some(kind.label().to_string()));
            categories.push(c);
        }
        for topic in &r.topics {
            let mut c = Category::default();
            c.set_term(topic.clone());
            categories.push(c);
        }
        entry.set_categories(categories);
        entry.set_authors(vec![hub.clone()]);
        entries.push(entry);
    }
    feed.set_entries(entries);
    Ok(feed.to_string())
}
