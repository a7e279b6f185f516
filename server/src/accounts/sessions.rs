//! Sessions kept in the database (they survive a restart and, later, are shared by replicas):
//! a `tower_sessions` store over the hub's pool, and what a session says about who is signed in.

use super::store::AccountId;
use crate::error::HubError;
use sqlx::AnyPool;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use tower_sessions::cookie::time::{Duration, OffsetDateTime};
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// The session's key for the signed-in account.
const ACCOUNT: &str = "account";
pub const COOKIE: &str = "hub_session";
/// A session nobody uses for this long ends.
const IDLE_DAYS: i64 = 14;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    pool: AnyPool,
}

impl DbSessionStore {
    pub fn new(pool: AnyPool) -> DbSessionStore {
        DbSessionStore { pool }
    }

    /// Removes expired sessions; run now and then.
    pub async fn delete_expired(&self) -> Result<u64, HubError> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(OffsetDateTime::now_utc().unix_timestamp())
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}

/// Deletes expired sessions now and then, for as long as the server runs.
pub fn spawn_expiry(pool: AnyPool, every: std::time::Duration) {
    let store = DbSessionStore::new(pool);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
}

/// Over TLS the cookie is `__Host-` prefixed: browsers then keep it only if it is Secure, for
/// the whole site, and set by this very host, so no sibling subdomain can plant or shadow it.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

pub const SECURE_COOKIE: &str = "__Host-hub_session";

/// The layer that gives every request its session: an HttpOnly, SameSite=Lax cookie, Secure
/// when the hub is served over TLS.
pub fn layer(pool: AnyPool, secure: bool) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(pool))
        .with_name(cookie_name(secure))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(Duration::days(IDLE_DAYS)))
}

/// The store's errors are strings; one that means the database is out of reach is marked so
/// `session_error` can answer 503 rather than 500.
const UNAVAILABLE: &str = "unavailable: ";

fn backend(e: sqlx::Error) -> session_store::Error {
    if crate::error::unavailable(&e) {
        session_store::Error::Backend(format!("{UNAVAILABLE}{e}"))
    } else {
        session_store::Error::Backend(e.to_string())
    }
}

fn account_of(record: &Record) -> Option<i64> {
    record
        .data
        .get(ACCOUNT)
        .and_then(|v| serde_json::from_value::<AccountId>(v.clone()).ok())
        .map(|a| a.0)
}

async fn upsert(pool: &AnyPool, record: &Record, insert_only: bool) -> Result<bool, session_store::Error> {
    let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let sql = if insert_only {
        "INSERT INTO sessions (id, account_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING"
    } else {
        "INSERT INTO sessions (id, account_id, data, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, data = excluded.data,
         expires_at = excluded.expires_at"
    };
    let done = sqlx::query(sql)
        .bind(stored_id(&record.id))
        .bind(account_of(record))
        .bind(data)
        .bind(record.expiry_date.unix_timestamp())
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected() == 1)
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A new id that happens to exist already is drawn again, never overwritten.
        while !upsert(&self.pool, record, true).await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        upsert(&self.pool, record, false).await.map(|_| ())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(stored_id(id))
                .bind(OffsetDateTime::now_utc().unix_timestamp())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        let Some((data, expires_at)) = row else { return Ok(None) };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?,
            expiry_date: OffsetDateTime::from_unix_timestamp(expires_at)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(stored_id(id))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

fn session_error(e: tower_sessions::session::Error) -> HubError {
    match &e {
        tower_sessions::session::Error::Store(session_store::Error::Backend(why)) if why.starts_with(UNAVAILABLE) => {
            HubError::Unavailable(format!("session store: {}", &why[UNAVAILABLE.len()..]))
        }
        _ => HubError::Corrupt(format!("session store: {e}")),
    }
}

/// The account this session is signed in as, if any.
pub async fn account(session: &Session) -> Result<Option<AccountId>, HubError> {
    session.get::<AccountId>(ACCOUNT).await.map_err(session_error)
}

/// Signs the session in: a new session id first, so an id planted before sign-in is useless.
pub async fn sign_in(session: &Session, id: AccountId) -> Result<(), HubError> {
    session.cycle_id().await.map_err(session_error)?;
    session.insert(ACCOUNT, id).await.map_err(session_error)?;
    // Saved now rather than at the end of the response, so the id is on record at once.
    session.save().await.map_err(session_error)
}

/// Ends the session: its record is deleted and the cookie cleared.
pub async fn sign_out(session: &Session) -> Result<(), HubError> {
    session.flush().await.map_err(session_error)
}

/// How long a value kept for one showing waits to be shown.
const ONCE_FOR_SECONDS: i64 = 120;

/// Keeps `value` under `key` in the session until [`take_once`] reads it, for two minutes at
/// most: how a secret link's address, stored only as a digest, is shown once to whoever just
/// made it, on the page their form returns to (with or without the wasm), which reads it a
/// moment later.
pub async fn keep_once(session: &Session, key: &str, value: &str) -> Result<(), HubError> {
    let until = OffsetDateTime::now_utc().unix_timestamp() + ONCE_FOR_SECONDS;
    session
        .insert(&format!("once.{key}"), (value, until))
        .await
        .map_err(session_error)
}

/// The value kept under `key`, removed from the session as it is read; none once its two
/// minutes are up. A page can render its parts more than once while one request is answered
/// (Leptos re-runs a view when what it waits for arrives), so a value taken stays readable to
/// the same `request` (a tag unique to it), in this process only and never written back: every
/// rendering of that page shows it, and the next request does not. Two renderings can ask at
/// the same moment, so the first takes it and the other waits for what it took (checking a
/// memo, then taking, lets both miss the memo and the second find the session emptied).
pub async fn take_once(session: &Session, key: &str, request: &str) -> Result<Option<String>, HubError> {
    type Taken = Arc<tokio::sync::OnceCell<Option<String>>>;
    /// (request, key) → what its first reading took, and when.
    type Shown = HashMap<(String, String), (Taken, std::time::Instant)>;
    static SHOWN: LazyLock<Mutex<Shown>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    const FORGOTTEN_AFTER: std::time::Duration = std::time::Duration::from_secs(30);
    let taken = {
        let mut shown = SHOWN.lock().unwrap_or_else(|e| e.into_inner());
        let now = std::time::Instant::now();
        shown.retain(|_, (_, at)| now.duration_since(*at) < FORGOTTEN_AFTER);
        shown
            .entry((request.to_string(), key.to_string()))
            .or_insert_with(|| (Taken::default(), now))
            .0
            .clone()
    };
    taken.get_or_try_init(|| take_from(session, key)).await.cloned()
}

/// The value kept under `key`, left where it is: for a caller that takes it only when it is
/// the one it wants.
pub async fn peek_once(session: &Session, key: &str) -> Result<Option<String>, HubError> {
    let kept = session
        .get::<(String, i64)>(&format!("once.{key}"))
        .await
        .map_err(session_error)?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    Ok(kept.filter(|(_, until)| *until >= now).map(|(value, _)| value))
}

/// Removes the value kept under `key` and gives it back if its time is not up: for a reader
/// that runs once per request (a middleware), where [`take_once`]'s memo is not needed.
pub async fn take_from(session: &Session, key: &str) -> Result<Option<String>, HubError> {
    let kept = session
        .remove::<(String, i64)>(&format!("once.{key}"))
        .await
        .map_err(session_error)?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    Ok(kept.filter(|(_, until)| *until >= now).map(|(value, _)| value))
}

/// The id of this session as stored, for "end every other session".
pub fn id(session: &Session) -> Option<String> {
    session.id().map(|id| stored_id(&id))
}

/// A session's key in the table: the digest of the id the cookie carries, never the id.
fn stored_id(id: &Id) -> String {
    crate::secret::digest(&id.to_string())
}
