//! Extractors that run before a handler: [`Auth`] (who is asking, from the
//! bearer token), [`Admin`] (the same, and an admin), [`ClientAddr`] (where
//! from, for the sign-in limits).
//!
//! Put `Auth`/`Admin` before the body extractor in a handler's arguments: then
//! a request without a valid session is refused before its body is read.

use super::error::AuthError;
use super::token::hash_token;
use crate::error::AppError;
use crate::{db, now_ms, AppState};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use shared::access::Principal;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use uuid::Uuid;

/// Longest bearer token looked up; ours are 43 characters.
const MAX_TOKEN_LEN: usize = 256;

/// A request with a live session: the account and the device it signed in on.
#[derive(Debug, Clone)]
pub struct Auth {
    pub principal: Principal,
    /// The device the session is bound to; a push must come from it.
    pub device_id: Uuid,
    /// The session's key, for signing out (the token itself is not kept).
    pub token_hash: String,
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer_token(&parts.headers).ok_or(AuthError::Unauthenticated)?;
        let token_hash = hash_token(token);
        let session = db::sessions::lookup(&state.db, &token_hash)
            .await?
            .ok_or(AuthError::Unauthenticated)?;
        // The device first: revoking it also ends its sessions, and the phone
        // must learn that the device (not just the session) is refused.
        if session.device_revoked_ms.is_some() {
            return Err(AuthError::DeviceRevoked.into());
        }
        if session.revoked_ms.is_some() {
            return Err(AuthError::Unauthenticated.into());
        }
        if session.expires_ms <= now_ms() {
            return Err(AuthError::SessionExpired.into());
        }
        if session.user_disabled {
            return Err(AuthError::AccountDisabled.into());
        }
        Ok(Auth {
            principal: session.principal,
            device_id: session.device_id,
            token_hash,
        })
    }
}

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= MAX_TOKEN_LEN)
        .then_some(token)
}

/// An [`Auth`] whose account is an admin; others get 403 `forbidden`.
#[derive(Debug, Clone)]
pub struct Admin(pub Auth);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let auth = Auth::from_request_parts(parts, state).await?;
        if auth.principal.is_admin() {
            Ok(Admin(auth))
        } else {
            Err(AuthError::Forbidden.into())
        }
    }
}

/// The client's IP address as text: the connection's peer, or — only when the
/// server is told it sits behind a proxy it trusts — the last address in
/// `X-Forwarded-For` (the one that proxy added; earlier ones are the client's
/// own claims). `unknown` when neither is known (tests without a socket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let forwarded = state
            .trust_proxy
            .then(|| last_forwarded_for(&parts.headers))
            .flatten();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr(
            forwarded
                .or(peer)
                .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
        ))
    }
}

fn last_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last_header = headers.get_all("x-forwarded-for").iter().next_back()?;
    let last = last_header.to_str().ok()?.rsplit(',').next()?;
    last.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_tokens() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer_token(&h), None);
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
        assert_eq!(bearer_token(&h), Some("abc"));
        h.insert(AUTHORIZATION, HeaderValue::from_static("bearer  abc "));
        assert_eq!(bearer_token(&h), Some("abc"));
        h.insert(AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&h), None);
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&h), None);
    }

    #[test]
    fn forwarded_for_takes_the_last_hop() {
        let mut h = HeaderMap::new();
        h.append(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 10.0.0.1"),
        );
        h.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        assert_eq!(last_forwarded_for(&h), "203.0.113.9".parse().ok());
        h.insert("x-forwarded-for", HeaderValue::from_static("not an ip"));
        assert_eq!(last_forwarded_for(&h), None);
    }
}
