//! The integrity queries. The in-memory unique indexes never let a
//! duplicate in, so the duplicate queries find none here; they scan the rows
//! all the same, to answer as the SQL stores do.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::state::State;
use crate::ports::{CounterIntegrity, DuplicateNumber, DuplicateValue, RegisteredNumber};

impl State {
    /// See [`crate::ports::NumberStore::counter_integrity`].
    pub(super) fn counter_integrity(&self) -> Vec<CounterIntegrity> {
        let mut out: BTreeMap<String, CounterIntegrity> = self
            .counters
            .iter()
            .map(|(key, c)| {
                let item = CounterIntegrity {
                    counter_key: key.clone(),
                    document_type: c.document_type.clone(),
                    current_value: Some(c.current_value),
                    highest_issued: None,
                    issued: 0,
                };
                (key.clone(), item)
            })
            .collect();
        for row in self.rows() {
            let Some(key) = &row.counter_key else {
                continue;
            };
            let item = out
                .entry(key.to_string())
                .or_insert_with(|| CounterIntegrity {
                    counter_key: key.to_string(),
                    document_type: row.document_type.clone(),
                    current_value: None,
                    highest_issued: None,
                    issued: 0,
                });
            item.issued += 1;
            if let Some(v) = row.value {
                item.highest_issued = Some(item.highest_issued.map_or(v, |h| h.max(v)));
            }
        }
        out.into_values().collect()
    }

    /// See [`crate::ports::NumberStore::issued_values`].
    pub(super) fn issued_values(&self, counter_key: &str, after: u64, limit: u32) -> Vec<u64> {
        let mut values: Vec<u64> = self
            .rows()
            .iter()
            .filter(|r| r.counter_key.as_deref() == Some(counter_key))
            .filter_map(|r| r.value)
            .filter(|v| *v > after)
            .collect();
        values.sort_unstable();
        values.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        values
    }

    /// See [`crate::ports::IntegrityQueries::numbers_after`]: a row's id is
    /// its position (from 1).
    pub(super) fn numbers_after(&self, after_id: i64, limit: u32) -> Vec<RegisteredNumber> {
        let skip = usize::try_from(after_id.max(0)).unwrap_or(usize::MAX);
        let take = usize::try_from(limit).unwrap_or(usize::MAX);
        (skip..)
            .zip(self.rows().iter().skip(skip))
            .take(take)
            .map(|(i, row)| RegisteredNumber {
                id: i64::try_from(i + 1).unwrap_or(i64::MAX),
                namespace: row.namespace.clone(),
                document_number: row.document_number.clone(),
            })
            .collect()
    }

    /// See [`crate::ports::IntegrityQueries::latest_context`].
    pub(super) fn latest_context(&self, counter_key: &str) -> Option<BTreeMap<String, String>> {
        self.rows()
            .iter()
            .filter(|r| r.counter_key.as_deref() == Some(counter_key))
            .filter(|r| r.value.is_some())
            .max_by_key(|r| r.value)
            .map(|r| r.context.clone())
    }

    /// See [`crate::ports::NumberStore::duplicate_values`].
    pub(super) fn duplicate_values(&self, limit: u32) -> Vec<DuplicateValue> {
        let mut groups: BTreeMap<(&str, u64), Vec<String>> = BTreeMap::new();
        for row in self.rows() {
            if let (Some(key), Some(value)) = (&row.counter_key, row.value) {
                groups
                    .entry((key.as_str(), value))
                    .or_default()
                    .push(row.document_number.clone());
            }
        }
        groups
            .into_iter()
            .filter(|(_, numbers)| numbers.len() > 1)
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|((key, value), mut numbers)| {
                numbers.sort();
                DuplicateValue {
                    counter_key: key.to_owned(),
                    value,
                    document_numbers: numbers,
                }
            })
            .collect()
    }

    /// See [`crate::ports::NumberStore::duplicate_numbers`].
    pub(super) fn duplicate_numbers(&self, limit: u32) -> Vec<DuplicateNumber> {
        let mut groups: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for row in self.rows() {
            *groups
                .entry((row.namespace.as_str(), row.document_number.as_str()))
                .or_insert(0) += 1;
        }
        groups
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|((namespace, number), count)| DuplicateNumber {
                namespace: namespace.to_owned(),
                document_number: number.to_owned(),
                count,
            })
            .collect()
    }

    /// See [`crate::ports::NumberStore::existing_numbers`].
    pub(super) fn existing_numbers(&self, namespace: &str, numbers: &[String]) -> Vec<String> {
        let unique: BTreeSet<&String> = numbers.iter().collect();
        unique
            .into_iter()
            .filter(|n| self.index_of_number(namespace, n).is_some())
            .cloned()
            .collect()
    }

    /// See [`crate::ports::IntegrityQueries::numbers_with_keys`].
    pub(super) fn numbers_with_keys(&self, namespace: &str, keys: &[String]) -> Vec<String> {
        let pending = super::state::Pending::default();
        let found: BTreeSet<String> = keys
            .iter()
            .filter_map(|key| self.holder_of_key(&pending, namespace, key))
            .collect();
        found.into_iter().collect()
    }

    /// See [`crate::ports::NumberStore::taken_values`].
    pub(super) fn taken_values(&self, counter_key: &str, values: &[u64]) -> Vec<u64> {
        let wanted: HashSet<u64> = values.iter().copied().collect();
        let taken: BTreeSet<u64> = self
            .rows()
            .iter()
            .filter(|r| r.counter_key.as_deref() == Some(counter_key))
            .filter_map(|r| r.value)
            .filter(|v| wanted.contains(v))
            .collect();
        taken.into_iter().collect()
    }
}
