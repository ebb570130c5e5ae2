//! Group commit for reserve: requests for one counter that arrive while a
//! transaction on it is in flight wait and go together in the next one.
//!
//! One hot counter is capped by its row: one transaction at a time can raise
//! it. A transaction that hands out n numbers costs about as much as one
//! that hands out one, so the queue of a busy counter is drained n at a time
//! (at most `batch_max`), earliest request first. There is no timer: an idle
//! counter's first request goes alone at once, and a batch only forms while
//! the previous transaction runs. A number is answered only after its
//! transaction committed.
//!
//! Per batch key (document type, counter key, series version — a batch never
//! mixes template versions) there is at most one drain task. The key's entry
//! in the map exists exactly while its drain task runs, and is created and
//! removed under the map's lock, so there is never a queue without a drainer
//! and the map only holds busy counters. The drain task is spawned, not run
//! by the request that started it: a batch must finish even if that request
//! is dropped (its own number then stays RESERVED and expires).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use docnum_domain::CounterKey;
use tokio::sync::oneshot;

use crate::error::AppError;
use crate::model::IssuedNumber;
use crate::ports::{AllocationBatch, ReservationDraft};
use crate::series_config::SeriesRecord;
use crate::service::Numbering;

/// What one request gets back.
type Reply = Result<IssuedNumber, AppError>;

/// Which requests may share a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct BatchKey {
    document_type: String,
    counter_key: String,
    version: i64,
}

/// A request waiting for its number.
struct Pending {
    draft: ReservationDraft,
    reply: oneshot::Sender<Reply>,
    enqueued: Instant,
}

/// The waiting requests of one batch key, and what their batches share.
struct Queue {
    series: Arc<SeriesRecord>,
    counter_key: CounterKey,
    pending: VecDeque<Pending>,
}

/// The per-counter queues of one service.
#[derive(Default)]
pub(crate) struct Coalescer {
    queues: Mutex<HashMap<BatchKey, Queue>>,
}

impl std::fmt::Debug for Coalescer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Coalescer").finish_non_exhaustive()
    }
}

impl Coalescer {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<BatchKey, Queue>> {
        // The map is consistent between statements; a panic elsewhere does
        // not make it unusable.
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Numbering {
    /// Reservations waiting for their counter's next transaction, over all
    /// counters (not counting those in a transaction now).
    pub fn queued_reservations(&self) -> usize {
        self.coalescer
            .lock()
            .values()
            .map(|q| q.pending.len())
            .sum()
    }

    /// Allocates one number from `counter_key`, sharing a transaction with
    /// the other requests for it that are waiting. [`AppError::Overloaded`]
    /// (NB017) at once when `queue_max` requests already wait.
    pub(crate) async fn allocate_one(
        &self,
        series: Arc<SeriesRecord>,
        counter_key: CounterKey,
        draft: ReservationDraft,
    ) -> Reply {
        if self.settings.batch_max <= 1 {
            // Coalescing off: every request runs its own transaction.
            return self
                .run_batch(series, counter_key, vec![draft])
                .await
                .and_then(single);
        }
        let key = BatchKey {
            document_type: series.config.document_type.clone(),
            counter_key: counter_key.to_string(),
            version: series.version,
        };
        let (reply, answer) = oneshot::channel();
        let pending = Pending {
            draft,
            reply,
            enqueued: Instant::now(),
        };
        let start_drainer = {
            let mut queues = self.coalescer.lock();
            if let Some(queue) = queues.get_mut(&key) {
                if queue.pending.len() >= self.settings.queue_max {
                    return Err(AppError::Overloaded(key.counter_key));
                }
                queue.pending.push_back(pending);
                false
            } else {
                let queue = Queue {
                    series,
                    counter_key,
                    pending: VecDeque::from([pending]),
                };
                queues.insert(key.clone(), queue);
                true
            }
        };
        if start_drainer {
            let this = self.clone();
            tokio::spawn(async move { this.drain(key).await });
        }
        answer.await.unwrap_or_else(|_| {
            Err(AppError::Internal(
                "the batch of this reservation ended without an answer".into(),
            ))
        })
    }

    /// Runs the batches of `key` until its queue is empty, then removes it.
    async fn drain(&self, key: BatchKey) {
        let mut guard = DrainGuard {
            coalescer: &self.coalescer,
            key: &key,
            armed: true,
        };
        loop {
            let (series, counter_key, batch) = {
                let mut queues = self.coalescer.lock();
                let Some(queue) = queues.get_mut(&key) else {
                    guard.armed = false;
                    return;
                };
                if queue.pending.is_empty() {
                    queues.remove(&key);
                    guard.armed = false;
                    return;
                }
                let n = queue.pending.len().min(self.settings.batch_max);
                let batch: Vec<Pending> = queue.pending.drain(..n).collect();
                (queue.series.clone(), queue.counter_key.clone(), batch)
            };
            self.run_pending(series, counter_key, batch).await;
        }
    }

    /// Allocates one batch and answers its requests. A batch that fails for
    /// a reason that concerns single requests (a duplicate rendered number,
    /// two drafts with one idempotency key, fewer values left than drafts)
    /// is retried one request at a time, so only the offending ones fail; a
    /// transient failure (database down) fails them all: the transaction
    /// rolled back and nobody got a number.
    async fn run_pending(
        &self,
        series: Arc<SeriesRecord>,
        counter_key: CounterKey,
        batch: Vec<Pending>,
    ) {
        let document_type = &series.config.document_type;
        for p in &batch {
            self.ports
                .metrics
                .queue_wait(document_type, p.enqueued.elapsed().as_secs_f64());
        }
        let (drafts, replies): (Vec<_>, Vec<_>) =
            batch.into_iter().map(|p| (p.draft, p.reply)).unzip();
        let retry = (drafts.len() > 1).then(|| drafts.clone());
        let result = self
            .run_batch(series.clone(), counter_key.clone(), drafts)
            .await;
        match (result, retry) {
            (Ok(rows), _) if rows.len() == replies.len() => {
                for (reply, row) in replies.into_iter().zip(rows) {
                    // The requester may be gone; its number then expires.
                    let _ = reply.send(Ok(row));
                }
            }
            (Ok(rows), _) => {
                let e = AppError::Internal(format!(
                    "allocate returned {} rows for {} drafts",
                    rows.len(),
                    replies.len()
                ));
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
            (Err(e), Some(drafts)) if !e.is_transient() => {
                tracing::debug!(error = %e, n = drafts.len(), "batch failed; retrying one by one");
                for (reply, draft) in replies.into_iter().zip(drafts) {
                    let one = self
                        .run_batch(series.clone(), counter_key.clone(), vec![draft])
                        .await
                        .and_then(single);
                    let _ = reply.send(one);
                }
            }
            (Err(e), _) => {
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
    }

    /// One transaction: takes the counter's lock once, allocates every
    /// draft, releases, reports.
    async fn run_batch(
        &self,
        series: Arc<SeriesRecord>,
        counter_key: CounterKey,
        mut drafts: Vec<ReservationDraft>,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        let document_type = series.config.document_type.clone();
        let Some(first) = drafts.first() else {
            return Ok(Vec::new());
        };
        let mut op = first.op.clone();
        let lock = self
            .lock_counter(&document_type, &counter_key, &mut op)
            .await?;
        for draft in &mut drafts {
            draft.op.fallback_used = op.fallback_used;
        }
        self.ports.metrics.batch_size(&document_type, drafts.len());
        let max_value = series.config.max_value;
        let batch = AllocationBatch {
            series,
            counter_key,
            drafts,
        };
        let result = self.ports.store.allocate(batch).await;
        lock.release().await;
        let rows = result?;
        self.report_drawn(&document_type, max_value, &rows);
        Ok(rows)
    }
}

/// The one row of a one-draft batch.
fn single(mut rows: Vec<IssuedNumber>) -> Reply {
    if rows.len() == 1 {
        Ok(rows.remove(0))
    } else {
        Err(AppError::Internal(format!(
            "allocate returned {} rows for 1 draft",
            rows.len()
        )))
    }
}

/// Removes a drain task's queue if the task ends abnormally (panic, runtime
/// shutdown), so that the next request starts a new drainer instead of
/// waiting forever; the dropped replies tell the waiting requests.
struct DrainGuard<'a> {
    coalescer: &'a Coalescer,
    key: &'a BatchKey,
    armed: bool,
}

impl Drop for DrainGuard<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.coalescer.lock().remove(self.key);
        }
    }
}
