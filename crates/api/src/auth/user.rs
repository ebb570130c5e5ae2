//! [`AuthUser`]: the authenticated caller, its permission checks, and the
//! extractor that yields it from a request.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::Method;
use axum::http::header::{AUTHORIZATION, USER_AGENT};
use axum::http::request::Parts;
use docnum_application::Actor;
use docnum_domain::Message;

use super::permissions;
use crate::client_addr::client_addr;
use crate::error::ApiError;
use crate::state::AppState;

/// User agents are cut to this many characters before they are audited.
const MAX_USER_AGENT_LEN: usize = 255;

/// The authenticated caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The token's `sub`.
    pub user_id: String,
    /// The token's `permissions`.
    pub permissions: Vec<String>,
    /// The client's address (the TCP peer), when known.
    pub ip: Option<String>,
    /// The client's `User-Agent`, when sent.
    pub user_agent: Option<String>,
}

impl AuthUser {
    /// Whether the user holds `permission` (admins hold every permission).
    pub fn has(&self, permission: &str) -> bool {
        self.permissions
            .iter()
            .any(|p| p == permission || p == permissions::ADMIN)
    }

    /// 403 NB012 unless the user holds `permission`.
    pub fn require(&self, permission: &str) -> Result<(), ApiError> {
        if self.has(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                Message::new("permission-missing")
                    .with("permission", permission)
                    .with("user", &self.user_id),
            ))
        }
    }

    /// The actor recorded in the audit log.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user_id.clone(),
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
        }
    }
}

/// Extracts the user: refuses an address that failed authentication too
/// often (before decoding anything), verifies the token, then spends one
/// request of the user's read or mutation budget.
impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| {
                client_addr(peer.ip(), &parts.headers, &state.limits.trusted_proxies)
            });
        if let (Some(guard), Some(addr)) = (&state.failed_auth, addr) {
            guard.admit(addr)?;
        }
        let verified = match parts.headers.get(AUTHORIZATION) {
            Some(value) => value
                .to_str()
                .map_err(|_| ApiError::Unauthenticated(Message::new("auth-not-ascii")))
                .and_then(|header| state.auth.verify_header(Some(header))),
            None => state.auth.verify_header(None),
        };
        let mut user = match verified {
            Ok(user) => user,
            Err(e) => {
                if let (Some(guard), Some(addr)) = (&state.failed_auth, addr) {
                    guard.failed(addr).await;
                }
                return Err(e);
            }
        };
        let budget = if matches!(parts.method, Method::GET | Method::HEAD) {
            &state.reads_limit
        } else {
            &state.mutations_limit
        };
        if let Some(limiter) = budget {
            limiter.check(&user.user_id).await?;
        }
        user.ip = addr.map(|a| a.to_string());
        user.user_agent = parts
            .headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(MAX_USER_AGENT_LEN).collect());
        tracing::Span::current().record("user_id", user.user_id.as_str());
        Ok(user)
    }
}
