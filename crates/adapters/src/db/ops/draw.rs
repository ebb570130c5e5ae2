//! Drawing values from a counter: the heart of reserve (and of the
//! replacement issued by void).

use docnum_application::ports::AllocationBatch;
use docnum_application::{AppError, Collided, Collision, InvalidReason, plan};

use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::{Conn, insert_batch, numbers_with_keys, raise_counter};
use crate::db::errors::{StoreError, UniqueIndex, unique_violation};
use crate::db::rows::{CounterRaise, IssuedRow, NewAudit, from_db, to_db};
use crate::db::schema::issued_numbers;

/// How a draw treats renderings that already exist in the namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Draw {
    /// Takes the next values as they come, no lookup: the insert's unique
    /// index reports a collision ([`StoreError::Collided`]), and the
    /// caller redoes the transaction [`Draw::PastCollisions`].
    Straight,
    /// Looks the renderings up first ([`plan::CollisionSearch`]) and skips
    /// the values whose rendering exists, audited.
    PastCollisions,
}

/// Reserve: draws the batch's numbers as RESERVED rows, each with its
/// RESERVE audit row (and SEQUENCE_SKIP rows for values skipped); returns
/// the rows in draft order.
pub(super) async fn allocate(
    conn: &mut Conn,
    batch: &AllocationBatch,
    how: Draw,
) -> Result<Vec<IssuedRow>, StoreError> {
    let (rows, entries) = draw(conn, batch, None, how).await?;
    insert_rows(conn, &rows, &entries).await?;
    Ok(rows)
}

/// Raises the batch's counter by the number of drafts (creating it if
/// new) — further when values are skipped past collisions — and returns the
/// rows and audit rows [`plan::plan_draw`] plans for the values drawn
/// (RESERVE, or REPLACE of `replaces`), for the caller to insert. The first
/// statement is a write (the counter upsert).
pub(super) async fn draw(
    conn: &mut Conn,
    batch: &AllocationBatch,
    replaces: Option<&str>,
    how: Draw,
) -> Result<(Vec<IssuedRow>, Vec<NewAudit>), StoreError> {
    let Some(first) = batch.drafts.as_slice().first() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let series = &batch.series;
    let config = &series.config;
    let key = &batch.counter_key;
    let count = u64::try_from(batch.drafts.len())
        .map_err(|_| AppError::invalid("count", InvalidReason::BatchTooLarge))?;
    let exhausted = || StoreError::from(plan::exhausted(key, config.max_value));
    // A counter starts at 0, so a batch larger than the maximum can never
    // fit; the raise below relies on that to create a new counter at
    // `count` without a check of its own.
    if count > config.max_value {
        return Err(exhausted());
    }
    let raise = |by: u64| -> Result<CounterRaise<'_>, StoreError> {
        Ok(CounterRaise {
            counter_key: key.as_str(),
            document_type: &config.document_type,
            by: to_db(by)?,
            max: to_db(config.max_value)?,
            now: first.op.now,
        })
    };
    let raised = raise_counter(conn, raise(count)?).await?;
    // The version is read after the counter's row lock was taken: it is at
    // least as new as any series update committed before this batch could
    // draw, so a batch drawn with a cached series never outlives an update.
    if raised.series_version != Some(series.version) {
        return Err(AppError::SeriesChanged(config.document_type.clone()).into());
    }
    let last = from_db(raised.value.ok_or_else(exhausted)?)?;
    let first_value = (last + 1)
        .checked_sub(count)
        .ok_or_else(|| StoreError::corrupt(format!("counter {key} is at {last} after +{count}")))?;
    let placement = match how {
        Draw::Straight => plan::Placement::contiguous(first_value, batch.drafts.len()),
        Draw::PastCollisions => {
            let placement = place(conn, batch, first_value).await?;
            // The counter's row is locked since the first raise: taking it
            // on to the last value placed is one more raise.
            if let Some(beyond) = placement.last().and_then(|end| end.checked_sub(last))
                && beyond > 0
            {
                raise_counter(conn, raise(beyond)?)
                    .await?
                    .value
                    .ok_or_else(exhausted)?;
            }
            placement
        }
    };
    let drawn = plan::plan_draw(batch, &placement, replaces)?;
    let rows = drawn
        .rows
        .into_iter()
        .zip(&batch.drafts)
        .map(|(row, draft)| IssuedRow::from_number(row, draft.idempotency.as_ref()))
        .collect::<Result<_, _>>()?;
    Ok((rows, drawn.audit.into_iter().map(NewAudit::from).collect()))
}

/// Where the batch's drafts land from `first` on: the lookups of
/// [`plan::CollisionSearch`], each one query on the unique index
/// `(namespace, number_key)` (the dialect's `numbers_with_keys`).
async fn place(
    conn: &mut Conn,
    batch: &AllocationBatch,
    first: u64,
) -> Result<plan::Placement, StoreError> {
    let namespace = &batch.series.config.namespace;
    let mut search = plan::CollisionSearch::new(batch, first);
    let mut found = Vec::new();
    while let Some(wanted) = search.next_lookup(&found)? {
        found = numbers_with_keys(conn, namespace, wanted).await?;
    }
    Ok(search.finish())
}

/// Inserts registry rows and audit rows (multi-row INSERTs), translating
/// unique-index violations into the application's errors.
pub(super) async fn insert_rows(
    conn: &mut Conn,
    rows: &[IssuedRow],
    entries: &[NewAudit],
) -> Result<(), StoreError> {
    insert_batch(conn, rows, entries)
        .await
        .map_err(|e| explain_duplicate(e, rows))
}

/// Names what a unique violation while inserting `rows` means.
fn explain_duplicate(e: StoreError, rows: &[IssuedRow]) -> StoreError {
    let Some(index) = unique_violation(&e) else {
        return e;
    };
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return e;
    };
    let numbers = if rows.len() == 1 {
        Collided::One(first.document_number.clone())
    } else {
        Collided::OneOf {
            first: first.document_number.clone(),
            last: last.document_number.clone(),
        }
    };
    let app = match index {
        UniqueIndex::Idempotency => match rows.iter().find_map(|r| r.idempotency_key.clone()) {
            Some(key) => AppError::IdempotencyConflict(key),
            None => return e,
        },
        UniqueIndex::NamespaceNumber => {
            return StoreError::Collided(AppError::DuplicateNumber(Collision::Number {
                numbers,
                namespace: first.namespace.clone(),
            }));
        }
        UniqueIndex::CounterValue => AppError::DuplicateNumber(Collision::Value {
            numbers,
            counter: first.counter_key.clone().unwrap_or_default(),
            value: (rows.len() == 1).then(|| first.seq_value.unwrap_or_default().unsigned_abs()),
        }),
        UniqueIndex::Token | UniqueIndex::Other => return e,
    };
    StoreError::App(app)
}

/// The numbers of `namespace` whose key is one of `keys`, as `namespace = ?
/// AND number_key IN (…)`: SQLite and MariaDB look each value of the list
/// up in the unique index. (PostgreSQL has its own: see its
/// `numbers_with_keys`.)
#[allow(
    dead_code,
    reason = "PostgreSQL's dialect looks numbers up by UNNEST instead"
)]
pub(in crate::db) async fn keys_in_list(
    conn: &mut Conn,
    namespace: &str,
    keys: &[String],
) -> Result<Vec<String>, StoreError> {
    Ok(issued_numbers::table
        .filter(issued_numbers::namespace.eq(namespace))
        .filter(issued_numbers::number_key.eq_any(keys))
        .select(issued_numbers::document_number)
        .load(conn)
        .await?)
}
