//! The store contract: what every implementation of the storage ports
//! (`NumberStore` + `SeriesRepository` + `IntegrityQueries`) must do,
//! written once as `pub async fn` checks over a fresh, empty, migrated store.
//!
//! A backend runs the whole suite with one line,
//! `store_contract_tests!(fresh_store);`, where `fresh_store()` is an
//! `async fn() -> Fresh` giving each test its own database (SQLite: a file
//! in a temporary directory; PostgreSQL/MariaDB: a database created for the
//! test and dropped after it; it panics — the test fails — when the URL
//! variable is unset or the server cannot be reached, and a server
//! backend's suite sits in a `needs_postgres` / `needs_mysql` module, left
//! out of nextest's default run). See `tests/sqlite.rs`, `tests/postgres.rs`,
//! `tests/mysql.rs`.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs
)]

pub mod admin;
pub mod allocate;
pub mod audit;
pub mod coalescing;
pub mod collisions;
pub mod concurrency;
pub mod expiry;
pub mod lifecycle;
pub mod look_alike;
pub mod manual;
pub mod series;
pub mod series_effect;
pub mod series_overlap;
pub mod settling;
pub mod upgrade;
pub mod void;

use std::any::Any;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use docnum_application::ports::{
    AllocationBatch, IdempotencyClaim, IntegrityQueries, ManualRegistration, NumberStore,
    OpContext, ReservationDraft, SeriesRepository, UpgradeSteps,
};
use docnum_application::{
    Actor, AuditEntry, AuditFilter, IssuedNumber, NumberSource, ScopeSpec, SeriesConfig,
    SeriesRecord,
};
use docnum_domain::rules::validate_manual_number;
use docnum_domain::{Context, DocumentNumber, Reason};
use uuid::Uuid;

/// The storage ports in one object.
pub trait ContractStore: NumberStore + SeriesRepository + IntegrityQueries + UpgradeSteps {}
impl<T: NumberStore + SeriesRepository + IntegrityQueries + UpgradeSteps + ?Sized> ContractStore
    for T
{
}

/// The store under test.
pub type Store = Arc<dyn ContractStore>;

/// A fresh store and whatever must live as long as the test (a temporary
/// directory, a database to drop).
pub struct Fresh {
    /// The store.
    pub store: Store,
    /// Kept alive until the test ends.
    pub keep: Box<dyn Any + Send>,
}

/// Generates one `#[tokio::test]` per contract check, each on `$fresh().await`.
#[macro_export]
macro_rules! store_contract_tests {
    ($fresh:ident) => {
        $crate::store_contract_tests!($fresh;
            allocate::values_are_handed_out_in_order,
            allocate::counters_are_independent,
            allocate::exhausted_counter_is_nb002_and_writes_nothing,
            allocate::idempotency_key_is_unique_per_user,
            allocate::cancelled_and_expired_values_are_never_reused,
            allocate::a_batch_drawn_with_an_old_series_version_is_refused,
            lifecycle::confirm_applies_once_and_is_audited,
            lifecycle::confirm_after_ttl_marks_expired,
            lifecycle::unknown_token_is_not_found,
            lifecycle::cancel_is_guarded,
            lifecycle::cancel_after_ttl_marks_expired,
            void::void_and_replace_link_both_ways,
            void::void_without_replacement,
            void::void_of_a_non_confirmed_number_is_none,
            manual::registration_raises_the_counter_and_audits_the_skip,
            manual::registration_never_lowers_the_counter,
            manual::duplicate_registration_is_nb005_and_all_or_nothing,
            manual::import_is_audited_as_import,
            expiry::expire_due_counts_audits_and_is_idempotent,
            expiry::expire_due_respects_the_limit,
            audit::audit_filters_and_pages,
            admin::set_counter_raises_and_records_the_skipped_values,
            admin::a_counter_moved_elsewhere_is_drawn_from_where_it_stands,
            admin::set_counter_never_goes_below_the_highest_issued_value,
            admin::set_counter_respects_max_value_and_creates_new_counters,
            admin::integrity_queries_see_counters_values_and_no_duplicates,
            series::series_create_read_and_history,
            series::series_update_is_versioned,
            look_alike::look_alikes_share_a_counter_and_a_key,
            series_effect::a_dry_run_reports_the_skips_of_a_change_and_changes_nothing,
            series_effect::a_dry_run_with_a_stale_version_is_refused,
            series_overlap::an_overlap_under_both_declarations_is_refused_and_through_free_text_warned,
            series_overlap::a_new_template_or_scope_is_compared_with_the_numbers_issued,
            concurrency::thousand_concurrent_allocations_are_1_to_1000,
            coalescing::five_thousand_concurrent_reserves_are_1_to_5000,
            collisions::a_twin_counter_s_text_is_skipped_not_nb005,
            collisions::global_to_yearly_mid_year_continues_past_what_exists,
            collisions::numbers_of_another_series_are_skipped,
            collisions::five_thousand_concurrent_reserves_through_planted_collisions,
            coalescing::earlier_requests_get_lower_numbers,
            coalescing::mixed_counters_in_one_burst_are_each_contiguous,
            coalescing::failed_batch_fails_every_request_of_it_and_nothing_else,
            coalescing::full_queue_is_nb017_at_once_and_loses_nothing,
            coalescing::one_idempotency_key_twice_in_a_batch_gives_one_number,
            coalescing::a_request_that_cannot_render_fails_alone_without_a_redo,
            settling::settle_guards_every_member_of_a_mixed_batch,
            settling::a_large_settle_batch_keeps_its_order,
            settling::concurrent_confirms_and_cancels_share_transactions,
            settling::a_failed_settle_batch_fails_its_members_and_changes_nothing,
        );
    };
    ($fresh:ident; $($module:ident :: $check:ident),+ $(,)?) => {
        mod contract {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let fresh: $crate::store_contract::Fresh = super::$fresh().await;
                    super::store_contract::$module::$check(fresh.store.clone()).await;
                    drop(fresh);
                }
            )+
        }
    };
}

/// A fixed instant tests are judged at.
pub fn t0() -> DateTime<Utc> {
    "2025-06-15T08:00:00Z".parse().expect("valid instant")
}

/// `t0` plus `secs` seconds.
pub fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

/// The reservation TTL the fixtures use.
pub const TTL_SECS: i64 = 300;

/// A request by `user` judged at `now`.
pub fn op(user: &str, now: DateTime<Utc>) -> OpContext {
    OpContext {
        actor: Actor {
            user_id: user.to_owned(),
            ip: Some("192.0.2.7".to_owned()),
            user_agent: Some("contract-test".to_owned()),
        },
        now,
        started: Instant::now(),
        fallback_used: false,
    }
}

/// `COR-{YYYY}-{SEQ:5}`, yearly, manual override allowed.
pub fn cor_config() -> SeriesConfig {
    let mut c = SeriesConfig::new(
        "COR",
        "COR-{YYYY}-{SEQ:5}",
        ScopeSpec::Preset("YEARLY".into()),
    );
    c.allow_manual_override = true;
    c
}

/// Creates a series and returns its record.
pub async fn create(store: &Store, config: SeriesConfig) -> Arc<SeriesRecord> {
    let record = store
        .create_series(&config, "created", &op("admin", t0()))
        .await
        .expect("create series");
    Arc::new(record)
}

/// Creates the COR series.
pub async fn cor(store: &Store) -> Arc<SeriesRecord> {
    create(store, cor_config()).await
}

/// One draft of `series` at `now` (empty context, TTL [`TTL_SECS`]).
pub fn draft(user: &str, now: DateTime<Utc>) -> ReservationDraft {
    ReservationDraft {
        token: Uuid::new_v4(),
        context: Context::new(),
        period: docnum_domain::Period::new(2025, 6).expect("period"),
        metadata: serde_json::json!({ "by": user }),
        idempotency: None,
        expires_at: now + Duration::seconds(TTL_SECS),
        op: op(user, now),
    }
}

/// A batch of `drafts` on the series' counter for the drafts' period.
pub fn batch(series: &Arc<SeriesRecord>, drafts: Vec<ReservationDraft>) -> Arc<AllocationBatch> {
    let first = drafts.first().expect("at least one draft");
    let counter_key = series
        .series
        .counter_key(&first.context, first.period)
        .expect("counter key");
    Arc::new(AllocationBatch {
        series: series.clone(),
        counter_key,
        drafts,
    })
}

/// Reserves `n` numbers in one batch at `now`.
pub async fn reserve_n(
    store: &Store,
    series: &Arc<SeriesRecord>,
    n: usize,
    now: DateTime<Utc>,
) -> Vec<IssuedNumber> {
    let drafts = (0..n).map(|_| draft("alice", now)).collect();
    store
        .allocate(batch(series, drafts))
        .await
        .expect("allocate")
}

/// Reserves one number at `now`.
pub async fn reserve(
    store: &Store,
    series: &Arc<SeriesRecord>,
    now: DateTime<Utc>,
) -> IssuedNumber {
    reserve_n(store, series, 1, now).await.remove(0)
}

/// A draft claiming an idempotency key.
pub fn claimed(user: &str, key: &str, fingerprint: &str) -> ReservationDraft {
    let mut d = draft(user, t0());
    d.idempotency = Some(IdempotencyClaim {
        key: key.to_owned(),
        fingerprint: fingerprint.to_owned(),
    });
    d
}

/// A validated manual registration of `number` in `series`.
pub fn manual(
    series: &Arc<SeriesRecord>,
    number: &str,
    source: NumberSource,
) -> ManualRegistration {
    let now = at(10);
    let manual = validate_manual_number(
        &series.series,
        &DocumentNumber::new(number).expect("number"),
        &Context::new(),
        false,
        now,
    )
    .expect("valid manual number");
    ManualRegistration {
        series: series.clone(),
        manual,
        reason: Reason::new("typed from the paper register").expect("reason"),
        metadata: serde_json::json!({ "note": "manual" }),
        source,
        issued_at: now,
        op: op("admin", now),
    }
}

/// Every audit entry, oldest first.
pub async fn audit_all(store: &Store) -> Vec<AuditEntry> {
    let mut out: Vec<AuditEntry> = Vec::new();
    loop {
        let page = store
            .audit(&AuditFilter {
                after_id: out.last().map(|e| e.id),
                limit: 1000,
                ..AuditFilter::default()
            })
            .await
            .expect("audit");
        let done = page.len() < 1000;
        out.extend(page);
        if done {
            return out;
        }
    }
}

/// The audit entries of one operation.
pub async fn audit_of(store: &Store, operation: &str) -> Vec<AuditEntry> {
    audit_all(store)
        .await
        .into_iter()
        .filter(|e| e.operation == operation)
        .collect()
}

/// The current value of the series' counter for June 2025.
pub async fn counter(store: &Store, series: &Arc<SeriesRecord>) -> u64 {
    let key = series
        .series
        .counter_key(
            &Context::new(),
            docnum_domain::Period::new(2025, 6).expect("period"),
        )
        .expect("key");
    store.counter_value(&key).await.expect("counter value")
}

/// The NB code of an error.
pub fn code(e: &docnum_application::AppError) -> &'static str {
    e.code().as_str()
}
