//! The `champion-hub` command line: serve, migrate, import, export, accounts and link checks.

use crate::accounts::{store as accounts, NewAccount};
use crate::admin::{links, users};
use crate::catalog::{export, import, seed};
use crate::error::HubError;
use crate::{db, search, web};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "champion-hub",
    version,
    about = "Champion Hub: palliative care education for clinicians and the champions who lead them."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database URL: sqlite://PATH (the default is an SQLite file inside the data directory).
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory for the SQLite database and, later, the search index.
    #[arg(long, env = "HUB_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server: apply pending migrations, load the seed catalog into an empty
    /// database (unless --no-seed), then serve pages and the JSON API.
    Serve(ServeOptions),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Copy a whole install from one database to another (SQLite to PostgreSQL or back):
    /// every table, learners' data included, checked by row counts, rows and catalog exports
    /// afterwards. Stop the hub first. The target is migrated and must be empty.
    CopyDb {
        /// The database to copy from, e.g. sqlite:///var/lib/champion-hub/champion-hub.db
        #[arg(long)]
        from: String,
        /// The database to copy into, e.g. postgres://hub@db.example.org/champion_hub
        #[arg(long)]
        to: String,
        /// Delete everything already in the target first (in the same transaction).
        #[arg(long)]
        replace: bool,
    },
    /// Write a consistent snapshot of the database, while the hub runs, to a new SQLite file.
    Backup {
        /// The file to create; it must not exist.
        file: PathBuf,
    },
    /// Copy a backup file back into the database (as copy-db does). Stop the hub first.
    Restore {
        /// A file written by `backup`.
        file: PathBuf,
        /// Delete everything already in the database first (in the same transaction).
        #[arg(long)]
        replace: bool,
    },
    /// Import a catalog file (the exchange format): all or nothing, upserting by slug. Every
    /// problem is listed with its JSON pointer and nothing changes if there is any.
    Import {
        /// The catalog file to read ("-" for standard input).
        file: PathBuf,
        /// Check the file and report what would change, field by field, without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Rebuild the search index from the database (it is otherwise kept up to date on its own).
    Reindex,
    /// Export the whole catalog, drafts included, sorted and byte-stable.
    Export {
        /// Where to write it; standard output when left out.
        file: Option<PathBuf>,
    },
    /// Manage accounts: how the first admin is made.
    #[command(subcommand)]
    User(UserCommand),
    /// Check every resource and item URL (resources in the trash and retired items aside),
    /// print each broken or redirected one and a summary, and keep the results for the admin
    /// pages. Exit status: 0 when no link is broken, 1 when any is or the check could not run.
    CheckLinks(CheckLinksOptions),
}

/// `serve`'s settings.
#[derive(Debug, Args)]
pub struct ServeOptions {
    /// Address to listen on.
    #[arg(long, env = "HUB_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Start with an empty catalog instead of the seed catalog.
    #[arg(long)]
    pub no_seed: bool,
    /// Mark session cookies Secure: set this when the hub is reached over HTTPS (for
    /// example behind a TLS-terminating proxy).
    #[arg(long, env = "HUB_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Check every resource and item link this often (e.g. "7d", "12h"), as the admin's
    /// button does. However many replicas share the database, each due check runs once.
    #[arg(long, env = "HUB_CHECK_LINKS_EVERY", value_parser = humantime::parse_duration)]
    pub check_links_every: Option<std::time::Duration>,
    /// The hub's public address, as clinicians reach it (e.g. "https://hub.example.org"):
    /// the links in its feeds, calendars and sitemap. Without it, each request's own host.
    #[arg(long, env = "HUB_PUBLIC_URL", value_parser = public_url)]
    pub public_url: Option<String>,
    /// A proxy in front of the hub whose X-Forwarded-For header names the client (an
    /// address or a network: "127.0.0.1", "10.0.0.0/8"; repeat it or separate with commas).
    /// Sign-in throttling then counts each visitor, not the proxy. Without it the header is
    /// ignored, since anyone can send it.
    #[arg(long = "trusted-proxy", env = "HUB_TRUSTED_PROXIES", value_delimiter = ',', value_parser = crate::web::client::parse_proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Requests served at once; past this, a request is answered 503 at once (with
    /// Retry-After) rather than queued, so a flood cannot stall the server.
    #[arg(long, env = "HUB_MAX_CONCURRENT_REQUESTS", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_concurrent_requests: u32,
    /// Longest a request may take (e.g. "60s") before it is ended with a 503.
    #[arg(long, env = "HUB_REQUEST_TIMEOUT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub request_timeout: std::time::Duration,
    /// Let the link checker visit private and local addresses (an intranet install whose
    /// catalog links to its own servers). Without it, every hop must be a public address.
    #[arg(long, env = "HUB_ALLOW_PRIVATE_LINKS")]
    pub allow_private_links: bool,
    #[command(flatten)]
    pub mail: MailOptions,
}

/// How mail leaves: `serve` sends it; `user reset-password` writes it for the server to send.
#[derive(Debug, Args)]
pub struct MailOptions {
    /// The SMTP relay: smtp://user:password@host:587 (STARTTLS, required), smtps://host:465
    /// (TLS), or smtp://host:25?tls=none (in the clear: a relay on this machine). User and
    /// password are percent-encoded. Without a relay, mail is written to DATA_DIR/outbox/ as
    /// .eml files, which admins also read at /admin/outbox.
    #[arg(long, env = "HUB_SMTP_URL", conflicts_with = "smtp_url_file")]
    pub smtp_url: Option<String>,
    /// A file holding the relay's URL, credentials included (a mounted secret), instead of
    /// --smtp-url.
    #[arg(long, env = "HUB_SMTP_URL_FILE")]
    pub smtp_url_file: Option<PathBuf>,
    /// Who mail is from, e.g. "Champion Hub <hub@example.org>": an address the relay may send
    /// as (see docs/deployment.md on SPF and DKIM).
    #[arg(long, env = "HUB_MAIL_FROM", value_parser = crate::mail::parse_from)]
    pub mail_from: Option<lettre::message::Mailbox>,
    /// The first wait before a failed message is tried again, doubled on each failure (at most
    /// 6 hours between tries; given up after 16 tries, about a day and a half).
    #[arg(long, env = "HUB_MAIL_RETRY_AFTER", default_value = "30s", value_parser = humantime::parse_duration)]
    pub mail_retry_after: std::time::Duration,
}

impl MailOptions {
    /// The relay's URL, from the flag or its file.
    fn smtp_url(&self) -> Result<Option<String>, HubError> {
        match (&self.smtp_url, &self.smtp_url_file) {
            (Some(url), _) => Ok(Some(url.clone())),
            (None, Some(file)) => {
                let text = std::fs::read_to_string(file).map_err(HubError::io(format!(
                    "cannot read the SMTP URL from {}",
                    file.display()
                )))?;
                Ok(Some(text.trim().to_string()))
            }
            (None, None) => Ok(None),
        }
    }
}

/// The settings every message is written with: links start at the public address, or at
/// the listening address when none is set (a localhost install).
fn mail_settings(
    from: Option<lettre::message::Mailbox>,
    public_url: Option<&str>,
    addr: SocketAddr,
) -> crate::mail::MailSettings {
    let from = from.unwrap_or_else(crate::mail::default_from);
    match public_url {
        Some(url) => crate::mail::MailSettings::new(from, url, true),
        None => {
            let host = if addr.ip().is_unspecified() {
                format!("localhost:{}", addr.port())
            } else {
                addr.to_string()
            };
            crate::mail::MailSettings::new(from, &format!("http://{host}"), false)
        }
    }
}

/// `check-links`' settings.
#[derive(Debug, Args)]
pub struct CheckLinksOptions {
    /// Requests in flight at once, over all sites.
    #[arg(long, default_value_t = links::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// Requests in flight at once to any one site.
    #[arg(long, default_value_t = links::DEFAULT_PER_HOST)]
    pub per_host: usize,
    /// How long one request may take, in seconds (fractions allowed).
    #[arg(long, default_value_t = links::DEFAULT_TIMEOUT_SECS as f64)]
    pub timeout_secs: f64,
    /// Visit private and local addresses too (an intranet's own links). Without it, every
    /// hop must be a public address.
    #[arg(long, env = "HUB_ALLOW_PRIVATE_LINKS")]
    pub allow_private_links: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input, or prompted for twice
    /// on a terminal.
    Add {
        email: String,
        /// The name shown on the profile and certificates (default: the email's local part).
        #[arg(long)]
        name: Option<String>,
        /// Make the account an admin.
        #[arg(long)]
        admin: bool,
    },
    /// Grant a role to an existing account.
    Promote {
        email: String,
        #[arg(long, value_enum)]
        role: Role,
    },
    /// Take a role away (the last admin cannot be demoted).
    Demote {
        email: String,
        #[arg(long, value_enum)]
        role: Role,
    },
    /// Send the account a password reset link (it works once, for an hour). The message is
    /// queued in the database and sent by the running hub (or when it next starts).
    ResetPassword {
        email: String,
        /// The hub's public address, which the link starts with (as `serve --public-url`).
        #[arg(long, env = "HUB_PUBLIC_URL", value_parser = public_url)]
        public_url: Option<String>,
        /// Who the message is from (as `serve --mail-from`).
        #[arg(long, env = "HUB_MAIL_FROM", value_parser = crate::mail::parse_from)]
        mail_from: Option<lettre::message::Mailbox>,
        /// The address the hub listens on, for the link when no public address is given.
        #[arg(long, env = "HUB_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Role {
    Admin,
}

impl Global {
    pub fn database_url(&self) -> Result<String, HubError> {
        match &self.database_url {
            Some(url) => Ok(url.clone()),
            None => {
                std::fs::create_dir_all(&self.data_dir).map_err(HubError::io(format!(
                    "cannot create data directory {}",
                    self.data_dir.display()
                )))?;
                Ok(db::default_url(&self.data_dir))
            }
        }
    }
}

/// Writes through a temporary file and renames it, so a failed export never leaves half a file.
fn write_atomically(path: &Path, text: &str) -> Result<(), HubError> {
    let tmp = path.with_extension("tmp-export");
    std::fs::write(&tmp, text).map_err(HubError::io(format!("cannot write {}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(HubError::io(format!("cannot write {}", path.display())))
}

/// An http(s) address without a query or fragment: what links are built on.
fn public_url(text: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(text).map_err(|e| format!("not an address: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("give an http:// or https:// address with a host".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("give the address without ? or #".into());
    }
    Ok(text.trim_end_matches('/').to_string())
}

pub async fn run(cli: Cli) -> Result<(), HubError> {
    let url = cli.global.database_url()?;
    match cli.command {
        Command::Serve(options) => serve(&url, &cli.global.data_dir, options).await,
        Command::CopyDb { from, to, replace } => copy_db(&from, &to, replace).await,
        Command::Backup { file } => backup(&url, &file).await,
        Command::Restore { file, replace } => restore(&url, &file, replace).await,
        Command::Migrate => {
            db::open(&url).await?;
            eprintln!("migrations are up to date");
            Ok(())
        }
        Command::Import { file, dry_run } => import_file(&url, &file, dry_run).await,
        Command::Reindex => reindex(&url, &cli.global.data_dir).await,
        Command::User(command) => user(&url, command).await,
        Command::CheckLinks(options) => check_links(&url, options).await,
        Command::Export { file } => export_catalog(&url, file.as_deref()).await,
    }
}

/// Migrates, seeds an empty catalog, opens the search index and serves until a signal.
async fn serve(url: &str, data_dir: &Path, options: ServeOptions) -> Result<(), HubError> {
    let ServeOptions {
        addr,
        no_seed,
        secure_cookies,
        check_links_every,
        public_url,
        trusted_proxies,
        max_concurrent_requests,
        request_timeout,
        allow_private_links,
        mail,
    } = options;
    let smtp_url = mail.smtp_url()?;
    let mut settings = mail_settings(mail.mail_from.clone(), public_url.as_deref(), addr);
    // Credentials name the same address mail links to: configured, or the listening address.
    let issuer_base = settings.base_url.clone();
    settings.relay = smtp_url.is_some();
    let mail_settings = std::sync::Arc::new(settings);
    let transport = crate::mail::transport::Transport::new(smtp_url.as_deref(), data_dir)?;
    let pool = db::open(url).await?;
    if !no_seed {
        if let Some(report) = seed::seed_if_empty(&pool).await? {
            tracing::info!("loaded the seed catalog: {report}");
        }
    }
    let search = search::open(data_dir, &pool).await?;
    let files: std::sync::Arc<dyn crate::credits::files::FileStore> =
        std::sync::Arc::new(crate::credits::files::DiskStore::in_data_dir(data_dir));
    crate::credits::files::spawn_sweeper(pool.clone(), files.clone());
    let issuer = std::sync::Arc::new(crate::credentials::keys::Issuer::in_data_dir(data_dir)?);
    search::spawn_poller(search.clone(), pool.clone(), std::time::Duration::from_millis(250));
    crate::accounts::sessions::spawn_expiry(pool.clone(), std::time::Duration::from_secs(3600));
    let transport_shown = transport.describe();
    crate::progress::reminders::spawn(pool.clone(), mail_settings.clone());
    crate::progress::digest::spawn(pool.clone(), mail_settings.clone());
    crate::progress::nudges::spawn(pool.clone(), mail_settings.clone());
    crate::teams::invitations::spawn_pruning(pool.clone());
    crate::mail::outbox::spawn_pruning(pool.clone());
    crate::mail::sender::spawn(
        pool.clone(),
        mail_settings.clone(),
        crate::mail::sender::Sender {
            transport,
            retry_after: mail.mail_retry_after,
        },
    );
    let link_check = links::Options {
        allow_private: allow_private_links,
        ..Default::default()
    };
    if allow_private_links {
        tracing::info!("the link checker may visit private and local addresses (--allow-private-links)");
    }
    if let Some(every) = check_links_every {
        links::spawn_schedule(pool.clone(), every, link_check, mail_settings.clone());
    }
    if !trusted_proxies.is_empty() {
        let list: Vec<String> = trusted_proxies.iter().map(ToString::to_string).collect();
        tracing::info!(
            "taking the client's address from X-Forwarded-For when a request comes from {}",
            list.join(", ")
        );
    }
    // A public address on https means the hub is reached over TLS, whatever the flag says.
    let secure_cookies = secure_cookies || public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    let state = web::AppState::new(pool, search, web::routes::site::leptos_options(addr), secure_cookies)
        .with_public_url(public_url)
        .with_trusted_proxies(web::client::TrustedProxies::new(trusted_proxies))
        .with_capacity(web::middleware::overload::Capacity {
            concurrent: max_concurrent_requests as usize,
            timeout: request_timeout,
        })
        .with_private_links(allow_private_links)
        .with_mail(mail_settings, transport_shown)
        .with_files(files)
        .with_issuer(issuer, issuer_base);
    let site_root = state.leptos_options.site_root.clone();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(HubError::io(format!("cannot listen on {addr}")))?;
    tracing::info!("Champion Hub is listening on http://{addr} (site files from {site_root})");
    web::serve(listener, state, shutdown_signal()).await
}

async fn copy_db(from: &str, to: &str, replace: bool) -> Result<(), HubError> {
    if from == to {
        return Err(HubError::BadRequest {
            param: "--to".into(),
            reason: "must be another database than --from".into(),
        });
    }
    let source = db::open(from).await?;
    let target = db::open(to).await?;
    let report = copy_checked(&source, &target, replace).await?;
    eprintln!("{report}; {CHECKED}");
    Ok(())
}

/// What a finished copy has been checked for.
const CHECKED: &str = "row counts, rows and the catalog export match";

/// A whole-database copy, checked row by row and then as the catalog it holds.
async fn copy_checked(
    source: &sqlx::AnyPool,
    target: &sqlx::AnyPool,
    replace: bool,
) -> Result<db::copy::CopyReport, HubError> {
    let report = db::copy::copy(source, target, replace).await?;
    export::same_catalog(source, target).await?;
    Ok(report)
}

async fn backup(url: &str, file: &Path) -> Result<(), HubError> {
    let pool = db::open(url).await?;
    let report = db::backup::backup(&pool, file).await?;
    eprintln!("backed up {} rows to {}", report.total(), file.display());
    Ok(())
}

async fn restore(url: &str, file: &Path, replace: bool) -> Result<(), HubError> {
    if !file.is_file() {
        return Err(HubError::BadRequest {
            param: "FILE".into(),
            reason: format!("{} is not a backup file", file.display()),
        });
    }
    // A working copy, so the backup itself is never written to (an older one is
    // migrated on the way in).
    let work = std::env::temp_dir().join(format!("champion-hub-restore-{}.db", std::process::id()));
    std::fs::copy(file, &work).map_err(HubError::io(format!("cannot read {}", file.display())))?;
    // A write-ahead log beside the file holds rows too (a backup taken by an older
    // version may have left one): it comes along, and SQLite replays it on opening.
    let wal = PathBuf::from(format!("{}-wal", file.display()));
    if wal.is_file() {
        std::fs::copy(&wal, format!("{}-wal", work.display()))
            .map_err(HubError::io(format!("cannot read {}", wal.display())))?;
    }
    let restored = async {
        let source = db::open(&format!("sqlite://{}", work.display())).await?;
        let target = db::open(url).await?;
        let report = copy_checked(&source, &target, replace).await;
        source.close().await;
        report
    }
    .await;
    for leftover in ["", "-wal", "-shm", "-migrate.lock"] {
        std::fs::remove_file(format!("{}{leftover}", work.display())).ok();
    }
    eprintln!("restored from {}: {}; {CHECKED}", file.display(), restored?);
    Ok(())
}

/// Reads a catalog file (or standard input) and imports it, or reports what it would change.
async fn import_file(url: &str, file: &Path, dry_run: bool) -> Result<(), HubError> {
    let bytes = if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(HubError::io("cannot read standard input"))?;
        buf
    } else {
        std::fs::read(file).map_err(HubError::io(format!("cannot read {}", file.display())))?
    };
    let pool = db::open(url).await?;
    let actor = crate::audit::Actor::command_line();
    let report = import::run(&pool, &bytes, Some(&actor), dry_run).await?;
    if dry_run {
        for c in &report.changes {
            for change in &c.changes {
                eprintln!("  {}: {}: {} → {}", c.slug, change.field, change.before, change.after);
            }
        }
        eprintln!("dry run of {}, nothing changed: would be {report}", file.display());
    } else {
        eprintln!("imported {}: {report}", file.display());
    }
    Ok(())
}

async fn reindex(url: &str, data_dir: &Path) -> Result<(), HubError> {
    let pool = db::open(url).await?;
    let dir = search::index_dir(data_dir);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(HubError::io(format!("cannot remove {}", dir.display())))?;
    }
    let index = search::open(data_dir, &pool).await?;
    eprintln!(
        "search index rebuilt: {} documents in {}",
        index.num_docs(),
        dir.display()
    );
    Ok(())
}

async fn check_links(url: &str, options: CheckLinksOptions) -> Result<(), HubError> {
    let CheckLinksOptions {
        concurrency,
        per_host,
        timeout_secs,
        allow_private_links,
    } = options;
    let timeout = std::time::Duration::try_from_secs_f64(timeout_secs).map_err(|_| HubError::BadRequest {
        param: "--timeout-secs".into(),
        reason: "must be a number of seconds".into(),
    })?;
    let options = links::Options {
        concurrency,
        per_host,
        timeout,
        allow_private: allow_private_links,
    };
    let pool = db::open(url).await?;
    let report = links::run(&pool, &options).await?;
    pool.close().await;
    for result in report.results.iter().filter(|r| r.outcome != links::Outcome::Ok) {
        println!("{}", result.line());
    }
    println!("{}", report.summary());
    if report.counts().broken > 0 {
        // Broken links are a finding, not a failure to report with "error:": the lines
        // above say it all, and the status lets scripts and cron jobs notice.
        use std::io::Write;
        let _ = std::io::stdout().flush();
        std::process::exit(1);
    }
    Ok(())
}

async fn export_catalog(url: &str, file: Option<&Path>) -> Result<(), HubError> {
    let pool = db::open(url).await?;
    let text = export::export(&pool).await?;
    match file {
        Some(path) => write_atomically(path, &text),
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(HubError::io("cannot write standard output"))
        }
    }
}

/// A new password: prompted twice on a terminal, else the first line of standard input.
fn read_new_password() -> Result<String, HubError> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(HubError::io("cannot read the password"))?;
        let again = rpassword::prompt_password("Password again: ").map_err(HubError::io("cannot read the password"))?;
        if first != again {
            return Err(HubError::BadRequest {
                param: "password".into(),
                reason: "the two passwords differ; nothing was changed".into(),
            });
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(HubError::io("cannot read standard input"))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn user(url: &str, command: UserCommand) -> Result<(), HubError> {
    let pool = db::open(url).await?;
    match command {
        UserCommand::Add { email, name, admin } => {
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or("").to_string());
            let password = read_new_password()?;
            let (_, account) = accounts::create(
                &pool,
                NewAccount {
                    name,
                    email,
                    password,
                    ..Default::default()
                },
                admin,
            )
            .await?;
            eprintln!("created {} ({})", account.email, account.roles.join(", "));
        }
        UserCommand::Promote {
            email,
            role: Role::Admin,
        } => {
            let account = users::set_admin(&pool, &email, true).await?;
            eprintln!("{} is now: {}", account.email, account.roles.join(", "));
        }
        UserCommand::Demote {
            email,
            role: Role::Admin,
        } => {
            let account = users::set_admin(&pool, &email, false).await?;
            eprintln!("{} is now: {}", account.email, account.roles.join(", "));
        }
        UserCommand::ResetPassword {
            email,
            public_url,
            mail_from,
            addr,
        } => {
            use crate::accounts::reset::{self, AskedBy, Outcome};
            let settings = mail_settings(mail_from, public_url.as_deref(), addr);
            match reset::request(&pool, &settings, &email, AskedBy::CommandLine).await? {
                Outcome::Queued => eprintln!(
                    "queued a reset link for {} (links start at {}); the running hub sends it",
                    email.trim().to_lowercase(),
                    settings.base_url
                ),
                Outcome::NoAccount => return Err(HubError::NotFound(format!("an account with the email {email}"))),
                Outcome::TooMany => {
                    return Err(HubError::Conflict(format!(
                        "{email} was sent {} reset links in the last hour; wait before sending another",
                        reset::MOST_PER_HOUR
                    )))
                }
            }
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
