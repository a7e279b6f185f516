//! Verifiable certificates: each completion certificate is also an Open Badges 3.0 credential
//! (W3C VC 2.0) secured with VC-JOSE (a compact JWS signed by the hub's Ed25519 key, which
//! `/.well-known/jwks.json` publishes), revocable through a Bitstring Status List.

pub mod badge;
pub mod keys;
pub mod printed;
pub mod status;

use crate::error::HubError;
use crate::progress::certificates;
use app::model::Certificate;
use keys::Issuer;
use sqlx::AnyPool;

/// Puts this process's key in the published key set, once per process.
pub async fn publish(pool: &AnyPool, issuer: &Issuer) -> Result<(), HubError> {
    use std::sync::atomic::Ordering;
    if issuer.published.load(Ordering::Relaxed) {
        return Ok(());
    }
    sqlx::query("INSERT INTO issuer_keys (thumbprint, x, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(issuer.thumbprint().to_string())
        .bind(issuer.x())
        .bind(crate::db::now())
        .execute(pool)
        .await?;
    issuer.published.store(true, Ordering::Relaxed);
    Ok(())
}

/// Every key the hub has signed with, as public JWKs, oldest first.
pub async fn public_keys(pool: &AnyPool, issuer: &Issuer, base: &str) -> Result<Vec<serde_json::Value>, HubError> {
    publish(pool, issuer).await?;
    let keys: Vec<(String, String)> =
        sqlx::query_as("SELECT thumbprint, x FROM issuer_keys ORDER BY created_at, thumbprint")
            .fetch_all(pool)
            .await?;
    Ok(keys.iter().map(|(t, x)| keys::public_jwk(base, t, x)).collect())
}

/// A certificate with its credential, signed.
pub struct Signed {
    pub certificate: Certificate,
    pub standing: status::Standing,
    pub jws: String,
}

/// The certificate with this code and its signed credential; None for an unknown code.
pub async fn signed(pool: &AnyPool, issuer: &Issuer, code: &str, base: &str) -> Result<Option<Signed>, HubError> {
    let Some(certificate) = certificates::find(pool, code).await? else {
        return Ok(None);
    };
    publish(pool, issuer).await?;
    let standing = status::place(pool, &certificate.code).await?;
    // Signed once and kept: a credential does not change after it is issued (a resource's
    // credits or title edited later, or the hub moved, leave it as it was).
    let kept = |pool: AnyPool, code: String| async move {
        sqlx::query_scalar::<_, Option<String>>("SELECT credential FROM credential_status WHERE certificate_code = $1")
            .bind(code)
            .fetch_one(&pool)
            .await
    };
    let jws = match kept(pool.clone(), certificate.code.clone()).await? {
        Some(jws) => jws,
        None => {
            let jws = issuer.sign(&badge::credential(&certificate, &standing, base), base);
            // Two first requests at once: the first write wins, and both serve it.
            sqlx::query(
                "UPDATE credential_status SET credential = $1 WHERE certificate_code = $2 AND credential IS NULL",
            )
            .bind(jws)
            .bind(certificate.code.clone())
            .execute(pool)
            .await?;
            kept(pool.clone(), certificate.code.clone())
                .await?
                .ok_or_else(|| HubError::Corrupt("a credential was not kept".into()))?
        }
    };
    Ok(Some(Signed {
        certificate,
        standing,
        jws,
    }))
}

/// A status list's credential, signed now; None for a list never given out.
pub async fn status_list(pool: &AnyPool, issuer: &Issuer, list: i64, base: &str) -> Result<Option<String>, HubError> {
    if !status::exists(pool, list).await? {
        return Ok(None);
    }
    publish(pool, issuer).await?;
    let encoded = status::encoded_list(pool, list).await?;
    let valid_from = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(Some(
        issuer.sign(&badge::status_list(base, list, encoded, &valid_from), base),
    ))
}
