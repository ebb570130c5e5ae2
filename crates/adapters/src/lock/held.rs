//! Held locks: a Redlock that releases itself, and the database-only fallback.

use async_trait::async_trait;
use docnum_application::ports::HeldLock;

use super::queue::Turn;

/// A Redlock quorum held for one counter, with this process's turn.
pub(super) struct RedlockHeld {
    /// `None` once the release has been started.
    held: Option<(rslock::Lock, Turn)>,
}

impl RedlockHeld {
    pub(super) fn new(lock: rslock::Lock, turn: Turn) -> Self {
        Self {
            held: Some((lock, turn)),
        }
    }
}

/// Unlocks on every node from a task of its own, so that a caller that
/// stops waiting (a cancelled request) cannot cut the release short; the
/// next local waiter gets its turn once the key is gone.
fn spawn_release((lock, turn): (rslock::Lock, Turn)) -> Option<tokio::task::JoinHandle<()>> {
    // Without a runtime (only at process exit) the key lapses by its TTL.
    let runtime = tokio::runtime::Handle::try_current().ok()?;
    Some(runtime.spawn(async move {
        lock.release().await;
        drop(turn);
    }))
}

#[async_trait]
impl HeldLock for RedlockHeld {
    fn fallback_used(&self) -> bool {
        false
    }

    async fn release(mut self: Box<Self>) {
        if let Some(task) = self.held.take().and_then(spawn_release) {
            // Waiting lets the next request in sooner; a failed unlock is
            // harmless (the TTL ends it).
            let _ = task.await;
        }
    }
}

impl Drop for RedlockHeld {
    fn drop(&mut self) {
        if let Some(held) = self.held.take() {
            tracing::debug!(
                key = %String::from_utf8_lossy(&held.0.resource),
                "counter lock dropped unreleased; releasing in the background"
            );
            spawn_release(held);
        }
    }
}

/// No Redis lock: too few nodes answered and the database alone guards
/// the counter (this process's turn is still kept, so its own requests
/// still queue in order).
pub(super) struct Fallback {
    /// Held until the request ends; dropping it lets the next one in.
    pub(super) _turn: Turn,
}

#[async_trait]
impl HeldLock for Fallback {
    fn fallback_used(&self) -> bool {
        true
    }

    async fn release(self: Box<Self>) {}
}
