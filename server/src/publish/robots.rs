//! `robots.txt`: search engines may read the catalog, never a learner's pages, the admin, the
//! API or the redirects that count what was opened; and here is the sitemap.

/// Paths no crawler has any business in (prefixes, as robots.txt matches them): a learner's
/// and the admin's pages, the API, the redirects that count what was opened, and search
/// results (search engines ask sites not to have their own results indexed).
pub const PRIVATE: [&str; 15] = [
    "/admin",
    "/account",
    "/me",
    "/sign-in",
    "/sign-up",
    "/goodbye",
    "/certificates",
    "/resources/*/quiz/",
    "/search",
    "/api/",
    "/rpc/",
    "/go/",
    "/calendar/",
    "/teams",
    "/collections",
];

pub fn robots(base: &str) -> String {
    let mut out = String::from("User-agent: *\n");
    for path in PRIVATE {
        out.push_str(&format!("Disallow: {path}\n"));
    }
    out.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    out
}
