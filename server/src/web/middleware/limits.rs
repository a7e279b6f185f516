//! How much a request may send. Axum's extractors enforce their own limit, but server functions
//! read their bodies whole, so every body is capped here: a declared length over the cap is
//! refused before anything is read, and a body that grows past it stops being read.

use crate::admin::bulk;
use crate::error::HubError;
use crate::web::caller::Resolved;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Forms, JSON and server-function calls: far more than any form holds.
pub const DEFAULT_BODY_BYTES: usize = 1024 * 1024;

/// Catalog uploads, whose own check (with its own message) is `bulk::MAX_UPLOAD_BYTES` of
/// catalog; a form post percent-encodes it, which at worst triples it.
pub const UPLOAD_BODY_BYTES: usize = 3 * bulk::MAX_UPLOAD_BYTES + 64 * 1024;

/// A certificate file's post: room to read a file somewhat over the files' own limit and say
/// so on the credits page (anything larger is refused here, unread).
pub const CERTIFICATE_BODY_BYTES: usize = 4 * crate::credits::files::MAX_FILE_BYTES;

/// The cap for a request to `path`: the upload cap only for an admin's upload (the gate has
/// already refused anyone else, and this holds even if it had not).
pub fn body_limit(path: &str, admin: bool) -> usize {
    if admin && (path == "/api/v1/admin/catalog" || path.starts_with("/rpc/admin_upload")) {
        UPLOAD_BODY_BYTES
    } else if path.starts_with("/me/credits/activities/") && path.ends_with("/file") {
        CERTIFICATE_BODY_BYTES
    } else {
        DEFAULT_BODY_BYTES
    }
}

/// Whether the gate found an admin behind this request.
pub fn is_admin(extensions: &axum::http::Extensions) -> bool {
    matches!(extensions.get::<Resolved>(), Some(Resolved(Some(caller))) if caller.account.is_admin())
}

pub async fn cap_bodies(request: Request, next: Next) -> Response {
    let limit = body_limit(request.uri().path(), is_admin(request.extensions()));
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return HubError::TooLarge { limit }.into_response();
    }
    let (parts, body) = request.into_parts();
    let overflowed = Arc::new(AtomicBool::new(false));
    let body = http_body_util::Limited::new(body, limit).map_err({
        let overflowed = overflowed.clone();
        move |e| {
            if e.is::<http_body_util::LengthLimitError>() {
                overflowed.store(true, Ordering::Relaxed);
            }
            e
        }
    });
    let response = next.run(Request::from_parts(parts, Body::new(body))).await;
    // Whoever read the body may have turned the cut-off into any error; the caller sent too much.
    if overflowed.load(Ordering::Relaxed) && !response.status().is_success() {
        return HubError::TooLarge { limit }.into_response();
    }
    response
}
