//! Server functions answer every error with 500 unless the function itself set a status, which
//! ours do (`app::api::answer`). Errors the framework raises before the function runs (a body
//! that is not the function's arguments, a missing argument) are the caller's fault: this
//! gives them the status their error names, 400, instead of a 500 that blames the hub.

use app::error::UiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Server-function error bodies are a serialized `UiError`: small.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub async fn caller_errors_are_4xx(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        // An error body this big (or one that could not be read) is no `UiError` the hub
        // wrote: a decoder's complaint about what the caller sent.
        parts.status = StatusCode::BAD_REQUEST;
        let refusal = UiError::BadRequest("The request could not be read.".into());
        return Response::from_parts(parts, Body::from(serde_json::to_vec(&refusal).unwrap_or_default()));
    };
    if let Ok(error) = serde_json::from_slice::<UiError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
