//! The store's state, its unique indexes, and the stage-then-commit step
//! that makes every call all-or-nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use docnum_domain::number_key;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::{AuditEntry, IssuedNumber};
use crate::series_config::{SeriesChange, SeriesRecord};

/// One counter.
#[derive(Debug, Clone)]
pub(super) struct Counter {
    /// The series it belongs to.
    pub(super) document_type: String,
    /// The last value handed out (0 for a new counter).
    pub(super) current_value: u64,
    /// When it last moved.
    pub(super) last_used_at: Option<DateTime<Utc>>,
}

/// An idempotency key claimed by a row.
#[derive(Debug, Clone)]
pub(super) struct Claim {
    pub(super) user_id: String,
    pub(super) key: String,
    pub(super) fingerprint: String,
}

/// Everything the store holds.
#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) series: BTreeMap<String, SeriesRecord>,
    pub(super) history: Vec<SeriesChange>,
    pub(super) counters: BTreeMap<String, Counter>,
    /// The registry, in issue order; the indexes below point into it.
    rows: Vec<IssuedNumber>,
    by_token: HashMap<Uuid, usize>,
    /// `(document_number, namespace)`: ordered by number so that one number
    /// can be looked up across namespaces.
    by_number: BTreeMap<(String, String), usize>,
    /// `(namespace, number key)`: what makes look-alikes one number.
    by_key: HashMap<(String, String), usize>,
    by_value: HashSet<(String, u64)>,
    /// `(user_id, key)` → (row, request fingerprint).
    by_claim: HashMap<(String, String), (usize, String)>,
    /// Append-only; an entry's id is its position + 1.
    pub(super) audit: Vec<AuditEntry>,
}

/// Changes staged by one call, checked against the state and each other;
/// [`State::commit`] applies them.
#[derive(Debug, Default)]
pub(super) struct Pending {
    inserts: Vec<(IssuedNumber, Option<Claim>)>,
    updates: Vec<(usize, IssuedNumber)>,
    counters: BTreeMap<String, Counter>,
    audits: Vec<AuditEntry>,
    tokens: HashSet<Uuid>,
    numbers: HashSet<(String, String)>,
    /// `(namespace, number key)` → the staged number holding it.
    keys: HashMap<(String, String), String>,
    values: HashSet<(String, u64)>,
    claims: HashSet<(String, String)>,
}

impl Pending {
    /// Stages a change to an existing row (never to its indexed columns).
    pub(super) fn update(&mut self, index: usize, row: IssuedNumber) {
        self.updates.push((index, row));
    }

    /// The last row staged for insertion.
    pub(super) fn last_inserted(&self) -> Option<&IssuedNumber> {
        self.inserts.last().map(|(row, _)| row)
    }

    /// Stages an audit entry before all the others staged so far.
    pub(super) fn audit_first(&mut self, entry: AuditEntry) {
        self.audits.insert(0, entry);
    }

    /// Stages audit entries (their ids are given at commit).
    pub(super) fn audit(&mut self, entries: impl IntoIterator<Item = AuditEntry>) {
        self.audits.extend(entries);
    }

    /// Stages a counter's new figures.
    pub(super) fn set_counter(&mut self, key: &str, counter: Counter) {
        self.counters.insert(key.to_owned(), counter);
    }
}

impl State {
    /// The registry rows, in issue order.
    pub(super) fn rows(&self) -> &[IssuedNumber] {
        &self.rows
    }

    /// The row index for a token.
    pub(super) fn index_of_token(&self, token: Uuid) -> Option<usize> {
        self.by_token.get(&token).copied()
    }

    /// The row index for a number in a namespace.
    pub(super) fn index_of_number(&self, namespace: &str, document_number: &str) -> Option<usize> {
        self.by_number
            .get(&(document_number.to_owned(), namespace.to_owned()))
            .copied()
    }

    /// The indexes of every row with this rendered number, by namespace.
    pub(super) fn indexes_of_number<'a>(
        &'a self,
        document_number: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.by_number
            .range((document_number.to_owned(), String::new())..)
            .take_while(move |((n, _), _)| n == document_number)
            .map(|(_, i)| *i)
    }

    /// The number of `namespace` holding `key` (its compatibility form),
    /// committed or staged.
    pub(super) fn holder_of_key(
        &self,
        pending: &Pending,
        namespace: &str,
        key: &str,
    ) -> Option<String> {
        let slot = (namespace.to_owned(), key.to_owned());
        if let Some(index) = self.by_key.get(&slot) {
            return self.rows.get(*index).map(|r| r.document_number.clone());
        }
        pending.keys.get(&slot).cloned()
    }

    /// The row and fingerprint that claimed `(user_id, key)`.
    pub(super) fn claimed(&self, user_id: &str, key: &str) -> Option<(usize, &str)> {
        self.by_claim
            .get(&(user_id.to_owned(), key.to_owned()))
            .map(|(i, f)| (*i, f.as_str()))
    }

    /// A counter's value as the pending call sees it (0 when it is new).
    pub(super) fn counter_seen(&self, pending: &Pending, key: &str) -> u64 {
        pending
            .counters
            .get(key)
            .or_else(|| self.counters.get(key))
            .map_or(0, |c| c.current_value)
    }

    /// Stages a new row after checking every unique index against the
    /// committed rows and the staged ones.
    pub(super) fn stage_insert(
        &self,
        pending: &mut Pending,
        row: IssuedNumber,
        claim: Option<Claim>,
    ) -> Result<(), AppError> {
        if let Some(c) = &claim {
            let k = (c.user_id.clone(), c.key.clone());
            if self.by_claim.contains_key(&k) || pending.claims.contains(&k) {
                return Err(AppError::IdempotencyConflict(c.key.clone()));
            }
        }
        let number = (row.document_number.clone(), row.namespace.clone());
        let key = (row.namespace.clone(), number_key(&row.document_number));
        if self.by_number.contains_key(&number)
            || pending.numbers.contains(&number)
            || self.by_key.contains_key(&key)
            || pending.keys.contains_key(&key)
        {
            return Err(AppError::NumberTaken {
                number: row.document_number.clone(),
                namespace: row.namespace.clone(),
            });
        }
        if let (Some(key), Some(value)) = (&row.counter_key, row.value) {
            let kv = (key.as_str().to_owned(), value);
            if self.by_value.contains(&kv) || pending.values.contains(&kv) {
                return Err(AppError::ValueTaken {
                    value,
                    counter: key.to_string(),
                    number: row.document_number.clone(),
                });
            }
        }
        if self.by_token.contains_key(&row.token) || pending.tokens.contains(&row.token) {
            return Err(AppError::Internal(format!(
                "token {} is already in the registry",
                row.token
            )));
        }
        if let Some(c) = &claim {
            pending.claims.insert((c.user_id.clone(), c.key.clone()));
        }
        pending.numbers.insert(number);
        pending.keys.insert(key, row.document_number.clone());
        if let (Some(key), Some(value)) = (&row.counter_key, row.value) {
            pending.values.insert((key.as_str().to_owned(), value));
        }
        pending.tokens.insert(row.token);
        pending.inserts.push((row, claim));
        Ok(())
    }

    /// Applies staged changes; returns the inserted rows in staging order.
    /// Cannot fail: everything was checked while staging.
    pub(super) fn commit(&mut self, pending: Pending) -> Vec<IssuedNumber> {
        for (index, row) in pending.updates {
            if let Some(slot) = self.rows.get_mut(index) {
                *slot = row;
            }
        }
        let mut inserted = Vec::with_capacity(pending.inserts.len());
        for (row, claim) in pending.inserts {
            let index = self.rows.len();
            self.by_token.insert(row.token, index);
            self.by_number
                .insert((row.document_number.clone(), row.namespace.clone()), index);
            self.by_key.insert(
                (row.namespace.clone(), number_key(&row.document_number)),
                index,
            );
            if let (Some(key), Some(value)) = (&row.counter_key, row.value) {
                self.by_value.insert((key.as_str().to_owned(), value));
            }
            if let Some(c) = claim {
                self.by_claim
                    .insert((c.user_id, c.key), (index, c.fingerprint));
            }
            inserted.push(row.clone());
            self.rows.push(row);
        }
        self.counters.extend(pending.counters);
        for entry in pending.audits {
            self.push_audit(entry);
        }
        inserted
    }

    /// Appends an audit entry with the next id.
    pub(super) fn push_audit(&mut self, mut entry: AuditEntry) {
        entry.id = i64::try_from(self.audit.len()).unwrap_or(i64::MAX - 1) + 1;
        self.audit.push(entry);
    }
}
