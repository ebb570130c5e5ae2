//! Read queries: the registry, counters and the audit log.

use std::collections::BTreeMap;

use diesel::{ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper};
use diesel_async::RunQueryDsl;
use docnum_application::{AuditEntry, AuditFilter, CounterStatus, IssuedNumber};
use docnum_domain::CounterKey;

use super::Conn;
use crate::db::errors::StoreError;
use crate::db::rows::{AuditRow, IssuedRow, from_db, instant, micros};
use crate::db::schema::{audit_log, counters, issued_numbers};

/// The row with this token, as stored.
pub(super) async fn row_by_token(
    conn: &mut Conn,
    token: &str,
) -> Result<Option<IssuedRow>, StoreError> {
    Ok(issued_numbers::table
        .filter(issued_numbers::token.eq(token))
        .select(IssuedRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// The row with this token.
pub(super) async fn find_by_token(
    conn: &mut Conn,
    token: &str,
) -> Result<Option<IssuedNumber>, StoreError> {
    row_by_token(conn, token)
        .await?
        .map(IssuedRow::into_number)
        .transpose()
}

/// The row claimed by `(user_id, key)` and its request fingerprint.
pub(super) async fn find_by_idempotency_key(
    conn: &mut Conn,
    user_id: &str,
    key: &str,
) -> Result<Option<(IssuedNumber, String)>, StoreError> {
    let Some(row) = issued_numbers::table
        .filter(issued_numbers::idempotency_user.eq(user_id))
        .filter(issued_numbers::idempotency_key.eq(key))
        .select(IssuedRow::as_select())
        .first(conn)
        .await
        .optional()?
    else {
        return Ok(None);
    };
    let fingerprint = row.request_fingerprint.clone().ok_or_else(|| {
        StoreError::corrupt(format!(
            "issued number {} has an idempotency key but no fingerprint",
            row.document_number
        ))
    })?;
    Ok(Some((row.into_number()?, fingerprint)))
}

/// The row of `document_number` in `namespace`.
pub(super) async fn row_by_number(
    conn: &mut Conn,
    namespace: &str,
    document_number: &str,
) -> Result<Option<IssuedRow>, StoreError> {
    Ok(issued_numbers::table
        .filter(issued_numbers::namespace.eq(namespace))
        .filter(issued_numbers::document_number.eq(document_number))
        .select(IssuedRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Rows with this rendered number, by namespace.
pub(super) async fn find_numbers(
    conn: &mut Conn,
    document_number: &str,
) -> Result<Vec<IssuedNumber>, StoreError> {
    issued_numbers::table
        .filter(issued_numbers::document_number.eq(document_number))
        .order(issued_numbers::namespace.asc())
        .select(IssuedRow::as_select())
        .load(conn)
        .await?
        .into_iter()
        .map(IssuedRow::into_number)
        .collect()
}

/// A counter's current value (0 when it does not exist).
pub(super) async fn counter_value(conn: &mut Conn, counter_key: &str) -> Result<u64, StoreError> {
    let value: Option<i64> = counters::table
        .find(counter_key)
        .select(counters::current_value)
        .first(conn)
        .await
        .optional()?;
    value.map_or(Ok(0), from_db)
}

/// The counters of a series, by key, with the registry's counts per state.
pub(super) async fn counter_status(
    conn: &mut Conn,
    document_type: &str,
) -> Result<Vec<CounterStatus>, StoreError> {
    let rows: Vec<(String, i64, i64)> = counters::table
        .filter(counters::document_type.eq(document_type))
        .order(counters::counter_key.asc())
        .select((
            counters::counter_key,
            counters::current_value,
            counters::updated_at,
        ))
        .load(conn)
        .await?;
    let counts: Vec<(Option<String>, String, i64)> = issued_numbers::table
        .filter(issued_numbers::document_type.eq(document_type))
        .filter(issued_numbers::counter_key.is_not_null())
        .group_by((issued_numbers::counter_key, issued_numbers::state))
        .select((
            issued_numbers::counter_key,
            issued_numbers::state,
            diesel::dsl::count_star(),
        ))
        .load(conn)
        .await?;
    let mut by_counter: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (key, state, n) in counts {
        if let Some(key) = key {
            by_counter
                .entry(key)
                .or_default()
                .insert(state, from_db(n)?);
        }
    }
    rows.into_iter()
        .map(|(counter_key, current, updated_at)| {
            Ok(CounterStatus {
                counts_by_state: by_counter.remove(&counter_key).unwrap_or_default(),
                counter_key: CounterKey::from_stored(counter_key),
                current_value: from_db(current)?,
                last_used_at: Some(instant(updated_at)?),
            })
        })
        .collect()
}

/// Audit entries matching the filter, by id.
pub(super) async fn audit(
    conn: &mut Conn,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut query = audit_log::table.into_boxed();
    if let Some(user) = &filter.user_id {
        query = query.filter(audit_log::user_id.eq(user.clone()));
    }
    if let Some(operation) = &filter.operation {
        query = query.filter(audit_log::operation.eq(operation.clone()));
    }
    if let Some(document_type) = &filter.document_type {
        query = query.filter(audit_log::document_type.eq(document_type.clone()));
    }
    if let Some(number) = &filter.document_number {
        query = query.filter(audit_log::document_number.eq(number.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::occurred_at.ge(micros(from)));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_log::occurred_at.lt(micros(to)));
    }
    if let Some(after) = filter.after_id {
        query = query.filter(audit_log::id.gt(after));
    }
    query
        .order(audit_log::id.asc())
        .limit(i64::from(filter.limit))
        .select(AuditRow::as_select())
        .load(conn)
        .await?
        .into_iter()
        .map(AuditRow::into_entry)
        .collect()
}
