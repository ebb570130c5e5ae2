//! What a docnum token says, and how `docnum token` signs one.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use docnum_domain::Message;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use super::permissions;
use crate::error::ApiError;

/// The longest `sub` accepted (it is stored in the audit log).
pub(super) const MAX_USER_ID_LEN: usize = 255;

/// The claims of a docnum token.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Claims {
    pub(super) sub: String,
    #[serde(default)]
    pub(super) permissions: Vec<String>,
    pub(super) exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) iat: Option<u64>,
}

/// Signs an HS256 token for `user_id` with `permissions`, valid for `ttl`
/// (used by `docnum token` and by tests). Unknown permission names are
/// refused so that a typo cannot mint a useless token.
pub fn issue_token(
    secret: &[u8],
    user_id: &str,
    permissions: &[String],
    ttl: Duration,
) -> Result<String, ApiError> {
    if user_id.trim().is_empty() || user_id.chars().count() > MAX_USER_ID_LEN {
        return Err(ApiError::Invalid(
            Message::new("token-user-invalid").with("max", MAX_USER_ID_LEN),
        ));
    }
    if let Some(unknown) = permissions
        .iter()
        .find(|p| !permissions::ALL.contains(&p.as_str()))
    {
        return Err(ApiError::Invalid(
            Message::new("token-permission-unknown")
                .with("permission", unknown)
                .with("known", permissions::ALL.join(", ")),
        ));
    }
    if ttl.is_zero() {
        return Err(ApiError::Invalid(Message::new("token-ttl-invalid")));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| ApiError::Internal(format!("system clock before 1970: {e}")))?
        .as_secs();
    let claims = Claims {
        sub: user_id.to_owned(),
        permissions: permissions.to_vec(),
        exp: now.saturating_add(ttl.as_secs().max(1)),
        iat: Some(now),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .map_err(|e| ApiError::Internal(format!("signing a token: {e}")))
}
