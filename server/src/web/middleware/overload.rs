//! What a flood meets: at most so many requests are served at once, and the rest are answered
//! 503 at once (with Retry-After) instead of queueing without end; a request that takes longer
//! than the timeout is ended with a 503. Both are tower layers around the whole router.

use crate::error::{ErrorBody, ErrorCode, ErrorDetail};
use axum::error_handling::HandleErrorLayer;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::BoxError;
use std::time::Duration;

/// How much the server takes on at once, and for how long.
#[derive(Clone, Copy, Debug)]
pub struct Capacity {
    /// Requests served at once; more are refused with 503.
    pub concurrent: usize,
    /// Longest a request may take before it is ended with 503.
    pub timeout: Duration,
}

impl Default for Capacity {
    fn default() -> Self {
        Capacity {
            concurrent: 512,
            timeout: Duration::from_secs(60),
        }
    }
}

/// `router` behind the limit and the timeout; their refusals become 503 answers. The limit is
/// one count for the whole server: `Router::layer` builds a layer's service once per route, so
/// a per-service limit would allow so many per route instead.
pub fn limited<S: Clone + Send + Sync + 'static>(router: axum::Router<S>, capacity: Capacity) -> axum::Router<S> {
    router.layer(
        tower::ServiceBuilder::new()
            .layer(HandleErrorLayer::new(answer))
            .load_shed()
            .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                capacity.concurrent.max(1),
            ))
            .timeout(capacity.timeout),
    )
}

async fn answer(uri: axum::http::Uri, error: BoxError) -> Response {
    let (why, retry) = if error.is::<tower::load_shed::error::Overloaded>() {
        ("the hub is busy; please try again in a moment", 1u64)
    } else if error.is::<tower::timeout::error::Elapsed>() {
        ("the request took too long and was stopped; please try again", 5)
    } else {
        tracing::error!(error = %error, "a request failed in the server's layers");
        ("the hub could not answer; please try again", 5)
    };
    // A server function answers as server functions do, so the page can say what happened.
    if uri.path().starts_with("/rpc/") {
        let mut response = (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, retry.to_string())],
            axum::Json(app::error::UiError::Unavailable),
        )
            .into_response();
        if let Ok(path) = axum::http::HeaderValue::from_str(uri.path()) {
            response
                .headers_mut()
                .insert(leptos::server_fn::error::SERVER_FN_ERROR_HEADER, path);
        }
        return response;
    }
    let body = ErrorBody {
        error: ErrorDetail {
            code: ErrorCode::Unavailable,
            message: why.into(),
            retry_after: Some(retry),
            ..ErrorDetail::default()
        },
    };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, retry.to_string())],
        axum::Json(body),
    )
        .into_response()
}
