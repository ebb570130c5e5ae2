//! The data steps a migration leaves (see
//! [`docnum_application::ports::UpgradeSteps`]): number keys for rows an
//! older docnum wrote, look-alikes an admin keeps, merged counters.

use diesel::{ExpressionMethods, NullableExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use docnum_application::ports::{CounterChange, CounterMerge};
use docnum_application::{AppError, AuditEntry, InvalidReason, plan};
use docnum_domain::number_key;

use super::admin::highest_issued;
use super::manual::{locked_counter, raise_to};
use super::{Conn, Db, audit, execute_each};
use crate::db::errors::{StoreError, unique_violation};
use crate::db::rows::NewAudit;
use crate::db::schema::{docnum_pending_steps, issued_numbers};
use crate::db::statement::{Cacheable, DynStatement};

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
/// for the others, sent together (pipelined on PostgreSQL: one round trip).
/// The last id read, `None` past the end. A unique violation means a
/// look-alike was written after the check (by an older docnum still
/// running): NB009 as for the check, naming the page, nothing of it kept.
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
    let mut changed: Vec<(i64, String, String, String)> = Vec::new();
    for (id, namespace, number, key) in page {
        if key.is_some() {
            continue;
        }
        let key = number_key(&number);
        if key == number {
            own.push(id);
        } else {
            changed.push((id, key, namespace, number));
        }
    }
    let updates = changed
        .iter()
        .map(|(id, key, _, _)| {
            DynStatement::new(Cacheable(
                diesel::update(
                    issued_numbers::table
                        .filter(issued_numbers::id.eq(*id))
                        .filter(issued_numbers::number_key.is_null()),
                )
                .set(issued_numbers::number_key.eq(key.as_str())),
            ))
        })
        .collect::<Vec<DynStatement<'_, Db>>>();
    if !updates.is_empty() {
        execute_each(conn, updates)
            .await
            .map_err(|e| look_alike(e, &changed))?;
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

/// NB009 for a page one of whose numbers looks like another.
fn look_alike(e: StoreError, changed: &[(i64, String, String, String)]) -> StoreError {
    let (Some(_), Some(first), Some(last)) =
        (unique_violation(&e), changed.first(), changed.last())
    else {
        return e;
    };
    StoreError::App(AppError::invalid(
        "database schema",
        InvalidReason::LookAlikesExist {
            count: 1,
            examples: format!("{}: one of {} … {}", first.2, first.3, last.3),
        },
    ))
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
