//! The lock around every draw from a counter, and what a draw reports.
//!
//! The database decides every value; the lock (`numbering:{document_type}:
//! {scope}`) only keeps concurrent instances from queueing on the same
//! counter row. So a lock backend that is down is a fallback, counted and
//! audited, and never an error by itself.

use std::time::Instant;

use docnum_domain::CounterKey;

use crate::error::AppError;
use crate::model::IssuedNumber;
use crate::ports::{HeldLock, OpContext};
use crate::service::Numbering;

/// The lock key of a counter.
pub(crate) fn lock_key(document_type: &str, counter_key: &CounterKey) -> String {
    format!("numbering:{document_type}:{}", counter_key.scope_value())
}

impl Numbering {
    /// Takes the counter's lock, recording the wait, a timeout (NB003) or a
    /// fallback to database-only locking, which is also marked in `op` for
    /// the audit rows. The caller releases the lock; dropping it releases it
    /// too (see [`HeldLock`]).
    pub(crate) async fn lock_counter(
        &self,
        document_type: &str,
        counter_key: &CounterKey,
        op: &mut OpContext,
    ) -> Result<Box<dyn HeldLock>, AppError> {
        let key = lock_key(document_type, counter_key);
        let wait = Instant::now();
        let lock = self
            .ports
            .locks
            .acquire(&key, self.settings.lock_timeout)
            .await;
        self.ports
            .metrics
            .lock_wait(document_type, wait.elapsed().as_secs_f64());
        let lock = lock.inspect_err(|e| {
            let reason = match e {
                AppError::LockTimeout(_) => "timeout",
                _ => "error",
            };
            self.ports.metrics.lock_failure(document_type, reason);
        })?;
        op.fallback_used = lock.fallback_used();
        if op.fallback_used {
            self.ports
                .metrics
                .lock_failure(document_type, "redis_unavailable");
        }
        Ok(lock)
    }

    /// Reports numbers just drawn from one counter: how many, and where the
    /// counter now stands (at least the highest value drawn).
    pub(crate) fn report_drawn(&self, document_type: &str, max_value: u64, rows: &[IssuedNumber]) {
        self.ports
            .metrics
            .numbers_issued(document_type, rows.len() as u64);
        let highest = rows
            .iter()
            .filter_map(|r| Some((r.value?, r.counter_key.as_ref()?)))
            .max_by_key(|(value, _)| *value);
        if let Some((value, counter_key)) = highest {
            let scope = counter_key.scope_value();
            self.ports
                .metrics
                .counter_value(document_type, scope, value, max_value);
        }
    }
}
