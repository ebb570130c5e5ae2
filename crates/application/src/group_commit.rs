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
//! busy keys. A request goes through [`GroupCommit::submit`]; the drain
//! task the caller spawns when told to runs [`GroupCommit::drain`], and
//! answers each batch with [`answer_batch`].

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use tokio::sync::oneshot;

use crate::error::AppError;

/// A request waiting for its batch.
pub(crate) struct Waiting<T, R> {
    /// What the request asks.
    pub(crate) item: T,
    /// Where its answer goes (the requester may be gone).
    pub(crate) reply: oneshot::Sender<R>,
    /// When it was queued.
    pub(crate) enqueued: Instant,
}

/// Why [`GroupCommit::submit`] has no answer for a request.
#[derive(Debug)]
pub(crate) enum Unanswered<K> {
    /// `queue_max` requests already wait for this key; nothing was queued.
    Full(K),
    /// The batch ended without answering (its drain task panicked or the
    /// runtime shut down).
    Lost,
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

    /// Queues `item` under `key` and waits for its answer. When the key
    /// was idle, `start_drainer` gets the key and must spawn a task that
    /// runs [`GroupCommit::drain`] for it: spawned, not run by this request,
    /// so that a batch finishes even if its requester is dropped.
    pub(crate) async fn submit(
        &self,
        key: K,
        item: T,
        start_drainer: impl FnOnce(K),
    ) -> Result<R, Unanswered<K>>
    where
        K: Clone,
    {
        let (reply, answer) = oneshot::channel();
        let waiting = Waiting {
            item,
            reply,
            enqueued: Instant::now(),
        };
        let idle = {
            let mut queues = self.lock();
            if let Some(queue) = queues.get_mut(&key) {
                if queue.len() >= self.queue_max {
                    return Err(Unanswered::Full(key));
                }
                queue.push_back(waiting);
                None
            } else {
                queues.insert(key.clone(), VecDeque::from([waiting]));
                Some(key)
            }
        };
        if let Some(key) = idle {
            start_drainer(key);
        }
        answer.await.map_err(|_| Unanswered::Lost)
    }

    /// The drain task of `key`: hands its batches to `run`, earliest first,
    /// until its queue is empty.
    pub(crate) async fn drain<F, Fut>(&self, key: &K, mut run: F)
    where
        F: FnMut(Vec<Waiting<T, R>>) -> Fut,
        Fut: Future<Output = ()>,
    {
        let guard = DrainGuard { queues: self, key };
        while let Some(batch) = self.next_batch(key) {
            run(batch).await;
        }
        guard.disarm();
    }

    /// The next batch of `key`, earliest first; `None` (and the key's queue
    /// removed) when nothing waits: the drain task then ends.
    fn next_batch(&self, key: &K) -> Option<Vec<Waiting<T, R>>> {
        let mut queues = self.lock();
        let queue = queues.get_mut(key)?;
        if queue.is_empty() {
            queues.remove(key);
            return None;
        }
        let n = queue.len().min(self.batch_max);
        Some(queue.drain(..n).collect())
    }
}

/// Removes its key's queue if the drain task ends abnormally (panic,
/// runtime shutdown), so that the next request starts a new drainer
/// instead of waiting forever; the dropped replies tell the waiting
/// requests. Disarmed as soon as `next_batch` returned `None`: from then on
/// the key may belong to a newer drainer.
struct DrainGuard<'a, K: Eq + Hash, T, R> {
    queues: &'a GroupCommit<K, T, R>,
    key: &'a K,
}

impl<K: Eq + Hash, T, R> DrainGuard<'_, K, T, R> {
    /// The drain task ended normally (its queue was removed by `next_batch`).
    fn disarm(self) {
        std::mem::forget(self);
    }
}

impl<K: Eq + Hash, T, R> Drop for DrainGuard<'_, K, T, R> {
    fn drop(&mut self) {
        self.queues.lock().remove(self.key);
    }
}

/// Answers a batch's requests from the outcome of its one transaction:
/// every request its own result when the transaction succeeded; when it
/// failed for a reason that may concern single requests (a duplicate
/// number, a corrupt row), each request again `alone` in its own
/// transaction, so only the offending ones fail; when it failed
/// transiently (database down), the same error to all: the transaction
/// rolled back and nobody got anything. `what` names the store call in the
/// message of a wrong-length outcome.
pub(crate) async fn answer_batch<I, O, F, Fut>(
    replies: Vec<oneshot::Sender<Result<O, AppError>>>,
    outcome: Result<Vec<O>, AppError>,
    items: Vec<I>,
    mut alone: F,
    what: &str,
) where
    F: FnMut(I) -> Fut,
    Fut: Future<Output = Result<O, AppError>>,
{
    // A requester that is gone no longer needs its answer (a reserved
    // number then expires; a confirm stands), so failed sends are ignored.
    match outcome {
        Ok(answers) if answers.len() == replies.len() => {
            for (reply, answer) in replies.into_iter().zip(answers) {
                let _ = reply.send(Ok(answer));
            }
        }
        Ok(answers) => {
            let e = AppError::Internal(format!(
                "{what} returned {} answers for {} requests",
                answers.len(),
                replies.len()
            ));
            for reply in replies {
                let _ = reply.send(Err(e.clone()));
            }
        }
        Err(e) if replies.len() > 1 && !e.is_transient() => {
            tracing::debug!(error = %e, n = replies.len(), "{what} batch failed; retrying one by one");
            for (reply, item) in replies.into_iter().zip(items) {
                let _ = reply.send(alone(item).await);
            }
        }
        Err(e) => {
            for reply in replies {
                let _ = reply.send(Err(e.clone()));
            }
        }
    }
}
