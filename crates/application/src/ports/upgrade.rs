//! Data steps a migration leaves for docnum to finish in Rust: what SQL
//! cannot compute on every dialect (a Unicode normal form). A migration
//! lists its step in the database; docnum runs it before it serves, and
//! a database without pending steps costs one small read.

use async_trait::async_trait;
use docnum_domain::CounterKey;

use crate::error::AppError;
use crate::model::AuditEntry;
use crate::ports::{CounterChange, OpContext};

/// The step that gives every registry row its number key and merges the
/// counters whose keys become equal (migration `2026-12-05-000000_number_keys`).
pub const NUMBER_KEYS_STEP: &str = "number_keys";

/// Counters an older docnum kept apart that are one under today's keys:
/// the counter `counter_key` continues after the highest of them.
#[derive(Debug, Clone)]
pub struct CounterMerge {
    /// The counter under today's key (created if it does not exist).
    pub counter_key: CounterKey,
    /// Its series.
    pub document_type: String,
    /// The value it must stand at least at: the highest of the merged.
    pub value: u64,
    /// The stored keys merged into it (they stay as they are, unused).
    pub merged_from: Vec<String>,
    /// Who and when.
    pub op: OpContext,
}

/// What the data steps need from a store.
#[async_trait]
pub trait UpgradeSteps: Send + Sync {
    /// The data steps still to run, by name; none on a current database.
    async fn pending_steps(&self) -> Result<Vec<String>, AppError>;
    /// Gives the registry rows after `after_id` (at most `limit`, in
    /// storage order) their number key where they have none; the last id
    /// read, or `None` when no row is left.
    async fn fill_number_keys(&self, after_id: i64, limit: u32) -> Result<Option<i64>, AppError>;
    /// Keeps a look-alike as issued: its key becomes its own text (which
    /// no compatibility form can equal, since it is not in NFKC), and
    /// `entry` is written; `false` when the row already had a key.
    async fn keep_look_alike(
        &self,
        namespace: &str,
        document_number: &str,
        entry: AuditEntry,
    ) -> Result<bool, AppError>;
    /// Raises the merged counter to at least `merge.value` (creating it),
    /// audited as SEQUENCE_SET; `None` when it already stood there.
    async fn merge_counter(&self, merge: CounterMerge) -> Result<Option<CounterChange>, AppError>;
    /// Marks `step` done.
    async fn finish_step(&self, step: &str) -> Result<(), AppError>;
}
