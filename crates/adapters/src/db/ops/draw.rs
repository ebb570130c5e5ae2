//! Drawing values from a counter: the heart of reserve (and of the
//! replacement issued by void).

use docnum_application::AppError;
use docnum_application::ports::AllocationBatch;
use docnum_domain::DomainError;
use serde_json::json;

use super::{Conn, INSERT_CHUNK, audit, bump_counter, ensure_counter, insert_issued, series};
use crate::db::errors::{StoreError, UniqueIndex, unique_violation};
use crate::db::rows::{IssuedRow, NewAudit, from_db, to_db};

/// Reserve: draws the batch's numbers as RESERVED rows, each with its
/// RESERVE audit row; returns the rows in draft order.
pub(super) async fn allocate(
    conn: &mut Conn,
    batch: &AllocationBatch,
) -> Result<Vec<IssuedRow>, StoreError> {
    let (rows, entries) = draw(conn, batch, None).await?;
    audit::append(conn, &entries).await?;
    Ok(rows)
}

/// Raises the batch's counter by the number of drafts (creating it at 0 if
/// new), renders and inserts one row per draft, and returns the rows in
/// draft order with the audit rows the caller appends. The first statement
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

    ensure_counter(conn, key, &config.document_type, first.op.now).await?;
    let bumped = bump_counter(
        conn,
        key,
        to_db(count)?,
        to_db(config.max_value)?,
        first.op.now,
    )
    .await?;
    // After the counter's row lock: the series read here is at least as new
    // as any update committed before this batch could draw.
    series::require_version(conn, &config.document_type, series.version).await?;
    let Some(last) = bumped else {
        return Err(DomainError::SequenceExhausted {
            counter_key: key.to_owned(),
            max_value: config.max_value,
        }
        .into());
    };
    let last = from_db(last)?;
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
    insert_rows(conn, &rows).await?;
    Ok((rows, entries))
}

/// Inserts registry rows (multi-row INSERTs), translating unique-index
/// violations into the application's errors.
pub(super) async fn insert_rows(conn: &mut Conn, rows: &[IssuedRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(INSERT_CHUNK) {
        if let Err(e) = insert_issued(conn, chunk.to_vec()).await {
            return Err(explain_duplicate(e, chunk));
        }
    }
    Ok(())
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
