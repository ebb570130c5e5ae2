//! What the router is built from ([`ApiState`]) and what handlers share
//! ([`AppState`]), including the rate limiters.

use std::ops::Deref;
use std::sync::Arc;

use docnum_application::Numbering;
use docnum_i18n::Locale;

use crate::auth::AuthConfig;
use crate::error::ApiError;
use crate::limits::{FailedAuth, Limits, UserRateLimiter};
use crate::routes::ReadinessCache;

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
    /// Timeouts, budgets and trusted proxies.
    pub limits: Limits,
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
    pub(crate) reads_limit: Option<UserRateLimiter>,
    pub(crate) mutations_limit: Option<UserRateLimiter>,
    pub(crate) failed_auth: Option<FailedAuth>,
    pub(crate) readiness: ReadinessCache,
    pub(crate) limits: Limits,
}

impl AppState {
    pub(crate) fn new(state: ApiState) -> Self {
        let shared = state.limits.shared.as_ref();
        Self(Arc::new(Shared {
            numbering: state.numbering,
            auth: state.auth,
            metrics: state.metrics,
            default_locale: state.default_locale,
            reserve_limit: UserRateLimiter::per_minute(
                "reserve",
                state.rate_limit_per_minute,
                shared,
            ),
            reads_limit: UserRateLimiter::per_minute(
                "reads",
                state.limits.reads_per_minute,
                shared,
            ),
            mutations_limit: UserRateLimiter::per_minute(
                "mutations",
                state.limits.mutations_per_minute,
                shared,
            ),
            failed_auth: FailedAuth::per_minute(state.limits.failed_auth_per_minute, shared),
            readiness: ReadinessCache::new(state.limits.readiness_cache),
            limits: state.limits,
        }))
    }

    /// Gives back the reservation `user_id` was charged: an idempotent
    /// replay drew no number. (The mutation budget stays spent: the replay's
    /// lookup is a database read, and must stay throttled.)
    pub(crate) async fn refund_reservation(&self, user_id: &str) {
        if let Some(limiter) = &self.reserve_limit {
            limiter.refund(user_id).await;
        }
    }

    /// 429 NB013 when `user_id` has used up its reservations for now.
    pub(crate) async fn check_reserve_rate(&self, user_id: &str) -> Result<(), ApiError> {
        match &self.reserve_limit {
            Some(limiter) => limiter.check(user_id).await,
            None => Ok(()),
        }
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
