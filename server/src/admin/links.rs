//! The link checker: asks every resource and item URL whether it still answers, and keeps what
//! it found so admins can fix broken links before learners meet them.
//!
//! Each distinct URL is checked once, whatever number of places use it, and the outcome is
//! recorded for every place. Checking is polite: a few requests at a time overall and fewer per
//! host, a `User-Agent` naming the hub, `HEAD` first (no body to send), and redirects followed
//! by hand so each hop counts against the limits and the final address can be reported.

use crate::db::now;
use crate::error::HubError;
use reqwest::Url;
use sqlx::{AnyPool, Row};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Redirects followed before a URL counts as broken.
pub const MAX_REDIRECTS: usize = 5;

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
    fn validate(&self) -> Result<(), HubError> {
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

// The report's types are the app's, so the admin pages show them as they are.
pub use app::model::admin::{CheckReport, Counts, LinkResult, Outcome};

fn parse_outcome(s: &str) -> Result<Outcome, HubError> {
    Outcome::from_name(s).ok_or_else(|| HubError::Corrupt(format!("unknown link outcome \"{s}\"")))
}

/// The lease that makes a check run on one replica at a time, so two admins pressing the button
/// (on any replicas) or a schedule firing on every replica do not multiply the load on partner
/// sites.
pub const LEASE: &str = "link-check";
/// How long a lease lasts unless renewed; a running check renews it a third of the way in.
const LEASE_TTL: Duration = Duration::from_secs(300);

/// Whether a check is running now, on any replica.
pub async fn is_running(pool: &AnyPool) -> Result<bool, HubError> {
    crate::jobs::is_held(pool, LEASE).await
}

/// A check that has its row and holds the lease, not yet run. Split from
/// [`StartedCheck::run`] so the web layer can answer with the id (or the conflict) at once and
/// check in the background.
pub struct StartedCheck {
    pub id: i64,
    options: Options,
    lease: crate::jobs::Lease,
}

/// Takes the lease and records the start of a check; a conflict while one runs anywhere.
pub async fn start(pool: &AnyPool, options: Options) -> Result<StartedCheck, HubError> {
    options.validate()?;
    let lease = crate::jobs::try_acquire(pool, LEASE, LEASE_TTL)
        .await?
        .ok_or_else(|| HubError::Conflict("a link check is already running".into()))?;
    begin(pool, options, lease).await
}

async fn begin(pool: &AnyPool, options: Options, lease: crate::jobs::Lease) -> Result<StartedCheck, HubError> {
    let inserted = sqlx::query_scalar("INSERT INTO link_checks (started_at, checked) VALUES ($1, 0) RETURNING id")
        .bind(now())
        .fetch_one(pool)
        .await;
    let id: i64 = match inserted {
        Ok(id) => id,
        Err(e) => {
            lease.release(pool).await.ok();
            return Err(e.into());
        }
    };
    Ok(StartedCheck { id, options, lease })
}

impl StartedCheck {
    /// Checks every URL, stores what it found and finishes the run; its report.
    pub async fn run(self, pool: &AnyPool) -> Result<CheckReport, HubError> {
        let StartedCheck { id, options, lease } = self;
        // Renewed while the check runs; let go however it ends.
        let outcome = {
            let renew = async {
                let mut tick = tokio::time::interval(LEASE_TTL / 3);
                tick.tick().await;
                loop {
                    tick.tick().await;
                    if let Err(e) = lease.renew(pool, LEASE_TTL).await {
                        tracing::warn!(error = %e, "could not renew the link check's lease");
                    }
                }
            };
            tokio::select! {
                outcome = check_and_store(pool, id, &options) => outcome,
                _ = renew => unreachable!("renewal never ends"),
            }
        };
        lease.release(pool).await?;
        outcome
    }
}

/// The check itself: every URL, then the results stored in one transaction.
async fn check_and_store(pool: &AnyPool, id: i64, options: &Options) -> Result<CheckReport, HubError> {
    let places = places(pool).await?;
    let urls: BTreeSet<String> = places.iter().map(|p| p.url.clone()).collect();
    let found = check_all(urls, options).await?;

    let mut tx = crate::db::begin_write(pool).await?;
    for place in &places {
        let c = &found[&place.url];
        sqlx::query(
            "INSERT INTO link_results (check_id, resource, item, url, outcome, status, location, error)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(place.resource.clone())
        .bind(place.item.clone())
        .bind(place.url.clone())
        .bind(c.outcome.as_str())
        .bind(c.status.map(i64::from))
        .bind(c.location.clone())
        .bind(c.error.clone())
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE link_checks SET finished_at = $1, checked = $2 WHERE id = $3")
        .bind(now())
        .bind(found.len() as i64)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    report(pool, id)
        .await?
        .ok_or_else(|| HubError::Corrupt(format!("link check {} vanished", id)))
}

/// The scheduled check: runs one when the last started `every` ago or longer (or none ever ran)
/// and no check is running. Every replica calls this on its own timer; deciding under the lease
/// means that only one of them runs each due check. The report when this call ran one.
pub async fn run_if_due(pool: &AnyPool, every: Duration, options: &Options) -> Result<Option<CheckReport>, HubError> {
    options.validate()?;
    let Some(lease) = crate::jobs::try_acquire(pool, LEASE, LEASE_TTL).await? else {
        return Ok(None);
    };
    let last: Option<String> = match sqlx::query_scalar("SELECT MAX(started_at) FROM link_checks")
        .fetch_one(pool)
        .await
    {
        Ok(last) => last,
        Err(e) => {
            lease.release(pool).await.ok();
            return Err(e.into());
        }
    };
    let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
    let due = last
        .and_then(|l| chrono::DateTime::parse_from_rfc3339(&l).ok())
        .is_none_or(|l| l.with_timezone(&chrono::Utc) + every <= chrono::Utc::now());
    if !due {
        lease.release(pool).await?;
        return Ok(None);
    }
    let started = begin(pool, options.clone(), lease).await?;
    tracing::info!(check = started.id, "scheduled link check started");
    started.run(pool).await.map(Some)
}

/// Calls [`run_if_due`] now and then for as long as the server runs (`serve --check-links-every`).
pub fn spawn_schedule(pool: AnyPool, every: Duration, options: Options) {
    // Often enough to start within a minute of being due, rarely enough to cost nothing.
    let tick_every = (every / 4).clamp(Duration::from_millis(200), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(tick_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_if_due(&pool, every, &options).await {
                Ok(Some(report)) => tracing::info!(
                    check = report.id,
                    checked = report.checked,
                    "scheduled link check finished"
                ),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "scheduled link check failed; will retry"),
            }
        }
    });
}

/// Runs a whole check and waits for it: what the command line and tests do.
pub async fn run(pool: &AnyPool, options: &Options) -> Result<CheckReport, HubError> {
    start(pool, options.clone()).await?.run(pool).await
}

/// The most recent check (finished or not), or None when none ever ran.
pub async fn latest(pool: &AnyPool) -> Result<Option<CheckReport>, HubError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM link_checks ORDER BY id DESC LIMIT 1")
        .fetch_optional(pool)
        .await?;
    match id {
        Some(id) => report(pool, id).await,
        None => Ok(None),
    }
}

/// One check's report.
pub async fn report(pool: &AnyPool, id: i64) -> Result<Option<CheckReport>, HubError> {
    let Some(row) = sqlx::query("SELECT id, started_at, finished_at, checked FROM link_checks WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let finished_at: Option<String> = row.try_get("finished_at")?;
    let rows = sqlx::query(
        "SELECT resource, item, url, outcome, status, location, error FROM link_results WHERE check_id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut results = Vec::with_capacity(rows.len());
    for r in rows {
        let outcome: String = r.try_get("outcome")?;
        let status: Option<i64> = r.try_get("status")?;
        results.push(LinkResult {
            resource: r.try_get("resource")?,
            item: r.try_get("item")?,
            url: r.try_get("url")?,
            outcome: parse_outcome(&outcome)?,
            status: status.and_then(|s| u16::try_from(s).ok()),
            location: r.try_get("location")?,
            error: r.try_get("error")?,
        });
    }
    sort_results(&mut results);
    Ok(Some(CheckReport {
        id: row.try_get("id")?,
        started_at: row.try_get("started_at")?,
        running: finished_at.is_none(),
        finished_at,
        checked: row.try_get("checked")?,
        results,
    }))
}

/// Broken first, then redirected, then ok; by resource, item and URL within each.
fn sort_results(results: &mut [LinkResult]) {
    results.sort_by(|a, b| (a.outcome, &a.resource, &a.item, &a.url).cmp(&(b.outcome, &b.resource, &b.item, &b.url)));
}

/// Where a URL appears.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Place {
    resource: String,
    item: Option<String>,
    url: String,
}

/// Every URL in the catalog that someone can reach: resources not in the trash (drafts too, they
/// are about to be published) and their items that are not retired.
async fn places(pool: &AnyPool) -> Result<Vec<Place>, HubError> {
    let mut out = Vec::new();
    for row in sqlx::query("SELECT slug, url FROM resources WHERE deleted_at IS NULL AND url IS NOT NULL")
        .fetch_all(pool)
        .await?
    {
        out.push(Place {
            resource: row.try_get("slug")?,
            item: None,
            url: row.try_get("url")?,
        });
    }
    for row in sqlx::query(
        "SELECT r.slug AS resource, i.slug AS item, i.url AS url FROM items i JOIN resources r ON r.id = i.resource_id
         WHERE r.deleted_at IS NULL AND i.retired_at IS NULL AND i.url IS NOT NULL",
    )
    .fetch_all(pool)
    .await?
    {
        out.push(Place {
            resource: row.try_get("resource")?,
            item: Some(row.try_get("item")?),
            url: row.try_get("url")?,
        });
    }
    Ok(out)
}

/// What checking one URL found.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Checked {
    outcome: Outcome,
    status: Option<u16>,
    location: Option<String>,
    error: Option<String>,
}

impl Checked {
    fn broken(status: Option<u16>, location: Option<String>, error: impl Into<String>) -> Checked {
        Checked {
            outcome: Outcome::Broken,
            status,
            location,
            error: Some(error.into()),
        }
    }
}

/// Checks each URL once, within the limits; what each did.
async fn check_all(urls: BTreeSet<String>, options: &Options) -> Result<HashMap<String, Checked>, HubError> {
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
            builder = builder
                .dns_resolver(Arc::new(super::public_address::PublicOnly))
                .no_proxy();
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
        let mut url = match parse(raw) {
            Ok(url) => url,
            Err(why) => return Checked::broken(None, None, why),
        };
        let mut redirects = 0;
        loop {
            // Every hop, the first and each redirect's: an address written in the URL is
            // checked here, a name by the resolver when it is looked up.
            if let Some(why) = (!self.allow_private)
                .then(|| super::public_address::refused(&url))
                .flatten()
            {
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
            match step(&url, status, location.as_deref(), redirects) {
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

/// A URL the checker can ask: absolute http or https.
fn parse(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("invalid URL: {e}"))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!("invalid URL: {other}: is not http or https")),
    }
}

/// What to do after a hop answered.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Follow(Url),
    Done(Checked),
}

/// Classifies a hop's answer: `current` is the URL asked, after `redirects` redirects.
fn step(current: &Url, status: u16, location: Option<&str>, redirects: usize) -> Step {
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
        if let Some(refused) = s.downcast_ref::<super::public_address::NotPublic>() {
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

    fn result(resource: &str, item: Option<&str>, url: &str, outcome: Outcome) -> LinkResult {
        LinkResult {
            resource: resource.into(),
            item: item.map(Into::into),
            url: url.into(),
            outcome,
            status: None,
            location: None,
            error: None,
        }
    }

    #[test]
    fn results_sort_worst_first_then_by_place_and_counts_are_per_url() {
        let mut results = vec![
            result("a", None, "https://x/1", Outcome::Ok),
            result("b", Some("two"), "https://x/2", Outcome::Broken),
            result("c", None, "https://x/3", Outcome::Redirected),
            result("a", Some("one"), "https://x/2", Outcome::Broken),
            result("b", None, "https://x/1", Outcome::Ok),
        ];
        sort_results(&mut results);
        let order: Vec<(Outcome, String)> = results.iter().map(|r| (r.outcome, r.place())).collect();
        assert_eq!(
            order,
            [
                (Outcome::Broken, "a/one".to_string()),
                (Outcome::Broken, "b/two".to_string()),
                (Outcome::Redirected, "c".to_string()),
                (Outcome::Ok, "a".to_string()),
                (Outcome::Ok, "b".to_string()),
            ]
        );
        let report = CheckReport {
            id: 1,
            started_at: String::new(),
            finished_at: None,
            running: true,
            checked: 3,
            results,
        };
        assert_eq!(
            report.counts(),
            Counts {
                ok: 1,
                redirected: 1,
                broken: 1
            }
        );
        assert_eq!(report.summary(), "checked 3 links: 1 ok, 1 redirected, 1 broken");
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
