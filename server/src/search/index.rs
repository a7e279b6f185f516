//! The index's life cycle. The database is the only source of truth: the index lives in the
//! data directory, is built from the database when missing, corrupt or of another schema
//! version, and follows every change by polling `updated_at` (so imports from the command line,
//! and later other replicas, show up too).

use super::counting::FacetBits;
use super::document::document;
use super::fields::{self, Fields, SCHEMA_VERSION};
use super::intent::{self, Intents};
use super::synonyms::{Synonyms, BUILT_IN};
use crate::catalog::store;
use crate::error::HubError;
use sqlx::AnyPool;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

const VERSION_FILE: &str = "hub-schema-version";
const WRITER_MEMORY: usize = 50_000_000;
/// How far back each poll looks, so a transaction that committed late is still seen.
const POLL_OVERLAP_MS: i64 = 10_000;

pub struct SearchIndex {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub(super) fields: Fields,
    pub(super) synonyms: RwLock<Synonyms>,
    /// Words that name a property (cost, credits, format, kind, discipline, audience).
    pub(super) intents: Intents,
    /// slug → updated_at of every resource the index reflects (drafts included, as absent).
    seen: Mutex<HashMap<String, String>>,
    /// The resources table's fingerprint at the last poll that found nothing new: a poll that
    /// finds it unchanged skips reading rows (after a bulk import every row shares one
    /// `updated_at`, and re-reading them all four times a second would keep a core busy).
    quiet: Mutex<Option<Fingerprint>>,
    /// When the admins' synonym list in force was saved (None: the file or built-in list).
    synonyms_at: Mutex<Option<String>>,
    /// Facet values as bitsets, for the searcher generation they were read from.
    facet_bits: Mutex<Option<Arc<FacetBits>>>,
    /// Set once a catch-up has brought the index in line with the whole database: listings
    /// read from it from then on.
    ready: AtomicBool,
    dir: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fingerprint {
    rows: i64,
    versions: i64,
}

/// Why the index was (re)built at start, if it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenOutcome {
    Opened,
    Created(String),
}

fn open_existing(dir: &Path) -> Result<Index, String> {
    let version = std::fs::read_to_string(dir.join(VERSION_FILE)).map_err(|_| "no schema version file".to_string())?;
    if version.trim() != SCHEMA_VERSION.to_string() {
        return Err(format!("schema version {} (expected {SCHEMA_VERSION})", version.trim()));
    }
    let index = Index::open_in_dir(dir).map_err(|e| format!("cannot open: {e}"))?;
    let (expected, _) = fields::schema();
    if index.schema() != expected {
        return Err("schema differs".into());
    }
    let corrupt = index.validate_checksum().map_err(|e| format!("cannot check: {e}"))?;
    if !corrupt.is_empty() {
        return Err(format!("{} corrupt file(s)", corrupt.len()));
    }
    Ok(index)
}

impl SearchIndex {
    /// The facet bitsets of `searcher`'s generation, read once per generation (after each
    /// commit) and shared by every search on it.
    pub(super) fn facet_bits(&self, searcher: &tantivy::Searcher) -> Result<Arc<FacetBits>, HubError> {
        let generation = searcher.generation().generation_id();
        if let Some(bits) = self.facet_bits.lock().expect("facet bits lock").as_ref() {
            if bits.generation() == generation {
                return Ok(bits.clone());
            }
        }
        let bits = FacetBits::build(searcher, self.fields.facet)?;
        let mut cached = self.facet_bits.lock().expect("facet bits lock");
        // A search on a newer generation may have stored its bitsets meanwhile: keep the newest.
        if cached.as_ref().is_none_or(|c| c.generation() < generation) {
            *cached = Some(bits.clone());
        }
        Ok(bits)
    }

    /// Opens the index in `dir`, or builds an empty one there when it is missing or unusable
    /// (the caller then fills it with [`SearchIndex::catch_up`]).
    pub fn open(dir: &Path, synonyms_file: Option<&Path>) -> Result<(SearchIndex, OpenOutcome), HubError> {
        let (schema, fields) = fields::schema();
        // A damaged file can make tantivy panic rather than fail; either way the index is rebuilt.
        let checked = dir.exists().then(|| {
            std::panic::catch_unwind(|| open_existing(dir))
                .unwrap_or_else(|_| Err("unreadable index files".to_string()))
        });
        let (index, outcome) = match checked {
            Some(Ok(index)) => (index, OpenOutcome::Opened),
            other => {
                let why = match other {
                    None => "no index yet".to_string(),
                    Some(Err(why)) => why,
                    Some(Ok(_)) => unreachable!(),
                };
                if dir.exists() {
                    std::fs::remove_dir_all(dir).map_err(HubError::io(format!("cannot clear {}", dir.display())))?;
                }
                std::fs::create_dir_all(dir).map_err(HubError::io(format!("cannot create {}", dir.display())))?;
                let index = Index::create_in_dir(dir, schema)?;
                std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())
                    .map_err(HubError::io("cannot write the index version"))?;
                (index, OpenOutcome::Created(why))
            }
        };
        fields::register(index.tokenizers());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        // One indexing thread: documents land in one segment in a fixed order, so scores and the
        // order of ties never depend on thread scheduling.
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let synonyms = load_synonyms(synonyms_file)?;
        Ok((
            SearchIndex {
                index,
                reader,
                writer: Mutex::new(writer),
                fields,
                synonyms: RwLock::new(synonyms),
                intents: load_intents(),
                seen: Mutex::new(HashMap::new()),
                quiet: Mutex::new(None),
                facet_bits: Mutex::new(None),
                ready: AtomicBool::new(false),
                synonyms_at: Mutex::new(None),
                dir: dir.to_path_buf(),
            },
            outcome,
        ))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the index has caught up with the whole database at least once.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Uses `text` as the synonym list from the next query on; `saved_at` is when admins saved it.
    pub fn set_synonyms(&self, text: &str, saved_at: Option<String>) -> usize {
        let mut analyzer = fields::plain();
        let synonyms = Synonyms::parse(text, |phrase| fields::words(&mut analyzer, phrase));
        let n = synonyms.len();
        *self.synonyms.write().expect("synonyms lock") = synonyms;
        *self.synonyms_at.lock().expect("synonyms lock") = saved_at;
        n
    }

    /// Picks up the admins' synonym list when it changed in the database (saved through this
    /// process or another one).
    async fn follow_synonyms(&self, pool: &AnyPool) -> Result<(), HubError> {
        let Some(saved_at) = sqlx::query_scalar::<_, String>("SELECT updated_at FROM synonym_list WHERE id = 1")
            .fetch_optional(pool)
            .await?
        else {
            return Ok(());
        };
        if self.synonyms_at.lock().expect("synonyms lock").as_deref() == Some(saved_at.as_str()) {
            return Ok(());
        }
        let body: String = sqlx::query_scalar("SELECT body FROM synonym_list WHERE id = 1")
            .fetch_one(pool)
            .await?;
        self.set_synonyms(&body, Some(saved_at));
        Ok(())
    }

    /// Brings the index in line with the whole database; returns how many documents changed.
    /// At start, after [`SearchIndex::open`]: the index holds exactly the published resources.
    pub async fn catch_up(&self, pool: &AnyPool) -> Result<usize, HubError> {
        self.follow_synonyms(pool).await?;
        let current: HashMap<String, String> = sqlx::query_as("SELECT slug, updated_at FROM resources")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
        // What the index holds is only known for sure after a full pass: re-add everything
        // when this process has not indexed it itself.
        let fresh = self.seen.lock().expect("seen lock").is_empty();
        let changed: Vec<String> = if fresh {
            let writer = self.writer.lock().expect("writer lock");
            writer.delete_all_documents()?;
            current.keys().cloned().collect()
        } else {
            let seen = self.seen.lock().expect("seen lock");
            let mut changed: Vec<String> = current
                .iter()
                .filter(|(s, u)| seen.get(*s) != Some(*u))
                .map(|(s, _)| s.clone())
                .collect();
            changed.extend(seen.keys().filter(|s| !current.contains_key(*s)).cloned());
            changed
        };
        // A fixed order keeps document order, and so the ranking of ties, the same every time.
        let mut changed = changed;
        changed.sort();
        self.apply(pool, &changed).await?;
        *self.seen.lock().expect("seen lock") = current;
        self.ready.store(true, Ordering::Release);
        Ok(changed.len())
    }

    /// Picks up resources changed since the last poll (with some overlap); cheap when nothing
    /// changed. Returns how many documents changed.
    pub async fn poll(&self, pool: &AnyPool) -> Result<usize, HubError> {
        self.follow_synonyms(pool).await?;
        // Every write bumps a row's version or adds a row, so an unchanged count and sum of
        // versions means nothing was committed since the last quiet poll, however late.
        let fingerprint = {
            let (rows, versions) =
                sqlx::query_as("SELECT COUNT(*) AS n, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS v FROM resources")
                    .fetch_one(pool)
                    .await?;
            Fingerprint { rows, versions }
        };
        if *self.quiet.lock().expect("quiet lock") == Some(fingerprint) {
            return Ok(0);
        }
        let since = {
            let seen = self.seen.lock().expect("seen lock");
            let newest = seen.values().max().cloned();
            newest
                .and_then(|n| chrono::DateTime::parse_from_rfc3339(&n).ok())
                .map(|n| {
                    (n - chrono::Duration::milliseconds(POLL_OVERLAP_MS))
                        .with_timezone(&chrono::Utc)
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                })
                .unwrap_or_default()
        };
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT slug, updated_at FROM resources WHERE updated_at >= $1")
                .bind(since)
                .fetch_all(pool)
                .await?;
        let mut changed = Vec::new();
        {
            let seen = self.seen.lock().expect("seen lock");
            for (slug, updated) in rows {
                if seen.get(&slug) != Some(&updated) {
                    changed.push((slug, updated));
                }
            }
        }
        if changed.is_empty() {
            *self.quiet.lock().expect("quiet lock") = Some(fingerprint);
            return Ok(0);
        }
        let slugs: Vec<String> = changed.iter().map(|(s, _)| s.clone()).collect();
        self.apply(pool, &slugs).await?;
        let mut seen = self.seen.lock().expect("seen lock");
        for (slug, updated) in changed {
            seen.insert(slug, updated);
        }
        Ok(slugs.len())
    }

    /// Indexes records directly, replacing documents with the same slugs; for benchmarks and
    /// tools that hold records rather than a database.
    pub fn index_records(&self, records: &[(crate::catalog::format::ResourceRecord, String)]) -> Result<(), HubError> {
        let titles: HashMap<&str, &str> = records
            .iter()
            .filter(|(r, _)| r.kind == "organization")
            .map(|(r, _)| (r.slug.as_str(), r.title.as_str()))
            .collect();
        let mut writer = self.writer.lock().expect("writer lock");
        for (r, updated_at) in records.iter().filter(|(r, _)| r.status == "published") {
            writer.delete_term(Term::from_field_text(self.fields.slug, &r.slug));
            let provider = r.provider.as_deref().and_then(|p| titles.get(p).copied());
            writer.add_document(document(&self.fields, r, provider, updated_at))?;
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Re-indexes these resources from the database (removing drafts and vanished ones), then
    /// commits and makes the result searchable at once.
    async fn apply(&self, pool: &AnyPool, slugs: &[String]) -> Result<(), HubError> {
        if slugs.is_empty() {
            return Ok(());
        }
        let mut conn = pool.acquire().await?;
        let titles: HashMap<String, String> =
            sqlx::query_as("SELECT slug, title FROM resources WHERE kind = 'organization' AND deleted_at IS NULL")
                .fetch_all(&mut *conn)
                .await?
                .into_iter()
                .collect();
        // A provider's title is searched with its resources and shown on their cards: when a
        // provider changes, its resources' documents do too.
        let mut wanted: std::collections::HashSet<String> = slugs.iter().cloned().collect();
        let docs: Vec<store::Stored> = if slugs.len() > 2000 {
            let all = store::load(&mut conn, None).await?;
            wanted.extend(
                all.iter()
                    .filter(|s| s.record.provider.as_ref().is_some_and(|p| wanted.contains(p)))
                    .map(|s| s.record.slug.clone())
                    .collect::<Vec<_>>(),
            );
            all.into_iter().filter(|s| wanted.contains(&s.record.slug)).collect()
        } else {
            for chunk in slugs.chunks(500) {
                let marks = (1..=chunk.len())
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "SELECT r.slug FROM resources r JOIN resources p ON p.id = r.provider_id WHERE p.slug IN ({marks})"
                );
                let mut q = sqlx::query_scalar::<_, String>(&sql);
                for slug in chunk {
                    q = q.bind(slug.clone());
                }
                wanted.extend(q.fetch_all(&mut *conn).await?);
            }
            let mut sorted: Vec<String> = wanted.iter().cloned().collect();
            sorted.sort();
            let mut docs = Vec::with_capacity(sorted.len());
            for chunk in sorted.chunks(500) {
                docs.extend(store::load_many(&mut conn, chunk).await?);
            }
            docs
        };
        let mut slugs: Vec<String> = wanted.into_iter().collect();
        slugs.sort();
        drop(conn);
        let mut writer = self.writer.lock().expect("writer lock");
        for slug in &slugs {
            writer.delete_term(Term::from_field_text(self.fields.slug, slug));
        }
        for s in docs.iter().filter(|s| s.is_public()) {
            let provider = s
                .record
                .provider
                .as_ref()
                .and_then(|p| titles.get(p))
                .map(String::as_str);
            writer.add_document(document(&self.fields, &s.record, provider, &s.updated_at))?;
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }
}

fn load_synonyms(file: Option<&Path>) -> Result<Synonyms, HubError> {
    let text = match file.filter(|f| f.exists()) {
        Some(f) => std::fs::read_to_string(f).map_err(HubError::io(format!("cannot read {}", f.display())))?,
        None => BUILT_IN.to_string(),
    };
    let mut analyzer = fields::plain();
    Ok(Synonyms::parse(&text, |phrase| fields::words(&mut analyzer, phrase)))
}

fn load_intents() -> Intents {
    let mut analyzer = fields::plain();
    Intents::parse(intent::BUILT_IN, |phrase| fields::words(&mut analyzer, phrase))
}

/// Runs [`SearchIndex::poll`] every `interval` until the process ends.
pub fn spawn_poller(index: Arc<SearchIndex>, pool: AnyPool, interval: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = index.poll(&pool).await {
                tracing::warn!(error = %e, "search index poll failed; will retry");
            }
        }
    });
}
