//! Group commit for reserve: requests for one counter that arrive while a
//! transaction on it is in flight wait and go together in the next one (see
//! `group_commit.rs` for the queueing).
//!
//! One hot counter is capped by its row: one transaction at a time can raise
//! it. A transaction that hands out n numbers costs about as much as one
//! that hands out one. A number is answered only after its transaction
//! committed. The batch key is (document type, counter key, series
//! version): a batch never mixes template versions.

use std::sync::Arc;

use docnum_domain::CounterKey;

use crate::error::AppError;
use crate::group_commit::{Enqueued, GroupCommit, Waiting};
use crate::model::IssuedNumber;
use crate::ports::{AllocationBatch, ReservationDraft};
use crate::series_config::SeriesRecord;
use crate::service::Numbering;

/// What one request gets back.
type Reply = Result<IssuedNumber, AppError>;

/// Which requests may share a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct BatchKey {
    document_type: String,
    counter_key: String,
    version: i64,
}

/// A request waiting for its number. Every draw of one batch key carries
/// the same series version and counter key.
pub(crate) struct Draw {
    series: Arc<SeriesRecord>,
    counter_key: CounterKey,
    draft: ReservationDraft,
}

/// The per-counter queues of one service.
pub(crate) type Coalescer = GroupCommit<BatchKey, Draw, Reply>;

impl Numbering {
    /// Reservations waiting for their counter's next transaction, over all
    /// counters (not counting those in a transaction now).
    pub fn queued_reservations(&self) -> usize {
        self.coalescer.waiting()
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
        let draw = Draw {
            series,
            counter_key,
            draft,
        };
        let answer = match self.coalescer.enqueue(key.clone(), draw) {
            Enqueued::Queued {
                answer,
                start_drainer,
            } => {
                if start_drainer {
                    // Spawned, not run by this request: a batch must finish
                    // even if this request is dropped (its own number then
                    // stays RESERVED and expires).
                    let this = self.clone();
                    tokio::spawn(async move { this.drain(key).await });
                }
                answer
            }
            Enqueued::Full => return Err(AppError::Overloaded(key.counter_key)),
        };
        answer.await.unwrap_or_else(|_| {
            Err(AppError::Internal(
                "the batch of this reservation ended without an answer".into(),
            ))
        })
    }

    /// Runs the batches of `key` until its queue is empty.
    async fn drain(&self, key: BatchKey) {
        let guard = self.coalescer.drain_guard(&key);
        while let Some(batch) = self.coalescer.next_batch(&key) {
            self.run_pending(batch).await;
        }
        guard.disarm();
    }

    /// Allocates one batch and answers its requests. A batch that fails for
    /// a reason that concerns single requests (a duplicate rendered number,
    /// two drafts with one idempotency key, fewer values left than drafts)
    /// is retried one request at a time, so only the offending ones fail; a
    /// transient failure (database down) fails them all: the transaction
    /// rolled back and nobody got a number.
    async fn run_pending(&self, batch: Vec<Waiting<Draw, Reply>>) {
        let Some(first) = batch.first() else {
            return;
        };
        let (series, counter_key) = (first.item.series.clone(), first.item.counter_key.clone());
        let document_type = &series.config.document_type;
        for p in &batch {
            self.ports
                .metrics
                .queue_wait(document_type, p.enqueued.elapsed().as_secs_f64());
        }
        let (drafts, replies): (Vec<_>, Vec<_>) =
            batch.into_iter().map(|p| (p.item.draft, p.reply)).unzip();
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
