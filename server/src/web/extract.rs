//! Request extractors shared by handlers: who is signed in, where a request came from, and JSON
//! bodies, query strings and path segments whose problems become 400s with a reason.

use super::{caller, client, AppState};
use crate::accounts::AccountId;
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
        let caller = caller::of_request(&state.pool, &mut parts.extensions)
            .await?
            .ok_or(HubError::Unauthorized)?;
        Ok(SignedIn {
            id: caller.id,
            account: caller.account,
            session,
        })
    }
}

/// A signed-in admin: 401 when nobody is signed in, 403 for anyone else.
pub struct Admin(pub SignedIn);

impl Admin {
    /// The admin as the audit log names them.
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            id: Some(self.0.id.0),
            name: self.0.account.email.clone(),
        }
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HubError> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        match super::middleware::gate::refusal(super::access::Who::Admin, Some(&signed_in.account)) {
            Some(refused) => Err(refused),
            None => Ok(Admin(signed_in)),
        }
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

/// The client's address: the connection's peer, or what a trusted proxy says it saw
/// (`web::client`); none when the server was started without connection info.
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, HubError> {
        let trusted = parts
            .extensions
            .get::<client::TrustedProxies>()
            .cloned()
            .unwrap_or_default();
        let forwarded = parts.headers.get_all("x-forwarded-for");
        Ok(ClientAddress(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(
            |ConnectInfo(peer)| client::address(peer.ip(), forwarded.iter().filter_map(|v| v.to_str().ok()), &trusted),
        )))
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

/// Path segments; one that does not parse (a word where an id belongs) is a 400 naming the
/// segment, in the same JSON as every other refusal rather than axum's plain text.
pub struct PathParams<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PathParams<T> {
    type Rejection = HubError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, HubError> {
        use axum::extract::path::{ErrorKind, Path, RawPathParams};
        use axum::extract::rejection::PathRejection;
        let e = match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => return Ok(PathParams(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => e,
            Err(rejection) => {
                return Err(HubError::BadRequest {
                    param: "path".into(),
                    reason: rejection.body_text(),
                })
            }
        };
        // The segment's name as the route spells it ({id}), for the refusal's `param`.
        let names: Vec<String> = match RawPathParams::from_request_parts(parts, state).await {
            Ok(raw) => raw.iter().map(|(name, _)| name.to_string()).collect(),
            Err(_) => Vec::new(),
        };
        let (name, value, expected) = match e.kind() {
            ErrorKind::ParseErrorAtKey {
                key,
                value,
                expected_type,
            } => (Some(key.clone()), value, *expected_type),
            ErrorKind::ParseErrorAtIndex {
                index,
                value,
                expected_type,
            } => (names.get(*index).cloned(), value, *expected_type),
            ErrorKind::ParseError { value, expected_type } if names.len() == 1 => {
                (names.first().cloned(), value, *expected_type)
            }
            _ => (None, &String::new(), ""),
        };
        Err(match name {
            Some(param) => HubError::BadRequest {
                param,
                reason: match expected {
                    "i64" | "u64" | "i32" | "u32" => format!("expected a whole number, got \"{value}\""),
                    other => format!("expected {other}, got \"{value}\""),
                },
            },
            None => HubError::BadRequest {
                param: "path".into(),
                reason: e.body_text(),
            },
        })
    }
}
