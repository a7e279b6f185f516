//! Judging one hop's answer: which URLs the checker can ask at all, whether a status means the
//! link works, is a redirect to follow or is broken, and how to say why in a few words.

use super::Outcome;
use reqwest::Url;

/// Redirects followed before a URL counts as broken.
pub const MAX_REDIRECTS: usize = 5;

/// What checking one URL found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Checked {
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub location: Option<String>,
    pub error: Option<String>,
}

impl Checked {
    pub fn broken(status: Option<u16>, location: Option<String>, error: impl Into<String>) -> Checked {
        Checked {
            outcome: Outcome::Broken,
            status,
            location,
            error: Some(error.into()),
        }
    }
}

/// A URL the checker can ask: absolute http or https.
pub(super) fn parse(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("invalid URL: {e}"))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!("invalid URL: {other}: is not http or https")),
    }
}

/// What to do after a hop answered.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    Follow(Url),
    Done(Checked),
}

/// Classifies a hop's answer: `current` is the URL asked, after `redirects` redirects.
pub(super) fn step(current: &Url, status: u16, location: Option<&str>, redirects: usize) -> Step {
    let landed = (redirects > 0).then(|| current.to_string());
    match status {
        200..=299 => Step::Done(Checked {
            outcome: if redirects > 0 {
                Outcome::Redirected
            } else {
                Outcome::Ok
            },
            status: Some(status),
            location: landed,
            error: None,
        }),
        301 | 302 | 303 | 307 | 308 => {
            let Some(target) = location else {
                return Step::Done(Checked::broken(
                    Some(status),
                    landed,
                    format!("{} without a Location", status_text(status)),
                ));
            };
            if redirects >= MAX_REDIRECTS {
                return Step::Done(Checked::broken(
                    Some(status),
                    Some(current.to_string()),
                    format!("too many redirects (more than {MAX_REDIRECTS})"),
                ));
            }
            match current.join(target) {
                Ok(next) if matches!(next.scheme(), "http" | "https") => Step::Follow(next),
                _ => Step::Done(Checked::broken(
                    Some(status),
                    landed,
                    format!("redirected to an invalid URL: {target}"),
                )),
            }
        }
        _ => Step::Done(Checked::broken(Some(status), landed, status_text(status))),
    }
}

/// "404 Not Found".
fn status_text(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn done(step: Step) -> Checked {
        match step {
            Step::Done(c) => c,
            Step::Follow(u) => panic!("expected an outcome, got a redirect to {u}"),
        }
    }

    #[test]
    fn success_is_ok_directly_and_redirected_after_a_hop() {
        let c = done(step(&url("https://a.org/x"), 200, None, 0));
        assert_eq!(
            (c.outcome, c.status, c.location, c.error),
            (Outcome::Ok, Some(200), None, None)
        );
        let c = done(step(&url("https://b.org/y"), 204, None, 2));
        assert_eq!(c.outcome, Outcome::Redirected);
        assert_eq!(c.location.as_deref(), Some("https://b.org/y"));
    }

    #[test]
    fn error_statuses_are_broken_with_their_reason() {
        let c = done(step(&url("https://a.org/x"), 404, None, 0));
        assert_eq!(c.outcome, Outcome::Broken);
        assert_eq!((c.status, c.error.as_deref()), (Some(404), Some("404 Not Found")));
        let c = done(step(&url("https://a.org/x"), 503, None, 1));
        assert_eq!(c.error.as_deref(), Some("503 Service Unavailable"));
        assert_eq!(c.location.as_deref(), Some("https://a.org/x"), "where the redirect led");
        assert_eq!(
            done(step(&url("https://a.org/"), 599, None, 0)).error.as_deref(),
            Some("599")
        );
        // Not a redirect one can follow.
        assert_eq!(
            done(step(&url("https://a.org/"), 300, Some("/b"), 0)).outcome,
            Outcome::Broken
        );
    }

    #[test]
    fn redirects_resolve_relative_locations_and_stop_after_five() {
        for status in [301, 302, 303, 307, 308] {
            assert_eq!(
                step(&url("https://a.org/x/y?q=1"), status, Some("../z"), 0),
                Step::Follow(url("https://a.org/z"))
            );
        }
        assert_eq!(
            step(&url("http://a.org/x"), 301, Some("https://b.org/"), 4),
            Step::Follow(url("https://b.org/"))
        );
        let c = done(step(&url("https://a.org/loop"), 302, Some("/loop"), MAX_REDIRECTS));
        assert_eq!(c.outcome, Outcome::Broken);
        assert_eq!(c.error.as_deref(), Some("too many redirects (more than 5)"));
        assert_eq!(c.location.as_deref(), Some("https://a.org/loop"));

        let c = done(step(&url("https://a.org/"), 302, None, 0));
        assert_eq!(c.error.as_deref(), Some("302 Found without a Location"));
        let c = done(step(&url("https://a.org/"), 301, Some("mailto:x@a.org"), 0));
        assert_eq!(c.error.as_deref(), Some("redirected to an invalid URL: mailto:x@a.org"));
    }

    #[test]
    fn only_absolute_web_urls_are_checked() {
        assert!(parse("https://a.org/x").is_ok());
        assert!(parse("http://a.org").is_ok());
        assert_eq!(
            parse("/relative").unwrap_err(),
            "invalid URL: relative URL without a base"
        );
        assert_eq!(
            parse("ftp://a.org/f").unwrap_err(),
            "invalid URL: ftp: is not http or https"
        );
    }
}
