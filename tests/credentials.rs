//! Verifiable certificates and the transcript: a certificate's Open Badges 3.0 credential,
//! signed with the hub's Ed25519 key, checked here with a JWT library that is not the hub's
//! (`jsonwebtoken`, from crates.io) against the key set the hub publishes; refused once a byte
//! changes; read as revoked from the status list (decoded here from its published form) once an
//! admin revokes it, with the reason audited. The transcript as CSV and as a PDF read back by a
//! PDF parser that is not the hub's, filtered by dates and credit type.

use crate::support;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hub::audit::Actor;
use hub::progress::{certificates, units};
use reqwest::Client;
use serde_json::{json, Value};
use std::io::Read;
use support::people::{get, get_typed, person, post_form, post_plain_form_landing, PASSWORD};
use support::TestServer;

/// A resource made for these tests (example.org; no real provider's facts).
const FIXTURE: &str = "fixture-credential-recording";
const FIXTURE_TITLE: &str = "Fixture: a recorded session on breathlessness";

async fn fixture(server: &TestServer) {
    let record = json!({
        "slug": FIXTURE,
        "kind": "recorded_session",
        "title": FIXTURE_TITLE,
        "summary": "A resource made for the credential tests.",
        "url": "https://example.org/fixture-credential-recording",
        "topics": ["pain"],
        "credits": [{"type": "ANCC Contact Hours", "amount": 1.5}],
        "format": "on_demand",
        "language": "en",
        "status": "published"
    });
    let admin = Actor {
        id: None,
        name: "test admin".into(),
    };
    hub::admin::resources::create(&server.pool, &server.search, &admin, &record)
        .await
        .expect("fixture created");
}

/// Ana completes the fixture; her certificate's code.
async fn certified(server: &TestServer) -> (hub::accounts::AccountId, Client, String) {
    fixture(server).await;
    let (ana, client) = person(server, "Ana Credential", false).await;
    units::record(&server.pool, ana, FIXTURE, FIXTURE, app::model::Status::Completed)
        .await
        .unwrap();
    certificates::issue_due(&server.pool, ana).await.unwrap();
    let code: String = sqlx::query_scalar("SELECT code FROM certificates WHERE account_id = $1")
        .bind(ana.0)
        .fetch_one(&server.pool)
        .await
        .expect("a certificate");
    (ana, client, code)
}

/// The payload of `jws`, verified by `jsonwebtoken` with the key the hub publishes under the
/// JWS's `kid`; Err with the library's words when it does not verify.
fn verify(jws: &str, jwks: &Value) -> Result<Value, String> {
    let header = jsonwebtoken::decode_header(jws).map_err(|e| e.to_string())?;
    let jwks: jsonwebtoken::jwk::JwkSet = serde_json::from_value(jwks.clone()).map_err(|e| e.to_string())?;
    let jwk = jwks
        .find(header.kid.as_deref().ok_or("no kid")?)
        .ok_or("no published key has this kid")?;
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).map_err(|e| e.to_string())?;
    let mut rules = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    // A credential states its validity in `validFrom`, not in JWT claims.
    rules.required_spec_claims.clear();
    rules.validate_exp = false;
    rules.validate_aud = false;
    jsonwebtoken::decode::<Value>(jws, &key, &rules)
        .map(|t| t.claims)
        .map_err(|e| e.to_string())
}

/// Whether the status list credential at `url` (verified first) has bit `index` set.
async fn revoked_bit(client: &Client, url: &str, index: usize, jwks: &Value) -> bool {
    let (status, kind, jws) = get_typed(client, url).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/vc+jwt");
    let list = verify(&jws, jwks).expect("the status list verifies");
    assert_eq!(
        list["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(list["credentialSubject"]["statusPurpose"], "revocation");
    let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
    let packed = B64
        .decode(encoded.strip_prefix('u').expect("multibase base64url"))
        .unwrap();
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(&packed[..])
        .read_to_end(&mut bits)
        .unwrap();
    assert!(bits.len() >= 16 * 1024, "at least 16 KB of bits");
    bits[index / 8] & (0x80 >> (index % 8)) != 0
}

fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-"));
    pdf_extract::extract_text_from_mem(bytes).expect("the PDF parses")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_certificate_is_a_signed_credential_that_verifies_and_reads_revoked_once_revoked() {
    let server = TestServer::start().await;
    let (ana_id, ana, code) = certified(&server).await;
    let anyone = TestServer::browser();
    let base = &server.base;

    // The key, published.
    let (status, kind, body) = get_typed(&anyone, &format!("{base}/.well-known/jwks.json")).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/jwk-set+json");
    let jwks: Value = serde_json::from_str(&body).unwrap();
    let key = &jwks["keys"][0];
    assert_eq!(
        (key["kty"].as_str(), key["crv"].as_str(), key["alg"].as_str()),
        (Some("OKP"), Some("Ed25519"), Some("EdDSA"))
    );
    assert!(key.get("d").is_none(), "never the private half");

    // The credential, as the signed token: verified by a library that is not the hub's.
    let (status, kind, jws) = get_typed(&anyone, &format!("{base}/certificates/{code}/credential.jwt")).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/vc+jwt");
    let header = jsonwebtoken::decode_header(&jws).unwrap();
    assert_eq!(header.typ.as_deref(), Some("vc+jwt"));
    assert_eq!(header.cty.as_deref(), Some("vc"));
    assert_eq!(header.kid.as_deref(), key["kid"].as_str());
    assert!(header.kid.as_deref().unwrap().starts_with(&format!("{base}/issuer#")));
    let vc = verify(&jws, &jwks).expect("the credential verifies");
    assert_eq!(
        vc["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(vc["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
    assert_eq!(vc["id"], format!("{base}/certificates/{code}"));
    assert_eq!(vc["issuer"]["id"], format!("{base}/issuer"));
    assert_eq!(vc["issuer"]["type"], json!(["Profile"]));
    let subject = &vc["credentialSubject"];
    assert_eq!(subject["type"], json!(["AchievementSubject"]));
    assert_eq!(subject["identifier"][0]["identityHash"], "Ana Credential");
    assert_eq!(subject["identifier"][0]["hashed"], false);
    let achievement = &subject["achievement"];
    assert_eq!(achievement["name"], FIXTURE_TITLE);
    assert_eq!(achievement["id"], format!("{base}/resources/{FIXTURE}"));
    assert!(
        achievement["description"]
            .as_str()
            .unwrap()
            .contains("1.5 ANCC Contact Hours"),
        "the credit type, as its provider states it"
    );
    assert!(achievement["criteria"]["narrative"].is_string());
    assert!(vc.get("evidence").is_none(), "nothing self-reported");
    let status_entry = &vc["credentialStatus"];
    assert_eq!(status_entry["type"], "BitstringStatusListEntry");
    assert_eq!(status_entry["statusPurpose"], "revocation");
    let index: usize = status_entry["statusListIndex"].as_str().unwrap().parse().unwrap();
    let list_url = status_entry["statusListCredential"].as_str().unwrap().to_string();
    assert_eq!(list_url, format!("{base}/credentials/status/1"));

    // The same credential again: the same place in the list, the same token.
    let (_, _, again) = get_typed(&anyone, &format!("{base}/certificates/{code}/credential.jwt")).await;
    assert_eq!(again, jws);

    // One byte changed anywhere in the signed part: refused.
    let payload_at = jws.find('.').unwrap() + 1;
    let mut payload = B64.decode(&jws[payload_at..jws.rfind('.').unwrap()]).unwrap();
    let at = payload.iter().position(|b| *b == b'A').expect("an A in the payload");
    payload[at] = b'B';
    let forged = format!(
        "{}{}{}",
        &jws[..payload_at],
        B64.encode(&payload),
        &jws[jws.rfind('.').unwrap()..]
    );
    let refused = verify(&forged, &jwks).expect_err("a changed byte does not verify");
    assert!(refused.contains("InvalidSignature"), "{refused}");
    let mut tampered = jws.clone().into_bytes();
    let last = tampered.len() - 3;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    assert!(verify(&String::from_utf8(tampered).unwrap(), &jwks).is_err());

    // The issuer's profile names the key the token was signed with.
    let (status, _, body) = get_typed(&anyone, &format!("{base}/issuer")).await;
    assert_eq!(status, 200);
    let profile: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(profile["verificationMethod"][0]["id"], key["kid"]);
    assert_eq!(profile["verificationMethod"][0]["publicKeyJwk"]["x"], key["x"]);
    assert_eq!(profile["assertionMethod"][0], key["kid"]);

    // The JSON download: VC 2.0's enveloped form of the same token.
    let resp = anyone
        .get(format!("{base}/certificates/{code}/credential.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let disposition = resp.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let enveloped: Value = resp.json().await.unwrap();
    assert_eq!(enveloped["type"], "EnvelopedVerifiableCredential");
    assert_eq!(enveloped["id"], format!("data:application/vc+jwt,{jws}"));

    // Not revoked yet.
    assert!(!revoked_bit(&anyone, &list_url, index, &jwks).await);

    // The page: the learner may add it to LinkedIn; a stranger is not offered that.
    let (_, page) = get(&ana, &server, &format!("/certificates/{code}")).await;
    assert!(page.contains("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"));
    assert!(page.contains(&format!("certId={code}")));
    assert!(
        page.contains("1.5 ANCC Contact Hours"),
        "the credit type on the certificate"
    );
    assert!(page.contains("Download the credential (JSON)"));
    assert!(!page.contains("Revoke"), "only admins revoke");
    let (_, page) = get(&anyone, &server, &format!("/certificates/{code}")).await;
    assert!(!page.contains("linkedin.com"));

    // The PDF certificate reads as the page does.
    let resp = anyone
        .get(format!("{base}/certificates/{code}/certificate.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let text = pdf_text(&resp.bytes().await.unwrap());
    for words in [
        "Certificate of completion",
        "Ana Credential",
        FIXTURE_TITLE,
        &code,
        "1.5 ANCC Contact Hours",
    ] {
        assert!(text.contains(words), "{words} in the PDF: {text}");
    }
    assert!(!text.contains("Revoked"));

    // Revocation: not by a learner, not without a reason, then by an admin, audited.
    let form = format!("code={code}&reason=Completed+by+someone+else");
    let (status, _) = post_form(&ana, &server, "admin_revoke_certificate", &form).await;
    assert_eq!(status, 403);
    let admin = server.signed_in("revoker@example.org", PASSWORD, true).await;
    let (status, body) = post_form(
        &admin,
        &server,
        "admin_revoke_certificate",
        &format!("code={code}&reason=+"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("reason"), "{body}");
    assert!(!revoked_bit(&anyone, &list_url, index, &jwks).await, "nothing changed");
    let (_, page) = get(&admin, &server, &format!("/certificates/{code}")).await;
    assert!(page.contains("Revoke the certificate"), "an admin is offered it");
    let (status, landing) = post_plain_form_landing(&admin, &server, "admin_revoke_certificate", &form).await;
    assert_eq!(status, 302);
    assert_eq!(landing, format!("/certificates/{code}?done=revoked"));
    let (reason, actor): (String, String) = sqlx::query_as(
        "SELECT diff, actor FROM audit_log WHERE action = 'revoke' AND target_type = 'certificate' AND target = $1",
    )
    .bind(&code)
    .fetch_one(&server.pool)
    .await
    .expect("audited");
    assert!(reason.contains("Completed by someone else"), "{reason}");
    assert_eq!(actor, "revoker@example.org");
    let (status, _) = post_form(&admin, &server, "admin_revoke_certificate", &form).await;
    assert_eq!(status, 409, "the first reason stands");

    // Revoked: the status list says so (and still verifies), the credential itself still
    // verifies (it was issued), and the page and the PDF say it plainly.
    assert!(revoked_bit(&anyone, &list_url, index, &jwks).await);
    let (_, _, after) = get_typed(&anyone, &format!("{base}/certificates/{code}/credential.jwt")).await;
    assert!(verify(&after, &jwks).is_ok());
    let (_, page) = get(&anyone, &server, &format!("/certificates/{code}")).await;
    assert!(page.contains("Revoked on"), "said plainly");
    assert!(
        !page.contains("Completed by someone else"),
        "the reason stays with the admins"
    );
    let (_, page) = get(&ana, &server, &format!("/certificates/{code}")).await;
    assert!(
        !page.contains("linkedin.com"),
        "a revoked certificate is not offered for a profile"
    );
    let resp = anyone
        .get(format!("{base}/certificates/{code}/certificate.pdf"))
        .send()
        .await
        .unwrap();
    assert!(pdf_text(&resp.bytes().await.unwrap()).contains("Revoked on"));
    // Its credit no longer counts anywhere.
    assert!(hub::credits::lines::hub(&server.pool, ana_id.0)
        .await
        .unwrap()
        .is_empty());

    // Kept as issued: the catalog's credit changed later leaves the signed credential as it was.
    sqlx::query(
        "UPDATE resource_credits SET amount = 9 WHERE resource_id = (SELECT id FROM resources WHERE slug = $1)",
    )
    .bind(FIXTURE)
    .execute(&server.pool)
    .await
    .unwrap();
    let (_, _, later) = get_typed(&anyone, &format!("{base}/certificates/{code}/credential.jwt")).await;
    assert_eq!(later, jws, "the credential as issued");

    // Unknown codes and lists are not there.
    for path in [
        "/certificates/AAAA-BBBB-CCCC/credential.jwt",
        "/certificates/AAAA-BBBB-CCCC/credential.json",
        "/certificates/AAAA-BBBB-CCCC/certificate.pdf",
        "/credentials/status/2",
        "/credentials/status/0",
        "/credentials/status/not-a-list",
    ] {
        let (status, _, _) = get_typed(&anyone, &format!("{base}{path}")).await;
        assert_eq!(status, 404, "{path}");
    }
    let (status, _) = post_form(
        &admin,
        &server,
        "admin_revoke_certificate",
        "code=AAAA-BBBB-CCCC&reason=x",
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn places_in_the_status_list_are_random_and_never_given_twice() {
    let server = TestServer::start().await;
    let (ana, _, code) = certified(&server).await;
    let first = hub::credentials::status::place(&server.pool, &code).await.unwrap();
    assert_eq!(
        hub::credentials::status::place(&server.pool, &code).await.unwrap(),
        first
    );
    // The account goes; its certificate's place stays spent, so no later certificate inherits it.
    hub::accounts::store::delete(&server.pool, ana).await.unwrap();
    let kept: Option<String> = sqlx::query_scalar(
        "SELECT certificate_code FROM credential_status WHERE status_list = $1 AND status_index = $2",
    )
    .bind(first.place.list)
    .bind(first.place.index)
    .fetch_one(&server.pool)
    .await
    .expect("the place is kept");
    assert_eq!(kept, None);
    assert!(matches!(
        hub::credentials::status::place(&server.pool, &code).await,
        Err(hub::HubError::NotFound(_))
    ));
}

/// Every `/URI` in a PDF object, however deep (a link's action sits inside its annotation).
fn uris(object: &lopdf::Object, out: &mut Vec<String>) {
    match object {
        lopdf::Object::Dictionary(d) => {
            for (key, value) in d.iter() {
                match (key.as_slice(), value.as_str()) {
                    (b"URI", Ok(uri)) => out.push(String::from_utf8_lossy(uri).into_owned()),
                    _ => uris(value, out),
                }
            }
        }
        lopdf::Object::Array(items) => items.iter().for_each(|i| uris(i, out)),
        _ => {}
    }
}

/// The CSV's rows as maps of its header.
fn rows(csv_text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .map(String::from)
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

async fn transcript(client: &Client, server: &TestServer, query: &str, accept: &str) -> reqwest::Response {
    client
        .get(format!("{}/me/credits/transcript?{query}", server.base))
        .header("accept", accept)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_transcript_lists_hub_and_outside_credit_as_csv_and_pdf_filtered_by_dates_and_type() {
    let server = TestServer::start().await;
    let (ana, client, code) = certified(&server).await;
    let [ancc, ama] = {
        let mut ids = [0i64; 2];
        for (id, name) in ids.iter_mut().zip(["ANCC contact hours", "AMA PRA Category 1 Credit™"]) {
            *id = sqlx::query_scalar("SELECT id FROM credit_types WHERE name = $1")
                .bind(name)
                .fetch_one(&server.pool)
                .await
                .unwrap();
        }
        ids
    };
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for (title, on, kind, amount) in [
        ("Opioid stewardship webinar", today.as_str(), ancc, "1"),
        ("An older physicians' course", "2025-03-01", ama, "4"),
    ] {
        hub::credits::outside::add(
            &server.pool,
            ana.0,
            &app::model::credits::OutsideInput {
                title: title.into(),
                provider: "Elsewhere".into(),
                completed_on: on.into(),
                credit_type: kind.to_string(),
                amount: amount.into(),
                topics: vec!["pain".into()],
            },
        )
        .await
        .unwrap();
    }

    // Everything, as CSV: the hub's line with its verification address, the others self-reported.
    let resp = transcript(&client, &server, "format=csv", "text/csv").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(resp.headers()["content-disposition"].to_str().unwrap().contains(".csv"));
    let all = rows(&resp.text().await.unwrap());
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["title"], "An older physicians' course", "oldest first");
    let hub_row = all
        .iter()
        .find(|r| r["title"] == FIXTURE_TITLE)
        .expect("the hub's line");
    assert_eq!(hub_row["issued_by"], "Champion Hub");
    assert_eq!(hub_row["certificate_code"], code);
    assert_eq!(hub_row["verify_at"], format!("{}/certificates/{code}", server.base));
    assert_eq!(
        hub_row["credit_type"], "ANCC contact hours",
        "the hub's name for the provider's words"
    );
    assert_eq!(hub_row["amount"], "1.5");
    let outside_row = all.iter().find(|r| r["title"] == "Opioid stewardship webinar").unwrap();
    assert_eq!(outside_row["issued_by"], "self-reported");
    assert_eq!(outside_row["verify_at"], "");

    // Filtered by type, and by dates (both days included).
    let resp = transcript(&client, &server, &format!("format=csv&type={ancc}"), "text/csv").await;
    assert_eq!(rows(&resp.text().await.unwrap()).len(), 2);
    let resp = transcript(&client, &server, "format=csv&from=2025-03-01&to=2025-03-01", "text/csv").await;
    let old = rows(&resp.text().await.unwrap());
    assert_eq!(old.len(), 1);
    assert_eq!(old[0]["title"], "An older physicians' course");
    let resp = transcript(&client, &server, &format!("format=csv&from={today}"), "text/csv").await;
    assert_eq!(rows(&resp.text().await.unwrap()).len(), 2);

    // The PDF, read back by a parser that is not the hub's: both kinds of line, the address
    // that verifies the hub's, and the totals.
    let resp = transcript(
        &client,
        &server,
        &format!("from={today}&type={ancc}&format=pdf"),
        "application/pdf",
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let bytes = resp.bytes().await.unwrap();
    let text = pdf_text(&bytes);
    for words in [
        "Continuing-education transcript",
        "Ana Credential",
        FIXTURE_TITLE,
        "Opioid stewardship webinar",
        &format!("certificate {code}"),
        "Self-reported",
        "2.5 ANCC contact hours",
        "ANCC contact hours only",
    ] {
        assert!(text.contains(words), "{words} in the PDF: {text}");
    }
    assert!(!text.contains("An older physicians' course"), "filtered out");
    // Each hub line's QR code links to the address that verifies it.
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let mut links = Vec::new();
    for object in pdf.objects.values() {
        uris(object, &mut links);
    }
    assert!(
        links.contains(&format!("{}/certificates/{code}", server.base)),
        "{links:?}"
    );

    // Refused: impossible days (named, or back to the page for a browser), unknown fields,
    // an unknown format; nobody signed in.
    let resp = transcript(
        &client,
        &server,
        "from=2026-02-01&to=2026-01-01&type=999",
        "application/json",
    )
    .await;
    assert_eq!(resp.status(), 400);
    let body = resp.text().await.unwrap();
    assert!(body.contains("to") && body.contains("type"), "{body}");
    let resp = client
        .get(format!(
            "{}/me/credits/transcript?from=2026-02-01&to=2026-01-01",
            server.base
        ))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/me/credits?transcript=refused#transcript");
    let (_, page) = get(&client, &server, "/me/credits?transcript=refused").await;
    assert!(page.contains("the last one not before the first"));
    for query in ["format=xls", "who=someone-else", "from=yesterday"] {
        let resp = transcript(&client, &server, query, "application/json").await;
        assert_eq!(resp.status(), 400, "{query}");
    }
    let resp = transcript(&TestServer::browser(), &server, "format=csv", "text/csv").await;
    assert_eq!(resp.status(), 401);

    // Another learner's transcript holds nothing of Ana's.
    let (_, other) = person(&server, "Otto Other", false).await;
    let resp = transcript(&other, &server, "format=csv", "text/csv").await;
    assert_eq!(rows(&resp.text().await.unwrap()).len(), 0);
    let resp = transcript(&other, &server, "format=pdf", "application/pdf").await;
    assert!(pdf_text(&resp.bytes().await.unwrap()).contains("No credit in these dates"));
}

/// A hub started with its address signs credentials naming that address, whatever Host a
/// client sends: no one can have it sign a credential naming another issuer.
#[tokio::test(flavor = "multi_thread")]
async fn a_credential_names_the_hubs_own_address_never_the_hosts_a_client_sends() {
    fn configured(state: hub::web::AppState) -> hub::web::AppState {
        let issuer = std::sync::Arc::new(hub::credentials::keys::Issuer::ephemeral());
        state.with_issuer(issuer, "https://hub.example.org".into())
    }
    let server = TestServer::start_configured(true, configured).await;
    let (_, _, code) = certified(&server).await;
    let resp = TestServer::browser()
        .get(format!("{}/certificates/{code}/credential.jwt", server.base))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let jws = resp.text().await.unwrap();
    let header = jsonwebtoken::decode_header(&jws).unwrap();
    assert!(header.kid.unwrap().starts_with("https://hub.example.org/issuer#"));
    let payload: Value = serde_json::from_slice(&B64.decode(jws.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(payload["issuer"]["id"], "https://hub.example.org/issuer");
    assert_eq!(
        payload["credentialStatus"]["statusListCredential"],
        "https://hub.example.org/credentials/status/1"
    );
    let (_, _, keys) = get_typed(
        &TestServer::browser(),
        &format!("{}/.well-known/jwks.json", server.base),
    )
    .await;
    assert!(keys.contains("https://hub.example.org/issuer#"), "{keys}");
}
