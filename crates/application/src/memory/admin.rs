//! Setting a counter by hand.

use docnum_domain::rules::check_set_counter;

use super::state::{Counter, Pending, State, entry};
use crate::error::AppError;
use crate::ports::{CounterChange, CounterSet};

impl State {
    /// See [`crate::ports::NumberStore::set_counter`].
    pub(super) fn set_counter(&mut self, request: &CounterSet) -> Result<CounterChange, AppError> {
        let key = request.counter_key.as_str();
        let config = &request.series.config;
        let old = self.counter_value(key);
        let highest = self.highest_issued(key);
        let mut change = CounterChange {
            counter_key: key.to_owned(),
            old_value: old,
            new_value: request.value,
            highest_issued: highest,
            changed: request.value != old,
        };
        check_set_counter(request.value, highest, config.max_value)?;
        let mut pending = Pending::default();
        let existing = self.counters.get(key).cloned();
        if !change.changed {
            change.new_value = old;
            if existing.is_none() {
                // A set to 0 of a counter that does not exist yet creates it.
                pending.set_counter(key, counter(config.document_type.clone(), 0, request));
                self.commit(pending);
            }
            return Ok(change);
        }
        let mut audit = entry(&request.op, "SEQUENCE_SET", &config.document_type);
        audit.counter_key = Some(key.to_owned());
        audit.template = Some(config.template.clone());
        audit.old_value = Some(old.to_string());
        audit.new_value = Some(request.value.to_string());
        audit.metadata = change.audit_metadata(request.reason.as_str());
        pending.audit(audit);
        pending.set_counter(
            key,
            counter(config.document_type.clone(), request.value, request),
        );
        self.commit(pending);
        Ok(change)
    }

    /// The highest value the registry holds for a counter (0 when none).
    pub(super) fn highest_issued(&self, counter_key: &str) -> u64 {
        self.rows()
            .iter()
            .filter(|r| r.counter_key.as_deref() == Some(counter_key))
            .filter_map(|r| r.value)
            .max()
            .unwrap_or(0)
    }
}

fn counter(document_type: String, value: u64, request: &CounterSet) -> Counter {
    Counter {
        document_type,
        current_value: value,
        last_used_at: Some(request.op.now),
    }
}
