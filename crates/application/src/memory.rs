//! An in-memory implementation of [`NumberStore`] and [`SeriesRepository`]:
//! the reference model the SQL adapters are compared against.
//!
//! Everything lives in one `State` behind a `std::sync::Mutex`. Each
//! port method takes the lock once, so each call is atomic like a database
//! transaction. A call that fails leaves the state untouched: changes are
//! first staged (checking every uniqueness rule against the committed rows
//! and the staged ones), then committed by a step that cannot fail.
//!
//! The uniqueness rules mirror the SQL unique indexes:
//! `(namespace, document_number)` and `(counter_key, value)` →
//! [`AppError::DuplicateNumber`]; `(user_id, idempotency key)` →
//! [`AppError::IdempotencyConflict`].
//!
//! What each change writes — rows, audit entries, counter raises — is
//! planned by [`crate::plan`], the same functions the SQL stores call; this
//! store only finds rows, checks the guards and keeps what it is handed.

mod admin;
mod integrity;
mod manual;
mod numbers;
mod queries;
mod series;
mod state;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use docnum_domain::CounterKey;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::{AuditEntry, AuditFilter, CounterStatus, IssuedNumber};
use crate::ports::{
    AllocationBatch, CounterChange, CounterIntegrity, CounterMerge, CounterSet, DuplicateNumber,
    DuplicateValue, GuardedChange, IntegrityQueries, ManualRegistration, NumberStore, OpContext,
    RegisteredNumber, SeriesRepository, Settlement, UpgradeSteps, VoidRequest, VoidResult,
};
use crate::series_config::{SeriesChange, SeriesConfig, SeriesRecord};
use state::State;

/// Registry, counters, audit log and series, held in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every registry row, in the order they were issued.
    pub fn numbers(&self) -> Vec<IssuedNumber> {
        self.with(|s| s.rows().to_vec())
    }

    /// Runs `f` under the lock: one call, one "transaction".
    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        // A panic never leaves a half-made change behind (changes are staged,
        // then committed by code that cannot fail), so a poisoned lock still
        // guards a consistent state.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut state)
    }
}

#[async_trait]
impl SeriesRepository for MemoryStore {
    async fn create_series(
        &self,
        config: &SeriesConfig,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        self.with(|s| s.create_series(config, reason, op))
    }

    async fn update_series(
        &self,
        config: &SeriesConfig,
        expected_version: i64,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        self.with(|s| s.update_series(config, expected_version, reason, op))
    }

    async fn get_series(&self, document_type: &str) -> Result<Option<SeriesRecord>, AppError> {
        Ok(self.with(|s| s.get_series(document_type)))
    }

    async fn list_series(&self) -> Result<Vec<SeriesRecord>, AppError> {
        Ok(self.with(|s| s.list_series()))
    }

    async fn series_history(&self, document_type: &str) -> Result<Vec<SeriesChange>, AppError> {
        Ok(self.with(|s| s.series_history(document_type)))
    }
}

#[async_trait]
impl NumberStore for MemoryStore {
    async fn allocate(&self, batch: Arc<AllocationBatch>) -> Result<Vec<IssuedNumber>, AppError> {
        self.with(|s| s.allocate(&batch))
    }

    async fn settle(&self, batch: Arc<Vec<Settlement>>) -> Result<Vec<GuardedChange>, AppError> {
        Ok(self.with(|s| s.settle(&batch)))
    }

    async fn void(&self, request: VoidRequest) -> Result<Option<VoidResult>, AppError> {
        self.with(|s| s.void(&request))
    }

    async fn register_manual(
        &self,
        registrations: Vec<ManualRegistration>,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        self.with(|s| s.register_manual(&registrations))
    }

    async fn expire_due(&self, limit: u32, op: &OpContext) -> Result<u32, AppError> {
        Ok(self.with(|s| s.expire_due(limit, op)))
    }

    async fn find_by_token(&self, token: Uuid) -> Result<Option<IssuedNumber>, AppError> {
        Ok(self.with(|s| s.find_by_token(token)))
    }

    async fn find_by_idempotency_key(
        &self,
        user_id: &str,
        key: &str,
    ) -> Result<Option<(IssuedNumber, String)>, AppError> {
        Ok(self.with(|s| s.find_by_idempotency_key(user_id, key)))
    }

    async fn find_numbers(&self, document_number: &str) -> Result<Vec<IssuedNumber>, AppError> {
        Ok(self.with(|s| s.find_numbers(document_number)))
    }

    async fn counter_value(&self, counter_key: &CounterKey) -> Result<u64, AppError> {
        Ok(self.with(|s| s.counter_value(counter_key.as_str())))
    }

    async fn counter_status(&self, document_type: &str) -> Result<Vec<CounterStatus>, AppError> {
        Ok(self.with(|s| s.counter_status(document_type)))
    }

    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        Ok(self.with(|s| s.audit(filter)))
    }

    async fn ping(&self) -> Result<(), AppError> {
        Ok(())
    }

    async fn set_counter(&self, request: CounterSet) -> Result<CounterChange, AppError> {
        self.with(|s| s.set_counter(&request))
    }
}

#[async_trait]
impl IntegrityQueries for MemoryStore {
    async fn counter_integrity(&self) -> Result<Vec<CounterIntegrity>, AppError> {
        Ok(self.with(|s| s.counter_integrity()))
    }

    async fn issued_values(
        &self,
        counter_key: &str,
        after: u64,
        limit: u32,
    ) -> Result<Vec<u64>, AppError> {
        Ok(self.with(|s| s.issued_values(counter_key, after, limit)))
    }

    async fn duplicate_values(&self, limit: u32) -> Result<Vec<DuplicateValue>, AppError> {
        Ok(self.with(|s| s.duplicate_values(limit)))
    }

    async fn duplicate_numbers(&self, limit: u32) -> Result<Vec<DuplicateNumber>, AppError> {
        Ok(self.with(|s| s.duplicate_numbers(limit)))
    }

    async fn existing_numbers(
        &self,
        namespace: &str,
        numbers: &[String],
    ) -> Result<Vec<String>, AppError> {
        Ok(self.with(|s| s.existing_numbers(namespace, numbers)))
    }

    async fn numbers_with_keys(
        &self,
        namespace: &str,
        keys: &[String],
    ) -> Result<Vec<String>, AppError> {
        Ok(self.with(|s| s.numbers_with_keys(namespace, keys)))
    }

    async fn taken_values(&self, counter_key: &str, values: &[u64]) -> Result<Vec<u64>, AppError> {
        Ok(self.with(|s| s.taken_values(counter_key, values)))
    }

    async fn numbers_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<RegisteredNumber>, AppError> {
        Ok(self.with(|s| s.numbers_after(after_id, limit)))
    }

    async fn latest_context(
        &self,
        counter_key: &str,
    ) -> Result<Option<BTreeMap<String, String>>, AppError> {
        Ok(self.with(|s| s.latest_context(counter_key)))
    }
}

/// A memory store is always current: it has no older data to finish.
#[async_trait]
impl UpgradeSteps for MemoryStore {
    async fn pending_steps(&self) -> Result<Vec<String>, AppError> {
        Ok(Vec::new())
    }

    async fn fill_number_keys(&self, _after_id: i64, _limit: u32) -> Result<Option<i64>, AppError> {
        // Every row got its key when it was staged.
        Ok(None)
    }

    async fn keep_look_alike(
        &self,
        _namespace: &str,
        _document_number: &str,
        _entry: AuditEntry,
    ) -> Result<bool, AppError> {
        Err(no_steps())
    }

    async fn merge_counter(&self, _merge: CounterMerge) -> Result<Option<CounterChange>, AppError> {
        Err(no_steps())
    }

    async fn finish_step(&self, _step: &str) -> Result<(), AppError> {
        Err(no_steps())
    }
}

/// What a step asked of the memory store, which never lists one, says.
fn no_steps() -> AppError {
    AppError::Internal("the memory store has no data steps to run".to_owned())
}
