//! Optional distributed locking in front of the database.
//!
//! The database row is the arbiter of every counter; a lock only reduces
//! contention. So a lock manager may fall back to "no lock" when its backend
//! is unreachable, and says so through [`HeldLock::fallback_used`].

use std::time::Duration;

use async_trait::async_trait;

use crate::error::AppError;

/// A lock that is held until released.
///
/// A request future can be dropped (client gone, timeout) between acquire
/// and release, so an implementation must also release on drop (e.g. by
/// spawning the release); the TTL is only the last resort.
#[async_trait]
pub trait HeldLock: Send {
    /// Whether the lock backend was unreachable and the database alone guards.
    fn fallback_used(&self) -> bool;
    /// Releases the lock (best effort: a lock also expires by its TTL).
    async fn release(self: Box<Self>);
}

/// Acquires locks by key (`numbering:{document_type}:{scope}`).
#[async_trait]
pub trait LockManager: Send + Sync {
    /// Acquires `key` for at most `ttl`; [`AppError::LockTimeout`] when it is
    /// held by others past the retries.
    async fn acquire(&self, key: &str, ttl: Duration) -> Result<Box<dyn HeldLock>, AppError>;

    /// The state of the lock backend for readiness and monitoring; `None`
    /// when there is no backend beyond the database.
    async fn health(&self) -> Option<LockHealth> {
        None
    }
}

/// How many lock nodes answer, out of how many, and how many make a quorum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockHealth {
    /// Configured nodes.
    pub nodes: usize,
    /// Nodes that answered a PING just now.
    pub nodes_up: usize,
    /// Nodes needed to hold a lock (`nodes / 2 + 1`).
    pub quorum: usize,
}

impl LockHealth {
    /// Whether enough nodes answer to hold a lock.
    pub fn has_quorum(&self) -> bool {
        self.nodes_up >= self.quorum
    }
}

/// The default: no lock beyond the database's own row locking.
#[derive(Debug, Clone, Copy, Default)]
pub struct DatabaseOnlyLocks;

struct NoLock;

#[async_trait]
impl HeldLock for NoLock {
    fn fallback_used(&self) -> bool {
        false
    }
    async fn release(self: Box<Self>) {}
}

#[async_trait]
impl LockManager for DatabaseOnlyLocks {
    async fn acquire(&self, _key: &str, _ttl: Duration) -> Result<Box<dyn HeldLock>, AppError> {
        Ok(Box::new(NoLock))
    }
}
