//! Revocation through a W3C Bitstring Status List: each certificate holds a random place in a
//! list of 131,072 (the spec's minimum size, so one place says nothing about how many
//! certificates exist); a revoked certificate's bit is 1. A list is published as a signed
//! credential whose `encodedList` is the multibase (`u`, base64url without padding) of the
//! GZIP-compressed bits, the first place being the most significant bit of the first byte.

use crate::audit::{self, Actor};
use crate::db::now;
use crate::error::HubError;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use sqlx::AnyPool;
use std::io::Write;

/// Places in one list.
pub const LIST_SIZE: i64 = 131_072;
/// A list takes new certificates until it is this full, so a random place is found quickly.
const FILL: i64 = LIST_SIZE / 2;
/// Longest a revocation's reason may be.
pub const MAX_REASON: usize = 500;

/// A certificate's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub list: i64,
    pub index: i64,
}

/// Where a certificate stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub place: Place,
    /// When and why it was revoked.
    pub revoked: Option<(String, String)>,
}

/// The certificate's place, given on first ask: a random free one in the newest list with room.
pub async fn place(pool: &AnyPool, code: &str) -> Result<Standing, HubError> {
    for _ in 0..64 {
        if let Some(found) = read(pool, code).await? {
            return Ok(found);
        }
        let (list, used): (Option<i64>, i64) = sqlx::query_as(
            "SELECT MAX(status_list), COUNT(*) FROM credential_status
             WHERE status_list = (SELECT MAX(status_list) FROM credential_status)",
        )
        .fetch_one(pool)
        .await?;
        let list = match list {
            Some(l) if used < FILL => l,
            Some(l) => l + 1,
            None => 1,
        };
        let index = (OsRng.next_u64() % LIST_SIZE as u64) as i64;
        // A place taken (by another certificate, or by this one from another request) is
        // simply tried again; the loop then finds this certificate's place if it has one.
        let _ = sqlx::query(
            "INSERT INTO credential_status (status_list, status_index, certificate_code)
             SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM certificates WHERE code = $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(list)
        .bind(index)
        .bind(code.to_string())
        .execute(pool)
        .await?;
        if sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM certificates WHERE code = $1")
            .bind(code.to_string())
            .fetch_one(pool)
            .await?
            == 0
        {
            return Err(HubError::NotFound("certificate".into()));
        }
    }
    Err(HubError::Corrupt(
        "no free place in the certificates' status list".into(),
    ))
}

async fn read(pool: &AnyPool, code: &str) -> Result<Option<Standing>, HubError> {
    let row: Option<(i64, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT status_list, status_index, revoked_at, revoked_reason FROM credential_status WHERE certificate_code = $1",
    )
    .bind(code.to_string())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(list, index, at, reason)| Standing {
        place: Place { list, index },
        revoked: at.map(|at| (at, reason.unwrap_or_default())),
    }))
}

/// Revokes the certificate, for the reason given (audited with it). Revoking a revoked
/// certificate is refused, so the first reason stands.
pub async fn revoke(pool: &AnyPool, actor: &Actor, code: &str, reason: &str) -> Result<Standing, HubError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(HubError::BadRequest {
            param: "reason".into(),
            reason: "say why the certificate is revoked (it is kept in the audit log)".into(),
        });
    }
    if reason.chars().count() > MAX_REASON {
        return Err(HubError::BadRequest {
            param: "reason".into(),
            reason: format!("keep the reason to {MAX_REASON} characters"),
        });
    }
    let standing = place(pool, code).await?;
    if standing.revoked.is_some() {
        return Err(HubError::Conflict("this certificate is already revoked".into()));
    }
    let at = now();
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE credential_status SET revoked_at = $1, revoked_reason = $2
         WHERE certificate_code = $3 AND revoked_at IS NULL",
    )
    .bind(at.clone())
    .bind(reason.to_string())
    .bind(code.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(HubError::Conflict("this certificate is already revoked".into()));
    }
    let changes = audit::diff(
        &serde_json::json!({ "status": "valid" }),
        &serde_json::json!({ "status": "revoked", "reason": reason }),
    );
    audit::record(&mut tx, actor, "revoke", "certificate", code, &changes).await?;
    tx.commit().await?;
    Ok(Standing {
        revoked: Some((at, reason.to_string())),
        ..standing
    })
}

/// Whether a list has ever been given out (only those are published).
pub async fn exists(pool: &AnyPool, list: i64) -> Result<bool, HubError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM credential_status WHERE status_list = $1")
            .bind(list)
            .fetch_one(pool)
            .await?
            > 0,
    )
}

/// The list's `encodedList`.
pub async fn encoded_list(pool: &AnyPool, list: i64) -> Result<String, HubError> {
    let revoked: Vec<i64> = sqlx::query_scalar(
        "SELECT status_index FROM credential_status WHERE status_list = $1 AND revoked_at IS NOT NULL",
    )
    .bind(list)
    .fetch_all(pool)
    .await?;
    Ok(encode(&revoked))
}

/// The bits with these places set, compressed and encoded.
pub fn encode(set: &[i64]) -> String {
    let mut bits = vec![0u8; (LIST_SIZE / 8) as usize];
    for &i in set.iter().filter(|i| (0..LIST_SIZE).contains(*i)) {
        bits[(i / 8) as usize] |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bits).expect("writing to memory");
    format!("u{}", B64.encode(gz.finish().expect("writing to memory")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_bits_are_most_significant_first_and_gzipped() {
        let encoded = encode(&[0, 9, LIST_SIZE - 1]);
        let packed = B64.decode(encoded.strip_prefix('u').unwrap()).unwrap();
        let mut bits = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut bits)
            .unwrap();
        assert_eq!(bits.len(), 16_384);
        assert_eq!(bits[0], 0b1000_0000);
        assert_eq!(bits[1], 0b0100_0000);
        assert_eq!(bits[16_383], 0b0000_0001);
        assert_eq!(bits.iter().map(|b| b.count_ones()).sum::<u32>(), 3);
        // An empty list compresses to almost nothing.
        assert!(encode(&[]).len() < 100);
    }
}
