//! Request budgets kept outside the process, so that every instance
//! spends from the same one.
//!
//! A budget only protects the service from a greedy client; it decides no
//! number. So an implementation that cannot reach its backend says so
//! ([`BudgetUnavailable`]) and the caller falls back to its own
//! per-instance budget: the backend is never needed for a request to pass.

use std::fmt::Debug;
use std::time::Duration;

use async_trait::async_trait;

/// The shared budget's backend did not answer in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the shared request budgets are unavailable")]
pub struct BudgetUnavailable;

/// GCRA budgets by key: `per_minute` requests in a burst, then one every
/// `60 / per_minute` seconds, whichever instance asks.
#[async_trait]
pub trait SharedBudgets: Send + Sync + Debug {
    /// Spends one request of `key`'s budget: `Ok(None)` when admitted,
    /// `Ok(Some(wait))` when refused until `wait` has passed.
    async fn spend(
        &self,
        key: &str,
        per_minute: u32,
    ) -> Result<Option<Duration>, BudgetUnavailable>;

    /// Gives one request back to `key`'s budget (never beyond a full one).
    async fn refund(&self, key: &str, per_minute: u32) -> Result<(), BudgetUnavailable>;

    /// How many calls since start were answered [`BudgetUnavailable`] (each
    /// one a request judged by the instance's own budget instead).
    fn fallbacks(&self) -> u64 {
        0
    }
}
