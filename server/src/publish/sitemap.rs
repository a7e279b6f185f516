//! `sitemap.xml` (sitemaps.org protocol 0.9): every public page, with when it last changed, so
//! search engines find each resource. A file holds at most 50,000 addresses; a bigger catalog
//! gets an index of numbered files (`/sitemap.xml?page=2`).

use quick_xml::escape::escape;

/// The protocol's limit of addresses in one file.
pub const PER_FILE: usize = 50_000;

/// A page by its path on the hub, and when it last changed (RFC 3339), if known.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub path: String,
    pub changed: Option<String>,
}

/// The pages every hub has, before its resources and pathways.
pub fn fixed_pages() -> Vec<Page> {
    ["/", "/resources"]
        .into_iter()
        .map(|p| Page {
            path: p.to_string(),
            changed: None,
        })
        .collect()
}

/// How many files `count` addresses need.
pub fn files_for(count: usize) -> usize {
    count.div_ceil(PER_FILE).max(1)
}

/// One file of addresses: `pages` under `base`.
pub fn urlset(base: &str, pages: &[Page]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        out.push_str("  <url><loc>");
        out.push_str(&escape(format!("{base}{}", page.path)));
        out.push_str("</loc>");
        if let Some(changed) = &page.changed {
            // The date is enough, and every search engine reads it.
            out.push_str(&format!(
                "<lastmod>{}</lastmod>",
                escape(changed.get(..10).unwrap_or(changed))
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The index of `files` numbered files.
pub fn index(base: &str, files: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=files {
        out.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(format!("{base}/sitemap.xml?page={n}"))
        ));
    }
    out.push_str("</sitemapindex>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_escaped_and_dates_are_days() {
        let xml = urlset(
            "https://hub.example",
            &[Page {
                path: "/resources/a&b".into(),
                changed: Some("2026-11-30T08:00:00.000Z".into()),
            }],
        );
        assert!(
            xml.contains("<loc>https://hub.example/resources/a&amp;b</loc><lastmod>2026-11-30</lastmod>"),
            "{xml}"
        );
        assert_eq!(files_for(0), 1);
        assert_eq!(files_for(50_000), 1);
        assert_eq!(files_for(50_001), 2);
    }
}
