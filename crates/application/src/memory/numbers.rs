//! The registry's state changes: allocate, confirm, cancel, void, expire_due.

use docnum_domain::{DomainError, NumberState};
use serde_json::json;
use uuid::Uuid;

use super::state::{Claim, Counter, Pending, State, row_entry};
use crate::error::AppError;
use crate::model::{IssuedNumber, NumberSource, context_to_map};
use crate::ports::{AllocationBatch, GuardedChange, OpContext, VoidRequest, VoidResult};

/// How allocated rows are born.
enum Birth<'a> {
    /// RESERVED, source RESERVE, audited RESERVE.
    Reserved,
    /// CONFIRMED (no TTL), source REPLACEMENT, audited REPLACE, linked to
    /// `replaces`.
    Replacing { replaces: &'a str },
}

impl State {
    /// See [`crate::ports::NumberStore::allocate`].
    pub(super) fn allocate(
        &mut self,
        batch: &AllocationBatch,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        let mut pending = Pending::default();
        self.stage_allocation(&mut pending, batch, &Birth::Reserved)?;
        Ok(self.commit(pending))
    }

    /// Raises the batch's counter and stages one row and one audit entry per draft.
    fn stage_allocation(
        &self,
        pending: &mut Pending,
        batch: &AllocationBatch,
        birth: &Birth<'_>,
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
        let max_value = series.series.params().max_value;
        let current = self.counter_seen(pending, key);
        let last = u64::try_from(batch.drafts.len())
            .ok()
            .and_then(|n| current.checked_add(n))
            .filter(|last| *last <= max_value)
            .ok_or_else(|| DomainError::SequenceExhausted {
                counter_key: key.to_owned(),
                max_value,
            })?;
        for (value, draft) in (current + 1..=last).zip(&batch.drafts) {
            let op = &draft.op;
            let number = series.series.render(value, &draft.context, draft.period)?;
            let (state, source, expires_at, confirmed_at, replaces, operation) = match birth {
                Birth::Reserved => (
                    NumberState::Reserved,
                    NumberSource::Reserve,
                    Some(draft.expires_at),
                    None,
                    None,
                    "RESERVE",
                ),
                Birth::Replacing { replaces } => (
                    NumberState::Confirmed,
                    NumberSource::Replacement,
                    None,
                    Some(op.now),
                    Some((*replaces).to_owned()),
                    "REPLACE",
                ),
            };
            let row = IssuedNumber {
                token: draft.token,
                document_type: series.config.document_type.clone(),
                namespace: series.config.namespace.clone(),
                document_number: number.into_string(),
                counter_key: Some(key.to_owned()),
                value: Some(value),
                state,
                source,
                context: context_to_map(&draft.context),
                metadata: draft.metadata.clone(),
                template: series.config.template.clone(),
                document_ref: None,
                issued_at: op.now,
                expires_at,
                confirmed_at,
                closed_at: None,
                issued_by: op.actor.user_id.clone(),
                reason: None,
                replaces,
                replaced_by: None,
            };
            let claim = draft.idempotency.as_ref().map(|c| Claim {
                user_id: op.actor.user_id.clone(),
                key: c.key.clone(),
                fingerprint: c.fingerprint.clone(),
            });
            let mut audit = row_entry(op, operation, &row);
            audit.old_value = Some((value - 1).to_string());
            audit.new_value = Some(value.to_string());
            audit.metadata = json!({ "token": row.token });
            if let Some(c) = &claim {
                audit.metadata["idempotency_key"] = json!(c.key);
            }
            if let Some(replaced) = &row.replaces {
                audit.metadata["replaces"] = json!(replaced);
            }
            self.stage_insert(pending, row, claim)?;
            pending.audit(audit);
        }
        pending.set_counter(
            key,
            Counter {
                document_type: series.config.document_type.clone(),
                current_value: last,
                last_used_at: Some(last_op.now),
            },
        );
        Ok(())
    }

    /// See [`crate::ports::NumberStore::confirm`].
    pub(super) fn confirm(
        &mut self,
        token: Uuid,
        document_ref: Option<&str>,
        op: &OpContext,
    ) -> GuardedChange {
        self.guarded(token, op, |row| {
            row.state = NumberState::Confirmed;
            row.confirmed_at = Some(op.now);
            row.document_ref = document_ref.map(str::to_owned);
            (
                "CONFIRM",
                json!({ "token": row.token, "document_ref": document_ref }),
            )
        })
    }

    /// See [`crate::ports::NumberStore::cancel`].
    pub(super) fn cancel(
        &mut self,
        token: Uuid,
        reason: Option<&str>,
        op: &OpContext,
    ) -> GuardedChange {
        self.guarded(token, op, |row| {
            row.state = NumberState::Cancelled;
            row.closed_at = Some(op.now);
            row.reason = reason.map(str::to_owned);
            ("CANCEL", json!({ "token": row.token, "reason": reason }))
        })
    }

    /// Applies `change` to the row of `token` if it is RESERVED and unexpired
    /// at `op.now`; a RESERVED row past its TTL is marked EXPIRED instead.
    fn guarded(
        &mut self,
        token: Uuid,
        op: &OpContext,
        change: impl FnOnce(&mut IssuedNumber) -> (&'static str, serde_json::Value),
    ) -> GuardedChange {
        let Some(index) = self.index_of_token(token) else {
            return GuardedChange::NotFound;
        };
        let before = self.rows()[index].clone();
        if before.state != NumberState::Reserved {
            return GuardedChange::NotApplied(before);
        }
        let mut pending = Pending::default();
        if before.expires_at.is_some_and(|at| at <= op.now) {
            let expired = expire_row(&mut pending, index, &before, op);
            self.commit(pending);
            return GuardedChange::NotApplied(expired);
        }
        let mut row = before.clone();
        let (operation, metadata) = change(&mut row);
        let mut audit = row_entry(op, operation, &row);
        audit.old_value = Some(before.state.as_str().to_owned());
        audit.new_value = Some(row.state.as_str().to_owned());
        audit.metadata = metadata;
        pending.update(index, row.clone());
        pending.audit(audit);
        self.commit(pending);
        GuardedChange::Applied(row)
    }

    /// See [`crate::ports::NumberStore::void`].
    pub(super) fn void(&mut self, request: &VoidRequest) -> Result<Option<VoidResult>, AppError> {
        let Some(index) = self.index_of_number(&request.namespace, &request.document_number) else {
            return Ok(None);
        };
        let before = &self.rows()[index];
        if before.state != NumberState::Confirmed {
            return Ok(None);
        }
        let op = &request.op;
        let reason = request.reason.as_str();
        let mut pending = Pending::default();
        let mut voided = before.clone();
        if let Some(batch) = &request.replacement {
            if batch.drafts.len() != 1 {
                return Err(AppError::Internal(format!(
                    "a void replaces one number, not {}",
                    batch.drafts.len()
                )));
            }
            let birth = Birth::Replacing {
                replaces: &before.document_number,
            };
            self.stage_allocation(&mut pending, batch, &birth)?;
        }
        let replacement_number = pending_replacement_number(&pending);
        voided.state = NumberState::Voided;
        voided.closed_at = Some(op.now);
        voided.reason = Some(reason.to_owned());
        voided.replaced_by.clone_from(&replacement_number);
        let mut audit = row_entry(op, "VOID", &voided);
        audit.old_value = Some(NumberState::Confirmed.as_str().to_owned());
        audit.new_value = Some(NumberState::Voided.as_str().to_owned());
        audit.metadata = json!({
            "token": voided.token,
            "reason": reason,
            "replaced_by": replacement_number,
        });
        pending.audit_first(audit);
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
        let due: Vec<(usize, &IssuedNumber)> = self
            .rows()
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.state == NumberState::Reserved && r.expires_at.is_some_and(|at| at <= op.now)
            })
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect();
        let mut pending = Pending::default();
        let count = due.len();
        for (index, row) in due {
            expire_row(&mut pending, index, row, op);
        }
        self.commit(pending);
        u32::try_from(count).unwrap_or(limit)
    }
}

/// Stages RESERVED → EXPIRED for one row and its EXPIRE audit entry.
fn expire_row(
    pending: &mut Pending,
    index: usize,
    row: &IssuedNumber,
    op: &OpContext,
) -> IssuedNumber {
    let mut expired = row.clone();
    expired.state = NumberState::Expired;
    expired.closed_at = Some(op.now);
    let mut audit = row_entry(op, "EXPIRE", &expired);
    audit.old_value = Some(NumberState::Reserved.as_str().to_owned());
    audit.new_value = Some(NumberState::Expired.as_str().to_owned());
    audit.metadata = json!({
        "token": expired.token,
        "expires_at_us": expired.expires_at.map(|at| at.timestamp_micros()),
    });
    pending.update(index, expired.clone());
    pending.audit(audit);
    expired
}

/// The number of the replacement staged by a void, if any.
fn pending_replacement_number(pending: &Pending) -> Option<String> {
    pending
        .inserted()
        .next_back()
        .map(|r| r.document_number.clone())
}
