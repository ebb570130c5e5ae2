//! The read queries.

use std::collections::BTreeMap;

use docnum_domain::CounterKey;
use uuid::Uuid;

use super::state::State;
use crate::model::{AuditEntry, AuditFilter, CounterStatus, IssuedNumber};

impl State {
    /// See [`crate::ports::NumberStore::find_by_token`].
    pub(super) fn find_by_token(&self, token: Uuid) -> Option<IssuedNumber> {
        self.index_of_token(token).map(|i| self.rows()[i].clone())
    }

    /// See [`crate::ports::NumberStore::find_by_idempotency_key`].
    pub(super) fn find_by_idempotency_key(
        &self,
        user_id: &str,
        key: &str,
    ) -> Option<(IssuedNumber, String)> {
        self.claimed(user_id, key)
            .map(|(i, fingerprint)| (self.rows()[i].clone(), fingerprint.to_owned()))
    }

    /// See [`crate::ports::NumberStore::find_numbers`].
    pub(super) fn find_numbers(&self, document_number: &str) -> Vec<IssuedNumber> {
        self.indexes_of_number(document_number)
            .map(|i| self.rows()[i].clone())
            .collect()
    }

    /// See [`crate::ports::NumberStore::counter_value`].
    pub(super) fn counter_value(&self, counter_key: &str) -> u64 {
        self.counters
            .get(counter_key)
            .map_or(0, |c| c.current_value)
    }

    /// See [`crate::ports::NumberStore::counter_status`].
    pub(super) fn counter_status(&self, document_type: &str) -> Vec<CounterStatus> {
        let mut counts: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
        for row in self
            .rows()
            .iter()
            .filter(|r| r.document_type == document_type)
        {
            if let Some(key) = &row.counter_key {
                *counts
                    .entry(key.as_str())
                    .or_default()
                    .entry(row.state.as_str().to_owned())
                    .or_insert(0) += 1;
            }
        }
        self.counters
            .iter()
            .filter(|(_, c)| c.document_type == document_type)
            .map(|(key, c)| CounterStatus {
                counter_key: CounterKey::from_stored(key.clone()),
                current_value: c.current_value,
                last_used_at: c.last_used_at,
                counts_by_state: counts.remove(key.as_str()).unwrap_or_default(),
            })
            .collect()
    }

    /// See [`crate::ports::NumberStore::audit`].
    pub(super) fn audit(&self, filter: &AuditFilter) -> Vec<AuditEntry> {
        let wanted =
            |field: &Option<String>, value: &str| field.as_deref().is_none_or(|f| f == value);
        self.audit
            .iter()
            .filter(|e| filter.after_id.is_none_or(|id| e.id > id))
            .filter(|e| wanted(&filter.user_id, &e.user_id))
            .filter(|e| wanted(&filter.operation, e.operation.as_str()))
            .filter(|e| wanted(&filter.document_type, &e.document_type))
            .filter(|e| {
                filter
                    .document_number
                    .as_deref()
                    .is_none_or(|n| e.document_number.as_deref() == Some(n))
            })
            .filter(|e| filter.from.is_none_or(|from| e.occurred_at >= from))
            .filter(|e| filter.to.is_none_or(|to| e.occurred_at < to))
            .take(usize::try_from(filter.limit).unwrap_or(usize::MAX))
            .cloned()
            .collect()
    }
}
