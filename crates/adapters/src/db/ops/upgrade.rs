//! The data steps a migration leaves (see
//! [`docnum_application::ports::UpgradeSteps`]): number keys for rows an
//! older docnum wrote, look-alikes an admin keeps, merged counters.

use diesel::{ExpressionMethods, NullableExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use docnum_application::ports::{CounterChange, CounterMerge};
use docnum_application::{AppError, AuditEntry, plan};
use docnum_domain::number_key;

use super::admin::highest_issued;
use super::manual::{locked_counter, raise_to};
use super::{Conn, audit};
use crate::db::errors::{StoreError, unique_violation};
use crate::db::rows::NewAudit;
use crate::db::schema::{docnum_pending_steps, issued_numbers};

/// The data steps still to run.
pub(super) async fn pending_steps(conn: &mut Conn) -> Result<Vec<String>, StoreError> {
    Ok(docnum_pending_steps::table
        .select(docnum_pending_steps::step)
        .order(docnum_pending_steps::step)
        .load(conn)
        .await?)
}

/// Marks a step done.
pub(super) async fn finish_step(conn: &mut Conn, step: &str) -> Result<(), StoreError> {
    diesel::delete(docnum_pending_steps::table.filter(docnum_pending_steps::step.eq(step)))
        .execute(conn)
        .await?;
    Ok(())
}

/// Keys the rows after `after_id` (a page of `limit`) that have none: one
/// UPDATE for the rows whose text is its own key (nearly all), one per row
/// for the others. The last id read, `None` past the end. A unique
/// violation means a look-alike was written after the check (by an older
/// docnum still running): NB005 naming it, nothing of the page kept.
pub(super) async fn fill_number_keys(
    conn: &mut Conn,
    after_id: i64,
    limit: u32,
) -> Result<Option<i64>, StoreError> {
    let page: Vec<(i64, String, String, Option<String>)> = issued_numbers::table
        .filter(issued_numbers::id.gt(after_id))
        .order(issued_numbers::id)
        .limit(i64::from(limit))
        .select((
            issued_numbers::id,
            issued_numbers::namespace,
            issued_numbers::document_number,
            issued_numbers::number_key,
        ))
        .load(conn)
        .await?;
    let Some(last) = page.last().map(|row| row.0) else {
        return Ok(None);
    };
    let mut own = Vec::new();
    for (id, namespace, number, key) in page {
        if key.is_some() {
            continue;
        }
        let key = number_key(&number);
        if key == number {
            own.push(id);
            continue;
        }
        diesel::update(
            issued_numbers::table
                .filter(issued_numbers::id.eq(id))
                .filter(issued_numbers::number_key.is_null()),
        )
        .set(issued_numbers::number_key.eq(&key))
        .execute(conn)
        .await
        .map_err(|e| look_alike(e.into(), &number, &namespace))?;
    }
    if !own.is_empty() {
        diesel::update(
            issued_numbers::table
                .filter(issued_numbers::id.eq_any(&own))
                .filter(issued_numbers::number_key.is_null()),
        )
        .set(issued_numbers::number_key.eq(issued_numbers::document_number.nullable()))
        .execute(conn)
        .await?;
    }
    Ok(Some(last))
}

/// NB005 for a row whose key another number holds.
fn look_alike(e: StoreError, number: &str, namespace: &str) -> StoreError {
    if unique_violation(&e).is_none() {
        return e;
    }
    StoreError::App(AppError::NumberTaken {
        number: number.to_owned(),
        namespace: namespace.to_owned(),
    })
}

/// Gives a look-alike its own text as key and writes `entry`; `false`
/// when the row already had a key (another instance kept it first).
pub(super) async fn keep_look_alike(
    conn: &mut Conn,
    namespace: &str,
    document_number: &str,
    entry: &AuditEntry,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        issued_numbers::table
            .filter(issued_numbers::namespace.eq(namespace))
            .filter(issued_numbers::document_number.eq(document_number))
            .filter(issued_numbers::number_key.is_null()),
    )
    .set(issued_numbers::number_key.eq(document_number))
    .execute(conn)
    .await?;
    if updated == 1 {
        audit::append(conn, &[NewAudit::from(entry.clone())]).await?;
    }
    Ok(updated == 1)
}

/// Raises the merged counter (created at 0 when new) to at least
/// `merge.value` under its row lock, as [`plan::plan_merge`] plans.
pub(super) async fn merge_counter(
    conn: &mut Conn,
    merge: &CounterMerge,
) -> Result<Option<CounterChange>, StoreError> {
    let key = merge.counter_key.as_str();
    let old = locked_counter(conn, key, &merge.document_type, merge.op.now).await?;
    let highest = highest_issued(conn, key).await?;
    let Some((change, entry)) = plan::plan_merge(merge, old, highest) else {
        return Ok(None);
    };
    raise_to(conn, key, merge.value, merge.op.now).await?;
    audit::append(conn, &[NewAudit::from(entry)]).await?;
    Ok(Some(change))
}
