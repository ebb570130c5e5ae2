//! A store in front of another — by default the in-memory one — that can
//! hold `allocate` and `settle` at a gate, fail the k-th `allocate`, fail
//! every `settle`, or fail every call, while told to; everything else goes
//! straight to the store behind it. For tests of what callers do when the
//! database stalls or fails (the coalescers, the HTTP error mapping).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use docnum_domain::CounterKey;
use tokio::sync::watch;
use uuid::Uuid;

use crate::error::AppError;
use crate::memory::MemoryStore;
use crate::model::{AuditEntry, AuditFilter, CounterStatus, IssuedNumber};
use crate::ports::{
    AllocationBatch, CounterChange, CounterIntegrity, CounterMerge, CounterSet, DuplicateNumber,
    DuplicateValue, GuardedChange, IntegrityQueries, ManualRegistration, NumberStore, OpContext,
    PoolUsage, RegisteredNumber, SeriesRepository, Settlement, UpgradeSteps, VoidRequest,
    VoidResult,
};
use crate::series_config::{SeriesChange, SeriesConfig, SeriesRecord};

/// The store behind, a gate and the faults planned.
pub struct FaultyStore<S: ?Sized = MemoryStore> {
    inner: Arc<S>,
    calls: AtomicUsize,
    pings: AtomicUsize,
    fail_on: Option<usize>,
    open: watch::Sender<bool>,
    failed: Mutex<Vec<usize>>,
    settle_sizes: Mutex<Vec<usize>>,
    fail_settles: AtomicBool,
    fail_all: Mutex<Option<AppError>>,
}

impl FaultyStore {
    /// In front of a new, empty in-memory store.
    pub fn in_memory() -> Self {
        Self::new(Arc::new(MemoryStore::new()))
    }
}

impl<S: ?Sized> FaultyStore<S> {
    /// Passes everything through to `inner`; the gate is open.
    pub fn new(inner: Arc<S>) -> Self {
        Self {
            inner,
            calls: AtomicUsize::new(0),
            pings: AtomicUsize::new(0),
            fail_on: None,
            open: watch::Sender::new(true),
            failed: Mutex::new(Vec::new()),
            settle_sizes: Mutex::new(Vec::new()),
            fail_settles: AtomicBool::new(false),
            fail_all: Mutex::new(None),
        }
    }

    /// The store behind.
    pub fn inner(&self) -> &Arc<S> {
        &self.inner
    }

    /// Holds every `allocate` and `settle` from now on until [`FaultyStore::open`].
    pub fn close(&self) {
        self.open.send_replace(false);
    }

    /// Holds every `allocate` and `settle` until [`FaultyStore::open`].
    #[must_use]
    pub fn closed(self) -> Self {
        self.close();
        self
    }

    /// Lets the held and future calls through.
    pub fn open(&self) {
        self.open.send_replace(true);
    }

    /// The `k`-th `allocate` (1-based) fails with NB014 without reaching
    /// the store, as a transaction that rolled back.
    #[must_use]
    pub fn failing_call(mut self, k: usize) -> Self {
        self.fail_on = Some(k);
        self
    }

    /// While `fail`, every `settle` fails with NB014 without reaching the
    /// store, as a transaction that rolled back.
    pub fn fail_settles(&self, fail: bool) {
        self.fail_settles.store(fail, Ordering::SeqCst);
    }

    /// While `Some`, every call (`ping` too) fails with this error without
    /// reaching the store: a database that is down, or one that answers
    /// with an internal error.
    pub fn fail_all(&self, error: Option<AppError>) {
        *self.fail_all.lock().unwrap_or_else(PoisonError::into_inner) = error;
    }

    /// How many times `allocate` was called.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// How many times `ping` (readiness) was called.
    pub fn pings(&self) -> usize {
        self.pings.load(Ordering::SeqCst)
    }

    /// The sizes of the `allocate` batches that were failed.
    pub fn failed_batches(&self) -> Vec<usize> {
        self.failed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The sizes of the `settle` batches seen so far (failed ones too).
    pub fn settle_sizes(&self) -> Vec<usize> {
        self.settle_sizes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The planned failure of every call, if any.
    fn check(&self) -> Result<(), AppError> {
        match &*self.fail_all.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }

    /// Waits while the gate is closed.
    async fn gate(&self) -> Result<(), AppError> {
        let mut open = self.open.subscribe();
        open.wait_for(|open| *open)
            .await
            .map(|_| ())
            .map_err(|_| AppError::Internal("the gate was dropped".to_owned()))
    }
}

fn injected() -> AppError {
    AppError::Unavailable("injected failure".to_owned())
}

#[async_trait]
impl<S: NumberStore + ?Sized> NumberStore for FaultyStore<S> {
    async fn allocate(&self, batch: Arc<AllocationBatch>) -> Result<Vec<IssuedNumber>, AppError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        self.gate().await?;
        self.check()?;
        if self.fail_on == Some(call) {
            self.failed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(batch.drafts.len());
            return Err(injected());
        }
        self.inner.allocate(batch).await
    }
    async fn settle(&self, batch: Arc<Vec<Settlement>>) -> Result<Vec<GuardedChange>, AppError> {
        self.settle_sizes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(batch.len());
        self.gate().await?;
        self.check()?;
        if self.fail_settles.load(Ordering::SeqCst) {
            return Err(injected());
        }
        self.inner.settle(batch).await
    }
    async fn void(&self, request: VoidRequest) -> Result<Option<VoidResult>, AppError> {
        self.check()?;
        self.inner.void(request).await
    }
    async fn register_manual(
        &self,
        registrations: Vec<ManualRegistration>,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        self.check()?;
        self.inner.register_manual(registrations).await
    }
    async fn expire_due(&self, limit: u32, op: &OpContext) -> Result<u32, AppError> {
        self.check()?;
        self.inner.expire_due(limit, op).await
    }
    async fn find_by_token(&self, token: Uuid) -> Result<Option<IssuedNumber>, AppError> {
        self.check()?;
        self.inner.find_by_token(token).await
    }
    async fn find_by_idempotency_key(
        &self,
        user_id: &str,
        key: &str,
    ) -> Result<Option<(IssuedNumber, String)>, AppError> {
        self.check()?;
        self.inner.find_by_idempotency_key(user_id, key).await
    }
    async fn find_numbers(&self, document_number: &str) -> Result<Vec<IssuedNumber>, AppError> {
        self.check()?;
        self.inner.find_numbers(document_number).await
    }
    async fn counter_value(&self, counter_key: &CounterKey) -> Result<u64, AppError> {
        self.check()?;
        self.inner.counter_value(counter_key).await
    }
    async fn counter_status(&self, document_type: &str) -> Result<Vec<CounterStatus>, AppError> {
        self.check()?;
        self.inner.counter_status(document_type).await
    }
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        self.check()?;
        self.inner.audit(filter).await
    }
    async fn ping(&self) -> Result<(), AppError> {
        self.pings.fetch_add(1, Ordering::SeqCst);
        self.check()?;
        self.inner.ping().await
    }
    async fn set_counter(&self, request: CounterSet) -> Result<CounterChange, AppError> {
        self.check()?;
        self.inner.set_counter(request).await
    }
    fn pool_usage(&self) -> Option<PoolUsage> {
        self.inner.pool_usage()
    }
}

#[async_trait]
impl<S: SeriesRepository + ?Sized> SeriesRepository for FaultyStore<S> {
    async fn create_series(
        &self,
        config: &SeriesConfig,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        self.check()?;
        self.inner.create_series(config, reason, op).await
    }
    async fn update_series(
        &self,
        config: &SeriesConfig,
        expected_version: i64,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        self.check()?;
        self.inner
            .update_series(config, expected_version, reason, op)
            .await
    }
    async fn get_series(&self, document_type: &str) -> Result<Option<SeriesRecord>, AppError> {
        self.check()?;
        self.inner.get_series(document_type).await
    }
    async fn list_series(&self) -> Result<Vec<SeriesRecord>, AppError> {
        self.check()?;
        self.inner.list_series().await
    }
    async fn series_history(&self, document_type: &str) -> Result<Vec<SeriesChange>, AppError> {
        self.check()?;
        self.inner.series_history(document_type).await
    }
}

#[async_trait]
impl<S: IntegrityQueries + ?Sized> IntegrityQueries for FaultyStore<S> {
    async fn counter_integrity(&self) -> Result<Vec<CounterIntegrity>, AppError> {
        self.check()?;
        self.inner.counter_integrity().await
    }
    async fn issued_values(
        &self,
        counter_key: &str,
        after: u64,
        limit: u32,
    ) -> Result<Vec<u64>, AppError> {
        self.check()?;
        self.inner.issued_values(counter_key, after, limit).await
    }
    async fn duplicate_values(&self, limit: u32) -> Result<Vec<DuplicateValue>, AppError> {
        self.check()?;
        self.inner.duplicate_values(limit).await
    }
    async fn duplicate_numbers(&self, limit: u32) -> Result<Vec<DuplicateNumber>, AppError> {
        self.check()?;
        self.inner.duplicate_numbers(limit).await
    }
    async fn existing_numbers(
        &self,
        namespace: &str,
        numbers: &[String],
    ) -> Result<Vec<String>, AppError> {
        self.check()?;
        self.inner.existing_numbers(namespace, numbers).await
    }
    async fn numbers_with_keys(
        &self,
        namespace: &str,
        keys: &[String],
    ) -> Result<Vec<String>, AppError> {
        self.check()?;
        self.inner.numbers_with_keys(namespace, keys).await
    }
    async fn taken_values(&self, counter_key: &str, values: &[u64]) -> Result<Vec<u64>, AppError> {
        self.check()?;
        self.inner.taken_values(counter_key, values).await
    }
    async fn numbers_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<RegisteredNumber>, AppError> {
        self.check()?;
        self.inner.numbers_after(after_id, limit).await
    }
    async fn latest_context(
        &self,
        counter_key: &str,
    ) -> Result<Option<BTreeMap<String, String>>, AppError> {
        self.check()?;
        self.inner.latest_context(counter_key).await
    }
}

#[async_trait]
impl<S: UpgradeSteps + ?Sized> UpgradeSteps for FaultyStore<S> {
    async fn pending_steps(&self) -> Result<Vec<String>, AppError> {
        self.check()?;
        self.inner.pending_steps().await
    }
    async fn fill_number_keys(&self, after_id: i64, limit: u32) -> Result<Option<i64>, AppError> {
        self.check()?;
        self.inner.fill_number_keys(after_id, limit).await
    }
    async fn keep_look_alike(
        &self,
        namespace: &str,
        document_number: &str,
        entry: AuditEntry,
    ) -> Result<bool, AppError> {
        self.check()?;
        self.inner
            .keep_look_alike(namespace, document_number, entry)
            .await
    }
    async fn merge_counter(&self, merge: CounterMerge) -> Result<Option<CounterChange>, AppError> {
        self.check()?;
        self.inner.merge_counter(merge).await
    }
    async fn finish_step(&self, step: &str) -> Result<(), AppError> {
        self.check()?;
        self.inner.finish_step(step).await
    }
}
