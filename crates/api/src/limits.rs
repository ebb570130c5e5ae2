//! The limits that keep one client from starving the others: per-user
//! budgets for reads and for mutations on every authenticated route, the
//! per-user reservation budget, and a per-address budget of failed
//! authentications checked before any signature is verified.
//!
//! All are GCRA budgets. With Redis configured ([`Limits::shared`]) every
//! instance spends from one budget kept there; without it, or while Redis
//! does not answer, each instance enforces its own (`governor`), so the
//! service never depends on Redis to answer (documented in operations.md).

use std::net::IpAddr;
use std::num::{NonZeroU32, NonZeroUsize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use docnum_application::ports::SharedBudgets;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;
use lru::LruCache;

use crate::error::ApiError;

/// The protections against hostile clients, all configurable.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a handler may take before 503 NB017.
    pub request_timeout: Duration,
    /// Read requests (GET/HEAD) per user per minute; 0 disables.
    pub reads_per_minute: u32,
    /// Other requests per user per minute; 0 disables.
    pub mutations_per_minute: u32,
    /// Failed authentications per client address per minute before the
    /// address is refused without verifying anything; 0 disables.
    pub failed_auth_per_minute: u32,
    /// Proxies whose `X-Forwarded-For`/`Forwarded` are believed.
    pub trusted_proxies: Vec<IpNet>,
    /// A bearer token `/metrics` requires, when set.
    pub metrics_token: Option<String>,
    /// How long a readiness answer is reused.
    pub readiness_cache: Duration,
    /// Budgets every instance shares (Redis), when configured.
    pub shared: Option<Arc<dyn SharedBudgets>>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            reads_per_minute: 1200,
            mutations_per_minute: 600,
            failed_auth_per_minute: 30,
            trusted_proxies: Vec::new(),
            metrics_token: None,
            readiness_cache: Duration::from_secs(1),
            shared: None,
        }
    }
}

/// How many checks pass between sweeps of idle keys out of a limiter.
const SWEEP_EVERY: u64 = 4096;
/// Addresses remembered as refused (the most recent).
const BLOCKED_ADDRESSES: usize = 65_536;

/// A GCRA limiter keyed by `K`: `per_minute` requests in a burst, then one
/// every `60 / per_minute` seconds.
pub(crate) struct KeyedLimiter<K: std::hash::Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    checks: AtomicU64,
}

impl<K: std::hash::Hash + Eq + Clone> KeyedLimiter<K> {
    pub(crate) fn new(per_minute: NonZeroU32) -> Self {
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            checks: AtomicU64::new(0),
        }
    }

    /// `None` when 0 (no limit).
    pub(crate) fn per_minute(per_minute: u32) -> Option<Self> {
        NonZeroU32::new(per_minute).map(Self::new)
    }

    /// Spends one request of `key`; else how long until the next one.
    pub(crate) fn check(&self, key: &K) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            // Keys whose bucket is full again carry no state worth keeping.
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }
}

/// A per-user limiter answering 429 NB013, with refunds. The shared
/// budget, when there is one and it answers, decides; otherwise this
/// instance's own: GCRA cannot give a request back there, so a refunded
/// request becomes a credit that lets one later request of the user
/// through when the limiter would refuse it.
pub(crate) struct UserRateLimiter {
    /// Which budget this is (`reads`, `mutations`, `reserve`), in the
    /// shared key.
    name: &'static str,
    shared: Option<Arc<dyn SharedBudgets>>,
    limiter: KeyedLimiter<String>,
    credits: Mutex<LruCache<String, u32>>,
    per_minute: u32,
}

/// Users whose refunds are remembered (the most recent).
const CREDITED_USERS: usize = 4096;

impl UserRateLimiter {
    /// `None` when `per_minute` is 0 (no limit).
    pub(crate) fn per_minute(
        name: &'static str,
        per_minute: u32,
        shared: Option<&Arc<dyn SharedBudgets>>,
    ) -> Option<Self> {
        let per_minute = NonZeroU32::new(per_minute)?;
        Some(Self {
            name,
            shared: shared.cloned(),
            limiter: KeyedLimiter::new(per_minute),
            credits: Mutex::new(LruCache::new(
                NonZeroUsize::new(CREDITED_USERS).unwrap_or(NonZeroUsize::MIN),
            )),
            per_minute: per_minute.get(),
        })
    }

    fn shared_key(&self, user_id: &str) -> String {
        format!("{}:{user_id}", self.name)
    }

    /// Spends one request of `user_id`; 429 NB013 with the wait when over.
    pub(crate) async fn check(&self, user_id: &str) -> Result<(), ApiError> {
        if let Some(shared) = &self.shared {
            match shared
                .spend(&self.shared_key(user_id), self.per_minute)
                .await
            {
                Ok(None) => return Ok(()),
                Ok(Some(wait)) => return Err(ApiError::rate_limited(wait)),
                // Redis away: this instance's own budget decides.
                Err(_) => {}
            }
        }
        let key = user_id.to_owned();
        match self.limiter.check(&key) {
            Ok(()) => Ok(()),
            Err(wait) => {
                let mut credits = self.credits.lock().unwrap_or_else(PoisonError::into_inner);
                match credits.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        Ok(())
                    }
                    _ => Err(ApiError::rate_limited(wait)),
                }
            }
        }
    }

    /// Gives back one request of `user_id` (never more than a minute's worth).
    pub(crate) async fn refund(&self, user_id: &str) {
        if let Some(shared) = &self.shared
            && shared
                .refund(&self.shared_key(user_id), self.per_minute)
                .await
                .is_ok()
        {
            return;
        }
        let mut credits = self.credits.lock().unwrap_or_else(PoisonError::into_inner);
        let n = credits.get_or_insert_mut(user_id.to_owned(), || 0);
        *n = n.saturating_add(1).min(self.per_minute);
    }
}

/// Failed authentications per address: over budget, an address is refused
/// (429) until its budget refills, before its token is even decoded. With
/// a shared budget, failures at every instance count; each instance then
/// refuses the address from its next failure there on.
pub(crate) struct FailedAuth {
    shared: Option<Arc<dyn SharedBudgets>>,
    per_minute: u32,
    failures: KeyedLimiter<IpAddr>,
    blocked: Mutex<LruCache<IpAddr, Instant>>,
}

impl FailedAuth {
    pub(crate) fn per_minute(
        per_minute: u32,
        shared: Option<&Arc<dyn SharedBudgets>>,
    ) -> Option<Self> {
        Some(Self {
            shared: shared.cloned(),
            per_minute,
            failures: KeyedLimiter::per_minute(per_minute)?,
            blocked: Mutex::new(LruCache::new(
                NonZeroUsize::new(BLOCKED_ADDRESSES).unwrap_or(NonZeroUsize::MIN),
            )),
        })
    }

    /// 429 NB013 while `addr` is refused.
    pub(crate) fn admit(&self, addr: IpAddr) -> Result<(), ApiError> {
        let mut blocked = self.blocked.lock().unwrap_or_else(PoisonError::into_inner);
        match blocked.get(&addr) {
            Some(until) => match until.checked_duration_since(Instant::now()) {
                Some(wait) if !wait.is_zero() => Err(ApiError::rate_limited(wait)),
                _ => {
                    blocked.pop(&addr);
                    Ok(())
                }
            },
            None => Ok(()),
        }
    }

    /// Counts a failure of `addr`; refuses it for a while once over budget.
    pub(crate) async fn failed(&self, addr: IpAddr) {
        let over = match &self.shared {
            Some(shared) => match shared.spend(&format!("auth:{addr}"), self.per_minute).await {
                Ok(over) => over,
                Err(_) => self.failures.check(&addr).err(),
            },
            None => self.failures.check(&addr).err(),
        };
        if let Some(wait) = over {
            self.blocked
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .put(addr, Instant::now() + wait);
        }
    }
}
