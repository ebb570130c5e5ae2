//! The Redlock [`LockManager`]: quorum locks with retries, jitter and the
//! database-only fallback.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use docnum_application::AppError;
use docnum_application::ports::{HeldLock, LockHealth, LockManager};
use tokio::sync::oneshot;

use super::availability::Availability;
use super::config::{RedisLockConfig, RedisLockError, redact};
use super::held::{Fallback, RedlockHeld};
use super::nodes::Nodes;
use super::queue::{LocalQueue, Turn};

/// Redlock over independent Redis nodes (see the module documentation).
#[derive(Clone)]
pub struct RedisLocks {
    inner: Arc<Inner>,
}

struct Inner {
    queue: LocalQueue,
    redlock: rslock::LockManager,
    nodes: Nodes,
    config: RedisLockConfig,
    availability: Availability,
}

impl std::fmt::Debug for RedisLocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nodes: Vec<String> = self.inner.config.nodes.iter().map(|n| redact(n)).collect();
        f.debug_struct("RedisLocks")
            .field("nodes", &nodes)
            .finish_non_exhaustive()
    }
}

impl RedisLocks {
    /// A lock manager on `config.nodes` (at least one). Connects lazily:
    /// nodes that are down now are simply not used until they answer.
    pub fn new(config: RedisLockConfig) -> Result<Self, RedisLockError> {
        let clients = config
            .nodes
            .iter()
            .map(|url| config.client(url))
            .collect::<Result<Vec<_>, _>>()?;
        let mut redlock = rslock::LockManager::from_clients(clients);
        // One attempt per call: the retries, their jitter and the decision
        // "held by another" versus "nodes unreachable" are made here.
        redlock.set_retry(1, Duration::from_millis(1));
        Ok(Self {
            inner: Arc::new(Inner {
                queue: LocalQueue::default(),
                redlock,
                nodes: Nodes::new(&config)?,
                availability: Availability::new(config.recheck_after),
                config,
            }),
        })
    }

    /// The settings in force.
    pub fn config(&self) -> &RedisLockConfig {
        &self.inner.config
    }
}

#[async_trait]
impl LockManager for RedisLocks {
    async fn acquire(&self, key: &str, ttl: Duration) -> Result<Box<dyn HeldLock>, AppError> {
        let inner = self.inner.clone();
        let key = key.to_owned();
        let (mut answer, asked) = oneshot::channel();
        // On its own task: if the request is cancelled while Redis is being
        // asked, the task still finishes and drops (so releases) what it
        // got, instead of leaving keys set on some nodes until their TTL.
        // Only the wait in the local queue stops with the caller.
        tokio::spawn(async move {
            let turn = tokio::select! {
                turn = inner.queue.wait(&key, ttl) => turn,
                () = answer.closed() => return,
            };
            let result = match turn {
                Ok(turn) => inner.acquire(&key, ttl, turn).await,
                Err(e) => Err(e),
            };
            // A caller gone meanwhile drops the lock here, which releases it.
            let _ = answer.send(result);
        });
        asked
            .await
            .map_err(|_| AppError::Internal("the lock task ended without an answer".into()))?
    }

    async fn health(&self) -> Option<LockHealth> {
        Some(self.inner.nodes.health().await)
    }
}

impl Inner {
    /// Asks Redis for `key`, this process's `turn` in hand.
    async fn acquire(
        &self,
        key: &str,
        ttl: Duration,
        turn: Turn,
    ) -> Result<Box<dyn HeldLock>, AppError> {
        if self.availability.skip(key) {
            return Ok(Box::new(Fallback { _turn: turn }));
        }
        let attempts = self.config.retry_attempts.saturating_add(1);
        for attempt in 1..=attempts {
            match self.redlock.lock(key.as_bytes(), ttl).await {
                Ok(lock) => {
                    self.availability.mark_up();
                    return Ok(Box::new(RedlockHeld::new(lock, turn)));
                }
                Err(rslock::LockError::TtlTooLarge) => {
                    return Err(AppError::Internal(format!(
                        "lock TTL {} ms is too large for Redis",
                        ttl.as_millis()
                    )));
                }
                // Not held: by another holder, or too few nodes answered.
                Err(_) => {}
            }
            let health = self.nodes.recent_health().await;
            if !health.has_quorum() {
                self.availability.mark_down(key, health);
                return Ok(Box::new(Fallback { _turn: turn }));
            }
            if attempt < attempts {
                tokio::time::sleep(jittered(self.config.retry_delay)).await;
            }
        }
        Err(AppError::LockTimeout(key.to_owned()))
    }
}

/// `delay` ± 50 %, so that waiters do not retry in lockstep.
fn jittered(delay: Duration) -> Duration {
    delay.mul_f64(rand::random_range(0.5..1.5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_half_the_delay() {
        let base = Duration::from_millis(200);
        for _ in 0..1000 {
            let d = jittered(base);
            assert!(d >= Duration::from_millis(100) && d < Duration::from_millis(300));
        }
    }
}
