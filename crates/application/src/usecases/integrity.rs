//! Integrity (spec §7): `docnum validate` and `docnum check-duplicates`.
//!
//! For every counter: no value issued twice; no rendered number issued twice
//! in a namespace; every value `1..=current_value` accounted for by a
//! registry row or by the audit's record of a skip (the `skipped` runs of
//! SEQUENCE_SKIP and SEQUENCE_SET entries, see [`crate::memory`]); the
//! counter at least the highest value issued from it. The database answers
//! the aggregate questions; a counter's values are read in pages, so memory
//! stays bounded by the number of counters and skips, not of numbers.

use std::collections::BTreeMap;

use docnum_domain::{AuditOperation, Message};
use serde::Serialize;

use crate::error::AppError;
use crate::model::{AuditEntry, AuditFilter};
use crate::ports::{CounterIntegrity, DuplicateNumber, DuplicateValue};
use crate::service::Numbering;
use crate::usecases::MAX_AUDIT_PAGE;
use crate::usecases::look_alike::LookAlikeNumbers;

/// The most violations of one kind a report lists.
pub const MAX_LISTED_VIOLATIONS: u32 = 1000;
/// Values read per page while looking for gaps.
const VALUE_PAGE: u32 = 10_000;

/// One thing the integrity checks found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Violation {
    /// A counter value held by more than one number.
    DuplicateValue(DuplicateValue),
    /// A rendered number held by more than one row of a namespace.
    DuplicateNumber(DuplicateNumber),
    /// Different numbers of a namespace that are the same text once
    /// compatibility-normalised: a reader cannot tell them apart.
    LookAlikeNumbers(LookAlikeNumbers),
    /// Values of a counter neither in the registry nor recorded as skipped.
    UnexplainedGap {
        /// The counter.
        counter_key: String,
        /// First value of the run.
        from: u64,
        /// Last value of the run.
        to: u64,
    },
    /// A counter below the highest value issued from it: its next
    /// reservation would collide.
    CounterBehind {
        /// The counter.
        counter_key: String,
        /// Its value (0 when the counter row is missing).
        current_value: u64,
        /// The highest value in the registry.
        highest_issued: u64,
        /// Whether the counter row exists at all.
        counter_exists: bool,
    },
}

impl Violation {
    /// A short name of the kind, as in the JSON `kind` field.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::DuplicateValue(_) => "duplicate_value",
            Self::DuplicateNumber(_) => "duplicate_number",
            Self::LookAlikeNumbers(_) => "look_alike_numbers",
            Self::UnexplainedGap { .. } => "unexplained_gap",
            Self::CounterBehind { .. } => "counter_behind",
        }
    }

    /// What is wrong, in one sentence (rendered in the reader's language by
    /// the catalogue, `docnum-i18n`).
    pub fn message(&self) -> Message {
        match self {
            Self::DuplicateValue(d) => Message::new("violation-duplicate-value")
                .with("value", d.value)
                .with("counter", &d.counter_key)
                .with("count", d.document_numbers.len())
                .with("numbers", d.document_numbers.join(", ")),
            Self::DuplicateNumber(d) => Message::new("violation-duplicate-number")
                .with("number", &d.document_number)
                .with("count", d.count)
                .with("namespace", &d.namespace),
            Self::LookAlikeNumbers(l) => Message::new("violation-look-alike-numbers")
                .with("count", l.document_numbers.len())
                .with("namespace", &l.namespace)
                .with("numbers", l.document_numbers.join(", ")),
            Self::UnexplainedGap {
                counter_key,
                from,
                to,
            } => Message::new(if from == to {
                "violation-gap-one"
            } else {
                "violation-gap"
            })
            .with("counter", counter_key)
            .with("from", *from)
            .with("to", *to),
            Self::CounterBehind {
                counter_key,
                current_value,
                highest_issued,
                counter_exists,
            } => Message::new(if *counter_exists {
                "violation-counter-behind"
            } else {
                "violation-counter-missing"
            })
            .with("counter", counter_key)
            .with("current", *current_value)
            .with("highest", *highest_issued),
        }
    }
}

/// What the checks found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntegrityReport {
    /// Counters examined.
    pub counters_checked: u64,
    /// Registry rows counted against those counters.
    pub numbers_checked: u64,
    /// Everything wrong, by kind.
    pub violations: Vec<Violation>,
    /// Whether some kind had more than [`MAX_LISTED_VIOLATIONS`] violations
    /// and the rest were left out.
    pub truncated: bool,
}

impl IntegrityReport {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
    }
}

impl Numbering {
    /// Every integrity check of spec §7 over every counter.
    pub async fn validate(&self) -> Result<IntegrityReport, AppError> {
        let mut report = self.check_duplicates().await?;
        let store = &self.ports.integrity;
        let values = store.duplicate_values(MAX_LISTED_VIOLATIONS + 1).await?;
        report.truncated |= values.len() > MAX_LISTED_VIOLATIONS as usize;
        let values = values.into_iter().take(MAX_LISTED_VIOLATIONS as usize);
        let mut violations: Vec<Violation> = values.map(Violation::DuplicateValue).collect();
        violations.append(&mut report.violations);

        let skipped = self.skipped_runs().await?;
        let mut gaps = Vec::new();
        let mut behind = Vec::new();
        for counter in store.counter_integrity().await? {
            report.counters_checked += 1;
            report.numbers_checked += counter.issued;
            if let Some(v) = counter_behind(&counter) {
                behind.push(v);
            }
            let current = counter.current_value.unwrap_or(0);
            let runs = skipped
                .get(&counter.counter_key)
                .map_or(&[][..], Vec::as_slice);
            let room = (MAX_LISTED_VIOLATIONS as usize + 1).saturating_sub(gaps.len());
            for (from, to) in self.gaps(&counter.counter_key, current, runs, room).await? {
                gaps.push(Violation::UnexplainedGap {
                    counter_key: counter.counter_key.clone(),
                    from,
                    to,
                });
            }
        }
        report.truncated |= gaps.len() > MAX_LISTED_VIOLATIONS as usize;
        gaps.truncate(MAX_LISTED_VIOLATIONS as usize);
        violations.extend(gaps);
        violations.extend(behind);
        report.violations = violations;
        Ok(report)
    }

    /// The rendered-number part of [`Numbering::validate`] alone.
    pub async fn check_duplicates(&self) -> Result<IntegrityReport, AppError> {
        let numbers = self
            .ports
            .integrity
            .duplicate_numbers(MAX_LISTED_VIOLATIONS + 1)
            .await?;
        let look_alike = self.look_alike_numbers().await?;
        let max = MAX_LISTED_VIOLATIONS as usize;
        let truncated = numbers.len() > max || look_alike.len() > max;
        let numbers = numbers
            .into_iter()
            .take(max)
            .map(Violation::DuplicateNumber);
        let look_alike = look_alike
            .into_iter()
            .take(max)
            .map(Violation::LookAlikeNumbers);
        Ok(IntegrityReport {
            counters_checked: 0,
            numbers_checked: 0,
            violations: numbers.chain(look_alike).collect(),
            truncated,
        })
    }

    /// The runs of values each counter's audit records as skipped, sorted
    /// and merged.
    async fn skipped_runs(&self) -> Result<BTreeMap<String, Vec<(u64, u64)>>, AppError> {
        let mut runs: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
        for operation in [AuditOperation::SequenceSkip, AuditOperation::SequenceSet] {
            let mut after_id = None;
            loop {
                let page = self
                    .ports
                    .store
                    .audit(&AuditFilter {
                        operation: Some(operation.as_str().to_owned()),
                        after_id,
                        limit: MAX_AUDIT_PAGE,
                        ..AuditFilter::default()
                    })
                    .await?;
                for entry in &page {
                    if let Some(key) = &entry.counter_key {
                        runs.entry(key.as_str().to_owned())
                            .or_default()
                            .extend(recorded_skips(entry));
                    }
                }
                match page.last() {
                    Some(last) if page.len() == MAX_AUDIT_PAGE as usize => after_id = Some(last.id),
                    _ => break,
                }
            }
        }
        for list in runs.values_mut() {
            *list = merge(std::mem::take(list));
        }
        Ok(runs)
    }

    /// The runs of `1..=current` that are neither issued nor in `skipped`,
    /// at most `room` of them; the counter's values are read page by page.
    async fn gaps(
        &self,
        counter_key: &str,
        current: u64,
        skipped: &[(u64, u64)],
        room: usize,
    ) -> Result<Vec<(u64, u64)>, AppError> {
        let mut gaps = Vec::new();
        let mut next = 1_u64;
        let mut after = 0_u64;
        while next <= current && gaps.len() < room {
            let page = self
                .ports
                .integrity
                .issued_values(counter_key, after, VALUE_PAGE)
                .await?;
            for &value in &page {
                if value > next {
                    gaps.extend(uncovered(next, (value - 1).min(current), skipped));
                }
                next = next.max(value.saturating_add(1));
            }
            match page.last() {
                Some(&last) if page.len() == VALUE_PAGE as usize => after = last,
                _ => break,
            }
        }
        if next <= current {
            gaps.extend(uncovered(next, current, skipped));
        }
        gaps.truncate(room);
        Ok(gaps)
    }
}

/// A counter below its highest issued value, if it is.
fn counter_behind(counter: &CounterIntegrity) -> Option<Violation> {
    let highest = counter.highest_issued?;
    let current = counter.current_value.unwrap_or(0);
    (highest > current).then(|| Violation::CounterBehind {
        counter_key: counter.counter_key.clone(),
        current_value: current,
        highest_issued: highest,
        counter_exists: counter.current_value.is_some(),
    })
}

/// The runs an audit entry records as skipped: its `skipped` list, or its
/// `skipped_from`/`skipped_to` when it has no list.
fn recorded_skips(entry: &AuditEntry) -> Vec<(u64, u64)> {
    let meta = &entry.metadata;
    if let Some(list) = meta["skipped"].as_array() {
        return list
            .iter()
            .filter_map(|run| Some((run[0].as_u64()?, run[1].as_u64()?)))
            .filter(|(from, to)| from <= to)
            .collect();
    }
    match (meta["skipped_from"].as_u64(), meta["skipped_to"].as_u64()) {
        (Some(from), Some(to)) if from <= to => vec![(from, to)],
        _ => Vec::new(),
    }
}

/// Sorts runs and merges those that overlap or touch.
fn merge(mut runs: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    runs.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(runs.len());
    for (from, to) in runs {
        match out.last_mut() {
            Some(last) if from <= last.1.saturating_add(1) => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

/// The parts of `from..=to` that no run of `covered` (sorted, merged) holds.
fn uncovered(from: u64, to: u64, covered: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut next = from;
    let start = covered.partition_point(|run| run.1 < from);
    for &(run_from, run_to) in &covered[start..] {
        if run_from > to || next > to {
            break;
        }
        if run_from > next {
            out.push((next, run_from - 1));
        }
        next = next.max(run_to.saturating_add(1));
    }
    if next <= to {
        out.push((next, to));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{merge, uncovered};

    #[test]
    fn runs_merge_when_they_touch_or_overlap() {
        assert_eq!(
            merge(vec![(5, 6), (1, 2), (3, 3), (10, 12), (11, 20)]),
            vec![(1, 3), (5, 6), (10, 20)]
        );
    }

    #[test]
    fn uncovered_parts_of_a_range() {
        let covered = [(3, 4), (8, 9)];
        assert_eq!(uncovered(1, 10, &covered), vec![(1, 2), (5, 7), (10, 10)]);
        assert_eq!(uncovered(3, 4, &covered), vec![]);
        assert_eq!(uncovered(4, 8, &covered), vec![(5, 7)]);
        assert_eq!(uncovered(1, 2, &[]), vec![(1, 2)]);
    }
}
