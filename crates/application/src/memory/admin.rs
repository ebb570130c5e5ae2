//! Setting a counter by hand.

use super::state::{Counter, Pending, State};
use crate::error::AppError;
use crate::plan;
use crate::ports::{CounterChange, CounterSet};

impl State {
    /// See [`crate::ports::NumberStore::set_counter`].
    pub(super) fn set_counter(&mut self, request: &CounterSet) -> Result<CounterChange, AppError> {
        let key = request.counter_key.as_str();
        let (change, entry) =
            plan::plan_set_counter(request, self.counter_value(key), self.highest_issued(key))?;
        // A set of a counter that does not exist yet creates it, at 0 when
        // the set changes nothing.
        if entry.is_some() || !self.counters.contains_key(key) {
            let mut pending = Pending::default();
            pending.audit(entry);
            pending.set_counter(
                key,
                Counter {
                    document_type: request.series.config.document_type.clone(),
                    current_value: change.new_value,
                    last_used_at: Some(request.op.now),
                },
            );
            self.commit(pending);
        }
        Ok(change)
    }

    /// The highest value the registry holds for a counter (0 when none).
    pub(super) fn highest_issued(&self, counter_key: &str) -> u64 {
        self.rows()
            .iter()
            .filter(|r| {
                r.counter_key
                    .as_ref()
                    .is_some_and(|k| k.as_str() == counter_key)
            })
            .filter_map(|r| r.value)
            .max()
            .unwrap_or(0)
    }
}
