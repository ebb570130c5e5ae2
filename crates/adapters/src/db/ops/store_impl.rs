//! The ports, implemented on the dialect's store: each method takes a
//! connection (inside a write transaction for changes), calls one
//! operation, and translates the error at the boundary.
//!
//! A write transaction runs on a task of its own with owned arguments, so
//! that it always ends in COMMIT or ROLLBACK even when the caller's future
//! is dropped halfway (axum drops the handler of a client that hangs up);
//! a half-run operation on the blocking SQLite wrapper could otherwise
//! leave a transaction open on a pooled connection.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use docnum_application::ports::{
    AllocationBatch, CounterChange, CounterIntegrity, CounterSet, DuplicateNumber, DuplicateValue,
    GuardedChange, IntegrityQueries, ManualRegistration, NumberStore, OpContext, PoolUsage,
    RegisteredNumber, SeriesRepository, Settlement, UpgradeSteps, VoidRequest, VoidResult,
};
use docnum_application::{
    AppError, AuditEntry, AuditFilter, CounterStatus, IssuedNumber, SeriesChange, SeriesConfig,
    SeriesRecord,
};
use docnum_domain::CounterKey;
use tracing::Instrument;
use uuid::Uuid;

use super::{Store, admin, draw, integrity, lifecycle, manual, queries, series, upgrade, void};
use crate::db::errors::StoreError;
use crate::db::plumbing::{StorePlumbing, join};
use crate::db::rows::IssuedRow;

/// Runs `$body` (a future using `$conn: &mut Conn` and owned captures) in
/// a write transaction on its own task: committed when it returns `Ok`,
/// rolled back otherwise.
macro_rules! write_tx {
    ($store:expr, |$conn:ident| $body:expr) => {{
        let writer = $store.writer();
        let task = $store.spawn_tx(
            async move {
                let mut tx = Store::begin(writer).await?;
                let result = {
                    let $conn = tx.conn();
                    $body.await
                };
                tx.finish(result).await
            }
            .instrument(tracing::Span::current()),
        );
        join(task, $store.deadline()).await
    }};
}

/// Runs `$body` (as [`write_tx!`], with `$how: draw::Draw` in scope) in a
/// write transaction drawing [`draw::Draw::Straight`]; when a drawn
/// number's rendering turns out to exist ([`StoreError::Collided`]: the
/// transaction is rolled back, nothing was written), in a new one drawing
/// [`draw::Draw::PastCollisions`]. The common case costs no lookup; a
/// collision costs one rolled-back transaction. A number inserted by
/// another transaction between the lookup and the insert (a twin counter
/// on a server database) collides again: the draw is redone, a few times.
macro_rules! draw_tx {
    ($store:expr, |$conn:ident, $how:ident| $body:expr) => {{
        let writer = $store.writer();
        let task = $store.spawn_tx(
            async move {
                let mut $how = draw::Draw::Straight;
                let mut attempts = 0;
                loop {
                    let mut tx = Store::begin(writer.clone()).await?;
                    let result = {
                        let $conn = tx.conn();
                        $body.await
                    };
                    match tx.finish(result).await {
                        Err(StoreError::Collided(_)) if attempts < DRAW_ATTEMPTS => {
                            attempts += 1;
                            $how = draw::Draw::PastCollisions;
                        }
                        done => break done,
                    }
                }
            }
            .instrument(tracing::Span::current()),
        );
        join(task, $store.deadline()).await
    }};
}

/// How many times a draw is redone past collisions before the collision is
/// reported (NB005): only concurrent inserts of the same text can use them.
const DRAW_ATTEMPTS: u32 = 4;

/// Runs `$body` on a pooled connection, outside any explicit transaction.
macro_rules! read {
    ($store:expr, |$conn:ident| $body:expr) => {
        async {
            let mut pooled = $store.read_conn().await?;
            let $conn = &mut *pooled;
            $body.await
        }
        .await
        .map_err(StoreError::into_app)
    };
}

fn numbers(rows: Vec<IssuedRow>) -> Result<Vec<IssuedNumber>, StoreError> {
    rows.into_iter().map(IssuedRow::into_number).collect()
}

#[async_trait]
impl NumberStore for Store {
    #[tracing::instrument(level = "debug", skip_all, fields(
        document_type = %batch.series.config.document_type,
        counter_key = %batch.counter_key,
        count = batch.drafts.len(),
    ))]
    async fn allocate(&self, batch: Arc<AllocationBatch>) -> Result<Vec<IssuedNumber>, AppError> {
        draw_tx!(self, |conn, how| async {
            numbers(draw::allocate(conn, &batch, how).await?)
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(count = batch.len()))]
    async fn settle(&self, batch: Arc<Vec<Settlement>>) -> Result<Vec<GuardedChange>, AppError> {
        write_tx!(self, |conn| lifecycle::settle(conn, &batch))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(
        namespace = %request.namespace,
        document_number = %request.document_number,
    ))]
    async fn void(&self, request: VoidRequest) -> Result<Option<VoidResult>, AppError> {
        draw_tx!(self, |conn, how| void::void(conn, &request, how))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(count = registrations.len()))]
    async fn register_manual(
        &self,
        registrations: Vec<ManualRegistration>,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        write_tx!(self, |conn| async {
            numbers(manual::register(conn, &registrations).await?)
        })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(limit = limit))]
    async fn expire_due(&self, limit: u32, op: &OpContext) -> Result<u32, AppError> {
        let op = op.clone();
        write_tx!(self, |conn| lifecycle::expire_due(conn, limit, &op))
    }

    async fn find_by_token(&self, token: Uuid) -> Result<Option<IssuedNumber>, AppError> {
        let token = token.to_string();
        read!(self, |conn| queries::find_by_token(conn, &token))
    }

    async fn find_by_idempotency_key(
        &self,
        user_id: &str,
        key: &str,
    ) -> Result<Option<(IssuedNumber, String)>, AppError> {
        read!(self, |conn| queries::find_by_idempotency_key(
            conn, user_id, key
        ))
    }

    async fn find_numbers(&self, document_number: &str) -> Result<Vec<IssuedNumber>, AppError> {
        read!(self, |conn| queries::find_numbers(conn, document_number))
    }

    async fn counter_value(&self, counter_key: &CounterKey) -> Result<u64, AppError> {
        read!(self, |conn| queries::counter_value(
            conn,
            counter_key.as_str()
        ))
    }

    async fn counter_status(&self, document_type: &str) -> Result<Vec<CounterStatus>, AppError> {
        read!(self, |conn| queries::counter_status(conn, document_type))
    }

    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        read!(self, |conn| queries::audit(conn, filter))
    }

    async fn ping(&self) -> Result<(), AppError> {
        read!(self, |conn| async {
            diesel_async::SimpleAsyncConnection::batch_execute(conn, "SELECT 1")
                .await
                .map_err(StoreError::from)
        })
    }

    fn pool_usage(&self) -> Option<PoolUsage> {
        Some(self.connections())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(
        counter_key = %request.counter_key,
        value = request.value,
    ))]
    async fn set_counter(&self, request: CounterSet) -> Result<CounterChange, AppError> {
        write_tx!(self, |conn| admin::set_counter(conn, &request))
    }
}

#[async_trait]
impl IntegrityQueries for Store {
    async fn counter_integrity(&self) -> Result<Vec<CounterIntegrity>, AppError> {
        read!(self, |conn| integrity::counter_integrity(conn))
    }

    async fn issued_values(
        &self,
        counter_key: &str,
        after: u64,
        limit: u32,
    ) -> Result<Vec<u64>, AppError> {
        read!(self, |conn| integrity::issued_values(
            conn,
            counter_key,
            after,
            limit
        ))
    }

    async fn duplicate_values(&self, limit: u32) -> Result<Vec<DuplicateValue>, AppError> {
        read!(self, |conn| integrity::duplicate_values(conn, limit))
    }

    async fn duplicate_numbers(&self, limit: u32) -> Result<Vec<DuplicateNumber>, AppError> {
        read!(self, |conn| integrity::duplicate_numbers(conn, limit))
    }

    async fn existing_numbers(
        &self,
        namespace: &str,
        numbers: &[String],
    ) -> Result<Vec<String>, AppError> {
        read!(self, |conn| integrity::existing_numbers(
            conn, namespace, numbers
        ))
    }

    async fn numbers_with_keys(
        &self,
        namespace: &str,
        keys: &[String],
    ) -> Result<Vec<String>, AppError> {
        read!(self, |conn| integrity::numbers_with_keys(
            conn, namespace, keys
        ))
    }

    async fn taken_values(&self, counter_key: &str, values: &[u64]) -> Result<Vec<u64>, AppError> {
        read!(self, |conn| integrity::taken_values(
            conn,
            counter_key,
            values
        ))
    }

    async fn numbers_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<RegisteredNumber>, AppError> {
        read!(self, |conn| integrity::numbers_after(conn, after_id, limit))
    }

    async fn latest_context(
        &self,
        counter_key: &str,
    ) -> Result<Option<BTreeMap<String, String>>, AppError> {
        read!(self, |conn| integrity::latest_context(conn, counter_key))
    }
}

#[async_trait]
impl SeriesRepository for Store {
    #[tracing::instrument(level = "debug", skip_all, fields(document_type = %config.document_type))]
    async fn create_series(
        &self,
        config: &SeriesConfig,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        let (config, reason, op) = (config.clone(), reason.to_owned(), op.clone());
        write_tx!(self, |conn| series::create(conn, &config, &reason, &op))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document_type = %config.document_type))]
    async fn update_series(
        &self,
        config: &SeriesConfig,
        expected_version: i64,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        let (config, reason, op) = (config.clone(), reason.to_owned(), op.clone());
        write_tx!(self, |conn| series::update(
            conn,
            &config,
            expected_version,
            &reason,
            &op
        ))
    }

    async fn get_series(&self, document_type: &str) -> Result<Option<SeriesRecord>, AppError> {
        read!(self, |conn| series::get(conn, document_type))
    }

    async fn list_series(&self) -> Result<Vec<SeriesRecord>, AppError> {
        read!(self, |conn| series::list(conn))
    }

    async fn series_history(&self, document_type: &str) -> Result<Vec<SeriesChange>, AppError> {
        read!(self, |conn| series::history(conn, document_type))
    }
}

#[async_trait]
impl UpgradeSteps for Store {
    async fn pending_steps(&self) -> Result<Vec<String>, AppError> {
        read!(self, |conn| upgrade::pending_steps(conn))
    }

    async fn fill_number_keys(&self, after_id: i64, limit: u32) -> Result<Option<i64>, AppError> {
        write_tx!(self, |conn| upgrade::fill_number_keys(
            conn, after_id, limit
        ))
    }

    async fn keep_look_alike(
        &self,
        namespace: &str,
        document_number: &str,
        entry: AuditEntry,
    ) -> Result<bool, AppError> {
        let (namespace, number) = (namespace.to_owned(), document_number.to_owned());
        write_tx!(self, |conn| upgrade::keep_look_alike(
            conn, &namespace, &number, &entry
        ))
    }

    async fn merge_counter(
        &self,
        merge: docnum_application::ports::CounterMerge,
    ) -> Result<Option<CounterChange>, AppError> {
        write_tx!(self, |conn| upgrade::merge_counter(conn, &merge))
    }

    async fn finish_step(&self, step: &str) -> Result<(), AppError> {
        let step = step.to_owned();
        write_tx!(self, |conn| upgrade::finish_step(conn, &step))
    }
}
