//! The index's life cycle. The database is the only source of truth: the index lives in the
//! data directory and follows the database's numbered changes (`resource_changes`, written by
//! triggers), so imports from the command line and other replicas' writes show up too. Each
//! commit records the change it is caught up to; a restart reads only what came after. It is
//! rebuilt only when missing, corrupt, of another schema version, or behind what the database
//! still keeps.

use super::counting::FacetBits;
use super::document::document;
use super::fields::{self, Fields, SCHEMA_VERSION};
use super::follow::Follow;
use super::intent::{self, Intents};
use super::synonyms::{Synonyms, BUILT_IN};
use crate::catalog::home_cache::CatalogMark;
use crate::catalog::store;
use crate::db::{self, Backend};
use crate::error::HubError;
use sqlx::AnyPool;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

const VERSION_FILE: &str = "hub-schema-version";
const WRITER_MEMORY: usize = 50_000_000;
/// How many numbered changes the database keeps: an index further behind is rebuilt.
const CHANGES_KEPT: i64 = 200_000;
/// How often a poll also prunes older changes.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

pub struct SearchIndex {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub(super) fields: Fields,
    pub(super) synonyms: RwLock<Synonyms>,
    /// Words that name a property (cost, credits, format, kind, discipline, audience).
    pub(super) intents: Intents,
    /// Which database changes the index reflects (one poll at a time).
    follow: tokio::sync::Mutex<Follow>,
    /// The change the index on disk was caught up to when opened (None: built now, or by a
    /// tool that records none).
    opened_through: Option<i64>,
    /// When changes were last pruned.
    pruned_at: Mutex<Option<std::time::Instant>>,
    /// When the admins' synonym list in force was saved (None: the file or built-in list).
    synonyms_at: Mutex<Option<String>>,
    /// Facet values as bitsets, for the searcher generation they were read from.
    facet_bits: Mutex<Option<Arc<FacetBits>>>,
    /// Set once a catch-up has brought the index in line with the whole database: listings
    /// read from it from then on.
    ready: AtomicBool,
    /// The newest numbered pathway change seen by the last poll (`pathway_changes`): pathways
    /// are not indexed, but pages built from them are kept until the catalog moves, and the
    /// poller is what watches the catalog.
    pathways_seen: AtomicI64,
    /// How many times the synonym list in force was replaced: a search page kept under the
    /// catalog's mark was ranked with the list of its time.
    synonyms_changed: AtomicU64,
    dir: PathBuf,
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
        // A new day redraws what has ended.
        let today = crate::catalog::present::today();
        if let Some(bits) = self.facet_bits.lock().expect("facet bits lock").as_ref() {
            if bits.generation() == generation && bits.day() == today {
                return Ok(bits.clone());
            }
        }
        let bits = FacetBits::build(searcher, self.fields.facet, &today)?;
        let mut cached = self.facet_bits.lock().expect("facet bits lock");
        // A search on a newer generation may have stored its bitsets meanwhile: keep the newest.
        if cached
            .as_ref()
            .is_none_or(|c| c.generation() < generation || (c.generation() == generation && c.day() < today.as_str()))
        {
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
        let opened_through = match outcome {
            OpenOutcome::Opened => index.load_metas()?.payload.and_then(|p| p.trim().parse::<i64>().ok()),
            OpenOutcome::Created(_) => None,
        };
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
                follow: tokio::sync::Mutex::new(Follow::default()),
                opened_through,
                pruned_at: Mutex::new(None),
                facet_bits: Mutex::new(None),
                ready: AtomicBool::new(false),
                pathways_seen: AtomicI64::new(0),
                synonyms_changed: AtomicU64::new(0),
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

    /// Where the catalog stood at the last poll, for pages kept until it moves; None until
    /// the index is ready (pages are then read afresh).
    pub fn catalog_mark(&self) -> Option<CatalogMark> {
        self.is_ready().then(|| CatalogMark {
            index: self.reader.searcher().generation().generation_id(),
            pathways: self.pathways_seen.load(Ordering::Acquire),
            synonyms: self.synonyms_changed.load(Ordering::Acquire),
            day: crate::catalog::present::today(),
        })
    }

    async fn follow_pathways(&self, pool: &AnyPool) -> Result<(), HubError> {
        let newest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM pathway_changes")
            .fetch_one(pool)
            .await?;
        self.pathways_seen.store(newest, Ordering::Release);
        Ok(())
    }

    /// Uses `text` as the synonym list from the next query on; `saved_at` is when admins saved it.
    pub fn set_synonyms(&self, text: &str, saved_at: Option<String>) -> usize {
        let mut analyzer = fields::plain();
        let synonyms = Synonyms::parse(text, |phrase| fields::words(&mut analyzer, phrase));
        let n = synonyms.len();
        *self.synonyms.write().expect("synonyms lock") = synonyms;
        *self.synonyms_at.lock().expect("synonyms lock") = saved_at;
        self.synonyms_changed.fetch_add(1, Ordering::AcqRel);
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
    /// At start, after [`SearchIndex::open`]: from the change the index on disk records, or by
    /// a rebuild when it records none, the database no longer keeps the changes after it, or
    /// the result does not hold exactly the published resources (a database restored or
    /// swapped under it).
    pub async fn catch_up(&self, pool: &AnyPool) -> Result<usize, HubError> {
        self.follow_synonyms(pool).await?;
        self.follow_pathways(pool).await?;
        let (lowest, highest): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT MIN(seq), MAX(seq) FROM resource_changes")
                .fetch_one(pool)
                .await?;
        let resumable = self
            .opened_through
            .filter(|&through| through <= highest.unwrap_or(0) && lowest.is_none_or(|lowest| through >= lowest - 1));
        let changed = match resumable {
            Some(through) => {
                *self.follow.lock().await = Follow::through(through);
                let changed = self.follow_changes(pool).await?;
                let public: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM resources WHERE status = 'published' AND deleted_at IS NULL",
                )
                .fetch_one(pool)
                .await?;
                if public as u64 == self.num_docs() {
                    changed
                } else {
                    tracing::warn!(
                        "the search index holds {} documents for {public} published resources; rebuilding",
                        self.num_docs()
                    );
                    self.rebuild(pool).await?
                }
            }
            None => self.rebuild(pool).await?,
        };
        self.ready.store(true, Ordering::Release);
        Ok(changed)
    }

    /// Re-indexes every resource, and notes which changes that covers.
    async fn rebuild(&self, pool: &AnyPool) -> Result<usize, HubError> {
        let mut follow = self.follow.lock().await;
        let postgres = db::backend(pool) == Backend::Postgres;
        // The changes visible now are covered by what is read next; any not yet visible
        // (PostgreSQL, still being written) are gaps the polls wait for.
        let oldest_running = if postgres {
            Some(snapshot_bound(pool, "xmin").await?)
        } else {
            None
        };
        let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM resource_changes ORDER BY seq")
            .fetch_all(pool)
            .await?;
        let mut next = Follow::through(seqs.first().map_or(0, |first| first - 1));
        next.applied(seqs);
        match oldest_running {
            Some(oldest) => next.settle_ended(oldest, snapshot_bound(pool, "xmax").await?),
            None => next.settle_all(),
        }
        let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM resources ORDER BY slug")
            .fetch_all(pool)
            .await?;
        self.writer.lock().expect("writer lock").delete_all_documents()?;
        self.apply(pool, &slugs, next.caught_up_to()).await?;
        *follow = next;
        Ok(slugs.len())
    }

    /// Picks up the changes made since the last poll; cheap when there are none. Returns how
    /// many documents changed.
    pub async fn poll(&self, pool: &AnyPool) -> Result<usize, HubError> {
        self.follow_synonyms(pool).await?;
        self.follow_pathways(pool).await?;
        let changed = self.follow_changes(pool).await?;
        self.prune_now_and_then(pool).await;
        Ok(changed)
    }

    async fn follow_changes(&self, pool: &AnyPool) -> Result<usize, HubError> {
        let mut follow = self.follow.lock().await;
        let postgres = db::backend(pool) == Backend::Postgres;
        let oldest_running = if postgres && follow.has_gaps() {
            snapshot_bound(pool, "xmin").await?
        } else {
            0
        };
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT seq, slug FROM resource_changes WHERE seq > $1 ORDER BY seq")
                .bind(follow.caught_up_to())
                .fetch_all(pool)
                .await?;
        let fresh: Vec<&(i64, String)> = rows.iter().filter(|(seq, _)| follow.is_new(*seq)).collect();
        let mut next = follow.clone();
        next.applied(fresh.iter().map(|(seq, _)| *seq));
        if next.has_gaps() {
            if postgres {
                next.settle_ended(oldest_running, snapshot_bound(pool, "xmax").await?);
            } else {
                next.settle_all();
            }
        }
        let mut slugs: Vec<String> = fresh.iter().map(|(_, slug)| slug.clone()).collect();
        slugs.sort();
        slugs.dedup();
        if !slugs.is_empty() {
            self.apply(pool, &slugs, next.caught_up_to()).await?;
        }
        *follow = next;
        Ok(slugs.len())
    }

    /// Deletes changes far older than the index's, every few minutes (an index that far behind
    /// is rebuilt at its next start anyway). A failure only means trying again later.
    async fn prune_now_and_then(&self, pool: &AnyPool) {
        {
            let mut pruned_at = self.pruned_at.lock().expect("prune lock");
            if pruned_at.is_some_and(|at| at.elapsed() < PRUNE_EVERY) {
                return;
            }
            *pruned_at = Some(std::time::Instant::now());
        }
        let through = self.follow.lock().await.caught_up_to();
        if let Err(e) = sqlx::query("DELETE FROM resource_changes WHERE seq < $1")
            .bind(through - CHANGES_KEPT)
            .execute(pool)
            .await
        {
            tracing::warn!(error = %e, "could not prune old resource changes; will retry");
        }
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
    /// commits, recording that the index is caught up to change `through`, and makes the result
    /// searchable at once.
    async fn apply(&self, pool: &AnyPool, slugs: &[String], through: i64) -> Result<(), HubError> {
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
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&through.to_string());
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }
}

/// A bound of the current PostgreSQL snapshot: `xmin`, the oldest transaction still running,
/// or `xmax`, the first not yet started.
async fn snapshot_bound(pool: &AnyPool, bound: &str) -> Result<u64, HubError> {
    let text: String = sqlx::query_scalar(&format!("SELECT pg_snapshot_{bound}(pg_current_snapshot())::text"))
        .fetch_one(pool)
        .await?;
    text.parse()
        .map_err(|_| HubError::Corrupt(format!("PostgreSQL gave a snapshot {bound} of {text:?}")))
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
