//! The server's one error type, and the one place it becomes an HTTP response or a UI message.

use app::error::UiError;
use app::model::problems::Problem;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the catalog file has {}", app::model::problems::problem_count(.0.len()))]
    Invalid(Vec<Problem>),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{param}: {reason}")]
    BadRequest { param: String, reason: String },
    /// Several fields refused at once (a form with more than one mistake), each as
    /// `BadRequest` would name it: `(param, reason)`.
    #[error("{}", .0.iter().map(|(p, r)| format!("{p}: {r}")).collect::<Vec<_>>().join("; "))]
    BadFields(Vec<(String, String)>),
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

// Every search failure is the index's, whatever Tantivy's layer raised it.
impl From<tantivy::TantivyError> for HubError {
    fn from(e: tantivy::TantivyError) -> Self {
        HubError::Search(e.to_string())
    }
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

/// The body of every error the API answers: `{"error": {...}}`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable `code` for programs and a `message` for people, with the
/// details some codes carry.
#[derive(Debug, Default, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    /// `bad_request`: the parameter or field refused (the first, when there are several).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// `bad_request` with more than one field refused: every one, in the form's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldProblem>>,
    /// `too_many_attempts`: seconds to wait (also in the Retry-After header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// `edit_conflict`: what was saved meanwhile, to merge with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Box<app::model::admin::EditConflict>>,
    /// `invalid_catalog`: each problem at its JSON pointer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<Problem>>,
}

/// One refused field among several.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub param: String,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    BadRequest,
    Unauthorized,
    BadCredentials,
    Forbidden,
    Conflict,
    EditConflict,
    TooManyAttempts,
    Unavailable,
    TooLarge,
    InvalidCatalog,
    #[default]
    Internal,
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let detail = |code: ErrorCode, message: String| ErrorDetail {
            code,
            message,
            ..ErrorDetail::default()
        };
        let (status, error) = match &self {
            HubError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                detail(ErrorCode::NotFound, format!("{what} not found")),
            ),
            HubError::BadRequest { param, reason } => (
                StatusCode::BAD_REQUEST,
                ErrorDetail {
                    param: Some(param.clone()),
                    ..detail(ErrorCode::BadRequest, format!("{param}: {reason}"))
                },
            ),
            HubError::BadFields(fields) => (
                StatusCode::BAD_REQUEST,
                ErrorDetail {
                    param: fields.first().map(|(p, _)| p.clone()),
                    fields: Some(
                        fields
                            .iter()
                            .map(|(param, reason)| FieldProblem {
                                param: param.clone(),
                                reason: reason.clone(),
                            })
                            .collect(),
                    ),
                    ..detail(ErrorCode::BadRequest, self.to_string())
                },
            ),
            HubError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                detail(ErrorCode::Unauthorized, "sign in to continue".into()),
            ),
            HubError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                detail(ErrorCode::BadCredentials, self.to_string()),
            ),
            HubError::Forbidden(why) => (StatusCode::FORBIDDEN, detail(ErrorCode::Forbidden, why.clone())),
            HubError::Conflict(why) => (StatusCode::CONFLICT, detail(ErrorCode::Conflict, why.clone())),
            HubError::EditConflict(conflict) => (
                StatusCode::CONFLICT,
                ErrorDetail {
                    conflict: Some(conflict.clone()),
                    ..detail(ErrorCode::EditConflict, self.to_string())
                },
            ),
            HubError::Throttled { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorDetail {
                    retry_after: Some(*retry_after),
                    ..detail(ErrorCode::TooManyAttempts, self.to_string())
                },
            ),
            e if e.is_unavailable() => {
                tracing::warn!(error = %e, "the database is unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    detail(
                        ErrorCode::Unavailable,
                        "the hub cannot reach its database right now; please try again in a moment".into(),
                    ),
                )
            }
            HubError::TooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                detail(ErrorCode::TooLarge, self.to_string()),
            ),
            HubError::Invalid(problems) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorDetail {
                    problems: Some(problems.clone()),
                    ..detail(ErrorCode::InvalidCatalog, self.to_string())
                },
            ),
            _ => {
                tracing::error!(error = %self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    detail(
                        ErrorCode::Internal,
                        "something went wrong on our side; please try again".into(),
                    ),
                )
            }
        };
        // The header says what the body says; an unavailable database is worth a retry soon.
        let retry_after = error
            .retry_after
            .or((error.code == ErrorCode::Unavailable).then_some(5));
        let mut response = (status, Json(ErrorBody { error })).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
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
            HubError::BadFields(fields) => UiError::Fields(
                fields
                    .into_iter()
                    .map(|(field, reason)| app::error::FieldError {
                        field,
                        message: capitalized(&reason),
                    })
                    .collect(),
            ),
            HubError::Unauthorized => UiError::SignInRequired,
            HubError::BadCredentials => UiError::Invalid {
                field: "password".into(),
                message: "That email and password do not match an account.".into(),
            },
            HubError::Forbidden(why) => UiError::Forbidden(capitalized(&why)),
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
