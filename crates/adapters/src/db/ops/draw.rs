//! Drawing values from a counter: the heart of reserve (and of the
//! replacement issued by void).

use docnum_application::ports::AllocationBatch;
use docnum_application::{AppError, plan};

use super::{Conn, insert_batch, raise_counter};
use crate::db::errors::{StoreError, UniqueIndex, unique_violation};
use crate::db::rows::{CounterRaise, IssuedRow, NewAudit, from_db, to_db};

/// Reserve: draws the batch's numbers as RESERVED rows, each with its
/// RESERVE audit row; returns the rows in draft order.
pub(super) async fn allocate(
    conn: &mut Conn,
    batch: &AllocationBatch,
) -> Result<Vec<IssuedRow>, StoreError> {
    let (rows, entries) = draw(conn, batch, None).await?;
    insert_rows(conn, &rows, &entries).await?;
    Ok(rows)
}

/// Raises the batch's counter by the number of drafts (creating it if
/// new) and returns the rows and audit rows [`plan::plan_draw`] plans for
/// the values drawn (RESERVE, or REPLACE of `replaces`), for the caller to
/// insert. The first statement is a write (the counter upsert).
pub(super) async fn draw(
    conn: &mut Conn,
    batch: &AllocationBatch,
    replaces: Option<&str>,
) -> Result<(Vec<IssuedRow>, Vec<NewAudit>), StoreError> {
    let Some(first) = batch.drafts.as_slice().first() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let series = &batch.series;
    let config = &series.config;
    let key = &batch.counter_key;
    let count = u64::try_from(batch.drafts.len())
        .map_err(|_| AppError::invalid("count", "too many numbers in one batch"))?;
    let exhausted = || StoreError::from(plan::exhausted(key, config.max_value));
    // A counter starts at 0, so a batch larger than the maximum can never
    // fit; the raise below relies on that to create a new counter at
    // `count` without a check of its own.
    if count > config.max_value {
        return Err(exhausted());
    }
    let raised = raise_counter(
        conn,
        CounterRaise {
            counter_key: key.as_str(),
            document_type: &config.document_type,
            by: to_db(count)?,
            max: to_db(config.max_value)?,
            now: first.op.now,
        },
    )
    .await?;
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
    let drawn = plan::plan_draw(batch, first_value, replaces)?;
    let rows = drawn
        .rows
        .into_iter()
        .zip(&batch.drafts)
        .map(|(row, draft)| IssuedRow::from_number(row, draft.idempotency.as_ref()))
        .collect::<Result<_, _>>()?;
    Ok((rows, drawn.audit.into_iter().map(NewAudit::from).collect()))
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
        format!("document number {}", first.document_number)
    } else {
        format!(
            "one of the document numbers {} … {}",
            first.document_number, last.document_number
        )
    };
    let app = match index {
        UniqueIndex::Idempotency => match rows.iter().find_map(|r| r.idempotency_key.clone()) {
            Some(key) => AppError::IdempotencyConflict(key),
            None => return e,
        },
        UniqueIndex::NamespaceNumber => AppError::DuplicateNumber(format!(
            "{numbers} already exists in namespace {}; choose another number",
            first.namespace
        )),
        UniqueIndex::CounterValue => {
            let value = if rows.len() == 1 {
                format!(
                    "sequence value {} of counter {}",
                    first.seq_value.unwrap_or_default(),
                    first.counter_key.as_deref().unwrap_or_default()
                )
            } else {
                format!(
                    "a sequence value of counter {}",
                    first.counter_key.as_deref().unwrap_or_default()
                )
            };
            AppError::DuplicateNumber(format!(
                "{value} is already taken by another number, so {numbers} cannot be added to the registry"
            ))
        }
        UniqueIndex::Token | UniqueIndex::Other => return e,
    };
    StoreError::App(app)
}
