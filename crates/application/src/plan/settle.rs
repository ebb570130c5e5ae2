//! The guarded state changes of a number: confirm, cancel, expire, void.
//! Each function applies the change to the row as read and returns the
//! change's audit entry; the store persists both (an SQL store makes the
//! change with a guarded UPDATE and builds the entry from the row after it).

use docnum_domain::{AuditOperation, NumberState};
use serde_json::json;

use crate::model::{AuditEntry, IssuedNumber};
use crate::ports::{OpContext, Settlement, SettlementKind};

/// RESERVED → CONFIRMED or CANCELLED, as `s` asks, for a row the store found
/// RESERVED and not due at `s.op.now`; returns the change's audit entry.
pub fn settle(row: &mut IssuedNumber, s: &Settlement) -> AuditEntry {
    let now = s.op.now;
    match &s.change {
        SettlementKind::Confirm { document_ref } => {
            row.state = NumberState::Confirmed;
            row.confirmed_at = Some(now);
            row.document_ref.clone_from(document_ref);
        }
        SettlementKind::Cancel { reason } => {
            row.state = NumberState::Cancelled;
            row.closed_at = Some(now);
            row.reason.clone_from(reason);
        }
    }
    settled_entry(row, s)
}

/// The CONFIRM or CANCEL entry of `row` after `s` was applied to it.
pub fn settled_entry(row: &IssuedNumber, s: &Settlement) -> AuditEntry {
    let (operation, meta) = match &s.change {
        SettlementKind::Confirm { document_ref } => (
            AuditOperation::Confirm,
            json!({ "token": row.token, "document_ref": document_ref }),
        ),
        SettlementKind::Cancel { reason } => (
            AuditOperation::Cancel,
            json!({ "token": row.token, "reason": reason }),
        ),
    };
    AuditEntry::about(&s.op, operation, row)
        .states(NumberState::Reserved, row.state)
        .meta(meta)
}

/// RESERVED → EXPIRED at `op.now` for a row found due (see
/// [`IssuedNumber::is_due`]); returns the EXPIRE entry.
pub fn expire(row: &mut IssuedNumber, op: &OpContext) -> AuditEntry {
    row.state = NumberState::Expired;
    row.closed_at = Some(op.now);
    AuditEntry::about(op, AuditOperation::Expire, row)
        .states(NumberState::Reserved, NumberState::Expired)
        .meta(json!({
            "token": row.token,
            "expires_at_us": row.expires_at.map(|at| at.timestamp_micros()),
        }))
}

/// CONFIRMED → VOIDED at `now` for `reason`, linked to its replacement when
/// one was issued; returns the VOID entry (written before the replacement's
/// REPLACE entry).
pub fn void(
    row: &mut IssuedNumber,
    reason: &str,
    replaced_by: Option<String>,
    op: &OpContext,
) -> AuditEntry {
    row.state = NumberState::Voided;
    row.closed_at = Some(op.now);
    row.reason = Some(reason.to_owned());
    row.replaced_by = replaced_by;
    voided_entry(row, op)
}

/// The VOID entry of a row after it was voided.
pub fn voided_entry(row: &IssuedNumber, op: &OpContext) -> AuditEntry {
    AuditEntry::about(op, AuditOperation::Void, row)
        .states(NumberState::Confirmed, NumberState::Voided)
        .meta(json!({
            "token": row.token,
            "reason": row.reason,
            "replaced_by": row.replaced_by,
        }))
}
