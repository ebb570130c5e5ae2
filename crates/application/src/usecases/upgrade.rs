//! Finishing what a migration left (spec §12, issue 16): the `number_keys`
//! step gives every registry row its number key, merges the counters whose
//! keys become equal, and stops — changing nothing — when two issued
//! numbers look the same, unless an admin keeps them.
//!
//! Order matters: look-alikes are found first from the numbers' text alone
//! (the keys may not exist yet), then the kept ones get their own text as
//! key, then every other row its compatibility form, then the counters are
//! merged, and the step is marked done last. Each part is idempotent, so a
//! run cut short (or two instances starting at once) simply runs again.

use std::collections::BTreeMap;

use docnum_domain::{AuditOperation, CounterKey, Reason, compatibility_key};
use serde_json::json;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::{Actor, AuditEntry};
use crate::ports::{CounterChange, CounterMerge, NUMBER_KEYS_STEP};
use crate::service::Numbering;
use crate::usecases::LookAlikeNumbers;

/// Registry rows keyed per transaction.
const FILL_PAGE: u32 = 2_000;
/// Look-alike groups named in the error that stops the step.
const NAMED_GROUPS: usize = 5;

/// An admin's decision to keep existing look-alikes as issued.
#[derive(Debug, Clone)]
pub struct KeepLookAlikes {
    /// Why (audited with each kept number).
    pub reason: String,
}

/// What finishing the data steps did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpgradeReport {
    /// The steps run (none when the database was current).
    pub steps: Vec<String>,
    /// Look-alike groups found, each kept as issued.
    pub kept: Vec<LookAlikeNumbers>,
    /// Counters raised by a merge.
    pub merged: Vec<CounterChange>,
}

impl Numbering {
    /// Runs the data steps the database lists, as `actor`. Stops with
    /// NB009 naming the first look-alike groups when existing numbers look
    /// the same and `keep` is `None`; nothing is changed then.
    pub async fn finish_upgrade(
        &self,
        keep: Option<&KeepLookAlikes>,
        actor: &Actor,
    ) -> Result<UpgradeReport, AppError> {
        let pending = self.ports.upgrade.pending_steps().await?;
        let mut report = UpgradeReport::default();
        if !pending.iter().any(|s| s == NUMBER_KEYS_STEP) {
            return Ok(report);
        }
        let keep = match keep {
            Some(k) => Some(Reason::new(&k.reason)?),
            None => None,
        };
        let groups = self.look_alike_numbers().await?;
        if !groups.is_empty() {
            let Some(reason) = keep else {
                return Err(stopped(&groups));
            };
            self.keep_look_alikes(&groups, reason.as_str(), actor)
                .await?;
            report.kept = groups;
        }
        let mut after = 0;
        while let Some(last) = self
            .ports
            .upgrade
            .fill_number_keys(after, FILL_PAGE)
            .await?
        {
            after = last;
        }
        report.merged = self.merge_counters(actor).await?;
        self.ports.upgrade.finish_step(NUMBER_KEYS_STEP).await?;
        report.steps.push(NUMBER_KEYS_STEP.to_owned());
        tracing::info!(
            kept = report.kept.len(),
            merged = report.merged.len(),
            "number keys filled"
        );
        Ok(report)
    }

    /// The data steps the database still lists (none when it is current).
    pub async fn pending_upgrade_steps(&self) -> Result<Vec<String>, AppError> {
        self.ports.upgrade.pending_steps().await
    }

    /// In each group, the number whose text is the group's normal form —
    /// or, when none is, the first in code-point order — keeps the key; the
    /// others get their own text as key, audited as LOOK_ALIKE_KEPT.
    async fn keep_look_alikes(
        &self,
        groups: &[LookAlikeNumbers],
        reason: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        for group in groups {
            let texts = &group.document_numbers;
            let holder = texts
                .iter()
                .find(|t| compatibility_key(t) == **t)
                .or_else(|| texts.first());
            for number in texts.iter().filter(|t| Some(*t) != holder) {
                let found = self.ports.store.find_numbers(number).await?;
                let Some(row) = found.iter().find(|r| r.namespace == group.namespace) else {
                    continue;
                };
                let op = self.op(actor);
                let entry =
                    AuditEntry::about(&op, AuditOperation::LookAlikeKept, row).meta(json!({
                        "reason": reason,
                        "namespace": group.namespace,
                        "look_alike_of": holder,
                    }));
                self.ports
                    .upgrade
                    .keep_look_alike(&group.namespace, number, entry)
                    .await?;
            }
        }
        Ok(())
    }

    /// Every counter whose stored key differs from today's key for it is
    /// merged into today's: that counter continues after the highest value
    /// of all of them. The old counters stay as they were (no draw reaches
    /// them any more), so `validate` still accounts for their values.
    async fn merge_counters(&self, actor: &Actor) -> Result<Vec<CounterChange>, AppError> {
        let mut merges: BTreeMap<CounterKey, (String, u64, Vec<String>)> = BTreeMap::new();
        for series in self.ports.series.list_series().await? {
            let document_type = &series.config.document_type;
            for counter in self.ports.store.counter_status(document_type).await? {
                let today = counter.counter_key.compatible();
                if today == counter.counter_key {
                    continue;
                }
                let merge = merges
                    .entry(today)
                    .or_insert_with(|| (document_type.clone(), 0, Vec::new()));
                merge.1 = merge.1.max(counter.current_value);
                merge.2.push(counter.counter_key.into_string());
            }
        }
        let mut changes = Vec::new();
        for (counter_key, (document_type, value, merged_from)) in merges {
            let merge = CounterMerge {
                counter_key,
                document_type,
                value,
                merged_from,
                op: self.op(actor),
            };
            if let Some(change) = self.ports.upgrade.merge_counter(merge).await? {
                changes.push(change);
            }
        }
        Ok(changes)
    }
}

/// The error that stops the step, naming the first groups.
fn stopped(groups: &[LookAlikeNumbers]) -> AppError {
    let examples = groups
        .iter()
        .take(NAMED_GROUPS)
        .map(|g| format!("{}: {}", g.namespace, g.document_numbers.join(" = ")))
        .collect::<Vec<_>>()
        .join("; ");
    AppError::invalid(
        "database schema",
        InvalidReason::LookAlikesExist {
            count: groups.len(),
            examples,
        },
    )
}
