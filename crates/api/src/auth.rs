//! Bearer JWT authentication and permissions.
//!
//! A token carries `sub` (the user id), `permissions` (a list of the
//! [`permissions`] constants) and `exp` (required); `iat`, `nbf`, `aud` and
//! `iss` are optional unless the server names an audience or issuer. Tokens
//! are HS256 (signed by `docnum token` with the server's secret) or signed
//! by an identity provider (RS256/ES256…) whose public keys the server holds
//! ([`AuthConfig::with_public_key_pem`], [`AuthConfig::with_jwks`]).
//! [`AuthUser`] is the extractor: it answers 401 NB011 when the token is
//! missing, malformed, expired or wrongly signed, and handlers call
//! [`AuthUser::require`] for 403 NB012. `numbering:admin` implies every other
//! permission.
//!
//! The client IP recorded in the audit is the TCP peer
//! (`ConnectInfo<SocketAddr>`), or the address a proxy named in
//! `DOCNUM_TRUSTED_PROXIES` reports (see [`crate::client_addr`]).

mod keys;
pub mod permissions;
mod token;
mod user;
mod verify;

pub use keys::KeyError;
pub use token::issue_token;
pub use user::AuthUser;
pub use verify::{AuthConfig, DEFAULT_MAX_LIFETIME};

#[cfg(test)]
mod tests;
