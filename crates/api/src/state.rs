//! What the router is built from ([`ApiState`]) and what handlers share
//! ([`AppState`]), including the per-user reserve rate limiter.

use std::num::NonZeroU32;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use docnum_application::Numbering;
use docnum_i18n::Locale;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::auth::AuthConfig;
use crate::error::ApiError;

/// Renders the Prometheus text exposition for `/metrics`.
pub type MetricsRenderer = Arc<dyn Fn() -> String + Send + Sync>;

/// Everything the router needs, supplied by the composition root (the CLI).
#[derive(Clone)]
pub struct ApiState {
    /// The numbering service.
    pub numbering: Numbering,
    /// How bearer tokens are verified.
    pub auth: AuthConfig,
    /// Reservations per user per minute (spec default 100); 0 disables the limit.
    pub rate_limit_per_minute: u32,
    /// Renders `/metrics`; `None` answers 404 there.
    pub metrics: Option<MetricsRenderer>,
    /// The language of error messages when `Accept-Language` names none
    /// docnum speaks (`DOCNUM_DEFAULT_LOCALE`).
    pub default_locale: Locale,
}

/// The state handlers extract: [`ApiState`] plus the limiter, shared.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

pub(crate) struct Shared {
    pub(crate) numbering: Numbering,
    pub(crate) auth: AuthConfig,
    pub(crate) metrics: Option<MetricsRenderer>,
    pub(crate) default_locale: Locale,
    pub(crate) reserve_limit: Option<UserRateLimiter>,
}

impl AppState {
    pub(crate) fn new(state: ApiState) -> Self {
        Self(Arc::new(Shared {
            numbering: state.numbering,
            auth: state.auth,
            metrics: state.metrics,
            default_locale: state.default_locale,
            reserve_limit: NonZeroU32::new(state.rate_limit_per_minute).map(UserRateLimiter::new),
        }))
    }

    /// 429 NB013 when `user_id` has used up its reservations for now.
    pub(crate) fn check_reserve_rate(&self, user_id: &str) -> Result<(), ApiError> {
        match &self.reserve_limit {
            Some(limiter) => limiter.check(user_id),
            None => Ok(()),
        }
    }
}

/// What the [`AuthUser`](crate::auth::AuthUser) extractor verifies tokens with.
impl AsRef<AuthConfig> for AppState {
    fn as_ref(&self) -> &AuthConfig {
        &self.auth
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// How many checks pass between sweeps of idle users out of the limiter.
const SWEEP_EVERY: u64 = 4096;

/// A GCRA limiter keyed by user id: `per_minute` requests in a burst, then
/// one every `60 / per_minute` seconds.
pub(crate) struct UserRateLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    checks: AtomicU64,
}

impl UserRateLimiter {
    pub(crate) fn new(per_minute: NonZeroU32) -> Self {
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            checks: AtomicU64::new(0),
        }
    }

    pub(crate) fn check(&self, user_id: &str) -> Result<(), ApiError> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            // Users whose bucket is full again carry no state worth keeping.
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&user_id.to_owned())
            .map_err(|not_until| {
                ApiError::rate_limited(not_until.wait_time_from(self.limiter.clock().now()))
            })
    }
}
