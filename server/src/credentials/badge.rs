//! A certificate as an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential 2.0):
//! what the certificate page says, in the vocabulary a wallet, an employer's verifier or a
//! licensing board's reader understands. Built once, at the first request for it, and kept
//! signed (`credentials::signed`).

use super::status::Standing;
use app::model::Certificate;
use serde_json::{json, Value};

pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// Controlled identifiers: the issuer's profile lists its key as a verification method.
pub const CID_CONTEXT: &str = "https://www.w3.org/ns/cid/v1";

/// The hub as issuer: its profile's address, served at `/issuer`.
pub fn issuer(base: &str) -> Value {
    json!({
        "id": format!("{base}/issuer"),
        "type": ["Profile"],
        "name": "Champion Hub",
        "url": format!("{base}/"),
        "description": "Champion Hub lists palliative care education for clinicians and records each learner's progress through it.",
    })
}

/// The address of a certificate's page, which is also its credential's id.
pub fn page(base: &str, code: &str) -> String {
    format!("{base}/certificates/{code}")
}

/// The address of a status list credential.
pub fn status_list_url(base: &str, list: i64) -> String {
    format!("{base}/credentials/status/{list}")
}

/// The certificate as an unsigned credential.
pub fn credential(c: &Certificate, standing: &Standing, base: &str) -> Value {
    let here = page(base, &c.code);
    let achievement_id = if c.href.is_empty() {
        format!("{here}#achievement")
    } else {
        format!("{base}{}", c.href)
    };
    let what = c.subject_label.to_lowercase();
    let mut description = format!("Completion of the {what} “{}” on Champion Hub.", c.title);
    if !c.credits.is_empty() {
        description.push_str(&format!(
            " Its provider states it offers {}; that credit is awarded by the provider, not by Champion Hub.",
            c.credits.join(", ")
        ));
    }
    let criteria = if c.subject_label == "Pathway" {
        "Every step of the pathway completed, as recorded on Champion Hub.".to_string()
    } else {
        format!("Every unit of the {what} completed (items opened and marked done, quizzes passed, sessions attended), as recorded on Champion Hub.")
    };
    let list_url = status_list_url(base, standing.place.list);
    let mut vc = json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": here,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("Certificate of completion: {}", c.title),
        "issuer": issuer(base),
        "validFrom": c.issued_at,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": false,
                "identityHash": c.learner_name,
            }],
            "activityEndDate": format!("{}T00:00:00Z", c.completed_on),
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion",
                "name": c.title,
                "description": description,
                "criteria": { "narrative": criteria },
            },
        },
        "credentialStatus": {
            "id": format!("{list_url}#{}", standing.place.index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": standing.place.index.to_string(),
            "statusListCredential": list_url,
        },
    });
    if c.self_reported {
        vc["evidence"] = json!([{
            "type": ["Evidence"],
            "name": "Self-reported attendance",
            "narrative": "Some of this activity (attendance at a live session) was reported by the learner and not confirmed by Champion Hub or the provider.",
        }]);
    }
    vc
}

/// A status list as an unsigned credential.
pub fn status_list(base: &str, list: i64, encoded: String, valid_from: &str) -> Value {
    let url = status_list_url(base, list);
    json!({
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": format!("{base}/issuer"),
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    })
}

/// A signed credential in the JSON form VC 2.0 gives a JOSE-secured one.
pub fn enveloped(jws: &str) -> Value {
    json!({
        "@context": [VC_CONTEXT],
        "id": format!("data:application/vc+jwt,{jws}"),
        "type": "EnvelopedVerifiableCredential",
    })
}
