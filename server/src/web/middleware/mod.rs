//! What wraps every request, before and after its handler: each module is one layer, and
//! [`around`] stacks them in the one order they must run in.

pub mod gate;
pub mod landing;
pub mod limits;
pub mod origin;
pub mod overload;
pub mod page_cache;
pub mod refused_form;
pub mod rpc_status;
pub mod security;
pub mod text;

use super::AppState;
use crate::accounts::sessions;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;

/// `served` inside every layer. A request meets them from the bottom up: security headers,
/// the overload limit, compression, its session, the trusted proxies (for its address), the
/// cross-site check, the gate, the body cap, the text check, public pages kept for visitors
/// without a session, the keeping of refused forms' fields, the landing of accepted ones, and last the status fix for server-function errors; the response passes back
/// through them in reverse.
pub fn around(served: Router<AppState>, state: &AppState) -> Router<AppState> {
    let inner = served
        .layer(from_fn(rpc_status::caller_errors_are_4xx))
        .layer(from_fn(landing::land_where_the_form_says))
        .layer(from_fn(refused_form::keep_refused_fields))
        // Inside the gate and the caps: a kept page is answered only where a render would be.
        .layer(from_fn_with_state(
            page_cache::Pages {
                cache: state.pages.clone(),
                search: state.search.clone(),
                pool: state.pool.clone(),
            },
            page_cache::serve_kept,
        ))
        .layer(from_fn(text::refuse_unreadable_text))
        .layer(from_fn(limits::cap_bodies))
        // Who may call what, before any body is read (so before the cap above picks a limit).
        .layer(from_fn_with_state(state.pool.clone(), gate::admit))
        .layer(from_fn(origin::refuse_cross_site))
        .layer(axum::Extension(state.trusted_proxies.clone()))
        .layer(sessions::layer(state.pool.clone(), state.secure_cookies))
        .layer(tower_http::compression::CompressionLayer::new());
    overload::limited(inner, state.capacity).layer(from_fn_with_state(state.secure_cookies, security::headers))
}
