//! Setting a counter by hand (`docnum set`).

use diesel::dsl::{exists, max, not};
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use docnum_application::ports::{CounterChange, CounterSet};
use docnum_application::{AppError, plan};
use docnum_domain::DomainError;

use super::{Conn, audit, counter_for_update, ensure_counter};
use crate::db::errors::StoreError;
use crate::db::rows::{NewAudit, from_db, micros, to_db};
use crate::db::schema::{counters, issued_numbers};

/// Sets the counter (creating it at 0 first when new) to the requested
/// value unless the registry holds a higher one, and audits the change as
/// SEQUENCE_SET, as [`plan::plan_set_counter`] plans. The first statement
/// is a write (the counter upsert); the domain's set-counter rule (never
/// below the highest issued value, never above `max_value`) is checked
/// first for a clear answer, and "never below" is then enforced by the
/// UPDATE's `NOT EXISTS` guard.
pub(super) async fn set_counter(
    conn: &mut Conn,
    request: &CounterSet,
) -> Result<CounterChange, StoreError> {
    let key = request.counter_key.as_str();
    let config = &request.series.config;
    let op = &request.op;
    ensure_counter(conn, key, &config.document_type, op.now).await?;
    let old = counter_for_update(conn, key).await?.ok_or_else(|| {
        StoreError::corrupt(format!("counter {key} vanished inside its transaction"))
    })?;
    let old = from_db(old)?;
    let highest = highest_issued(conn, key).await?;
    let (change, entry) = plan::plan_set_counter(request, old, highest)?;
    let Some(entry) = entry else {
        return Ok(change);
    };
    let target = to_db(request.value)?;
    let higher_issued = issued_numbers::table
        .filter(issued_numbers::counter_key.eq(key))
        .filter(issued_numbers::seq_value.gt(target));
    let updated = diesel::update(
        counters::table
            .filter(counters::counter_key.eq(key))
            .filter(counters::current_value.eq(to_db(old)?))
            .filter(not(exists(higher_issued))),
    )
    .set((
        counters::current_value.eq(target),
        counters::updated_at.eq(micros(op.now)),
    ))
    .execute(conn)
    .await?;
    if updated != 1 {
        // Another writer slipped in (possible only where the dialect's lock
        // did not cover the registry): say what the registry holds now.
        let highest = highest_issued(conn, key).await?;
        return Err(if highest > request.value {
            below(request.value, highest)
        } else {
            StoreError::App(AppError::Unavailable(format!(
                "counter {key} changed while it was being set; retry"
            )))
        });
    }
    audit::append(conn, &[NewAudit::from(entry)]).await?;
    Ok(change)
}

/// The highest value the registry holds for a counter (0 when none).
pub(super) async fn highest_issued(conn: &mut Conn, counter_key: &str) -> Result<u64, StoreError> {
    let highest: Option<i64> = issued_numbers::table
        .filter(issued_numbers::counter_key.eq(counter_key))
        .select(max(issued_numbers::seq_value))
        .first(conn)
        .await?;
    highest.map_or(Ok(0), from_db)
}

fn below(requested: u64, highest: u64) -> StoreError {
    StoreError::from(DomainError::CounterBelowIssued { requested, highest })
}
