//! The records of the admin port methods — setting a counter by hand — and
//! the integrity port behind `docnum validate`, `check-duplicates` and the
//! legacy import's duplicate check.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;

use docnum_domain::{CounterKey, Reason};
use serde::Serialize;
use serde_json::json;

use super::OpContext;
use crate::error::AppError;
use crate::series_config::SeriesRecord;

/// Set a counter to a value chosen by an admin.
#[derive(Debug, Clone)]
pub struct CounterSet {
    /// The series the counter belongs to.
    pub series: Arc<SeriesRecord>,
    /// The counter.
    pub counter_key: CounterKey,
    /// The value to set: the last value counted as handed out, so the next
    /// reservation gets `value + 1`.
    pub value: u64,
    /// Why (kept in the audit entry).
    pub reason: Reason,
    /// The request.
    pub op: OpContext,
}

/// What a counter set did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CounterChange {
    /// The counter.
    pub counter_key: CounterKey,
    /// Its value before (0 for a counter created by the set).
    pub old_value: u64,
    /// Its value after.
    pub new_value: u64,
    /// The highest value the registry holds for this counter (0 when none).
    pub highest_issued: u64,
    /// `false` when the counter already stood at the value (nothing written).
    pub changed: bool,
}

impl CounterChange {
    /// The values a raise skipped (`old + 1 ..= new`), when it skipped any.
    pub fn skipped(&self) -> Option<(u64, u64)> {
        (self.new_value > self.old_value).then(|| (self.old_value + 1, self.new_value))
    }

    /// The metadata of its SEQUENCE_SET audit entry (every store writes the
    /// same): `{"reason", "highest_issued", "skipped": [[old + 1, new]]}`
    /// for a raise — with `skipped_from`/`skipped_to` as in SEQUENCE_SKIP —
    /// and `"skipped": []` for a lowering.
    pub fn audit_metadata(&self, reason: &str) -> serde_json::Value {
        let skipped = self.skipped();
        let mut meta = json!({
            "reason": reason,
            "highest_issued": self.highest_issued,
            "skipped": skipped.map(|(from, to)| vec![[from, to]]).unwrap_or_default(),
        });
        if let Some((from, to)) = skipped {
            meta["skipped_from"] = json!(from);
            meta["skipped_to"] = json!(to);
        }
        meta
    }
}

/// A counter as the integrity checks see it: the counter row (if any) and
/// what the registry holds for its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterIntegrity {
    /// The counter key.
    pub counter_key: String,
    /// The series.
    pub document_type: String,
    /// The counter's value; `None` when registry rows name a counter that
    /// has no row.
    pub current_value: Option<u64>,
    /// The highest sequence value in the registry for this key.
    pub highest_issued: Option<u64>,
    /// How many registry rows carry this key.
    pub issued: u64,
}

/// A `(counter, value)` held by more than one registry row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateValue {
    /// The counter.
    pub counter_key: String,
    /// The value issued more than once.
    pub value: u64,
    /// The rendered numbers holding it, sorted.
    pub document_numbers: Vec<String>,
}

/// A rendered number held by more than one registry row of a namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateNumber {
    /// The uniqueness domain.
    pub namespace: String,
    /// The number issued more than once.
    pub document_number: String,
    /// How many rows hold it.
    pub count: u64,
}

/// One registry row's number, as the look-alike scan reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredNumber {
    /// Storage order (the page key).
    pub id: i64,
    /// The uniqueness domain.
    pub namespace: String,
    /// The rendered number.
    pub document_number: String,
}

/// The integrity queries: what `docnum validate` and `check-duplicates`
/// read, and the legacy import's duplicate check. Read-only.
#[async_trait]
pub trait IntegrityQueries: Send + Sync {
    /// Every counter, and every counter key the registry names, with the
    /// registry's highest value and row count for it, by key.
    async fn counter_integrity(&self) -> Result<Vec<CounterIntegrity>, AppError>;
    /// The values the registry holds for a counter above `after`, ascending,
    /// at most `limit` (keyset pages; a value held twice appears twice).
    async fn issued_values(
        &self,
        counter_key: &str,
        after: u64,
        limit: u32,
    ) -> Result<Vec<u64>, AppError>;
    /// `(counter, value)` pairs held by more than one row, at most `limit`,
    /// by counter and value.
    async fn duplicate_values(&self, limit: u32) -> Result<Vec<DuplicateValue>, AppError>;
    /// Rendered numbers held by more than one row of a namespace, at most
    /// `limit`, by namespace and number.
    async fn duplicate_numbers(&self, limit: u32) -> Result<Vec<DuplicateNumber>, AppError>;
    /// Those of `numbers` the registry holds in `namespace`, sorted, each once.
    async fn existing_numbers(
        &self,
        namespace: &str,
        numbers: &[String],
    ) -> Result<Vec<String>, AppError>;
    /// The numbers of `namespace` whose number key (compatibility form,
    /// [`docnum_domain::number_key`]) is one of `keys`: the numbers a reader
    /// could not tell apart from those keys. Sorted, each once.
    async fn numbers_with_keys(
        &self,
        namespace: &str,
        keys: &[String],
    ) -> Result<Vec<String>, AppError>;
    /// Those of `values` the registry holds for `counter_key`, sorted, each once.
    async fn taken_values(&self, counter_key: &str, values: &[u64]) -> Result<Vec<u64>, AppError>;
    /// Registry rows after `after_id` in storage order, at most `limit`
    /// (keyset pages over the whole registry).
    async fn numbers_after(
        &self,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<RegisteredNumber>, AppError>;
    /// The context of the number with the highest value `counter_key` has
    /// issued, if any: what a series change's dry run renders with.
    async fn latest_context(
        &self,
        counter_key: &str,
    ) -> Result<Option<BTreeMap<String, String>>, AppError>;
}
