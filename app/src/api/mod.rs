//! Server functions: the only way pages ask the server for data or change anything. Each is a
//! thin call into the [`Backend`](crate::backend::Backend) the server provides as context.
//! Forms post to them directly, so every one works before (and without) the wasm.
//!
//! Each names its address (`endpoint`): `/rpc/<name>`, the same from every build. Unpinned,
//! Leptos appends a hash of the crate's folder and module path, so a page served before a
//! deploy (or by a replica built elsewhere) would post to an address that no longer exists.

pub mod accounts;
pub mod admin;
pub mod catalog;
pub mod collections;
pub mod credits;
pub mod progress;
pub mod teams;

pub use accounts::*;
pub use admin::*;
pub use catalog::*;
pub use collections::*;
pub use credits::*;
pub use progress::*;
pub use teams::*;

#[cfg(feature = "ssr")]
pub(crate) fn backend() -> Result<crate::backend::SharedBackend, crate::error::UiError> {
    leptos::prelude::use_context::<crate::backend::SharedBackend>().ok_or(crate::error::UiError::Internal)
}

/// Whether this request is a plain form post (the browser accepts HTML: no wasm sent it), as
/// opposed to a call from the wasm, which reads the answer itself.
#[cfg(feature = "ssr")]
pub(crate) fn plain_form_post() -> bool {
    use leptos::prelude::use_context;
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// A server function's result, with the HTTP status its error calls for (400, 401, 409, ...)
/// when it was called by the wasm. A plain form post (which accepts HTML) keeps the redirect
/// back to its page, with the error in the URL, that makes forms work without JavaScript.
#[cfg(feature = "ssr")]
pub(crate) fn answer<T>(result: Result<T, crate::error::UiError>) -> Result<T, crate::error::UiError> {
    use leptos::prelude::use_context;
    if let Err(e) = &result {
        if !plain_form_post() {
            if let (Some(resp), Ok(status)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                http::StatusCode::from_u16(e.status()),
            ) {
                resp.set_status(status);
            }
        }
    }
    result
}
