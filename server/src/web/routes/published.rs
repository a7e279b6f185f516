//! The public formats' routes: `/robots.txt`, `/sitemap.xml`, `/feed.atom` and each course's
//! `/resources/{slug}/calendar.ics`. Thin: read, hand to `publish`, label the bytes.

use super::api::catalog::decode_strictly;
use crate::catalog::store;
use crate::error::HubError;
use crate::progress::calendar_feed;
use crate::publish::{self, calendar, feed, robots, sitemap};
use crate::web::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

/// Where the hub says it lives, for the absolute links feeds, calendars, sitemaps and shared
/// pages need: `--public-url` when the server was given one, otherwise the scheme and host
/// each request came in on.
#[derive(Clone, Debug, Default)]
pub struct PublicAddress {
    pub url: Option<String>,
    pub tls: bool,
}

impl PublicAddress {
    pub fn base(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.url {
            return url.clone();
        }
        let scheme = if self.tls { "https" } else { "http" };
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            // Only a host name or address and a port: a header cannot smuggle a path or markup in.
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
            .unwrap_or("localhost");
        format!("{scheme}://{host}")
    }

    /// The base for the request a server function is answering.
    pub async fn base_here(&self) -> String {
        let headers: HeaderMap = leptos_axum::extract().await.unwrap_or_default();
        self.base(&headers)
    }
}

fn public_base(state: &AppState, headers: &HeaderMap) -> String {
    state.public_address().base(headers)
}

fn typed(content_type: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response()
}

pub async fn robots_txt(State(state): State<AppState>, headers: HeaderMap) -> Response {
    typed(
        "text/plain; charset=utf-8",
        robots::robots(&public_base(&state, &headers)),
    )
}

pub async fn sitemap_xml(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HubError> {
    let mut page = None;
    for (key, value) in decode_strictly(raw.as_deref().unwrap_or(""))? {
        match key.as_str() {
            "page" => {
                page = Some(
                    value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or_else(|| HubError::BadRequest {
                            param: key.clone(),
                            reason: format!("\"{value}\" is not a page number (1, 2, …)"),
                        })?,
                )
            }
            _ => {
                return Err(HubError::BadRequest {
                    param: key,
                    reason: "not a parameter of the sitemap; it takes page".into(),
                })
            }
        }
    }
    let base = public_base(&state, &headers);
    let mut conn = state.pool.acquire().await?;
    let mut pages = sitemap::fixed_pages();
    pages.extend(publish::public_pages(&mut conn).await?);
    let files = sitemap::files_for(pages.len());
    let body = match page {
        None if files == 1 => sitemap::urlset(&base, &pages),
        None => sitemap::index(&base, files),
        Some(n) if n <= files => {
            let from = (n - 1) * sitemap::PER_FILE;
            sitemap::urlset(&base, &pages[from..pages.len().min(from + sitemap::PER_FILE)])
        }
        Some(n) => return Err(HubError::NotFound(format!("sitemap page {n} (there are {files})"))),
    };
    Ok(typed("application/xml; charset=utf-8", body))
}

pub async fn feed_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HubError> {
    let pairs = decode_strictly(raw.as_deref().unwrap_or(""))?;
    let filter = feed::FeedFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let mut conn = state.pool.acquire().await?;
    let chosen = publish::recent(&mut conn, &filter, feed::ENTRIES).await?;
    let newest = publish::last_change(&mut conn).await?;
    let body = feed::atom(&public_base(&state, &headers), &chosen, newest.as_deref(), &filter)?;
    Ok(typed("application/atom+xml; charset=utf-8", body))
}

pub async fn course_calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, HubError> {
    let mut conn = state.pool.acquire().await?;
    let stored = store::load(&mut conn, Some(&slug))
        .await?
        .into_iter()
        .find(|s| s.is_public())
        .ok_or_else(|| HubError::NotFound(format!("resource \"{slug}\"")))?;
    let sessions = calendar::sessions(&stored.record);
    if sessions.is_empty() {
        return Err(HubError::NotFound(format!("a schedule for \"{slug}\"")));
    }
    let body = calendar::calendar(
        &stored.record.title,
        &public_base(&state, &headers),
        &sessions,
        chrono::Utc::now(),
    );
    let mut response = typed("text/calendar; charset=utf-8", body);
    if let Ok(disposition) = HeaderValue::from_str(&format!("inline; filename=\"{slug}.ics\"")) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}

/// `/calendar/{token}.ics`: a learner's bookmarked live sessions, for their calendar app. The
/// address is the key, so anything wrong with it is the same 404 as a stopped feed.
pub async fn personal_calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, HubError> {
    let not_found = || HubError::NotFound("calendar".into());
    let token = file.strip_suffix(".ics").ok_or_else(not_found)?;
    let (name, resources) = calendar_feed::sessions_for(&state.pool, token)
        .await?
        .ok_or_else(not_found)?;
    // A day's block for each course day: the course's own file has every session.
    let mut sessions: Vec<calendar::Session<'_>> = resources.iter().flat_map(|s| calendar::days(&s.record)).collect();
    sessions.sort_by_key(|s| s.starts_at);
    let body = calendar::calendar(
        &format!("{name}: bookmarked sessions (Champion Hub)"),
        &public_base(&state, &headers),
        &sessions,
        chrono::Utc::now(),
    );
    let mut response = typed("text/calendar; charset=utf-8", body);
    // Personal: never kept by a shared cache.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
