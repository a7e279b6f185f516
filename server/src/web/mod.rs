//! The web layer: one router for pages (Leptos, server-rendered and hydrated), the JSON API and
//! health checks, over one shared state.
//!
//! - `routes/`: what answers requests: the pages' backends (server functions), the JSON API
//!   (`routes/api/`), the published formats, the `/go` and `/search/opened` links, and the
//!   compiled site the pages load.
//! - `middleware/`: what wraps every request, stacked in one place (`middleware::around`):
//!   security headers, overload refusal, sessions, cross-site refusal, the gate, body caps,
//!   unreadable text, server-function error statuses.
//! - Here: the shared state, the list of the hub's own routes and the router that puts routes
//!   and middleware together; and the plumbing that is neither a layer nor a handler, read by
//!   both or by many: the access table (`access`: the gate enforces it, the OpenAPI description
//!   and tests read it), who is calling (`caller`: the gate works it out, handlers read it), the
//!   client's address (`client`), the extractors handlers take (`extract`, `format_query`) and
//!   the router that lists its routes (`listed`).

pub mod access;
pub mod caller;
pub mod client;
pub mod extract;
pub mod format_query;
pub mod listed;
pub mod middleware;
pub mod routes;

use crate::accounts::throttle::SignInThrottle;
use crate::error::HubError;
use crate::search::SearchIndex;
use app::backend::SharedBackend;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use listed::Listed;
use sqlx::AnyPool;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub pool: AnyPool,
    pub search: Arc<SearchIndex>,
    pub leptos_options: LeptosOptions,
    pub throttle: Arc<SignInThrottle>,
    /// The hub is served over TLS (usually by a proxy): session cookies are marked Secure and
    /// responses carry HSTS.
    pub secure_cookies: bool,
    /// The hub's public address (`https://hub.example.org`), for the absolute links in feeds,
    /// calendars and sitemaps; without it, the address each request came in on.
    pub public_url: Option<String>,
    /// The proxies whose `X-Forwarded-For` names the client (for sign-in throttling).
    pub trusted_proxies: client::TrustedProxies,
    /// Requests served at once, and for how long.
    pub capacity: middleware::overload::Capacity,
    /// The link checker may visit private and local addresses (`--allow-private-links`).
    #[from_ref(skip)]
    pub private_links: bool,
    /// Public pages kept for visitors without a session, until the catalog moves.
    #[from_ref(skip)]
    pub pages: Arc<middleware::page_cache::PageCache>,
    /// Who mail is from and where its links lead.
    #[from_ref(skip)]
    pub mail: Arc<crate::mail::MailSettings>,
    /// Where mail goes, in words (for the admins' outbox page).
    #[from_ref(skip)]
    pub mail_transport: Arc<str>,
    /// Where uploaded certificate files are kept.
    #[from_ref(skip)]
    pub files: Arc<dyn crate::credits::files::FileStore>,
    /// The key certificates are signed with.
    #[from_ref(skip)]
    pub issuer: Arc<crate::credentials::keys::Issuer>,
    /// The address credentials name as their issuer (`--public-url`, or the listening address):
    /// never a request's Host header, which a client chooses. None only in a bare state (tests).
    #[from_ref(skip)]
    pub issuer_base: Option<String>,
}

impl AppState {
    pub fn new(pool: AnyPool, search: Arc<SearchIndex>, leptos_options: LeptosOptions, secure_cookies: bool) -> Self {
        AppState {
            pool,
            search,
            leptos_options,
            throttle: Arc::new(SignInThrottle::default()),
            secure_cookies,
            public_url: None,
            trusted_proxies: client::TrustedProxies::default(),
            capacity: middleware::overload::Capacity::default(),
            private_links: false,
            pages: Arc::default(),
            mail: Arc::default(),
            mail_transport: Arc::from("not sent: this server runs no mail sender"),
            files: Arc::new(crate::credits::files::DiskStore::at(default_file_dir())),
            issuer: Arc::new(crate::credentials::keys::Issuer::ephemeral()),
            issuer_base: None,
        }
    }

    /// Signing certificates with this key (the data directory's, when serving).
    pub fn with_issuer(mut self, issuer: Arc<crate::credentials::keys::Issuer>, base: String) -> Self {
        self.issuer = issuer;
        self.issuer_base = Some(base);
        self
    }

    /// Keeping uploaded files in `store` (the data directory's, when serving).
    pub fn with_files(mut self, store: Arc<dyn crate::credits::files::FileStore>) -> Self {
        self.files = store;
        self
    }

    /// With these mail settings, and the words for where mail goes.
    pub fn with_mail(mut self, mail: Arc<crate::mail::MailSettings>, transport: String) -> Self {
        self.mail = mail;
        self.mail_transport = Arc::from(transport);
        self
    }

    /// Letting the link checker visit private and local addresses.
    pub fn with_private_links(mut self, allowed: bool) -> Self {
        self.private_links = allowed;
        self
    }

    /// How a link check started from this server goes.
    pub fn link_check_options(&self) -> crate::admin::links::Options {
        crate::admin::links::Options {
            allow_private: self.private_links,
            ..Default::default()
        }
    }

    /// Serving at most `capacity.concurrent` requests at once, each for at most its timeout.
    pub fn with_capacity(mut self, capacity: middleware::overload::Capacity) -> Self {
        self.capacity = capacity;
        self
    }

    pub fn public_address(&self) -> routes::published::PublicAddress {
        routes::published::PublicAddress {
            url: self.public_url.clone(),
            tls: self.secure_cookies,
        }
    }

    /// Believing `X-Forwarded-For` from these proxies.
    pub fn with_trusted_proxies(mut self, proxies: client::TrustedProxies) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// With the hub's public address (no trailing slash needed).
    pub fn with_public_url(mut self, url: Option<String>) -> Self {
        self.public_url = url.map(|u| u.trim_end_matches('/').to_string());
        self
    }
}

/// Where a state made without a data directory keeps uploads (tests, tools): a folder of this
/// process's own under the system's temporary folder.
pub fn default_file_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("champion-hub-files-{}", std::process::id()))
}

/// Serves the hub on `listener` until `shutdown` completes, with each connection's address
/// known to handlers (for sign-in throttling).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), HubError> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(HubError::io("server failed"))
}

/// The app's routes, worked out once per process. Working them out runs the whole app with
/// resource loading suspended process-wide, so a page rendered meanwhile by another router in
/// the same process (tests start many) would wait forever on its data (leptos-rs/leptos#4773).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// The hub's own routes: everything but its pages and server functions, which Leptos adds.
pub fn listed_routes() -> Listed {
    let mut api = routes::api::routes();
    api.router = api.router.fallback(routes::api::not_found);
    Listed::new()
        .get("/healthz", routes::api::healthz)
        .get("/robots.txt", routes::published::robots_txt)
        .get("/sitemap.xml", routes::published::sitemap_xml)
        .get("/feed.atom", routes::published::feed_atom)
        .get("/resources/{slug}/calendar.ics", routes::published::course_calendar)
        .get("/calendar/{file}", routes::published::personal_calendar)
        .get("/go/{slug}/{item}", routes::go::open_item)
        .get("/search/opened/{token}/{slug}", routes::opened::open_result)
        .get("/unsubscribe/one-click", routes::unsubscribe::open)
        .post("/unsubscribe/one-click", routes::unsubscribe::one_click)
        .route(
            axum::http::Method::POST,
            "/me/credits/activities/{id}/file",
            // The multipart reader's own cap, raised to the one `middleware::limits` holds it to.
            axum::routing::post(routes::certificate_files::attach).layer(axum::extract::DefaultBodyLimit::max(
                middleware::limits::CERTIFICATE_BODY_BYTES,
            )),
        )
        .get("/me/credits/activities/{id}/file", routes::certificate_files::download)
        .get("/.well-known/jwks.json", routes::credentials::jwks)
        .get("/issuer", routes::credentials::issuer)
        .get(
            "/certificates/{code}/credential.jwt",
            routes::credentials::credential_jwt,
        )
        .get(
            "/certificates/{code}/credential.json",
            routes::credentials::credential_json,
        )
        .get(
            "/certificates/{code}/certificate.pdf",
            routes::credentials::certificate_pdf,
        )
        .get("/credentials/status/{list}", routes::credentials::status_list)
        .get("/me/credits/transcript", routes::credentials::transcript)
        .nest("/api/v1", api)
}

/// The pages' routes, as Leptos serves them: (path in axum's syntax, methods).
pub fn page_routes() -> Vec<(String, Vec<axum::http::Method>)> {
    route_list()
        .iter()
        .map(|r| {
            let methods = r
                .methods()
                .map(|m| match m {
                    leptos_router::Method::Get => axum::http::Method::GET,
                    leptos_router::Method::Post => axum::http::Method::POST,
                    leptos_router::Method::Put => axum::http::Method::PUT,
                    leptos_router::Method::Delete => axum::http::Method::DELETE,
                    leptos_router::Method::Patch => axum::http::Method::PATCH,
                })
                .collect();
            (r.path().to_string(), methods)
        })
        .collect()
}

/// The refused form that `middleware::refused_form` found for this page's request, for its
/// render (`app::components::refused_form::provide` shares it with the wasm).
fn provide_refused_form() {
    let refused = use_context::<axum::http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<app::components::refused_form::RefusedForm>()
            .cloned()
    });
    if let Some(refused) = refused {
        provide_context(refused);
    }
}

/// The whole hub: the listed routes and the pages, inside the middleware.
pub fn router(state: AppState) -> Router {
    let backend: SharedBackend = Arc::new(routes::backend::DbBackend {
        pool: state.pool.clone(),
        search: state.search.clone(),
        throttle: state.throttle.clone(),
        address: state.public_address(),
        home: Default::default(),
        mail: state.mail.clone(),
        files: state.files.clone(),
    });
    let credits: app::backend::credits::SharedCredits = Arc::new(routes::credits_backend::DbCredits {
        pool: state.pool.clone(),
        files: state.files.clone(),
    });
    let admin: app::backend::admin::SharedAdmin = Arc::new(routes::admin_backend::DbAdmin {
        pool: state.pool.clone(),
        search: state.search.clone(),
        address: state.public_address(),
        link_check: state.link_check_options(),
        mail: state.mail.clone(),
        mail_transport: state.mail_transport.clone(),
    });
    let pages = route_list();
    let options = state.leptos_options.clone();
    let files = routes::site::site_files(&options);
    let context = move || {
        provide_context(files.clone());
        provide_context(backend.clone());
        provide_context(admin.clone());
        provide_context(credits.clone());
        middleware::security::provide_page_nonce();
        provide_refused_form();
    };
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    let served = listed_routes()
        .router
        .merge(routes::assets::routes(&site_root))
        .leptos_routes_with_context(&state, pages, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context,
            app::shell,
        ));
    middleware::around(served, &state).with_state(state)
}
