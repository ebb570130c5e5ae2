//! Confirm, cancel and expiry: the guarded state changes of a reservation.
//!
//! Each change is an `UPDATE … WHERE state = 'RESERVED' [AND expires_at >
//! now]`: whatever the interleaving of instances, a number moves only from
//! the state the lifecycle allows, and only one change wins.

use diesel::{ExpressionMethods, QueryDsl, SelectableHelper};
use diesel_async::RunQueryDsl;
use docnum_application::ports::{GuardedChange, OpContext, Settlement, SettlementKind};
use docnum_domain::NumberState;
use serde_json::json;

use super::queries::row_by_token;
use super::{Conn, audit};
use crate::db::errors::StoreError;
use crate::db::rows::{IssuedRow, NewAudit, micros};
use crate::db::schema::issued_numbers;

const RESERVED: &str = "RESERVED";

/// RESERVED → CONFIRMED for an unexpired token.
pub(super) async fn confirm(
    conn: &mut Conn,
    token: &str,
    document_ref: Option<&str>,
    op: &OpContext,
) -> Result<GuardedChange, StoreError> {
    let now = micros(op.now);
    let changed = diesel::update(
        issued_numbers::table
            .filter(issued_numbers::token.eq(token))
            .filter(issued_numbers::state.eq(RESERVED))
            .filter(issued_numbers::expires_at.gt(now)),
    )
    .set((
        issued_numbers::state.eq(NumberState::Confirmed.as_str()),
        issued_numbers::confirmed_at.eq(now),
        issued_numbers::document_ref.eq(document_ref),
    ))
    .execute(conn)
    .await?;
    if changed == 0 {
        return not_applied(conn, token, op).await;
    }
    let meta = json!({ "token": token, "document_ref": document_ref });
    audit_applied(conn, token, "CONFIRM", NumberState::Confirmed, &meta, op).await
}

/// RESERVED → CANCELLED for an unexpired token.
pub(super) async fn cancel(
    conn: &mut Conn,
    token: &str,
    reason: Option<&str>,
    op: &OpContext,
) -> Result<GuardedChange, StoreError> {
    let now = micros(op.now);
    let changed = diesel::update(
        issued_numbers::table
            .filter(issued_numbers::token.eq(token))
            .filter(issued_numbers::state.eq(RESERVED))
            .filter(issued_numbers::expires_at.gt(now)),
    )
    .set((
        issued_numbers::state.eq(NumberState::Cancelled.as_str()),
        issued_numbers::closed_at.eq(now),
        issued_numbers::reason.eq(reason),
    ))
    .execute(conn)
    .await?;
    if changed == 0 {
        return not_applied(conn, token, op).await;
    }
    let meta = json!({ "token": token, "reason": reason });
    audit_applied(conn, token, "CANCEL", NumberState::Cancelled, &meta, op).await
}

/// Confirms and cancels in order inside the caller's transaction (one
/// commit for the batch); each member guarded as on its own.
pub(super) async fn settle(
    conn: &mut Conn,
    batch: &[Settlement],
) -> Result<Vec<GuardedChange>, StoreError> {
    let mut outcomes = Vec::with_capacity(batch.len());
    for s in batch {
        let token = s.token.to_string();
        outcomes.push(match &s.change {
            SettlementKind::Confirm { document_ref } => {
                confirm(conn, &token, document_ref.as_deref(), &s.op).await?
            }
            SettlementKind::Cancel { reason } => {
                cancel(conn, &token, reason.as_deref(), &s.op).await?
            }
        });
    }
    Ok(outcomes)
}

/// After a guarded RESERVED → `to` change: the row as it now is, and its
/// audit entry in the same transaction.
async fn audit_applied(
    conn: &mut Conn,
    token: &str,
    operation: &'static str,
    to: NumberState,
    meta: &serde_json::Value,
    op: &OpContext,
) -> Result<GuardedChange, StoreError> {
    let row = reread(conn, token).await?;
    let entry = NewAudit::new(operation, &row.document_type, op)
        .number(&row.document_number)
        .counter(row.counter_key.as_deref())
        .template(&row.template)
        .states(RESERVED, to.as_str())
        .meta(meta);
    audit::append(conn, &[entry]).await?;
    Ok(GuardedChange::Applied(row.into_number()?))
}

/// The guarded update found nothing to change: say why, and if the row is
/// a reservation past its TTL, mark it EXPIRED (audited) on the way.
async fn not_applied(
    conn: &mut Conn,
    token: &str,
    op: &OpContext,
) -> Result<GuardedChange, StoreError> {
    let Some(row) = row_by_token(conn, token).await? else {
        return Ok(GuardedChange::NotFound);
    };
    let now = micros(op.now);
    let due = row.state == RESERVED && row.expires_at.is_some_and(|at| at <= now);
    if !due {
        return Ok(GuardedChange::NotApplied(row.into_number()?));
    }
    let expired = diesel::update(
        issued_numbers::table
            .filter(issued_numbers::token.eq(token))
            .filter(issued_numbers::state.eq(RESERVED)),
    )
    .set((
        issued_numbers::state.eq(NumberState::Expired.as_str()),
        issued_numbers::closed_at.eq(now),
    ))
    .execute(conn)
    .await?;
    if expired == 1 {
        audit::append(conn, &[expiry_entry(&row, op)]).await?;
    }
    Ok(GuardedChange::NotApplied(
        reread(conn, token).await?.into_number()?,
    ))
}

fn expiry_entry(row: &IssuedRow, op: &OpContext) -> NewAudit {
    NewAudit::new("EXPIRE", &row.document_type, op)
        .number(&row.document_number)
        .counter(row.counter_key.as_deref())
        .template(&row.template)
        .states(RESERVED, NumberState::Expired.as_str())
        .meta(&json!({ "token": row.token, "expires_at_us": row.expires_at }))
}

async fn reread(conn: &mut Conn, token: &str) -> Result<IssuedRow, StoreError> {
    row_by_token(conn, token).await?.ok_or_else(|| {
        StoreError::corrupt(format!("token {token} vanished inside its transaction"))
    })
}

/// Marks up to `limit` reservations due at `op.now` as EXPIRED, each
/// audited; returns how many this call changed. Each row's update is
/// guarded again, so a concurrent run (or confirm) that got there first
/// is simply not counted.
pub(super) async fn expire_due(
    conn: &mut Conn,
    limit: u32,
    op: &OpContext,
) -> Result<u32, StoreError> {
    let now = micros(op.now);
    let due: Vec<(i64, IssuedRow)> = issued_numbers::table
        .filter(issued_numbers::state.eq(RESERVED))
        .filter(issued_numbers::expires_at.le(now))
        .order(issued_numbers::id.asc())
        .limit(i64::from(limit))
        .select((issued_numbers::id, IssuedRow::as_select()))
        .load(conn)
        .await?;
    let mut entries = Vec::with_capacity(due.len());
    for (id, row) in &due {
        let changed = diesel::update(
            issued_numbers::table
                .filter(issued_numbers::id.eq(id))
                .filter(issued_numbers::state.eq(RESERVED)),
        )
        .set((
            issued_numbers::state.eq(NumberState::Expired.as_str()),
            issued_numbers::closed_at.eq(now),
        ))
        .execute(conn)
        .await?;
        if changed == 1 {
            entries.push(expiry_entry(row, op));
        }
    }
    audit::append(conn, &entries).await?;
    u32::try_from(entries.len()).map_err(|_| StoreError::corrupt("expired more rows than asked"))
}
