//! The server's one error type, and the one place it becomes an HTTP response or a UI message.

use crate::catalog::validate::Problem;
use app::error::UiError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the catalog file has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{param}: {reason}")]
    BadRequest { param: String, reason: String },
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Config(String),
    #[error("sign in to continue")]
    Unauthorized,
    /// The same words for an unknown email, a wrong password and a disabled account.
    #[error("that email and password do not match an account")]
    BadCredentials,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// An edit based on an older version: someone else saved in between.
    #[error("someone else saved this resource since you opened it")]
    EditConflict(Box<app::model::admin::EditConflict>),
    #[error("too many attempts; try again in {retry_after} seconds")]
    Throttled { retry_after: u64 },
    /// A request body over the cap for its route (in bytes).
    #[error("the request is larger than the {} KiB this address accepts", .limit / 1024)]
    TooLarge { limit: usize },
    /// The database cannot be reached just now (down, restarting, every connection busy).
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("search index error: {0}")]
    Search(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl HubError {
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> HubError {
        let context = context.into();
        move |source| HubError::Io { context, source }
    }
}

impl HubError {
    /// Whether this is the database being out of reach, which the caller may simply retry.
    pub fn is_unavailable(&self) -> bool {
        match self {
            HubError::Unavailable(_) => true,
            HubError::Database(e) => unavailable(e),
            _ => false,
        }
    }
}

impl From<app::query::QueryError> for HubError {
    fn from(e: app::query::QueryError) -> Self {
        HubError::BadRequest {
            param: e.param,
            reason: e.reason,
        }
    }
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            HubError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                json!({"error": {"code": "not_found", "message": format!("{what} not found")}}),
            ),
            HubError::BadRequest { param, reason } => (
                StatusCode::BAD_REQUEST,
                json!({"error": {"code": "bad_request", "param": param, "message": format!("{param}: {reason}")}}),
            ),
            HubError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                json!({"error": {"code": "unauthorized", "message": "sign in to continue"}}),
            ),
            HubError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                json!({"error": {"code": "bad_credentials", "message": self.to_string()}}),
            ),
            HubError::Forbidden(why) => (
                StatusCode::FORBIDDEN,
                json!({"error": {"code": "forbidden", "message": why}}),
            ),
            HubError::Conflict(why) => (
                StatusCode::CONFLICT,
                json!({"error": {"code": "conflict", "message": why}}),
            ),
            HubError::EditConflict(conflict) => (
                StatusCode::CONFLICT,
                json!({"error": {"code": "edit_conflict", "message": self.to_string(), "conflict": conflict}}),
            ),
            HubError::Throttled { retry_after } => {
                let body = json!({"error": {"code": "too_many_attempts", "message": self.to_string(), "retry_after": retry_after}});
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, (*retry_after).into());
                return response;
            }
            e if e.is_unavailable() => {
                tracing::warn!(error = %e, "the database is unavailable");
                let body = json!({"error": {"code": "unavailable", "message": "the hub cannot reach its database right now; please try again in a moment"}});
                let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, 5.into());
                return response;
            }
            HubError::TooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({"error": {"code": "too_large", "message": self.to_string()}}),
            ),
            HubError::Invalid(problems) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"error": {"code": "invalid_catalog", "message": self.to_string(), "problems": problems}}),
            ),
            _ => {
                tracing::error!(error = %self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({"error": {"code": "internal", "message": "something went wrong on our side; please try again"}}),
                )
            }
        };
        (status, Json(body)).into_response()
    }
}

impl From<HubError> for UiError {
    fn from(e: HubError) -> Self {
        match e {
            HubError::NotFound(_) => UiError::NotFound,
            HubError::BadRequest { param, reason } => UiError::Invalid {
                field: param,
                message: capitalized(&reason),
            },
            HubError::Unauthorized => UiError::SignInRequired,
            HubError::BadCredentials => UiError::Invalid {
                field: "password".into(),
                message: "That email and password do not match an account.".into(),
            },
            HubError::Forbidden(_) => UiError::Forbidden,
            HubError::Conflict(why) => UiError::Conflict(capitalized(&why)),
            HubError::EditConflict(conflict) => UiError::EditConflict(conflict),
            HubError::Invalid(problems) => UiError::Problems(problems),
            HubError::Throttled { retry_after } => UiError::TooManyAttempts(retry_after),
            e if e.is_unavailable() => {
                tracing::warn!(error = %e, "the database is unavailable");
                UiError::Unavailable
            }
            e @ HubError::TooLarge { .. } => UiError::BadRequest(capitalized(&e.to_string())),
            other => {
                tracing::error!(error = %other, "page data failed");
                UiError::Internal
            }
        }
    }
}

/// "enter your name" → "Enter your name.": the API's terse reasons as sentences for pages.
/// Whether a database error means the database cannot be reached (down, restarting, every
/// connection busy) rather than that this request went wrong: the caller may simply retry.
pub fn unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        // PostgreSQL's class 08 (connection exception) and 57P (operator intervention: shutdown,
        // restart, cannot connect now).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

fn capitalized(reason: &str) -> String {
    let mut out: String = reason.chars().take(1).flat_map(char::to_uppercase).collect();
    out.push_str(&reason[reason.chars().next().map_or(0, char::len_utf8)..]);
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}
