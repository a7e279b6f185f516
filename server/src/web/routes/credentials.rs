//! The verifiable certificates' addresses: the hub's key (`/.well-known/jwks.json`), its issuer
//! profile (`/issuer`), each certificate's credential (`credential.jwt`, `credential.json`) and
//! printable PDF, and the status lists that say which are revoked. All public: a verifier has
//! no account. Thin: read, hand to `credentials`, label the bytes.

use super::published::PublicAddress;
use crate::credentials::{self, badge};
use crate::error::HubError;
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

/// Any site may read these (a verifier's page checks a credential from its own origin).
fn public(content_type: &'static str, cache: &'static str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The address credentials and transcripts name: the one the server was started with, never
/// a request's Host header (with which a client could have the hub sign a credential naming
/// another issuer).
fn base(state: &AppState, headers: &HeaderMap) -> String {
    match &state.issuer_base {
        Some(base) => base.clone(),
        None => {
            let address: PublicAddress = state.public_address();
            address.base(headers)
        }
    }
}

fn attachment(mut response: Response, name: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Every key the hub has signed with (each replica's, and any replaced): a credential names
/// its own by `kid`.
pub async fn jwks(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, HubError> {
    let keys = credentials::public_keys(&state.pool, &state.issuer, &base(&state, &headers)).await?;
    Ok(public(
        "application/jwk-set+json",
        "public, max-age=300",
        axum::Json(serde_json::json!({ "keys": keys })),
    ))
}

/// The issuer's profile, which is also the controlled identifier document its key ids point into.
pub async fn issuer(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, HubError> {
    let base = base(&state, &headers);
    let keys = credentials::public_keys(&state.pool, &state.issuer, &base).await?;
    let mut profile = badge::issuer(&base);
    profile["@context"] = serde_json::json!([badge::VC_CONTEXT, badge::OB_CONTEXT, badge::CID_CONTEXT]);
    profile["verificationMethod"] = keys
        .iter()
        .map(|k| {
            serde_json::json!({
                "id": k["kid"],
                "type": "JsonWebKey",
                "controller": format!("{base}/issuer"),
                "publicKeyJwk": { "kty": k["kty"], "crv": k["crv"], "x": k["x"] },
            })
        })
        .collect();
    profile["assertionMethod"] = keys.iter().map(|k| k["kid"].clone()).collect();
    Ok(public("application/json", "public, max-age=300", axum::Json(profile)))
}

async fn signed(state: &AppState, headers: &HeaderMap, code: &str) -> Result<credentials::Signed, HubError> {
    credentials::signed(&state.pool, &state.issuer, code, &base(state, headers))
        .await?
        .ok_or_else(|| HubError::NotFound("certificate".into()))
}

/// The credential as the compact JWS itself (`application/vc+jwt`).
pub async fn credential_jwt(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, HubError> {
    let signed = signed(&state, &headers, &code).await?;
    Ok(public("application/vc+jwt", "no-cache", signed.jws))
}

/// The credential as JSON: VC 2.0's enveloped form of the JWS, to download and keep.
pub async fn credential_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, HubError> {
    let signed = signed(&state, &headers, &code).await?;
    let body = serde_json::to_string_pretty(&badge::enveloped(&signed.jws)).expect("JSON serializes");
    Ok(attachment(
        public("application/json", "no-cache", body),
        &format!("champion-hub-certificate-{}.json", signed.certificate.code),
    ))
}

/// A status list, signed as it stands now; a minute in caches.
pub async fn status_list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(list): Path<String>,
) -> Result<Response, HubError> {
    let list: i64 = list.parse().map_err(|_| HubError::NotFound("status list".into()))?;
    let jws = credentials::status_list(&state.pool, &state.issuer, list, &base(&state, &headers))
        .await?
        .ok_or_else(|| HubError::NotFound("status list".into()))?;
    Ok(public("application/vc+jwt", "public, max-age=60", jws))
}

/// The certificate as a printable PDF.
pub async fn certificate_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, HubError> {
    let certificate = crate::progress::certificates::find(&state.pool, &code)
        .await?
        .ok_or_else(|| HubError::NotFound("certificate".into()))?;
    let url = badge::page(&base(&state, &headers), &certificate.code);
    let name = format!("champion-hub-certificate-{}.pdf", certificate.code);
    let bytes = crate::blocking::run(move || credentials::printed::pdf(&certificate, &url)).await??;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `GET /me/credits/transcript?from=&to=&type=&format=pdf|csv`: the signed-in learner's
/// transcript. A form from the credits page that asks for something impossible (a last day
/// before the first) comes back to it with `transcript=refused`; other clients get a 400 that
/// names each field.
pub async fn transcript(
    State(state): State<AppState>,
    me: crate::web::extract::SignedIn,
    headers: HeaderMap,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let page = super::certificate_files::wants_page(&headers);
    match make_transcript(&state, me.id.0, &headers, raw.as_deref().unwrap_or("")).await {
        Ok(response) => response,
        Err(HubError::BadFields(_) | HubError::BadRequest { .. }) if page => {
            axum::response::Redirect::to("/me/credits?transcript=refused#transcript").into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn make_transcript(state: &AppState, who: i64, headers: &HeaderMap, raw: &str) -> Result<Response, HubError> {
    use crate::credits::{transcript, types};
    let (mut from, mut to, mut kind, mut format) = (String::new(), String::new(), String::new(), String::from("pdf"));
    for (key, value) in super::api::catalog::decode_strictly(raw)? {
        match key.as_str() {
            "from" => from = value,
            "to" => to = value,
            "type" => kind = value,
            "format" if value == "pdf" || value == "csv" => format = value,
            "format" => {
                return Err(HubError::BadRequest {
                    param: key,
                    reason: "format is pdf or csv".into(),
                });
            }
            _ => {
                return Err(HubError::BadRequest {
                    reason: "not a transcript filter (from, to, type, format)".into(),
                    param: key,
                });
            }
        }
    }
    let known: Vec<i64> = types::list(&state.pool).await?.iter().map(|t| t.id).collect();
    let filter = transcript::filter(&from, &to, &kind, &known)?;
    let made = transcript::build(&state.pool, who, &filter, &base(state, headers)).await?;
    let (content_type, name, bytes) = if format == "csv" {
        (
            "text/csv; charset=utf-8",
            transcript::file_name(&made, "csv"),
            transcript::csv(&made).into_bytes(),
        )
    } else {
        let name = transcript::file_name(&made, "pdf");
        (
            "application/pdf",
            name,
            crate::blocking::run(move || transcript::pdf(&made)).await??,
        )
    };
    let mut response = attachment(bytes.into_response(), &name);
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
