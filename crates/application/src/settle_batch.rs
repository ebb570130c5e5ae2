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

use uuid::Uuid;

use crate::error::AppError;
use crate::group_commit::{Enqueued, GroupCommit, Waiting};
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
        match self.settle_queues.enqueue(shard, settlement) {
            Enqueued::Queued {
                answer,
                start_drainer,
            } => {
                if start_drainer {
                    // Spawned: the batch must finish even if this request
                    // is dropped.
                    let this = self.clone();
                    tokio::spawn(async move { this.drain_settlements(shard).await });
                }
                answer.await.unwrap_or_else(|_| {
                    Err(AppError::Internal(
                        "the batch of this change ended without an answer".into(),
                    ))
                })
            }
            Enqueued::Full => Err(AppError::Overloaded(format!(
                "confirm/cancel queue {shard}"
            ))),
        }
    }

    async fn drain_settlements(&self, shard: u8) {
        let guard = self.settle_queues.drain_guard(&shard);
        while let Some(batch) = self.settle_queues.next_batch(&shard) {
            self.run_settlements(batch).await;
        }
        guard.disarm();
    }

    /// One transaction for the batch. If it fails for a reason that may
    /// concern a single member (a corrupt row), the members are retried one
    /// at a time so only that one fails; a transient failure (database
    /// down) fails them all: the transaction rolled back, nothing changed.
    async fn run_settlements(&self, batch: Vec<Waiting<Settlement, Reply>>) {
        let (items, replies): (Vec<_>, Vec<_>) =
            batch.into_iter().map(|w| (w.item, w.reply)).unzip();
        let retry = (items.len() > 1).then(|| items.clone());
        match (self.ports.store.settle(items).await, retry) {
            (Ok(outcomes), _) if outcomes.len() == replies.len() => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    // The requester may be gone; the change stands.
                    let _ = reply.send(Ok(outcome));
                }
            }
            (Ok(outcomes), _) => {
                let e = AppError::Internal(format!(
                    "settle returned {} outcomes for {} changes",
                    outcomes.len(),
                    replies.len()
                ));
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
            (Err(e), Some(items)) if !e.is_transient() => {
                tracing::debug!(error = %e, n = items.len(), "settle batch failed; retrying one by one");
                for (reply, item) in replies.into_iter().zip(items) {
                    let _ = reply.send(self.settle_alone(item).await);
                }
            }
            (Err(e), _) => {
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
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
