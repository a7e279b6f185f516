//! `/unsubscribe/one-click?token=…`: RFC 8058's one-click unsubscribe, the address in every
//! optional message's `List-Unsubscribe` header. A mail program posts
//! `List-Unsubscribe=One-Click` to it, from its own servers, with no cookie and no page: the
//! token is the key. Opened as a link instead, it sends the browser to the page with the
//! button (`/unsubscribe?token=…`), since opening a link must change nothing.

use crate::error::HubError;
use crate::mail::unsubscribe;
use crate::web::extract::QueryParams;
use crate::web::AppState;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    token: String,
}

pub async fn one_click(
    State(state): State<AppState>,
    QueryParams(link): QueryParams<Link>,
) -> Result<&'static str, HubError> {
    unsubscribe::turn_off(&state.pool, &link.token).await?;
    Ok("Unsubscribed.")
}

pub async fn open(QueryParams(link): QueryParams<Link>) -> Redirect {
    let token: String = form_urlencoded::byte_serialize(link.token.as_bytes()).collect();
    Redirect::to(&format!("/unsubscribe?token={token}"))
}
