//! The gate: the access table (`web::access`) enforced before any handler runs. A server
//! function or API route that needs a signed-in account, a champion or an admin is refused
//! here, before its body is read, before any password is hashed and before any other query:
//! the only work an unwelcome caller costs is finding its session. The handlers keep their
//! own checks (the table is what they add up to); this makes the cheap refusal come first.

use crate::error::HubError;
use crate::web::access::{self, Kind, Who};
use crate::web::caller;
use app::error::UiError;
use app::model::Account;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::{ServerFnUrlError, SERVER_FN_ERROR_HEADER};
use sqlx::AnyPool;

pub async fn admit(State(pool): State<AnyPool>, mut request: Request, next: Next) -> Response {
    let Some(rule) = access::governing(request.method(), request.uri().path()) else {
        // A server function the table does not know is none the router serves either: refused
        // here, before its body is read.
        if request.uri().path().starts_with("/rpc/") {
            let mut response = HubError::NotFound("server function".into()).into_response();
            part_cleanly(request, &mut response).await;
            return response;
        }
        return next.run(request).await;
    };
    // Routes open to anyone find their caller only if they need it, through the same function.
    if rule.who == Who::Anyone {
        return next.run(request).await;
    }
    let refusal = match caller::of_request(&pool, request.extensions_mut()).await {
        Ok(caller) => refusal(rule.who, caller.as_ref().map(|c| &c.account)),
        Err(e) => Some(e),
    };
    let Some(refused) = refusal else {
        return next.run(request).await;
    };
    let mut response = match rule.kind {
        Kind::ServerFn => server_fn_refusal(&request, refused),
        _ => refused.into_response(),
    };
    part_cleanly(request, &mut response).await;
    response
}

/// Bodies this small are read (and dropped) before a refusal, so the connection can carry the
/// client's next request; a larger one is never read, and the connection closes after the
/// refusal, saying so, so no client sends its next request down a closing connection.
const DRAINED_BYTES: u64 = 64 * 1024;

async fn part_cleanly(request: Request, response: &mut Response) {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = request.headers().contains_key(header::TRANSFER_ENCODING);
    let drained = match declared {
        Some(n) if n <= DRAINED_BYTES && !chunked => axum::body::to_bytes(request.into_body(), DRAINED_BYTES as usize)
            .await
            .is_ok(),
        None if !chunked => true,
        _ => false,
    };
    if !drained {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
}

/// Why the signed-in `account` (none for a visitor) may not use a route that needs `who`, if it
/// may not.
pub fn refusal(who: Who, account: Option<&Account>) -> Option<HubError> {
    let Some(account) = account else {
        return (who != Who::Anyone).then_some(HubError::Unauthorized);
    };
    match who {
        Who::Admin if !account.is_admin() => Some(HubError::Forbidden("this is for the hub's admins".into())),
        Who::Champion if !account.is_champion() => Some(HubError::Forbidden(
            "only champions lead teams: take the champion pledge on your account page first".into(),
        )),
        _ => None,
    }
}

/// A refusal as the server function itself would have answered it: to the wasm, the error
/// with its status; to a plain form post (which accepts HTML), a redirect back to its page
/// with the error in the URL, as Leptos does for an error the function returns.
fn server_fn_refusal(request: &Request, e: HubError) -> Response {
    let error = UiError::from(e);
    let path = request.uri().path();
    let accepts_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if accepts_html {
        let referer = request
            .headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("/");
        let back = ServerFnUrlError::new(path, error)
            .to_url(referer)
            .map(|url| url.to_string())
            .unwrap_or_else(|_| "/".into());
        return match HeaderValue::from_str(&back) {
            Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
            Err(_) => (StatusCode::FOUND, [(header::LOCATION, HeaderValue::from_static("/"))]).into_response(),
        };
    }
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_string(&error).unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(path) = HeaderValue::from_str(path) {
        headers.insert(SERVER_FN_ERROR_HEADER, path);
    }
    if let UiError::TooManyAttempts(seconds) = error {
        headers.insert(header::RETRY_AFTER, seconds.into());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(roles: &[&str]) -> Account {
        Account {
            name: "Ana".into(),
            email: "ana@example.org".into(),
            profession: None,
            discipline: None,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            champion_since: None,
            created_at: "2026-01-01".into(),
            email_confirmed: true,
            pending_email: None,
        }
    }

    #[test]
    fn each_role_gets_what_the_table_says() {
        let learner = caller(&[]);
        let champion = caller(&["champion"]);
        let admin = caller(&["admin"]);
        assert!(refusal(Who::Anyone, None).is_none());
        assert!(matches!(refusal(Who::SignedIn, None), Some(HubError::Unauthorized)));
        assert!(matches!(refusal(Who::Admin, None), Some(HubError::Unauthorized)));
        assert!(refusal(Who::SignedIn, Some(&learner)).is_none());
        assert!(matches!(
            refusal(Who::Champion, Some(&learner)),
            Some(HubError::Forbidden(_))
        ));
        assert!(refusal(Who::Champion, Some(&champion)).is_none());
        assert!(matches!(
            refusal(Who::Admin, Some(&champion)),
            Some(HubError::Forbidden(_))
        ));
        assert!(refusal(Who::Admin, Some(&admin)).is_none());
    }
}
