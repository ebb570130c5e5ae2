//! Settling (confirm, cancel) and expiry: the guarded state changes of a
//! reservation, always in batches (a single confirm is a batch of one).
//!
//! Each change is an `UPDATE … WHERE state = 'RESERVED' [AND expires_at >
//! now]`: whatever the interleaving of instances, a number moves only from
//! the state the lifecycle allows, and only one change wins. What a change
//! writes to the audit log is [`plan`]'s.

use std::collections::HashMap;

use diesel::{ExpressionMethods, QueryDsl, SelectableHelper};
use diesel_async::RunQueryDsl;
use docnum_application::ports::{GuardedChange, OpContext, Settlement, SettlementKind};
use docnum_application::{IssuedNumber, plan};
use docnum_domain::NumberState;

use super::{Conn, Db, audit, execute_each};
use crate::db::errors::StoreError;
use crate::db::rows::{IssuedRow, NewAudit, instant, micros};
use crate::db::schema::issued_numbers;
use crate::db::statement::{Cacheable, DynStatement, padded_in_list};

const RESERVED: &str = "RESERVED";

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
        .map(|(s, token)| settle_update(token, &s.change, micros(s.op.now)))
        .collect();
    let applied: Vec<bool> = execute_each(conn, updates)
        .await?
        .into_iter()
        .map(|changed| changed == 1)
        .collect();
    let mut rows: HashMap<String, IssuedNumber> = HashMap::with_capacity(batch.len());
    for row in Cacheable(
        issued_numbers::table
            .filter(issued_numbers::token.eq_any(padded_in_list(&tokens)))
            .select(IssuedRow::as_select()),
    )
    .load(conn)
    .await?
    {
        rows.insert(row.token.clone(), row.into_number()?);
    }
    let mut entries = Vec::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    for ((s, token), applied) in batch.iter().zip(&tokens).zip(applied) {
        let Some(row) = rows.get_mut(token) else {
            outcomes.push(GuardedChange::NotFound);
            continue;
        };
        if applied {
            entries.push(NewAudit::from(plan::settled_entry(row, s)));
            outcomes.push(GuardedChange::Applied(row.clone()));
            continue;
        }
        let now = micros(s.op.now);
        if row.is_due(s.op.now) && mark_expired(conn, token, now).await? {
            entries.push(NewAudit::from(plan::expire(row, &s.op)));
            // As stored: to the microsecond.
            row.closed_at = Some(instant(now)?);
        }
        outcomes.push(GuardedChange::NotApplied(row.clone()));
    }
    audit::append(conn, &entries).await?;
    Ok(outcomes)
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

/// The guarded UPDATE of a confirm or cancel at `now` (microseconds).
/// Each arm is one fixed statement, so it stays prepared per connection.
fn settle_update<'a>(token: &'a str, change: &'a SettlementKind, now: i64) -> DynStatement<'a, Db> {
    let open = diesel::update(still_open(token, now));
    match change {
        SettlementKind::Confirm { document_ref } => DynStatement::new(Cacheable(open.set((
            issued_numbers::state.eq(NumberState::Confirmed.as_str()),
            issued_numbers::confirmed_at.eq(now),
            issued_numbers::document_ref.eq(document_ref.as_deref()),
        )))),
        SettlementKind::Cancel { reason } => DynStatement::new(Cacheable(open.set((
            issued_numbers::state.eq(NumberState::Cancelled.as_str()),
            issued_numbers::closed_at.eq(now),
            issued_numbers::reason.eq(reason.as_deref()),
        )))),
    }
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
    let due: Vec<IssuedRow> = issued_numbers::table
        .filter(issued_numbers::state.eq(RESERVED))
        .filter(issued_numbers::expires_at.le(now))
        .order(issued_numbers::id.asc())
        .limit(i64::from(limit))
        .select(IssuedRow::as_select())
        .load(conn)
        .await?;
    let mut entries = Vec::with_capacity(due.len());
    for row in due {
        if mark_expired(conn, &row.token, now).await? {
            entries.push(NewAudit::from(plan::expire(&mut row.into_number()?, op)));
        }
    }
    audit::append(conn, &entries).await?;
    u32::try_from(entries.len()).map_err(|_| StoreError::corrupt("expired more rows than asked"))
}
