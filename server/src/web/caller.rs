//! Who is calling: the one sign-in check. The gate (`web::middleware::gate`) works it out once
//! per request and leaves it in the request's extensions; the API extractors, the page backend
//! and the admin backend read it from there (or work it out the same way for a page rendered on
//! the server), so the two doors cannot drift apart. Shared by middleware and routes, so it sits
//! beside both.

use crate::accounts::{sessions, store, AccountId};
use crate::error::HubError;
use app::model::Account;
use axum::http::Extensions;
use sqlx::AnyPool;
use tower_sessions::Session;

/// A signed-in account that still exists and is not disabled.
#[derive(Clone, Debug)]
pub struct Caller {
    pub id: AccountId,
    pub account: Account,
}

/// What the gate found out about a request: `None` inside when nobody is signed in.
#[derive(Clone, Debug)]
pub struct Resolved(pub Option<Caller>);

/// The account `session` is signed in as: none when it is not, or when the account was deleted
/// or disabled since.
pub async fn of_session(pool: &AnyPool, session: &Session) -> Result<Option<Caller>, HubError> {
    let Some(id) = sessions::account(session).await? else {
        return Ok(None);
    };
    Ok(store::get(pool, id).await?.map(|account| Caller { id, account }))
}

/// The caller of a request whose extensions hold its session: the gate's answer when it left
/// one, otherwise worked out now and left for whoever asks next.
pub async fn of_request(pool: &AnyPool, extensions: &mut Extensions) -> Result<Option<Caller>, HubError> {
    let caller = of_extensions(pool, extensions).await?;
    extensions.insert(Resolved(caller.clone()));
    Ok(caller)
}

/// The gate's answer in `extensions`, or the account their session is signed in as.
async fn of_extensions(pool: &AnyPool, extensions: &Extensions) -> Result<Option<Caller>, HubError> {
    if let Some(Resolved(known)) = extensions.get::<Resolved>() {
        return Ok(known.clone());
    }
    let session = extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| HubError::Corrupt("no session layer on this route".into()))?;
    of_session(pool, &session).await
}

/// The caller of the server function or page Leptos is answering, from the request in its
/// context: the gate's answer for a server function, worked out now for a page.
pub async fn of_leptos_request(pool: &AnyPool) -> Result<Option<Caller>, HubError> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()
        .ok_or_else(|| HubError::Corrupt("no request in the server function's context".into()))?;
    of_extensions(pool, &parts.extensions).await
}
