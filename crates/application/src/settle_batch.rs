//! Group commit for confirm and cancel: changes that arrive while a
//! transaction of them is in flight go together in the next one.
//!
//! Unlike reserve, confirms of different tokens do not compete for one row;
//! what bounds them is one commit (one fsync) each. So they are queued by
//! token into a few shards rather than by counter: a shard's batch is one
//! transaction, shards run side by side (a server database can commit them
//! in parallel), and one token always lands in the same shard, so two
//! changes of one token are applied in arrival order. A change is answered
//! only after its transaction committed.

use std::sync::Arc;

use uuid::Uuid;

use crate::error::AppError;
use crate::group_commit::{GroupCommit, Unanswered, Waiting, answer_batch};
use crate::ports::{GuardedChange, Settlement, SettlementKind};
use crate::service::Numbering;

/// What one confirm or cancel gets back.
type Reply = Result<GuardedChange, AppError>;

/// How many transactions of confirms/cancels may run at once per instance.
const SHARDS: u128 = 4;

/// The confirm/cancel queues of one service, by shard.
pub(crate) type SettleQueues = GroupCommit<u8, Settlement, Reply>;

impl Numbering {
    /// Confirms and cancels waiting for their shard's next transaction (not
    /// counting those in a transaction now).
    pub fn queued_settlements(&self) -> usize {
        self.settle_queues.waiting()
    }

    /// Applies one confirm or cancel, sharing a transaction with the others
    /// waiting in its shard. [`AppError::Overloaded`] (NB017) at once when
    /// `queue_max` changes already wait there.
    pub(crate) async fn settle_one(&self, settlement: Settlement) -> Reply {
        if self.settings.batch_max <= 1 {
            // Coalescing off: every change runs its own transaction.
            return self.settle_alone(settlement).await;
        }
        let shard = shard_of(settlement.token);
        let answer = self.settle_queues.submit(shard, settlement, |shard| {
            let this = self.clone();
            tokio::spawn(async move {
                this.settle_queues
                    .drain(&shard, |batch| this.run_settlements(batch))
                    .await;
            });
        });
        match answer.await {
            Ok(reply) => reply,
            Err(Unanswered::Full(shard)) => Err(AppError::Overloaded(format!(
                "confirm/cancel queue {shard}"
            ))),
            Err(Unanswered::Lost) => Err(AppError::Internal(
                "the batch of this change ended without an answer".into(),
            )),
        }
    }

    /// Applies one batch in one transaction and answers its members (see
    /// [`answer_batch`] for what happens when it fails).
    async fn run_settlements(&self, batch: Vec<Waiting<Settlement, Reply>>) {
        let (items, replies): (Vec<_>, Vec<_>) =
            batch.into_iter().map(|w| (w.item, w.reply)).unzip();
        let items = Arc::new(items);
        let outcome = self.ports.store.settle(items.clone()).await;
        // The store's task has ended unless it timed out, which is
        // transient and not retried: then the items are not needed.
        let items = Arc::try_unwrap(items).unwrap_or_default();
        answer_batch(replies, outcome, items, |s| self.settle_alone(s), "settle").await;
    }

    /// One change in its own transaction.
    async fn settle_alone(&self, s: Settlement) -> Reply {
        let store = &self.ports.store;
        match &s.change {
            SettlementKind::Confirm { document_ref } => {
                store.confirm(s.token, document_ref.as_deref(), &s.op).await
            }
            SettlementKind::Cancel { reason } => {
                store.cancel(s.token, reason.as_deref(), &s.op).await
            }
        }
    }
}

/// The shard of a token (tokens are random, so shards fill evenly).
fn shard_of(token: Uuid) -> u8 {
    // Always below SHARDS, which fits a u8.
    u8::try_from(token.as_u128() % SHARDS).unwrap_or(0)
}
