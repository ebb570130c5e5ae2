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
use crate::group_commit::{GroupCommit, Unanswered, Waiting, answer_batch};
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
                .run_batch(one_draft(series, counter_key, draft))
                .await
                .0
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
        let answer = self.coalescer.submit(key, draw, |key| {
            let this = self.clone();
            tokio::spawn(async move {
                this.coalescer
                    .drain(&key, |batch| this.run_pending(batch))
                    .await;
            });
        });
        match answer.await {
            Ok(reply) => reply,
            Err(Unanswered::Full(key)) => Err(AppError::Overloaded(key.counter_key)),
            Err(Unanswered::Lost) => Err(AppError::Internal(
                "the batch of this reservation ended without an answer".into(),
            )),
        }
    }

    /// Allocates one batch in one transaction and answers its requests
    /// (see [`answer_batch`] for what happens when it fails).
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
        let batch = AllocationBatch {
            series: series.clone(),
            counter_key: counter_key.clone(),
            drafts,
        };
        let (outcome, batch) = self.run_batch(batch).await;
        // The store's task has ended unless it timed out, which is
        // transient and not retried: then the drafts are not needed.
        let drafts = Arc::try_unwrap(batch).map(|b| b.drafts).unwrap_or_default();
        let alone = |draft| {
            let one = one_draft(series.clone(), counter_key.clone(), draft);
            async move { self.run_batch(one).await.0.and_then(single) }
        };
        answer_batch(replies, outcome, drafts, alone, "allocate").await;
    }

    /// One transaction: takes the counter's lock once, allocates every
    /// draft, releases, reports. Hands the batch back for a retry.
    async fn run_batch(
        &self,
        mut batch: AllocationBatch,
    ) -> (Result<Vec<IssuedNumber>, AppError>, Arc<AllocationBatch>) {
        let Some(first) = batch.drafts.first() else {
            return (Ok(Vec::new()), Arc::new(batch));
        };
        let document_type = batch.series.config.document_type.clone();
        let mut op = first.op.clone();
        let lock = match self
            .lock_counter(&document_type, &batch.counter_key, &mut op)
            .await
        {
            Ok(lock) => lock,
            Err(e) => return (Err(e), Arc::new(batch)),
        };
        for draft in &mut batch.drafts {
            draft.op.fallback_used = op.fallback_used;
        }
        self.ports
            .metrics
            .batch_size(&document_type, batch.drafts.len());
        let batch = Arc::new(batch);
        let result = self.ports.store.allocate(batch.clone()).await;
        lock.release().await;
        if let Ok(rows) = &result {
            self.report_drawn(&document_type, batch.series.config.max_value, rows);
        }
        (result, batch)
    }
}

/// A batch of one draft.
fn one_draft(
    series: Arc<SeriesRecord>,
    counter_key: CounterKey,
    draft: ReservationDraft,
) -> AllocationBatch {
    AllocationBatch {
        series,
        counter_key,
        drafts: vec![draft],
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
