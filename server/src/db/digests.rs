//! Secrets at rest are digests (`secret::digest`): session ids and the tokens of invite,
//! collection and calendar links. Databases from before that held them as they were; this
//! turns those into digests once, after the migrations, so every link and session already
//! handed out keeps working. A digest is 64 hex digits and no secret ever had that length, so
//! it is safe to run on every start, on any number of replicas at once.

use crate::error::HubError;
use crate::secret::digest;
use sqlx::AnyPool;

/// (table, column) pairs that hold a secret, each the key of its row or unique.
const SECRETS: [(&str, &str); 4] = [
    ("sessions", "id"),
    ("teams", "invite_token"),
    ("collections", "share_token"),
    ("calendar_feeds", "token"),
];

pub async fn digest_plain_secrets(pool: &AnyPool) -> Result<u64, HubError> {
    let mut changed = 0;
    for (table, column) in SECRETS {
        let plain: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT {column} FROM {table} WHERE {column} IS NOT NULL AND LENGTH({column}) <> 64"
        ))
        .fetch_all(pool)
        .await?;
        if plain.is_empty() {
            continue;
        }
        let mut tx = super::begin_write(pool).await?;
        for secret in plain {
            changed += sqlx::query(&format!("UPDATE {table} SET {column} = $2 WHERE {column} = $1"))
                .bind(secret.clone())
                .bind(digest(&secret))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
    }
    Ok(changed)
}
