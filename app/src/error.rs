//! The UI layer's one error type: what a page can be told went wrong, already phrased for people.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum UiError {
    #[error("We couldn't find that page.")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// A form field that needs fixing: the message belongs beside that field.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// Several form fields that need fixing, all at once: each message beside its field.
    #[error("{}", fields_summary(.0))]
    Fields(Vec<FieldError>),
    #[error("Please sign in to continue.")]
    SignInRequired,
    /// Not allowed, with the reason (only champions lead teams; confirm your email first).
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// A save refused because someone else saved first; what they saved comes along to merge.
    #[error("Someone else saved this resource since you opened it. Your changes are not saved yet: compare them with theirs below, then save again.")]
    EditConflict(Box<crate::model::problems::EditConflict>),
    /// A catalog record with problems, each at its JSON pointer, as import reports them.
    #[error("{} to fix before this can be saved.", crate::model::problems::problem_count(.0.len()))]
    Problems(Vec<crate::model::problems::Problem>),
    #[error("Too many attempts. Please wait {0} seconds and try again.")]
    TooManyAttempts(u64),
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The hub's database cannot be reached for now (restarting, overloaded).
    #[error("The hub is busy or restarting. Please try again in a moment; nothing you saved is lost.")]
    Unavailable,
    #[error("The hub could not be reached ({0}). Check your connection and try again.")]
    Transport(String),
}

impl FromServerFnError for UiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Raised on the server, before the function runs: the caller sent a bad request.
            ServerFnErrorErr::Args(why) => {
                UiError::BadRequest(format!("The request could not be read: {}.", cut(&why)))
            }
            // On the server, this too is the caller's arguments failing to decode; in the
            // browser it is an answer that could not be read.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(why) => {
                UiError::BadRequest(format!("The request could not be read: {}.", cut(&why)))
            }
            ServerFnErrorErr::MissingArg(name) => {
                UiError::BadRequest(format!("The request is missing \"{}\".", cut(&name)))
            }
            other => UiError::Transport(other.to_string()),
        }
    }
}

/// One field's problem among several.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn fields_summary(fields: &[FieldError]) -> String {
    format!(
        "{} fields need fixing: {}",
        fields.len(),
        fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" ")
    )
}

/// A decoder's complaint can quote what it was sent, a megabyte of it: a reason needs no more
/// than its first few hundred characters.
fn cut(text: &str) -> String {
    const KEEP: usize = 300;
    match text.char_indices().nth(KEEP) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl UiError {
    /// The HTTP status a server-rendered page answers with when it fails this way.
    pub fn status(&self) -> u16 {
        match self {
            UiError::NotFound => 404,
            UiError::BadRequest(_) | UiError::Invalid { .. } | UiError::Fields(_) => 400,
            UiError::SignInRequired => 401,
            UiError::Forbidden(_) => 403,
            UiError::Conflict(_) | UiError::EditConflict(_) => 409,
            UiError::Problems(_) => 422,
            UiError::TooManyAttempts(_) => 429,
            UiError::Internal | UiError::Transport(_) => 500,
            UiError::Unavailable => 503,
        }
    }

    /// The message for `field`, when this error is about it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            UiError::Invalid { field: f, message } if f == field => Some(message.clone()),
            UiError::Fields(list) => list.iter().find(|f| f.field == field).map(|f| f.message.clone()),
            _ => None,
        }
    }
}
