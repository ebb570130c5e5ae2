//! Manual override and import: the rows, entries and counter raises
//! [`plan::plan_registrations`] plans, staged all or none.

use super::state::{Counter, Pending, State};
use crate::error::AppError;
use crate::model::IssuedNumber;
use crate::plan;
use crate::ports::ManualRegistration;

impl State {
    /// See [`crate::ports::NumberStore::register_manual`].
    pub(super) fn register_manual(
        &mut self,
        registrations: &[ManualRegistration],
    ) -> Result<Vec<IssuedNumber>, AppError> {
        let mut pending = Pending::default();
        let planned = plan::plan_registrations(registrations);
        for row in planned.rows {
            self.stage_insert(&mut pending, row, None)?;
        }
        pending.audit(planned.audit);
        for raise in &planned.raises {
            let key = raise.counter_key.as_str();
            let Some(entry) = raise.over(self.counter_seen(&pending, key)) else {
                continue;
            };
            pending.audit([entry]);
            pending.set_counter(
                key,
                Counter {
                    document_type: raise.document_type().to_owned(),
                    current_value: raise.highest,
                    last_used_at: Some(raise.now()),
                },
            );
        }
        Ok(self.commit(pending))
    }
}
