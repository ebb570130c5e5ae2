//! Drawing values from a counter: the heart of reserve (and of the
//! replacement issued by void).

use docnum_application::AppError;
use docnum_application::ports::AllocationBatch;
use docnum_domain::DomainError;
use serde_json::json;

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
/// new) and renders one row per draft; returns the rows in draft order
/// with their audit rows, for the caller to insert. The first statement
/// is a write (the counter upsert). Without `replaces` the rows are
/// RESERVED (audit RESERVE); with it they are the CONFIRMED replacement of
/// that number (audit REPLACE).
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
    let key = batch.counter_key.as_str();
    let count = u64::try_from(batch.drafts.len())
        .map_err(|_| AppError::invalid("count", "too many numbers in one batch"))?;
    let exhausted = || -> StoreError {
        DomainError::SequenceExhausted {
            counter_key: key.to_owned(),
            max_value: config.max_value,
        }
        .into()
    };
    // A counter starts at 0, so a batch larger than the maximum can never
    // fit; the raise below relies on that to create a new counter at
    // `count` without a check of its own.
    if count > config.max_value {
        return Err(exhausted());
    }
    let raised = raise_counter(
        conn,
        CounterRaise {
            counter_key: key,
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

    let operation = if replaces.is_some() {
        "REPLACE"
    } else {
        "RESERVE"
    };
    let mut rows = Vec::with_capacity(batch.drafts.len());
    let mut entries = Vec::with_capacity(batch.drafts.len());
    for (value, draft) in (first_value..).zip(&batch.drafts) {
        let number = series
            .series
            .render(value, &draft.context, draft.period)?
            .into_string();
        let row = IssuedRow::drawn(series, key, value, number, draft, replaces)?;
        let mut meta = json!({ "token": draft.token });
        if let Some(claim) = &draft.idempotency {
            meta["idempotency_key"] = json!(claim.key);
        }
        if let Some(replaced) = replaces {
            meta["replaces"] = json!(replaced);
        }
        entries.push(
            NewAudit::new(operation, &config.document_type, &draft.op)
                .number(&row.document_number)
                .counter(Some(key))
                .template(&config.template)
                .values(Some((value - 1).to_string()), Some(value.to_string()))
                .meta(&meta),
        );
        rows.push(row);
    }
    Ok((rows, entries))
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
