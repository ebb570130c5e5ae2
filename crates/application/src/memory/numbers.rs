//! The registry's state changes: allocate, settle, void, expire_due. What
//! each writes is planned by [`crate::plan`]; this file finds the rows,
//! checks the guards and stages the result.

use docnum_domain::NumberState;

use super::state::{Claim, Counter, Pending, State};
use crate::error::AppError;
use crate::model::IssuedNumber;
use crate::plan;
use crate::ports::{
    AllocationBatch, GuardedChange, OpContext, Settlement, VoidRequest, VoidResult,
};

impl State {
    /// See [`crate::ports::NumberStore::allocate`].
    pub(super) fn allocate(
        &mut self,
        batch: &AllocationBatch,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        let mut pending = Pending::default();
        self.stage_allocation(&mut pending, batch, None)?;
        Ok(self.commit(pending))
    }

    /// Raises the batch's counter and stages the rows and entries of
    /// [`plan::plan_draw`].
    fn stage_allocation(
        &self,
        pending: &mut Pending,
        batch: &AllocationBatch,
        replaces: Option<&str>,
    ) -> Result<(), AppError> {
        let Some(last_op) = batch.drafts.last().map(|d| &d.op) else {
            return Ok(());
        };
        let series = &batch.series;
        let document_type = &series.config.document_type;
        if self.series.get(document_type).map(|s| s.version) != Some(series.version) {
            return Err(AppError::SeriesChanged(document_type.clone()));
        }
        let key = batch.counter_key.as_str();
        let current = self.counter_seen(pending, key);
        let values = plan::draw_range(
            &batch.counter_key,
            current,
            batch.drafts.len(),
            series.config.max_value,
        )?;
        let placement = self.place(pending, batch, *values.start())?;
        let Some(last_value) = placement.last() else {
            return Ok(());
        };
        let drawn = plan::plan_draw(batch, &placement, replaces)?;
        for (row, draft) in drawn.rows.into_iter().zip(&batch.drafts) {
            let claim = draft.idempotency.as_ref().map(|c| Claim {
                user_id: draft.op.actor.user_id.clone(),
                key: c.key.clone(),
                fingerprint: c.fingerprint.clone(),
            });
            self.stage_insert(pending, row, claim)?;
        }
        pending.audit(drawn.audit);
        pending.set_counter(
            key,
            Counter {
                document_type: document_type.clone(),
                current_value: last_value,
                last_used_at: Some(last_op.now),
            },
        );
        Ok(())
    }

    /// Where the batch's drafts land from `first` on, skipping values whose
    /// rendering exists in the namespace (committed or staged): the
    /// lookups of [`plan::CollisionSearch`], answered from the key index.
    fn place(
        &self,
        pending: &Pending,
        batch: &AllocationBatch,
        first: u64,
    ) -> Result<plan::Placement, AppError> {
        let namespace = &batch.series.config.namespace;
        let mut search = plan::CollisionSearch::new(batch, first);
        let mut found = Vec::new();
        while let Some(wanted) = search.next_lookup(&found)? {
            found = wanted
                .iter()
                .filter_map(|key| self.holder_of_key(pending, namespace, key))
                .collect();
        }
        Ok(search.finish())
    }

    /// See [`crate::ports::NumberStore::settle`]: each member applied to
    /// its row if RESERVED and not due at its `op.now`; a row found due is
    /// marked EXPIRED instead.
    pub(super) fn settle(&mut self, batch: &[Settlement]) -> Vec<GuardedChange> {
        batch.iter().map(|s| self.settle_one(s)).collect()
    }

    fn settle_one(&mut self, s: &Settlement) -> GuardedChange {
        let Some(index) = self.index_of_token(s.token) else {
            return GuardedChange::NotFound;
        };
        let mut row = self.rows()[index].clone();
        if row.state != NumberState::Reserved {
            return GuardedChange::NotApplied(row);
        }
        let mut pending = Pending::default();
        let applied = !row.is_due(s.op.now);
        let entry = if applied {
            plan::settle(&mut row, s)
        } else {
            plan::expire(&mut row, &s.op)
        };
        pending.audit([entry]);
        pending.update(index, row.clone());
        self.commit(pending);
        if applied {
            GuardedChange::Applied(row)
        } else {
            GuardedChange::NotApplied(row)
        }
    }

    /// See [`crate::ports::NumberStore::void`].
    pub(super) fn void(&mut self, request: &VoidRequest) -> Result<Option<VoidResult>, AppError> {
        let Some(index) = self.index_of_number(&request.namespace, &request.document_number) else {
            return Ok(None);
        };
        let mut voided = self.rows()[index].clone();
        if voided.state != NumberState::Confirmed {
            return Ok(None);
        }
        let mut pending = Pending::default();
        if let Some(batch) = &request.replacement {
            if batch.drafts.len() != 1 {
                return Err(AppError::Internal(format!(
                    "a void replaces one number, not {}",
                    batch.drafts.len()
                )));
            }
            self.stage_allocation(&mut pending, batch, Some(&voided.document_number))?;
        }
        let replaced_by = pending.last_inserted().map(|r| r.document_number.clone());
        let entry = plan::void(
            &mut voided,
            request.reason.as_str(),
            replaced_by,
            &request.op,
        );
        pending.audit_first(entry);
        pending.update(index, voided.clone());
        let replacement = self.commit(pending).pop();
        Ok(Some(VoidResult {
            voided,
            replacement,
        }))
    }

    /// See [`crate::ports::NumberStore::expire_due`].
    pub(super) fn expire_due(&mut self, limit: u32, op: &OpContext) -> u32 {
        // Oldest rows first, as the SQL stores do (`ORDER BY id`).
        let due: Vec<(usize, IssuedNumber)> = self
            .rows()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_due(op.now))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|(i, r)| (i, r.clone()))
            .collect();
        let mut pending = Pending::default();
        let count = due.len();
        for (index, mut row) in due {
            pending.audit([plan::expire(&mut row, op)]);
            pending.update(index, row);
        }
        self.commit(pending);
        u32::try_from(count).unwrap_or(limit)
    }
}
