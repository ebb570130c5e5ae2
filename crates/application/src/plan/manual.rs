//! Manual override and import: numbers registered as CONFIRMED, and the
//! raise of each counter they touch.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use docnum_domain::{AuditOperation, CounterKey, NumberState};
use serde_json::json;

use crate::model::{AuditEntry, IssuedNumber, NumberSource, context_to_map, new_token};
use crate::ports::ManualRegistration;

/// What a registration call writes: one CONFIRMED row and one
/// MANUAL_OVERRIDE (or IMPORT) entry per registration, in order, and the
/// raise each counter touched asks for.
#[derive(Debug)]
pub struct Registered<'a> {
    /// The rows, in registration order.
    pub rows: Vec<IssuedNumber>,
    /// Their entries, in the same order.
    pub audit: Vec<AuditEntry>,
    /// One per counter touched, by key.
    pub raises: Vec<Raise<'a>>,
}

/// What the registrations of one counter ask of it.
#[derive(Debug)]
pub struct Raise<'a> {
    /// The counter.
    pub counter_key: &'a CounterKey,
    /// The highest value registered in it.
    pub highest: u64,
    /// Every value registered in it by this call.
    values: Vec<u64>,
    /// The registration of `highest` (its series, reason and request).
    top: &'a ManualRegistration,
}

impl Raise<'_> {
    /// The counter's series.
    pub fn document_type(&self) -> &str {
        &self.top.series.config.document_type
    }

    /// When the counter moves: the request of the highest registration.
    pub fn now(&self) -> DateTime<Utc> {
        self.top.op.now
    }

    /// A manual override only raises the counter: `None` when the counter,
    /// standing at `current`, is already at or past every registered value
    /// (it is left alone); otherwise the store sets it to
    /// [`Raise::highest`] and writes the SEQUENCE_SKIP entry returned.
    pub fn over(&self, current: u64) -> Option<AuditEntry> {
        if self.highest <= current {
            return None;
        }
        let config = &self.top.series.config;
        let mut entry = AuditEntry::by(
            &self.top.op,
            AuditOperation::SequenceSkip,
            &config.document_type,
        )
        .values(Some(current), Some(self.highest))
        .meta(self.skip_metadata(current));
        entry.counter_key = Some(self.counter_key.clone());
        entry.template = Some(config.template.clone());
        Some(entry)
    }

    /// The SEQUENCE_SKIP metadata of a raise from `current` (`docnum
    /// validate` reads it): `{"registered", "skipped": [[from, to], …],
    /// "reason", "document_number"}` plus `"skipped_from"`/`"skipped_to"`
    /// when any value was jumped over; `skipped` lists the runs between the
    /// two that no registration of the call took.
    fn skip_metadata(&self, current: u64) -> serde_json::Value {
        let highest = self.highest;
        let mut taken: Vec<u64> = self
            .values
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
            "reason": self.top.reason.as_str(),
            "document_number": self.top.manual.number.as_str(),
        });
        if current + 1 < highest {
            meta["skipped_from"] = json!(current + 1);
            meta["skipped_to"] = json!(highest - 1);
        }
        meta
    }
}

/// The rows, entries and raises of registering `registrations`, all or none.
pub fn plan_registrations(registrations: &[ManualRegistration]) -> Registered<'_> {
    let mut rows = Vec::with_capacity(registrations.len());
    let mut audit = Vec::with_capacity(registrations.len());
    let mut raises: BTreeMap<&CounterKey, Raise<'_>> = BTreeMap::new();
    for reg in registrations {
        let row = registered_row(reg);
        let operation = match reg.source {
            NumberSource::Import => AuditOperation::Import,
            _ => AuditOperation::ManualOverride,
        };
        audit.push(
            AuditEntry::about(&reg.op, operation, &row)
                .values(None, row.value)
                .meta(json!({
                    "token": row.token,
                    "reason": reg.reason.as_str(),
                    "source": reg.source.as_str(),
                    "follows_template": reg.manual.counted.is_some(),
                })),
        );
        rows.push(row);
        if let Some((key, value)) = &reg.manual.counted {
            let raise = raises.entry(key).or_insert(Raise {
                counter_key: key,
                highest: *value,
                values: Vec::new(),
                top: reg,
            });
            if raise.values.iter().all(|v| v < value) {
                raise.top = reg;
                raise.highest = *value;
            }
            raise.values.push(*value);
        }
    }
    Registered {
        rows,
        audit,
        raises: raises.into_values().collect(),
    }
}

/// The CONFIRMED row of a registration, confirmed at its `issued_at`.
fn registered_row(reg: &ManualRegistration) -> IssuedNumber {
    let (counter_key, value) = match &reg.manual.counted {
        Some((key, value)) => (Some(key.clone()), Some(*value)),
        None => (None, None),
    };
    IssuedNumber {
        token: new_token(reg.op.now),
        document_type: reg.series.config.document_type.clone(),
        namespace: reg.series.config.namespace.clone(),
        document_number: reg.manual.number.as_str().to_owned(),
        counter_key,
        value,
        state: NumberState::Confirmed,
        source: reg.source,
        context: context_to_map(&reg.manual.context),
        metadata: reg.metadata.clone(),
        template: reg.series.config.template.clone(),
        document_ref: None,
        issued_at: reg.issued_at,
        expires_at: None,
        confirmed_at: Some(reg.issued_at),
        closed_at: None,
        issued_by: reg.op.actor.user_id.clone(),
        reason: Some(reg.reason.as_str().to_owned()),
        replaces: None,
        replaced_by: None,
    }
}
