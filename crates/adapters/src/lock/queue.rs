//! One turn per counter per process, in front of Redis.
//!
//! Redlock is a polling lock: a waiter retries after a jittered pause, so
//! many requests of one instance contending for one counter in Redis would
//! mostly sleep, and past the retries fail with NB003 although the counter
//! is free most of the time. Requests of one process therefore queue here
//! first, in order, and only the head of the queue asks Redis; the Redis
//! retries are left to contention between instances.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use docnum_application::AppError;
use tokio::sync::OwnedMutexGuard;

/// A FIFO mutex per lock key; keys nobody waits for are forgotten.
#[derive(Clone, Default)]
pub(super) struct LocalQueue {
    keys: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

impl LocalQueue {
    fn keys(&self) -> MutexGuard<'_, HashMap<String, Arc<tokio::sync::Mutex<()>>>> {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits (at most `patience`, else NB003) for this process's turn on `key`.
    pub(super) async fn wait(&self, key: &str, patience: Duration) -> Result<Turn, AppError> {
        let slot = self.keys().entry(key.to_owned()).or_default().clone();
        let mut turn = Turn {
            queue: self.clone(),
            key: key.to_owned(),
            slot: Some(slot.clone()),
            guard: None,
        };
        // tokio's Mutex is fair: waiters are served in arrival order.
        match tokio::time::timeout(patience, slot.lock_owned()).await {
            Ok(guard) => {
                turn.guard = Some(guard);
                Ok(turn)
            }
            Err(_) => Err(AppError::LockTimeout(key.to_owned())),
        }
    }

    /// How many keys have a queue (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.keys().len()
    }
}

/// This process's turn on a key (or a place in its queue); the next waiter
/// goes when it is dropped.
pub(super) struct Turn {
    queue: LocalQueue,
    key: String,
    slot: Option<Arc<tokio::sync::Mutex<()>>>,
    guard: Option<OwnedMutexGuard<()>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.guard.take();
        self.slot.take();
        let mut keys = self.queue.keys();
        // Clones are only made under this lock, so a count of one (the map's)
        // means nobody holds or waits for the key.
        if keys
            .get(&self.key)
            .is_some_and(|s| Arc::strong_count(s) == 1)
        {
            keys.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn turns_are_exclusive_in_order_and_keys_are_forgotten() {
        let queue = LocalQueue::default();
        let first = queue.wait("k", Duration::from_secs(1)).await.unwrap();
        let other_key = queue.wait("other", Duration::from_secs(1)).await.unwrap();
        assert!(matches!(
            queue.wait("k", Duration::from_millis(20)).await,
            Err(AppError::LockTimeout(_))
        ));
        let waiter = {
            let queue = queue.clone();
            tokio::spawn(async move { queue.wait("k", Duration::from_secs(5)).await.is_ok() })
        };
        tokio::task::yield_now().await;
        drop(first);
        assert!(waiter.await.unwrap(), "the waiter got its turn");
        drop(other_key);
        assert_eq!(queue.len(), 0, "no waiter, no entry");
    }
}
