//! Group commit: requests for one key that arrive while a transaction for
//! that key is in flight wait and go together in the next one.
//!
//! A transaction that carries n requests costs about as much as one that
//! carries one, so a busy key's queue is drained n at a time (at most
//! `batch_max`), earliest request first. There is no timer: an idle key's
//! first request goes alone at once, and a batch only forms while the
//! previous transaction runs.
//!
//! Per key there is at most one drain task. The key's queue exists exactly
//! while its drain task runs, and is created and removed under the map's
//! lock, so there is never a queue without a drainer and the map only holds
//! busy keys. This type only keeps the queues; the caller spawns the drain
//! task when [`GroupCommit::enqueue`] says so, and loops over
//! [`GroupCommit::next_batch`] until it returns `None`.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use tokio::sync::oneshot;

/// A request waiting for its batch.
pub(crate) struct Waiting<T, R> {
    /// What the request asks.
    pub(crate) item: T,
    /// Where its answer goes (the requester may be gone).
    pub(crate) reply: oneshot::Sender<R>,
    /// When it was queued.
    pub(crate) enqueued: Instant,
}

/// What [`GroupCommit::enqueue`] did with a request.
pub(crate) enum Enqueued<R> {
    /// Queued; the answer arrives on the receiver. `start_drainer` is true
    /// when the key was idle: the caller must spawn its drain task.
    Queued {
        /// The answer.
        answer: oneshot::Receiver<R>,
        /// Whether this request opened the key's queue.
        start_drainer: bool,
    },
    /// `queue_max` requests already wait for this key.
    Full,
}

/// The per-key queues.
pub(crate) struct GroupCommit<K, T, R> {
    queues: Mutex<HashMap<K, VecDeque<Waiting<T, R>>>>,
    batch_max: usize,
    queue_max: usize,
}

impl<K, T, R> std::fmt::Debug for GroupCommit<K, T, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit")
            .field("batch_max", &self.batch_max)
            .field("queue_max", &self.queue_max)
            .finish_non_exhaustive()
    }
}

impl<K: Eq + Hash, T, R> GroupCommit<K, T, R> {
    /// Queues of at most `queue_max` waiting requests, drained at most
    /// `batch_max` at a time.
    pub(crate) fn new(batch_max: usize, queue_max: usize) -> Self {
        Self {
            queues: Mutex::new(HashMap::new()),
            batch_max: batch_max.max(1),
            queue_max: queue_max.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, VecDeque<Waiting<T, R>>>> {
        // Every statement leaves the map consistent; a panic elsewhere does
        // not make it unusable.
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Requests waiting over all keys (not counting those in a batch now).
    pub(crate) fn waiting(&self) -> usize {
        self.lock().values().map(VecDeque::len).sum()
    }

    /// Queues `item` under `key`.
    pub(crate) fn enqueue(&self, key: K, item: T) -> Enqueued<R> {
        let (reply, answer) = oneshot::channel();
        let waiting = Waiting {
            item,
            reply,
            enqueued: Instant::now(),
        };
        let mut queues = self.lock();
        if let Some(queue) = queues.get_mut(&key) {
            if queue.len() >= self.queue_max {
                return Enqueued::Full;
            }
            queue.push_back(waiting);
            Enqueued::Queued {
                answer,
                start_drainer: false,
            }
        } else {
            queues.insert(key, VecDeque::from([waiting]));
            Enqueued::Queued {
                answer,
                start_drainer: true,
            }
        }
    }

    /// The next batch of `key`, earliest first; `None` (and the key's queue
    /// removed) when nothing waits: the drain task then ends.
    pub(crate) fn next_batch(&self, key: &K) -> Option<Vec<Waiting<T, R>>> {
        let mut queues = self.lock();
        let queue = queues.get_mut(key)?;
        if queue.is_empty() {
            queues.remove(key);
            return None;
        }
        let n = queue.len().min(self.batch_max);
        Some(queue.drain(..n).collect())
    }

    /// A guard that removes `key`'s queue if the drain task ends abnormally
    /// (panic, runtime shutdown), so that the next request starts a new
    /// drainer instead of waiting forever; the dropped replies tell the
    /// waiting requests.
    pub(crate) fn drain_guard<'a>(&'a self, key: &'a K) -> DrainGuard<'a, K, T, R> {
        DrainGuard { queues: self, key }
    }
}

/// See [`GroupCommit::drain_guard`]. Disarm it as soon as `next_batch`
/// returned `None`: from then on the key may belong to a newer drainer.
pub(crate) struct DrainGuard<'a, K: Eq + Hash, T, R> {
    queues: &'a GroupCommit<K, T, R>,
    key: &'a K,
}

impl<K: Eq + Hash, T, R> DrainGuard<'_, K, T, R> {
    /// The drain task ended normally (its queue was removed by `next_batch`).
    pub(crate) fn disarm(self) {
        std::mem::forget(self);
    }
}

impl<K: Eq + Hash, T, R> Drop for DrainGuard<'_, K, T, R> {
    fn drop(&mut self) {
        self.queues.lock().remove(self.key);
    }
}
