//! Manual override and import: numbers registered as CONFIRMED, all or
//! none, with the counters raised past them.

use crate::ports::sequence_skip_metadata;
use std::collections::BTreeMap;

use docnum_domain::NumberState;
use serde_json::json;

use super::state::{Counter, Pending, State, entry, row_entry};
use crate::error::AppError;
use crate::model::{IssuedNumber, NumberSource, context_to_map};
use crate::ports::ManualRegistration;

/// What the registrations of one counter ask of it.
struct Touched<'a> {
    /// The registration with the highest value (its series and request).
    top: &'a ManualRegistration,
    /// Every value registered in this call.
    values: Vec<u64>,
}

impl State {
    /// See [`crate::ports::NumberStore::register_manual`]: one CONFIRMED row
    /// and one MANUAL_OVERRIDE (or IMPORT) entry per registration, then each
    /// counter touched raised to its highest registered value (never
    /// lowered), the raise audited as SEQUENCE_SKIP.
    pub(super) fn register_manual(
        &mut self,
        registrations: &[ManualRegistration],
    ) -> Result<Vec<IssuedNumber>, AppError> {
        let mut pending = Pending::default();
        let mut touched: BTreeMap<&str, Touched<'_>> = BTreeMap::new();
        for reg in registrations {
            let row = registered_row(reg);
            let operation = match reg.source {
                NumberSource::Import => "IMPORT",
                _ => "MANUAL_OVERRIDE",
            };
            let mut audit = row_entry(&reg.op, operation, &row);
            audit.new_value = row.value.map(|v| v.to_string());
            audit.metadata = json!({
                "token": row.token,
                "reason": reg.reason.as_str(),
                "source": reg.source.as_str(),
                "follows_template": reg.manual.counted.is_some(),
            });
            self.stage_insert(&mut pending, row, None)?;
            pending.audit(audit);
            if let Some((key, value)) = &reg.manual.counted {
                let t = touched.entry(key.as_str()).or_insert(Touched {
                    top: reg,
                    values: Vec::new(),
                });
                if t.values.iter().all(|v| v < value) {
                    t.top = reg;
                }
                t.values.push(*value);
            }
        }
        for (key, t) in touched {
            self.stage_raise(&mut pending, key, &t);
        }
        Ok(self.commit(pending))
    }

    /// Raises a counter to the highest value registered in it, if that is
    /// higher, and audits the raise.
    fn stage_raise(&self, pending: &mut Pending, key: &str, t: &Touched<'_>) {
        let highest = t.values.iter().copied().max().unwrap_or_default();
        let current = self.counter_seen(pending, key);
        if highest <= current {
            return;
        }
        let config = &t.top.series.config;
        let op = &t.top.op;
        let mut audit = entry(op, "SEQUENCE_SKIP", &config.document_type);
        audit.counter_key = Some(key.to_owned());
        audit.template = Some(config.template.clone());
        audit.old_value = Some(current.to_string());
        audit.new_value = Some(highest.to_string());
        audit.metadata = sequence_skip_metadata(current, highest, &t.values, t.top);
        pending.audit(audit);
        pending.set_counter(
            key,
            Counter {
                document_type: config.document_type.clone(),
                current_value: highest,
                last_used_at: Some(op.now),
            },
        );
    }
}

/// The CONFIRMED row of a registration.
fn registered_row(reg: &ManualRegistration) -> IssuedNumber {
    let (counter_key, value) = match &reg.manual.counted {
        Some((key, value)) => (Some(key.as_str().to_owned()), Some(*value)),
        None => (None, None),
    };
    IssuedNumber {
        token: crate::model::new_token(reg.op.now),
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
