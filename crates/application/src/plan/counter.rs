//! An admin's counter set, and a series change.

use docnum_domain::rules::check_set_counter;
use docnum_domain::{AuditOperation, DomainError};
use serde_json::json;

use crate::model::AuditEntry;
use crate::ports::{CounterChange, CounterMerge, CounterSet, OpContext};
use crate::series_config::SeriesConfig;

/// What setting a counter standing at `old`, whose registry holds at most
/// `highest`, does: the domain's set-counter rule (never below `highest`:
/// NB019; never above the maximum: NB009), the change, and its SEQUENCE_SET
/// entry — none when the counter already stands at the value (nothing is
/// written then).
pub fn plan_set_counter(
    request: &CounterSet,
    old: u64,
    highest: u64,
) -> Result<(CounterChange, Option<AuditEntry>), DomainError> {
    let config = &request.series.config;
    check_set_counter(request.value, highest, config.max_value)?;
    let change = CounterChange {
        counter_key: request.counter_key.clone(),
        old_value: old,
        new_value: request.value,
        highest_issued: highest,
        changed: request.value != old,
    };
    if !change.changed {
        return Ok((change, None));
    }
    let mut entry = AuditEntry::by(
        &request.op,
        AuditOperation::SequenceSet,
        &config.document_type,
    )
    .values(Some(old), Some(request.value))
    .meta(change.audit_metadata(request.reason.as_str()));
    entry.counter_key = Some(request.counter_key.clone());
    entry.template = Some(config.template.clone());
    Ok((change, Some(entry)))
}

/// The CONFIG_CHANGE entry of a series going from `before` (none for a new
/// series) to `after`, now at `version`.
pub fn config_change(
    before: Option<&SeriesConfig>,
    after: &SeriesConfig,
    version: i64,
    reason: &str,
    op: &OpContext,
) -> AuditEntry {
    let mut entry = AuditEntry::by(op, AuditOperation::ConfigChange, &after.document_type)
        .values(before.map(|_| version - 1), Some(version))
        .meta(json!({
            "reason": reason,
            "version": version,
            "before": before,
            "after": after,
        }));
    entry.template = Some(after.template.clone());
    entry
}

/// What merging look-alike counters into one standing at `old`, whose
/// registry holds at most `highest`, does: a raise to `merge.value` and its
/// SEQUENCE_SET entry (the values skipped recorded as for any raise,
/// `merged_from` naming the stored keys merged), or nothing when the
/// counter already stands there.
pub fn plan_merge(
    merge: &CounterMerge,
    old: u64,
    highest: u64,
) -> Option<(CounterChange, AuditEntry)> {
    if merge.value <= old {
        return None;
    }
    let change = CounterChange {
        counter_key: merge.counter_key.clone(),
        old_value: old,
        new_value: merge.value,
        highest_issued: highest,
        changed: true,
    };
    let mut meta = change.audit_metadata(
        "counters whose context values look the same were merged (upgrade to number keys)",
    );
    meta["merged_from"] = json!(merge.merged_from);
    let mut entry = AuditEntry::by(&merge.op, AuditOperation::SequenceSet, &merge.document_type)
        .values(Some(old), Some(merge.value))
        .meta(meta);
    entry.counter_key = Some(merge.counter_key.clone());
    Some((change, entry))
}
