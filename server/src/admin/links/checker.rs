//! Checking URLs over HTTP, politely and safely: a few requests at a time overall and fewer per
//! host, a `User-Agent` naming the hub, `HEAD` first (no body to send), redirects followed by
//! hand so each hop counts against the limits and the final address can be reported, and only
//! public addresses visited unless an intranet install allows its own (`admin::public_address`).

use super::verdict::{self, Checked, Step};
use crate::admin::public_address;
use crate::error::HubError;
use reqwest::Url;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

pub const USER_AGENT: &str = concat!("ChampionHub-LinkChecker/", env!("CARGO_PKG_VERSION"));

pub const DEFAULT_CONCURRENCY: usize = 8;
pub const DEFAULT_PER_HOST: usize = 2;
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// How hard a check may press on the sites it visits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to any one host.
    pub per_host: usize,
    /// How long one request (one hop) may take.
    pub timeout: Duration,
    /// Visit private and local addresses too (an intranet install's own links); otherwise
    /// every hop must be a public address (`admin::public_address`).
    pub allow_private: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            concurrency: DEFAULT_CONCURRENCY,
            per_host: DEFAULT_PER_HOST,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            allow_private: false,
        }
    }
}

impl Options {
    pub(super) fn validate(&self) -> Result<(), HubError> {
        let bad = |param: &str, reason: &str| {
            Err(HubError::BadRequest {
                param: param.into(),
                reason: reason.into(),
            })
        };
        // A limit of zero would wait forever rather than fail.
        if self.concurrency == 0 {
            return bad("concurrency", "must be at least 1");
        }
        if self.per_host == 0 {
            return bad("per_host", "must be at least 1");
        }
        if self.timeout.is_zero() {
            return bad("timeout", "must be longer than zero");
        }
        Ok(())
    }
}

/// Checks each URL once, within the limits; what each did.
pub(super) async fn check_all(urls: BTreeSet<String>, options: &Options) -> Result<HashMap<String, Checked>, HubError> {
    let checker = Arc::new(Checker::new(options)?);
    let mut tasks = tokio::task::JoinSet::new();
    for url in urls {
        let checker = checker.clone();
        tasks.spawn(async move {
            let checked = checker.check(&url).await;
            (url, checked)
        });
    }
    let mut found = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((url, checked)) => {
                found.insert(url, checked);
            }
            // A panic in a check is a bug: surface it rather than report the URL as fine.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    Ok(found)
}

struct Checker {
    client: reqwest::Client,
    allow_private: bool,
    timeout: Duration,
    overall: Semaphore,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Checker {
    fn new(options: &Options) -> Result<Checker, HubError> {
        let mut builder = reqwest::Client::builder();
        if !options.allow_private {
            // No proxy from the environment either: it would resolve (and reach) the names
            // itself, past the resolver that keeps them public.
            builder = builder.dns_resolver(Arc::new(public_address::PublicOnly)).no_proxy();
        }
        let client = builder
            .user_agent(USER_AGENT)
            // By hand, so each hop waits its turn and the final address is known.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .build()
            .map_err(|e| HubError::Config(format!("cannot set up the link checker's HTTP client: {e}")))?;
        Ok(Checker {
            client,
            allow_private: options.allow_private,
            timeout: options.timeout,
            overall: Semaphore::new(options.concurrency),
            per_host: options.per_host,
            hosts: Mutex::new(HashMap::new()),
        })
    }

    async fn check(&self, raw: &str) -> Checked {
        let mut url = match verdict::parse(raw) {
            Ok(url) => url,
            Err(why) => return Checked::broken(None, None, why),
        };
        let mut redirects = 0;
        loop {
            // Every hop, the first and each redirect's: an address written in the URL is
            // checked here, a name by the resolver when it is looked up.
            if let Some(why) = (!self.allow_private).then(|| public_address::refused(&url)).flatten() {
                return Checked::broken(None, (redirects > 0).then(|| url.to_string()), why);
            }
            let (status, location) = match self.fetch(&url).await {
                Ok(answer) => answer,
                Err(e) => {
                    return Checked::broken(
                        None,
                        (redirects > 0).then(|| url.to_string()),
                        describe(&e, self.timeout),
                    )
                }
            };
            match verdict::step(&url, status, location.as_deref(), redirects) {
                Step::Follow(next) => {
                    url = next;
                    redirects += 1;
                }
                Step::Done(checked) => return checked,
            }
        }
    }

    /// One hop: its status and `Location`. HEAD first; GET when HEAD is refused or answered
    /// oddly, since some servers only implement GET.
    async fn fetch(&self, url: &Url) -> Result<(u16, Option<String>), reqwest::Error> {
        // The host's slot first, so checks queued behind one busy host hold no overall slot
        // that another host's check could use.
        let host = self.host(url);
        let _host = host.acquire().await.expect("the semaphore is never closed");
        let _slot = self.overall.acquire().await.expect("the semaphore is never closed");
        match self.client.head(url.clone()).send().await {
            Ok(r) if !head_refused(r.status().as_u16()) => return Ok(answer(&r)),
            // Waiting again or dialing again would only fail the same way.
            Err(e) if e.is_timeout() || e.is_connect() || e.is_builder() => return Err(e),
            _ => {}
        }
        // The body is not read: dropping the response is enough to learn the status.
        let r = self.client.get(url.clone()).send().await?;
        Ok(answer(&r))
    }

    fn host(&self, url: &Url) -> Arc<Semaphore> {
        let mut hosts = self.hosts.lock().expect("no panics while holding the host map");
        hosts
            .entry(url.host_str().unwrap_or_default().to_ascii_lowercase())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }
}

fn answer(r: &reqwest::Response) -> (u16, Option<String>) {
    let location = r
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (r.status().as_u16(), location)
}

/// Statuses with which a server says it does not do HEAD (though it may do GET).
fn head_refused(status: u16) -> bool {
    matches!(status, 405 | 501)
}

/// "10 s", "300 ms", "1.5 s".
fn duration_text(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// A failed request in a few words: the common causes by name, anything else by the deepest
/// cause's own message (reqwest's outer messages only say which URL failed).
fn describe(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        return format!("timed out after {}", duration_text(timeout));
    }
    // The resolver's refusal sits under reqwest's "dns error": look for it first.
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(refused) = s.downcast_ref::<public_address::NotPublic>() {
            return refused.to_string();
        }
        source = s.source();
    }
    let mut deepest = None;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return "connection refused".into(),
                std::io::ErrorKind::ConnectionReset => return "connection reset".into(),
                std::io::ErrorKind::TimedOut => return format!("timed out after {}", duration_text(timeout)),
                _ => {}
            }
        }
        let message = s.to_string();
        if message.starts_with("dns error") {
            return "host not found".into();
        }
        deepest = Some(message);
        source = s.source();
    }
    let cause = deepest.unwrap_or_else(|| e.to_string());
    if e.is_connect() {
        format!("could not connect: {cause}")
    } else {
        format!("request failed: {cause}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_is_retried_as_get_only_when_refused() {
        assert!(head_refused(405) && head_refused(501));
        assert!(!head_refused(404) && !head_refused(200) && !head_refused(500));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(Duration::from_secs(10)), "10 s");
        assert_eq!(duration_text(Duration::from_millis(300)), "300 ms");
        assert_eq!(duration_text(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn options_refuse_limits_that_would_never_finish() {
        assert!(Options::default().validate().is_ok());
        for bad in [
            Options {
                concurrency: 0,
                ..Options::default()
            },
            Options {
                per_host: 0,
                ..Options::default()
            },
            Options {
                timeout: Duration::ZERO,
                ..Options::default()
            },
        ] {
            assert!(matches!(bad.validate(), Err(HubError::BadRequest { .. })), "{bad:?}");
        }
    }
}
