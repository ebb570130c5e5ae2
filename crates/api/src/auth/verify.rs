//! [`AuthConfig`]: checking a bearer token's signature and claims, and
//! remembering the tokens that passed.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use docnum_domain::Message;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use lru::LruCache;
use serde::Deserialize;

use super::token::{Claims, MAX_USER_ID_LEN};
use super::{AuthUser, KeyError, keys};
use crate::error::ApiError;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
pub(super) const LEEWAY_SECS: u64 = 60;
/// The longest lifetime (`exp` − `iat`) accepted by default: one year.
pub const DEFAULT_MAX_LIFETIME: Duration = Duration::from_hours(365 * 24);
/// Verified tokens remembered per process (the most recently used).
const VERIFIED_CACHE_SIZE: usize = 4096;

/// The claims read again after `jsonwebtoken` verified the token, for the
/// lifetime check (`nbf` must be a number when present: checked there).
#[derive(Deserialize)]
struct Times {
    exp: u64,
    #[serde(default)]
    iat: Option<u64>,
}

/// How tokens are verified: the HS256 secret and the validation rules.
///
/// A client sends the same token with every request, and decoding it (two
/// base64 parts, three JSON parses, an HMAC) was the largest single cost of
/// a reservation in the server (about 8 % of its CPU under load). So a
/// token that verified is remembered, keyed by its full text (signature
/// included: a token that differs in one character is verified afresh), and
/// only its expiry is checked again on later requests.
#[derive(Clone)]
pub struct AuthConfig {
    keys: keys::Keys,
    validation: Validation,
    /// The longest `exp` − `iat` accepted, in seconds; `None`: any.
    max_lifetime: Option<u64>,
    verified: Arc<Mutex<LruCache<String, Verified>>>,
}

/// What a verified token said.
#[derive(Clone)]
struct Verified {
    user_id: String,
    permissions: Vec<String>,
    exp: u64,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("AuthConfig")
            .field("hs256", &self.keys.secret.is_some())
            .field("public_keys", &self.keys.public.len())
            .field("audience", &self.validation.aud)
            .field("issuer", &self.validation.iss)
            .field("max_lifetime", &self.max_lifetime)
            .finish_non_exhaustive()
    }
}

impl AuthConfig {
    /// Verifies HS256 tokens signed with `secret` (`exp` and `sub` required,
    /// `nbf` checked when present, 60 s of clock leeway, lifetimes up to
    /// [`DEFAULT_MAX_LIFETIME`]).
    pub fn hs256(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "sub"]);
        validation.validate_aud = false;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Self {
            keys: keys::Keys {
                secret: Some(DecodingKey::from_secret(secret)),
                public: Vec::new(),
            },
            validation,
            max_lifetime: Some(DEFAULT_MAX_LIFETIME.as_secs()),
            verified: Arc::new(Mutex::new(LruCache::new(
                NonZeroUsize::new(VERIFIED_CACHE_SIZE).unwrap_or(NonZeroUsize::MIN),
            ))),
        }
    }

    /// Also accepts tokens signed with the private half of `pem` (an RSA or
    /// EC public key in PEM), whatever their `kid`.
    pub fn with_public_key_pem(mut self, pem: &[u8]) -> Result<Self, KeyError> {
        self.keys.add_pem(pem)?;
        Ok(self)
    }

    /// Also accepts tokens signed by a key of the JWKS document `json`, the
    /// key chosen by the token's `kid`.
    pub fn with_jwks(mut self, json: &str) -> Result<Self, KeyError> {
        self.keys.add_jwks(json)?;
        Ok(self)
    }

    /// Requires `aud` to be (or contain) `audience`.
    #[must_use]
    pub fn with_audience(mut self, audience: &str) -> Self {
        self.validation.set_audience(&[audience]);
        self.validation.validate_aud = true;
        self.require("aud");
        self
    }

    /// Requires `iss` to be `issuer`.
    #[must_use]
    pub fn with_issuer(mut self, issuer: &str) -> Self {
        self.validation.set_issuer(&[issuer]);
        self.require("iss");
        self
    }

    /// Refuses tokens living longer than `max` (`exp` − `iat`, or `exp` −
    /// now without `iat`); zero accepts any lifetime.
    #[must_use]
    pub fn with_max_lifetime(mut self, max: Duration) -> Self {
        self.max_lifetime = (!max.is_zero()).then_some(max.as_secs());
        self
    }

    fn require(&mut self, claim: &str) {
        self.validation
            .required_spec_claims
            .insert(claim.to_owned());
    }

    /// Verifies a bearer token (without the `Bearer ` prefix).
    pub fn verify(&self, token: &str) -> Result<AuthUser, ApiError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.verify_at(token, now)
    }

    /// [`Self::verify`] at `now` (seconds since the epoch): a remembered
    /// token is refused once expired, as `jsonwebtoken` would refuse it.
    pub(super) fn verify_at(&self, token: &str, now: u64) -> Result<AuthUser, ApiError> {
        let remembered = self.cache().get(token).cloned();
        let verified = if let Some(v) = remembered {
            v
        } else {
            let v = self.decode(token, now)?;
            self.cache().put(token.to_owned(), v.clone());
            v
        };
        if verified.exp.saturating_add(LEEWAY_SECS) < now {
            self.cache().pop(token);
            return Err(ApiError::Unauthenticated(explain(
                &ErrorKind::ExpiredSignature,
            )));
        }
        Ok(AuthUser {
            user_id: verified.user_id,
            permissions: verified.permissions,
            ip: None,
            user_agent: None,
        })
    }

    /// Checks signature, algorithm, `exp`, `nbf`, `aud`, `iss`, `sub` and
    /// the lifetime of a token not seen yet.
    fn decode(&self, token: &str, now: u64) -> Result<Verified, ApiError> {
        let unauthenticated =
            |e: jsonwebtoken::errors::Error| ApiError::Unauthenticated(explain(e.kind()));
        let header = jsonwebtoken::decode_header(token).map_err(unauthenticated)?;
        let key = self
            .keys
            .select(&header)
            .map_err(ApiError::Unauthenticated)?;
        let mut validation = self.validation.clone();
        validation.algorithms = vec![header.alg];
        let data = jsonwebtoken::decode::<serde_json::Value>(token, key, &validation)
            .map_err(unauthenticated)?;
        if let Some(max) = self.max_lifetime {
            let times: Times = serde_json::from_value(data.claims.clone()).map_err(|e| {
                ApiError::Unauthenticated(
                    Message::new("auth-claims-invalid").with("reason", e.to_string()),
                )
            })?;
            let lifetime = times.exp.saturating_sub(times.iat.unwrap_or(now));
            if lifetime > max.saturating_add(LEEWAY_SECS) {
                return Err(ApiError::Unauthenticated(
                    Message::new("auth-lifetime-too-long")
                        .with("lifetime", lifetime)
                        .with("max", max),
                ));
            }
        }
        let claims: Claims = serde_json::from_value(data.claims).map_err(|e| {
            ApiError::Unauthenticated(
                Message::new("auth-claims-invalid").with("reason", e.to_string()),
            )
        })?;
        if claims.sub.trim().is_empty() || claims.sub.chars().count() > MAX_USER_ID_LEN {
            return Err(ApiError::Unauthenticated(
                Message::new("auth-bad-subject").with("max", MAX_USER_ID_LEN),
            ));
        }
        Ok(Verified {
            user_id: claims.sub,
            permissions: claims.permissions,
            exp: claims.exp,
        })
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, LruCache<String, Verified>> {
        self.verified.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Verifies the `Authorization` header value (`Bearer <token>`).
    pub fn verify_header(&self, header: Option<&str>) -> Result<AuthUser, ApiError> {
        let header =
            header.ok_or_else(|| ApiError::Unauthenticated(Message::new("auth-missing")))?;
        let token = header
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty())
            .ok_or_else(|| ApiError::Unauthenticated(Message::new("auth-not-bearer")))?;
        self.verify(token)
    }
}

fn explain(kind: &ErrorKind) -> Message {
    match kind {
        ErrorKind::ExpiredSignature => Message::new("auth-expired"),
        ErrorKind::ImmatureSignature => Message::new("auth-not-yet-valid"),
        ErrorKind::InvalidSignature => Message::new("auth-bad-signature"),
        ErrorKind::InvalidAlgorithm => Message::new("auth-wrong-algorithm"),
        ErrorKind::InvalidAudience => Message::new("auth-wrong-audience"),
        ErrorKind::InvalidIssuer => Message::new("auth-wrong-issuer"),
        ErrorKind::MissingRequiredClaim(claim) => {
            Message::new("auth-missing-claim").with("claim", claim)
        }
        ErrorKind::InvalidClaimFormat(claim) => {
            Message::new("auth-claim-type").with("claim", claim)
        }
        ErrorKind::Json(e) => Message::new("auth-claims-invalid").with("reason", e.to_string()),
        _ => Message::new("auth-malformed"),
    }
}
