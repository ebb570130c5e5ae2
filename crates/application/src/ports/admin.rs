//! The records of the admin port methods: setting a counter by hand and the
//! integrity queries behind `docnum validate`, `check-duplicates` and the
//! legacy import's duplicate check.

use std::sync::Arc;

use docnum_domain::{CounterKey, Reason};
use serde::Serialize;
use serde_json::json;

use super::{ManualRegistration, OpContext};
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
    pub counter_key: String,
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

/// The metadata of the SEQUENCE_SKIP audit entry written when manual or
/// imported numbers raise a counter from `current` to `highest` (every store
/// writes exactly this, and `docnum validate` reads it):
/// `{"registered", "skipped": [[from, to], …], "reason", "document_number"}`
/// plus `"skipped_from"`/`"skipped_to"` when any value was jumped over.
/// `skipped` lists the runs between the two that no registration of the
/// same call (`values`) took; `top` is the registration of `highest`.
pub fn sequence_skip_metadata(
    current: u64,
    highest: u64,
    values: &[u64],
    top: &ManualRegistration,
) -> serde_json::Value {
    let mut taken: Vec<u64> = values
        .iter()
        .copied()
        .filter(|v| *v > current && *v < highest)
        .collect();
    taken.sort_unstable();
    taken.dedup();
    let mut gaps = Vec::new();
    let mut next = current + 1;
    for v in taken.into_iter().chain(std::iter::once(highest)) {
        if v > next {
            gaps.push(json!([next, v - 1]));
        }
        next = v + 1;
    }
    let mut meta = json!({
        "registered": highest,
        "skipped": gaps,
        "reason": top.reason.as_str(),
        "document_number": top.manual.number.as_str(),
    });
    if current + 1 < highest {
        meta["skipped_from"] = json!(current + 1);
        meta["skipped_to"] = json!(highest - 1);
    }
    meta
}
