//! A store in front of a real one that can hold `allocate` and `settle` at
//! a gate, fail the k-th `allocate` and every `settle` while told to, to
//! test the coalescers through the port. Every other method goes straight
//! to the real store.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use docnum_application::ports::{
    AllocationBatch, CounterChange, CounterIntegrity, CounterSet, DuplicateNumber, DuplicateValue,
    GuardedChange, ManualRegistration, NumberStore, OpContext, PoolUsage, Settlement, VoidRequest,
    VoidResult,
};
use docnum_application::{AppError, AuditEntry, AuditFilter, CounterStatus, IssuedNumber};
use docnum_domain::CounterKey;
use tokio::sync::watch;
use uuid::Uuid;

use super::Store;

/// The real store, a gate and a planned failure.
pub struct FaultyStore {
    inner: Store,
    calls: AtomicUsize,
    fail_on: Option<usize>,
    open: watch::Sender<bool>,
    failed: Mutex<Vec<usize>>,
    settle_sizes: Mutex<Vec<usize>>,
    fail_settles: AtomicBool,
}

impl FaultyStore {
    /// Passes everything through; the gate is open.
    pub fn new(inner: Store) -> Self {
        Self {
            inner,
            calls: AtomicUsize::new(0),
            fail_on: None,
            open: watch::Sender::new(true),
            failed: Mutex::new(Vec::new()),
            settle_sizes: Mutex::new(Vec::new()),
            fail_settles: AtomicBool::new(false),
        }
    }

    /// Holds every `allocate` and `settle` from now on until [`FaultyStore::open`].
    pub fn close(&self) {
        self.open.send_replace(false);
    }

    /// While `fail`, every `settle` fails with NB014 without touching the
    /// database, as a transaction that rolled back.
    pub fn fail_settles(&self, fail: bool) {
        self.fail_settles.store(fail, Ordering::SeqCst);
    }

    /// The sizes of the `settle` batches seen so far (failed ones too).
    pub fn settle_sizes(&self) -> Vec<usize> {
        self.settle_sizes.lock().unwrap().clone()
    }

    /// The `k`-th `allocate` (1-based) fails with NB014 without touching
    /// the database, as a transaction that rolled back.
    pub fn failing_call(mut self, k: usize) -> Self {
        self.fail_on = Some(k);
        self
    }

    /// Holds every `allocate` and `settle` until [`FaultyStore::open`].
    pub fn closed(self) -> Self {
        self.open.send_replace(false);
        self
    }

    /// Lets the held and future calls through.
    pub fn open(&self) {
        self.open.send_replace(true);
    }

    /// How many times `allocate` was called.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// The sizes of the batches that were failed.
    pub fn failed_batches(&self) -> Vec<usize> {
        self.failed.lock().unwrap().clone()
    }
}

#[async_trait]
impl NumberStore for FaultyStore {
    async fn allocate(&self, batch: Arc<AllocationBatch>) -> Result<Vec<IssuedNumber>, AppError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let mut open = self.open.subscribe();
        open.wait_for(|open| *open).await.expect("gate");
        if self.fail_on == Some(call) {
            self.failed.lock().unwrap().push(batch.drafts.len());
            return Err(AppError::Unavailable("injected failure".into()));
        }
        self.inner.allocate(batch).await
    }
    async fn settle(&self, batch: Arc<Vec<Settlement>>) -> Result<Vec<GuardedChange>, AppError> {
        self.settle_sizes.lock().unwrap().push(batch.len());
        let mut open = self.open.subscribe();
        open.wait_for(|open| *open).await.expect("gate");
        if self.fail_settles.load(Ordering::SeqCst) {
            return Err(AppError::Unavailable("injected failure".into()));
        }
        self.inner.settle(batch).await
    }
    async fn confirm(
        &self,
        token: Uuid,
        document_ref: Option<&str>,
        op: &OpContext,
    ) -> Result<GuardedChange, AppError> {
        self.inner.confirm(token, document_ref, op).await
    }
    async fn cancel(
        &self,
        token: Uuid,
        reason: Option<&str>,
        op: &OpContext,
    ) -> Result<GuardedChange, AppError> {
        self.inner.cancel(token, reason, op).await
    }
    async fn void(&self, request: VoidRequest) -> Result<Option<VoidResult>, AppError> {
        self.inner.void(request).await
    }
    async fn register_manual(
        &self,
        registrations: Vec<ManualRegistration>,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        self.inner.register_manual(registrations).await
    }
    async fn expire_due(&self, limit: u32, op: &OpContext) -> Result<u32, AppError> {
        self.inner.expire_due(limit, op).await
    }
    async fn find_by_token(&self, token: Uuid) -> Result<Option<IssuedNumber>, AppError> {
        self.inner.find_by_token(token).await
    }
    async fn find_by_idempotency_key(
        &self,
        user_id: &str,
        key: &str,
    ) -> Result<Option<(IssuedNumber, String)>, AppError> {
        self.inner.find_by_idempotency_key(user_id, key).await
    }
    async fn find_numbers(&self, document_number: &str) -> Result<Vec<IssuedNumber>, AppError> {
        self.inner.find_numbers(document_number).await
    }
    async fn counter_value(&self, counter_key: &CounterKey) -> Result<u64, AppError> {
        self.inner.counter_value(counter_key).await
    }
    async fn counter_status(&self, document_type: &str) -> Result<Vec<CounterStatus>, AppError> {
        self.inner.counter_status(document_type).await
    }
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        self.inner.audit(filter).await
    }
    async fn ping(&self) -> Result<(), AppError> {
        self.inner.ping().await
    }
    async fn set_counter(&self, request: CounterSet) -> Result<CounterChange, AppError> {
        self.inner.set_counter(request).await
    }
    async fn counter_integrity(&self) -> Result<Vec<CounterIntegrity>, AppError> {
        self.inner.counter_integrity().await
    }
    async fn issued_values(
        &self,
        counter_key: &str,
        after: u64,
        limit: u32,
    ) -> Result<Vec<u64>, AppError> {
        self.inner.issued_values(counter_key, after, limit).await
    }
    async fn duplicate_values(&self, limit: u32) -> Result<Vec<DuplicateValue>, AppError> {
        self.inner.duplicate_values(limit).await
    }
    async fn duplicate_numbers(&self, limit: u32) -> Result<Vec<DuplicateNumber>, AppError> {
        self.inner.duplicate_numbers(limit).await
    }
    async fn existing_numbers(
        &self,
        namespace: &str,
        numbers: &[String],
    ) -> Result<Vec<String>, AppError> {
        self.inner.existing_numbers(namespace, numbers).await
    }
    async fn taken_values(&self, counter_key: &str, values: &[u64]) -> Result<Vec<u64>, AppError> {
        self.inner.taken_values(counter_key, values).await
    }
    fn pool_usage(&self) -> Option<PoolUsage> {
        self.inner.pool_usage()
    }
}
