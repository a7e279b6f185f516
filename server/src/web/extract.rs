//! Request extractors shared by handlers: who is signed in, where a request came from, and JSON
//! bodies whose problems become 400s with a reason.

use super::AppState;
use crate::accounts::{sessions, AccountId};
use crate::error::HubError;
use app::model::Account;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

/// The signed-in account; 401 when there is none (or it was deleted or disabled since).
pub struct SignedIn {
    pub id: AccountId,
    /// As loaded to check it still exists, so handlers need not load it again.
    pub account: Account,
    pub session: Session,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HubError> {
        let session = session(parts)?;
        let id = sessions::account(&session).await?.ok_or(HubError::Unauthorized)?;
        let account = crate::accounts::store::get(&state.pool, id)
            .await?
            .ok_or(HubError::Unauthorized)?;
        Ok(SignedIn { id, account, session })
    }
}

/// A signed-in admin: 401 when nobody is signed in, 403 for anyone else.
pub struct Admin(pub SignedIn);

impl Admin {
    /// The admin as the audit log names them.
    pub fn actor(&self) -> crate::admin::audit::Actor {
        crate::admin::audit::Actor {
            id: Some(self.0.id.0),
            name: self.0.account.email.clone(),
        }
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HubError> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if !signed_in.account.is_admin() {
            return Err(HubError::Forbidden("this is for the hub's admins".into()));
        }
        Ok(Admin(signed_in))
    }
}

/// The request's session (every route has one; the layer is on the whole router).
pub fn session(parts: &Parts) -> Result<Session, HubError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| HubError::Corrupt("no session layer on this route".into()))
}

/// The client's address as the socket saw it, when the server was started with it.
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, HubError> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip()),
        ))
    }
}

/// A JSON body; anything unreadable is a 400 that says what was wrong with it.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = HubError;

    async fn from_request(req: Request, state: &S) -> Result<Self, HubError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(HubError::BadRequest {
                param: "body".into(),
                reason: rejection.body_text(),
            }),
        }
    }
}

/// Query parameters; anything unreadable is a 400 that says what was wrong with it.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, HubError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(QueryParams(value)),
            Err(rejection) => Err(HubError::BadRequest {
                param: "query".into(),
                reason: rejection.body_text(),
            }),
        }
    }
}
