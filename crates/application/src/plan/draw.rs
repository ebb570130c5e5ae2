//! Drawing values from a counter: the rows and audit entries of reserve,
//! and of the replacement issued by void.

use std::ops::RangeInclusive;

use docnum_domain::{AuditOperation, CounterKey, DomainError, NumberState};
use serde_json::json;

use crate::error::AppError;
use crate::model::{AuditEntry, IssuedNumber, NumberSource, context_to_map};
use crate::ports::AllocationBatch;

use super::collide::{Placement, skip_entries};

/// What a draw writes: the rows in draft order, and their audit entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// The registry rows, in draft order.
    pub rows: Vec<IssuedNumber>,
    /// Their RESERVE (or REPLACE) entries, in the same order, each preceded
    /// by the SEQUENCE_SKIP entries of the values skipped just before it.
    pub audit: Vec<AuditEntry>,
}

/// NB002: the counter cannot go past `max_value`.
pub fn exhausted(counter_key: &CounterKey, max_value: u64) -> DomainError {
    DomainError::SequenceExhausted {
        counter_key: counter_key.as_str().to_owned(),
        max_value,
    }
}

/// The values `count` numbers draw from a counter standing at `current`:
/// `current + 1 ..= current + count`, or NB002 when that passes `max_value`.
pub fn draw_range(
    counter_key: &CounterKey,
    current: u64,
    count: usize,
    max_value: u64,
) -> Result<RangeInclusive<u64>, DomainError> {
    u64::try_from(count)
        .ok()
        .and_then(|n| current.checked_add(n))
        .filter(|last| *last <= max_value)
        .map(|last| current + 1..=last)
        .ok_or_else(|| exhausted(counter_key, max_value))
}

/// The rows of a batch whose drafts take the values of `placement`,
/// rendered with the batch's series, with their audit entries (the skips of
/// the placement as SEQUENCE_SKIP entries, see [`super::CollisionSearch`]). Without `replaces` they are RESERVED until their TTL (audited
/// RESERVE); with it they are the replacement of that number, CONFIRMED at
/// birth with no TTL (audited REPLACE).
pub fn plan_draw(
    batch: &AllocationBatch,
    placement: &Placement,
    replaces: Option<&str>,
) -> Result<Drawn, AppError> {
    let series = &batch.series;
    let config = &series.config;
    let operation = if replaces.is_some() {
        AuditOperation::Replace
    } else {
        AuditOperation::Reserve
    };
    let mut rows = Vec::with_capacity(batch.drafts.len());
    let mut audit = Vec::with_capacity(batch.drafts.len());
    let mut skips = skip_entries(batch, placement).into_iter().peekable();
    for (index, (&value, draft)) in placement.values.iter().zip(&batch.drafts).enumerate() {
        while let Some((_, skip)) = skips.next_if(|(at, _)| *at == index) {
            audit.push(skip);
        }
        let op = &draft.op;
        let number = series.series.render(value, &draft.context, draft.period)?;
        let (state, source, expires_at, confirmed_at) = match replaces {
            None => (
                NumberState::Reserved,
                NumberSource::Reserve,
                Some(draft.expires_at),
                None,
            ),
            Some(_) => (
                NumberState::Confirmed,
                NumberSource::Replacement,
                None,
                Some(op.now),
            ),
        };
        let row = IssuedNumber {
            token: draft.token,
            document_type: config.document_type.clone(),
            namespace: config.namespace.clone(),
            document_number: number.into_string(),
            counter_key: Some(batch.counter_key.clone()),
            value: Some(value),
            state,
            source,
            context: context_to_map(&draft.context),
            metadata: draft.metadata.clone(),
            template: config.template.clone(),
            document_ref: None,
            issued_at: op.now,
            expires_at,
            confirmed_at,
            closed_at: None,
            issued_by: op.actor.user_id.clone(),
            reason: None,
            replaces: replaces.map(str::to_owned),
            replaced_by: None,
        };
        let mut meta = json!({ "token": draft.token });
        if let Some(claim) = &draft.idempotency {
            meta["idempotency_key"] = json!(claim.key);
        }
        if let Some(replaced) = replaces {
            meta["replaces"] = json!(replaced);
        }
        audit.push(
            AuditEntry::about(op, operation, &row)
                .values(Some(value - 1), Some(value))
                .meta(meta),
        );
        rows.push(row);
    }
    Ok(Drawn { rows, audit })
}
