//! Set a counter by hand (`docnum set`): never below what was issued.

use std::collections::BTreeMap;

use docnum_domain::{Period, Reason};

use crate::error::AppError;
use crate::model::Actor;
use crate::ports::{CounterChange, CounterSet};
use crate::service::Numbering;
use crate::usecases::reserve::resolve_context;

/// Which counter to set, to what, and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetCounterRequest {
    /// The series.
    pub document_type: String,
    /// The new value: the last value counted as used, so the next
    /// reservation gets `value + 1`.
    pub value: u64,
    /// The counter's context values (for scoped series).
    pub context: BTreeMap<String, String>,
    /// Shorthand for the single scope dimension's value.
    pub scope_value: Option<String>,
    /// The counter's period for yearly/monthly scopes; default: the current
    /// period in the series' time zone.
    pub period: Option<Period>,
    /// Why (required, kept in the audit).
    pub reason: String,
}

impl Numbering {
    /// Sets one counter. Refused below the highest value already issued from
    /// it (NB019, the message names that value) or above the series'
    /// `max_value` (NB009); audited as SEQUENCE_SET, and a raise records the
    /// values it skips so that `validate` accounts for them.
    pub async fn set_counter(
        &self,
        request: &SetCounterRequest,
        actor: &Actor,
    ) -> Result<CounterChange, AppError> {
        let reason = Reason::new(&request.reason)?;
        let series = self.load_series(&request.document_type).await?;
        let context = resolve_context(&series, &request.context, request.scope_value.as_deref())?;
        let mut op = self.op(actor);
        let period = match request.period {
            Some(period) => period,
            None => series.series.period_for(op.now, None)?,
        };
        let counter_key = series.series.counter_key(&context, period)?;
        let document_type = series.config.document_type.clone();
        let max_value = series.config.max_value;
        let lock = self
            .lock_counter(&document_type, &counter_key, &mut op)
            .await?;
        let result = self
            .ports
            .store
            .set_counter(CounterSet {
                series,
                counter_key,
                value: request.value,
                reason,
                op,
            })
            .await;
        lock.release().await;
        let change = result?;
        let scope = change.counter_key.scope_value();
        self.ports
            .metrics
            .counter_value(&document_type, scope, change.new_value, max_value);
        Ok(change)
    }
}
