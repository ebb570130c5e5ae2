//! Confirm, cancel and expiry: the guarded state changes of a reservation.
//!
//! Each change is an `UPDATE … WHERE state = 'RESERVED' [AND expires_at >
//! now]`: whatever the interleaving of instances, a number moves only from
//! the state the lifecycle allows, and only one change wins.

use std::collections::HashMap;

use diesel::query_builder::{QueryFragment, QueryId};
use diesel::{ExpressionMethods, QueryDsl, SelectableHelper};
use diesel_async::RunQueryDsl;
use docnum_application::ports::{GuardedChange, OpContext, Settlement, SettlementKind};
use docnum_domain::NumberState;
use serde_json::json;

use super::queries::row_by_token;
use super::{Conn, Db, audit, execute_each};
use crate::db::errors::StoreError;
use crate::db::rows::{IssuedRow, NewAudit, micros};
use crate::db::schema::issued_numbers;
use crate::db::statement::{Cacheable, DynStatement, padded_in_list};

const RESERVED: &str = "RESERVED";

/// RESERVED → CONFIRMED for an unexpired token.
pub(super) async fn confirm(
    conn: &mut Conn,
    token: &str,
    document_ref: Option<&str>,
    op: &OpContext,
) -> Result<GuardedChange, StoreError> {
    if !guarded_confirm(conn, token, document_ref, op).await? {
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
    if !guarded_cancel(conn, token, reason, op).await? {
        return not_applied(conn, token, op).await;
    }
    let meta = json!({ "token": token, "reason": reason });
    audit_applied(conn, token, "CANCEL", NumberState::Cancelled, &meta, op).await
}

/// Confirms and cancels in order inside the caller's transaction (one
/// commit for the batch). Each member is its own guarded UPDATE, judged at
/// its own `op.now`, exactly as on its own (PostgreSQL pipelines them: one
/// round trip for all); what follows is shared: one SELECT reads every
/// member's row afterwards, and multi-row INSERTs write the audit, so a
/// batch of n costs n + 2 statements or so, not 3n.
pub(super) async fn settle(
    conn: &mut Conn,
    batch: &[Settlement],
) -> Result<Vec<GuardedChange>, StoreError> {
    let tokens: Vec<String> = batch.iter().map(|s| s.token.to_string()).collect();
    let updates = batch
        .iter()
        .zip(&tokens)
        .map(|(s, token)| {
            let now = micros(s.op.now);
            match &s.change {
                SettlementKind::Confirm { document_ref } => {
                    DynStatement::new(confirm_update(token, document_ref.as_deref(), now))
                }
                SettlementKind::Cancel { reason } => {
                    DynStatement::new(cancel_update(token, reason.as_deref(), now))
                }
            }
        })
        .collect();
    let applied: Vec<bool> = execute_each(conn, updates)
        .await?
        .into_iter()
        .map(|changed| changed == 1)
        .collect();
    let mut rows: HashMap<String, IssuedRow> = Cacheable(
        issued_numbers::table
            .filter(issued_numbers::token.eq_any(padded_in_list(&tokens)))
            .select(IssuedRow::as_select()),
    )
    .load(conn)
    .await?
    .into_iter()
    .map(|row| (row.token.clone(), row))
    .collect();
    let mut entries = Vec::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    for ((s, token), applied) in batch.iter().zip(&tokens).zip(applied) {
        let Some(row) = rows.get_mut(token) else {
            outcomes.push(GuardedChange::NotFound);
            continue;
        };
        if applied {
            let (operation, to, meta) = match &s.change {
                SettlementKind::Confirm { document_ref } => (
                    "CONFIRM",
                    NumberState::Confirmed,
                    json!({ "token": token, "document_ref": document_ref }),
                ),
                SettlementKind::Cancel { reason } => (
                    "CANCEL",
                    NumberState::Cancelled,
                    json!({ "token": token, "reason": reason }),
                ),
            };
            entries.push(applied_entry(row, operation, to, &meta, &s.op));
            outcomes.push(GuardedChange::Applied(row.clone().into_number()?));
            continue;
        }
        let now = micros(s.op.now);
        let due = row.state == RESERVED && row.expires_at.is_some_and(|at| at <= now);
        if due && mark_expired(conn, token, now).await? {
            entries.push(expiry_entry(row, &s.op));
            NumberState::Expired.as_str().clone_into(&mut row.state);
            row.closed_at = Some(now);
        }
        outcomes.push(GuardedChange::NotApplied(row.clone().into_number()?));
    }
    audit::append(conn, &entries).await?;
    Ok(outcomes)
}

/// RESERVED → CONFIRMED for `token` if unexpired at `op.now`; whether it
/// changed.
async fn guarded_confirm(
    conn: &mut Conn,
    token: &str,
    document_ref: Option<&str>,
    op: &OpContext,
) -> Result<bool, StoreError> {
    let changed = confirm_update(token, document_ref, micros(op.now))
        .execute(conn)
        .await?;
    Ok(changed == 1)
}

/// RESERVED → CANCELLED for `token` if unexpired at `op.now`; whether it
/// changed.
async fn guarded_cancel(
    conn: &mut Conn,
    token: &str,
    reason: Option<&str>,
    op: &OpContext,
) -> Result<bool, StoreError> {
    let changed = cancel_update(token, reason, micros(op.now))
        .execute(conn)
        .await?;
    Ok(changed == 1)
}

/// The row of `token` while it may still be confirmed or cancelled at
/// `now` (microseconds): RESERVED and not past its TTL. The database
/// applies this guard, so a concurrent settle or expiry changes nothing.
#[diesel::dsl::auto_type(no_type_alias)]
fn still_open<'a>(token: &'a str, now: i64) -> _ {
    let reserved: &'static str = RESERVED;
    issued_numbers::table
        .filter(issued_numbers::token.eq(token))
        .filter(issued_numbers::state.eq(reserved))
        .filter(issued_numbers::expires_at.gt(now))
}

/// The guarded UPDATE of a confirm at `now` (microseconds).
fn confirm_update<'a>(
    token: &'a str,
    document_ref: Option<&'a str>,
    now: i64,
) -> impl QueryFragment<Db> + QueryId + Send + 'a {
    Cacheable(diesel::update(still_open(token, now)).set((
        issued_numbers::state.eq(NumberState::Confirmed.as_str()),
        issued_numbers::confirmed_at.eq(now),
        issued_numbers::document_ref.eq(document_ref),
    )))
}

/// The guarded UPDATE of a cancel at `now` (microseconds).
fn cancel_update<'a>(
    token: &'a str,
    reason: Option<&'a str>,
    now: i64,
) -> impl QueryFragment<Db> + QueryId + Send + 'a {
    Cacheable(diesel::update(still_open(token, now)).set((
        issued_numbers::state.eq(NumberState::Cancelled.as_str()),
        issued_numbers::closed_at.eq(now),
        issued_numbers::reason.eq(reason),
    )))
}

/// RESERVED → EXPIRED for `token` (the caller found it past its TTL);
/// whether this call changed it.
async fn mark_expired(conn: &mut Conn, token: &str, now: i64) -> Result<bool, StoreError> {
    let changed = diesel::update(
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
    Ok(changed == 1)
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
    let entry = applied_entry(&row, operation, to, meta, op);
    audit::append(conn, &[entry]).await?;
    Ok(GuardedChange::Applied(row.into_number()?))
}

/// The audit entry of a RESERVED → `to` change of `row`.
fn applied_entry(
    row: &IssuedRow,
    operation: &'static str,
    to: NumberState,
    meta: &serde_json::Value,
    op: &OpContext,
) -> NewAudit {
    NewAudit::new(operation, &row.document_type, op)
        .number(&row.document_number)
        .counter(row.counter_key.as_deref())
        .template(&row.template)
        .states(RESERVED, to.as_str())
        .meta(meta)
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
    if mark_expired(conn, token, now).await? {
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
