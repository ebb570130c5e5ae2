//! A draw past collisions: when the rendering of a drawn value already
//! exists in the namespace (a twin counter whose scope text renders the
//! same, a counter restarted by a scope change, a manual or imported
//! number), the draw takes the next value whose rendering is free instead
//! of failing, and the values jumped over are audited as SEQUENCE_SKIP.
//!
//! [`CollisionSearch`] decides which values a batch takes without doing
//! any I/O: it asks the store which renderings exist, a window of values
//! at a time, each window twice as wide as the last, so that however many
//! numbers squat on the victim's text space the store answers with a few
//! index queries (`namespace = ? AND number_key IN (…)`), never one
//! per value.
//!
//! A rendering is taken when a number that *looks* the same exists: the
//! search works on number keys ([`number_key`]: the compatibility form),
//! so a counter whose rendering is `COR-0001` skips past an issued
//! `ＣＯＲ-0001`, and the SEQUENCE_SKIP entry names the number that exists.

use std::collections::{HashMap, HashSet};

use docnum_domain::{AuditOperation, DomainError, number_key};
use serde_json::json;

use super::draw::exhausted;
use crate::model::AuditEntry;
use crate::ports::AllocationBatch;

/// The first window of values a search asks about.
const FIRST_WINDOW: u64 = 16;
/// The widest window: bounds one query's `IN` list.
const MAX_WINDOW: u64 = 4096;
/// How many of the existing numbers one SEQUENCE_SKIP entry names (the
/// first and last of the run are always named; `existing_count` counts all).
const NAMED_PER_ENTRY: usize = 20;

/// Where the drafts of a batch land: the value each takes and the values
/// skipped on the way because their rendering already exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The value each draft takes, in draft order (ascending).
    pub values: Vec<u64>,
    /// The skipped values, ascending, each with the existing number that
    /// holds its rendering.
    pub skipped: Vec<(u64, String)>,
}

impl Placement {
    /// `count` values from `first` on, nothing skipped: the common case.
    pub fn contiguous(first: u64, count: usize) -> Self {
        Self {
            values: (first..).take(count).collect(),
            skipped: Vec::new(),
        }
    }

    /// The highest value placed (where the counter ends), if any.
    pub fn last(&self) -> Option<u64> {
        self.values.last().copied()
    }
}

/// The search for free renderings of a batch drawn from `first` on. Drive
/// it with [`CollisionSearch::wanted`] / [`CollisionSearch::learn`] until
/// `wanted` is empty, then take [`CollisionSearch::finish`].
#[derive(Debug)]
pub struct CollisionSearch<'a> {
    batch: &'a AllocationBatch,
    /// The next value to try.
    next: u64,
    window: u64,
    placed: Vec<u64>,
    skipped: Vec<(u64, String)>,
    /// Number key → the number holding it (one that exists, or one this
    /// batch placed), or `None` when it is free.
    known: HashMap<String, Option<String>>,
    /// The keys of the last lookup, until its answer comes.
    asked: Vec<String>,
}

impl<'a> CollisionSearch<'a> {
    /// A search for the batch's drafts, from value `first` on.
    pub fn new(batch: &'a AllocationBatch, first: u64) -> Self {
        Self {
            batch,
            next: first,
            window: FIRST_WINDOW,
            placed: Vec::with_capacity(batch.drafts.len()),
            skipped: Vec::new(),
            known: HashMap::new(),
            asked: Vec::new(),
        }
    }

    /// The number keys the search needs the store to look up next (the
    /// numbers of the batch's namespace holding them); empty when every
    /// draft is placed. NB002 when the search would pass the series' maximum.
    pub fn wanted(&mut self) -> Result<Vec<String>, DomainError> {
        self.advance()?;
        let Some(draft) = self.batch.drafts.get(self.placed.len()) else {
            return Ok(Vec::new());
        };
        let series = &self.batch.series;
        let max = series.config.max_value;
        let last = self.next.saturating_add(self.window - 1).min(max);
        self.window = (self.window * 2).min(MAX_WINDOW);
        let mut wanted = Vec::new();
        let mut seen = HashSet::new();
        for value in self.next..=last {
            let rendered = series
                .series
                .render(value, &draft.context, draft.period)?
                .into_string();
            let key = number_key(&rendered);
            if !self.known.contains_key(&key) && seen.insert(key.clone()) {
                wanted.push(key);
            }
        }
        Ok(wanted)
    }

    /// What the store found: the numbers of the namespace (`existing`)
    /// whose keys are among the keys `asked`; the other keys are free.
    pub fn learn(&mut self, asked: &[String], existing: &[String]) {
        let mut holders: HashMap<String, &String> = existing
            .iter()
            .map(|number| (number_key(number), number))
            .collect();
        for key in asked {
            let holder = holders.remove(key).cloned();
            self.known.entry(key.clone()).or_insert(holder);
        }
    }

    /// The next keys to look up, once told the numbers holding the
    /// previous ones (`found`; nothing at the start); `None` when every
    /// draft is placed. A store drives the whole search with
    ///
    /// ```ignore
    /// let mut found = Vec::new();
    /// while let Some(wanted) = search.next_lookup(&found)? {
    ///     found = existing_in_namespace(wanted);
    /// }
    /// let placement = search.finish();
    /// ```
    pub fn next_lookup(&mut self, found: &[String]) -> Result<Option<&[String]>, DomainError> {
        let asked = std::mem::take(&mut self.asked);
        self.learn(&asked, found);
        self.asked = self.wanted()?;
        Ok((!self.asked.is_empty()).then_some(self.asked.as_slice()))
    }

    /// The placement found (call once `wanted` is empty).
    pub fn finish(self) -> Placement {
        Placement {
            values: self.placed,
            skipped: self.skipped,
        }
    }

    /// Places drafts as far as what is known allows.
    fn advance(&mut self) -> Result<(), DomainError> {
        let series = &self.batch.series;
        let max = series.config.max_value;
        while let Some(draft) = self.batch.drafts.get(self.placed.len()) {
            if self.next > max {
                return Err(exhausted(&self.batch.counter_key, max));
            }
            let rendered = series
                .series
                .render(self.next, &draft.context, draft.period)?
                .into_string();
            match self.known.get_mut(&number_key(&rendered)) {
                None => return Ok(()),
                Some(Some(holder)) => self.skipped.push((self.next, holder.clone())),
                Some(slot) => {
                    *slot = Some(rendered);
                    self.placed.push(self.next);
                }
            }
            self.next += 1;
        }
        Ok(())
    }
}

/// The SEQUENCE_SKIP entries of the runs in `skipped` (ascending values),
/// one per run of consecutive values, each by the request of the draft
/// whose draw jumped over it (`first_draft_after`: the index of the first
/// draft whose value is above the run). Metadata: `reason`, `skipped`
/// (`[[from, to]]`), `skipped_from`/`skipped_to`, `existing` (up to
/// [`NAMED_PER_ENTRY`] of the numbers that hold the renderings, always the
/// first and the last) and `existing_count`.
pub(crate) fn skip_entries(
    batch: &AllocationBatch,
    placement: &Placement,
) -> Vec<(usize, AuditEntry)> {
    let mut entries = Vec::new();
    let mut runs: Vec<&[(u64, String)]> = Vec::new();
    let mut start = 0;
    for i in 1..=placement.skipped.len() {
        let ends = i == placement.skipped.len()
            || placement.skipped[i].0 != placement.skipped[i - 1].0 + 1;
        if ends {
            runs.push(&placement.skipped[start..i]);
            start = i;
        }
    }
    let config = &batch.series.config;
    for run in runs {
        let (Some((from, first)), Some((to, last))) = (run.first(), run.last()) else {
            continue;
        };
        let draft_index = placement
            .values
            .iter()
            .position(|v| v > to)
            .unwrap_or(placement.values.len().saturating_sub(1));
        let Some(draft) = batch.drafts.get(draft_index) else {
            continue;
        };
        let mut named: Vec<&str> = run
            .iter()
            .take(NAMED_PER_ENTRY - 1)
            .map(|(_, n)| n.as_str())
            .collect();
        if run.len() >= NAMED_PER_ENTRY {
            named.push(last);
        }
        let mut entry = AuditEntry::by(
            &draft.op,
            AuditOperation::SequenceSkip,
            &config.document_type,
        )
        .values(Some(from - 1), Some(*to))
        .meta(json!({
            "reason": "collision: these values render numbers that already exist in the namespace",
            "skipped": [[from, to]],
            "skipped_from": from,
            "skipped_to": to,
            "existing": named,
            "existing_count": run.len(),
        }));
        entry.counter_key = Some(batch.counter_key.clone());
        entry.template = Some(config.template.clone());
        entry.document_number = Some(first.clone());
        entries.push((draft_index, entry));
    }
    entries
}

#[cfg(test)]
mod tests;
