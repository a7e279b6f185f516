//! A certificate file for an activity taken elsewhere: attached by its owner with a plain
//! multipart form post (so it works without the wasm), and downloaded by its owner only. To
//! anyone else an activity and its file are not there (404).
//!
//! A browser's post comes back to the credits page: with `attached=<id>`, or with
//! `refused=<id>&why=<reason>` naming one of a few fixed reasons (never words from the request,
//! which a crafted link could make say anything). Other clients get JSON and a status.

use crate::credits::{files, outside};
use crate::error::HubError;
use crate::web::extract::SignedIn;
use crate::web::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use url::form_urlencoded::byte_serialize;

pub(crate) fn wants_page(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// Reads the form's `file` field: its name and at most one byte over the limit (the rest is
/// read and dropped, so the browser's post completes and it sees the page that explains).
async fn read_file(multipart: &mut Multipart) -> Result<(String, Vec<u8>), HubError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| HubError::BadRequest {
        param: "file".into(),
        reason: format!("the upload could not be read ({e})"),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() <= files::MAX_FILE_BYTES {
                let room = files::MAX_FILE_BYTES + 1 - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
        }
        return Ok((name, bytes));
    }
    Ok((String::new(), Vec::new()))
}

pub async fn attach(
    State(state): State<AppState>,
    me: SignedIn,
    Path(activity): Path<i64>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let page = wants_page(&headers);
    let refused = |why: &str| {
        Redirect::to(&format!("/me/credits?refused={activity}&why={why}#activity-{activity}")).into_response()
    };
    let (name, bytes) = match read_file(&mut multipart).await {
        Ok(file) => file,
        Err(e) if page => {
            tracing::info!(error = %e, "an upload could not be read");
            return refused("unreadable");
        }
        Err(e) => return e.into_response(),
    };
    // Checked here first for the page's words; `attach` checks again before keeping anything.
    if let Err(why) = files::accept(&name, &bytes) {
        return if page {
            refused(why.code())
        } else {
            HubError::from(why).into_response()
        };
    }
    match outside::attach(&state.pool, state.files.as_ref(), me.id.0, activity, &name, bytes).await {
        Ok(_) if page => Redirect::to(&format!("/me/credits?attached={activity}#activity-{activity}")).into_response(),
        Ok(file) => (StatusCode::OK, axum::Json(file)).into_response(),
        Err(HubError::NotFound(_)) if page => refused("gone"),
        Err(e) if page => {
            tracing::warn!(error = %e, "an upload could not be kept");
            refused("failed")
        }
        Err(e) => e.into_response(),
    }
}

pub async fn download(
    State(state): State<AppState>,
    me: SignedIn,
    Path(activity): Path<i64>,
) -> Result<Response, HubError> {
    let (name, media_type, bytes) = outside::file(&state.pool, state.files.as_ref(), me.id.0, activity).await?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    // The type the bytes were checked to be; never sniffed, never rendered as a page of ours.
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&media_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(disposition) = HeaderValue::from_str(&content_disposition(&name)) {
        h.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}

/// `attachment` with the name as typed (RFC 6266/8187: an ASCII stand-in, then UTF-8).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = byte_serialize(name.as_bytes()).collect::<String>().replace('+', "%20");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_downloaded_name_cannot_break_its_header() {
        assert_eq!(
            super::content_disposition("cert \"x\".pdf"),
            "attachment; filename=\"cert _x_.pdf\"; filename*=UTF-8''cert%20%22x%22.pdf"
        );
    }
}
