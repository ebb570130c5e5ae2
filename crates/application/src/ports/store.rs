//! The storage ports. Every method that changes state is ONE database
//! transaction that changes the state and writes its audit rows; state
//! changes are guarded in SQL (`… WHERE state = 'RESERVED'`), so that no
//! interleaving of instances can, say, confirm an expired number.

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use docnum_domain::rules::ManualNumber;
use docnum_domain::{Context, CounterKey, Period, Reason};
use uuid::Uuid;

use super::admin::{CounterChange, CounterSet, IntegrityQueries};
use super::upgrade::UpgradeSteps;
use crate::error::AppError;
use crate::model::{Actor, AuditEntry, AuditFilter, CounterStatus, IssuedNumber, NumberSource};
use crate::series_config::{SeriesChange, SeriesConfig, SeriesRecord};

/// Who asks, when, and how the request has gone so far (for the audit row).
#[derive(Debug, Clone)]
pub struct OpContext {
    /// Who.
    pub actor: Actor,
    /// The instant the operation is judged at (TTL checks, timestamps).
    pub now: DateTime<Utc>,
    /// When the request started, for the audit's duration.
    pub started: Instant,
    /// Whether the distributed lock fell back to database-only.
    pub fallback_used: bool,
}

impl OpContext {
    /// Milliseconds since the request started.
    pub fn elapsed_ms(&self) -> i64 {
        i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX)
    }
}

/// An idempotency key with the fingerprint of the request that claimed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyClaim {
    /// The caller's key (unique per user).
    pub key: String,
    /// Canonical text of the request payload.
    pub fingerprint: String,
}

/// One number to hand out.
#[derive(Debug, Clone)]
pub struct ReservationDraft {
    /// Its token.
    pub token: Uuid,
    /// The context to render with.
    pub context: Context,
    /// Its period (fixed now, never recomputed).
    pub period: Period,
    /// Caller metadata.
    pub metadata: serde_json::Value,
    /// Present when the caller sent an `Idempotency-Key`.
    pub idempotency: Option<IdempotencyClaim>,
    /// When it lapses unless confirmed.
    pub expires_at: DateTime<Utc>,
    /// The request.
    pub op: OpContext,
}

/// Numbers to hand out from one counter, in one transaction. The store
/// raises the counter by `drafts.len()` and assigns the values in order.
#[derive(Debug, Clone)]
pub struct AllocationBatch {
    /// The series.
    pub series: Arc<SeriesRecord>,
    /// The counter.
    pub counter_key: CounterKey,
    /// One entry per number, earliest request first.
    pub drafts: Vec<ReservationDraft>,
}

/// A manually typed (or imported) number to register as CONFIRMED.
#[derive(Debug, Clone)]
pub struct ManualRegistration {
    /// The series.
    pub series: Arc<SeriesRecord>,
    /// The validated number (with its counter and value when it has them).
    pub manual: ManualNumber,
    /// Why.
    pub reason: Reason,
    /// Caller metadata.
    pub metadata: serde_json::Value,
    /// `Manual` or `Import`.
    pub source: NumberSource,
    /// When the number was created in the source system (imports), else now.
    pub issued_at: DateTime<Utc>,
    /// The request.
    pub op: OpContext,
}

/// Void a confirmed number and, optionally, issue its replacement.
#[derive(Debug, Clone)]
pub struct VoidRequest {
    /// The number's namespace.
    pub namespace: String,
    /// The number.
    pub document_number: String,
    /// Why (≥ 10 characters).
    pub reason: Reason,
    /// The replacement to issue as CONFIRMED in the same transaction.
    pub replacement: Option<AllocationBatch>,
    /// The request.
    pub op: OpContext,
}

/// The result of a void.
#[derive(Debug, Clone, PartialEq)]
pub struct VoidResult {
    /// The voided number, after the change.
    pub voided: IssuedNumber,
    /// Its replacement, when one was asked for.
    pub replacement: Option<IssuedNumber>,
}

/// What a guarded state change found.
#[derive(Debug, Clone, PartialEq)]
pub enum GuardedChange {
    /// The change was made; the row after it.
    Applied(IssuedNumber),
    /// The row's state did not allow the change; nothing changed (except
    /// that a reservation found past its TTL was marked EXPIRED).
    NotApplied(IssuedNumber),
    /// No row has this token.
    NotFound,
}

/// A confirm or a cancel, as one member of a [`NumberStore::settle`] batch.
#[derive(Debug, Clone)]
pub struct Settlement {
    /// The reservation.
    pub token: Uuid,
    /// Which change, with its details.
    pub change: SettlementKind,
    /// Who asks, when.
    pub op: OpContext,
}

/// The two ways a caller ends a reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettlementKind {
    /// RESERVED → CONFIRMED.
    Confirm {
        /// The caller's reference of the document.
        document_ref: Option<String>,
    },
    /// RESERVED → CANCELLED.
    Cancel {
        /// Why.
        reason: Option<String>,
    },
}

/// Series and their change history.
#[async_trait]
pub trait SeriesRepository: Send + Sync {
    /// Inserts a series, its first history entry and a CONFIG_CHANGE audit
    /// row; [`AppError::SeriesExists`] if the document type is taken.
    async fn create_series(
        &self,
        config: &SeriesConfig,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError>;
    /// Replaces a series' configuration if its version is still
    /// `expected_version`, recording before/after; [`AppError::SeriesNotFound`]
    /// or a conflict otherwise.
    async fn update_series(
        &self,
        config: &SeriesConfig,
        expected_version: i64,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError>;
    /// One series.
    async fn get_series(&self, document_type: &str) -> Result<Option<SeriesRecord>, AppError>;
    /// All series, by document type.
    async fn list_series(&self) -> Result<Vec<SeriesRecord>, AppError>;
    /// A series' history, oldest first.
    async fn series_history(&self, document_type: &str) -> Result<Vec<SeriesChange>, AppError>;
}

/// The storage ports in one object: what a database store implements, so
/// that the store a `DATABASE_URL` names can be passed around as
/// `Arc<dyn Storage>` whatever its dialect.
pub trait Storage: NumberStore + SeriesRepository + IntegrityQueries + UpgradeSteps {}

impl<T: NumberStore + SeriesRepository + IntegrityQueries + UpgradeSteps + ?Sized> Storage for T {}

/// The registry of issued numbers, the counters and the audit log.
#[async_trait]
pub trait NumberStore: Send + Sync {
    /// Raises the counter by `batch.drafts.len()` (creating it race-free at 0
    /// if new), inserts one RESERVED row and one RESERVE audit row per draft,
    /// and returns the rows in draft order. Fails as a whole: NB002 when the
    /// counter would pass `max_value`, NB005 when a rendered number exists,
    /// [`AppError::SeriesChanged`] when the stored series is no longer at
    /// `batch.series.version` (checked inside the transaction, so a cached
    /// series can never draw numbers after a committed update was seen).
    async fn allocate(&self, batch: Arc<AllocationBatch>) -> Result<Vec<IssuedNumber>, AppError>;
    /// Confirms and cancels in order, each only while its row is RESERVED
    /// and not due at its own `op.now` (a row found due is marked EXPIRED,
    /// audited, and answered as not applied), with the outcomes in order.
    /// ONE transaction for the whole batch (one commit for all: group
    /// commit), so a database failure fails every member and changes
    /// nothing. A single confirm or cancel is a batch of one
    /// ([`NumberStore::confirm`], [`NumberStore::cancel`]).
    async fn settle(&self, batch: Arc<Vec<Settlement>>) -> Result<Vec<GuardedChange>, AppError>;
    /// RESERVED → CONFIRMED for an unexpired token: a settle of one.
    async fn confirm(
        &self,
        token: Uuid,
        document_ref: Option<&str>,
        op: &OpContext,
    ) -> Result<GuardedChange, AppError> {
        let change = SettlementKind::Confirm {
            document_ref: document_ref.map(str::to_owned),
        };
        settle_one(self, token, change, op).await
    }
    /// RESERVED → CANCELLED for an unexpired token: a settle of one.
    async fn cancel(
        &self,
        token: Uuid,
        reason: Option<&str>,
        op: &OpContext,
    ) -> Result<GuardedChange, AppError> {
        let change = SettlementKind::Cancel {
            reason: reason.map(str::to_owned),
        };
        settle_one(self, token, change, op).await
    }
    /// CONFIRMED → VOIDED, plus the replacement when asked, linked both ways.
    /// `Ok(None)` when no CONFIRMED row has this number (the caller explains).
    async fn void(&self, request: VoidRequest) -> Result<Option<VoidResult>, AppError>;
    /// Registers numbers as CONFIRMED, all or none; raises each counter to
    /// the highest value registered and audits the skipped values.
    async fn register_manual(
        &self,
        registrations: Vec<ManualRegistration>,
    ) -> Result<Vec<IssuedNumber>, AppError>;
    /// Marks up to `limit` reservations past their TTL as EXPIRED, each
    /// audited; returns how many.
    async fn expire_due(&self, limit: u32, op: &OpContext) -> Result<u32, AppError>;

    /// The row with this token.
    async fn find_by_token(&self, token: Uuid) -> Result<Option<IssuedNumber>, AppError>;
    /// The row claimed by `(user_id, key)` and its request fingerprint.
    async fn find_by_idempotency_key(
        &self,
        user_id: &str,
        key: &str,
    ) -> Result<Option<(IssuedNumber, String)>, AppError>;
    /// Rows with this rendered number (one per namespace at most).
    async fn find_numbers(&self, document_number: &str) -> Result<Vec<IssuedNumber>, AppError>;
    /// A counter's current value (0 when it does not exist yet).
    async fn counter_value(&self, counter_key: &CounterKey) -> Result<u64, AppError>;
    /// The counters of a series with their figures.
    async fn counter_status(&self, document_type: &str) -> Result<Vec<CounterStatus>, AppError>;
    /// Audit entries matching `filter`, oldest first.
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AppError>;
    /// Checks the database answers.
    async fn ping(&self) -> Result<(), AppError>;

    /// Sets a counter (created at 0 first when new) to `request.value` in one
    /// transaction, by the domain's set-counter rule: never below the
    /// highest value the registry holds for it (NB019, also guarded in the
    /// UPDATE's WHERE), never above `max_value` (NB009). Audited as
    /// SEQUENCE_SET with the old and new values; a raise lists the values
    /// it skips (`skipped: [[old + 1, new]]`). A counter already at the
    /// value is left alone and nothing is audited (`changed: false`).
    async fn set_counter(&self, request: CounterSet) -> Result<CounterChange, AppError>;
    /// The connection pool's usage now, for monitoring; `None` without a pool.
    fn pool_usage(&self) -> Option<PoolUsage> {
        None
    }
}

/// One settlement, as a batch of one.
async fn settle_one<S: NumberStore + ?Sized>(
    store: &S,
    token: Uuid,
    change: SettlementKind,
    op: &OpContext,
) -> Result<GuardedChange, AppError> {
    let batch = Arc::new(vec![Settlement {
        token,
        change,
        op: op.clone(),
    }]);
    let mut outcomes = store.settle(batch).await?;
    outcomes
        .pop()
        .ok_or_else(|| AppError::Internal("a settle of one answered nothing".to_owned()))
}

/// A snapshot of a store's connection pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    /// Connections open (idle or lent out).
    pub connections: u32,
    /// Open connections waiting in the pool.
    pub idle: u32,
    /// The pool's maximum size.
    pub max: u32,
}

impl PoolUsage {
    /// Connections lent out to requests right now.
    pub fn in_use(&self) -> u32 {
        self.connections.saturating_sub(self.idle)
    }
}
