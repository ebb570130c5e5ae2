//! Manual override and import: numbers registered as CONFIRMED, all or
//! none, with the counters raised past them.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use docnum_application::plan::Raise;
use docnum_application::ports::ManualRegistration;
use docnum_application::{AppError, plan};
use docnum_domain::number_key;

use super::draw::insert_rows;
use super::{Conn, audit, counter_for_update, ensure_counter, integrity};
use crate::db::errors::StoreError;
use crate::db::rows::{IssuedRow, NewAudit, from_db, micros, to_db};
use crate::db::schema::counters;

/// Inserts the CONFIRMED rows and MANUAL_OVERRIDE (or IMPORT) entries
/// [`plan::plan_registrations`] plans, then raises every counter touched as
/// [`plan::Raise::over`] says (never lowers one), auditing the raise as
/// SEQUENCE_SKIP. Fails as a whole on the first duplicate (NB005, naming
/// the number, or the numbers of its INSERT).
pub(super) async fn register(
    conn: &mut Conn,
    registrations: &[ManualRegistration],
) -> Result<Vec<IssuedRow>, StoreError> {
    let planned = plan::plan_registrations(registrations);
    let rows = planned
        .rows
        .into_iter()
        .map(|row| IssuedRow::from_number(row, None))
        .collect::<Result<Vec<_>, _>>()?;
    let mut entries: Vec<NewAudit> = planned.audit.into_iter().map(NewAudit::from).collect();
    // Multi-row INSERTs: a legacy import of 100 000 rows is 250 statements,
    // not 100 000 round trips (on a server dialect, the difference between
    // seconds and the write deadline). The look-up first names the number a
    // duplicate is about; the unique indexes still decide (a number inserted
    // concurrently after the look-up fails the INSERT, which names its range).
    check_free(conn, &rows).await?;
    insert_rows(conn, &rows, &[]).await?;
    for raise in &planned.raises {
        if let Some(entry) = apply_raise(conn, raise).await? {
            entries.push(entry);
        }
    }
    audit::append(conn, &entries).await?;
    Ok(rows)
}

/// Fails with NB005 naming the first row whose number (in its namespace:
/// by its key, so a look-alike counts) or counter value is taken, earlier
/// in the batch or in the registry.
async fn check_free(conn: &mut Conn, rows: &[IssuedRow]) -> Result<(), StoreError> {
    let mut numbers: HashSet<(&str, &str)> = HashSet::new();
    let mut values: HashSet<(&str, i64)> = HashSet::new();
    let mut by_namespace: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut by_counter: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for row in rows {
        let key = row.number_key.as_deref().unwrap_or(&row.document_number);
        if !numbers.insert((&row.namespace, key)) {
            return Err(number_taken(row));
        }
        if let (Some(key), Some(value)) = (row.counter_key.as_deref(), row.seq_value) {
            if !values.insert((key, value)) {
                return Err(value_taken(row));
            }
            by_counter.entry(key).or_default().push(from_db(value)?);
        }
        by_namespace
            .entry(&row.namespace)
            .or_default()
            .push(key.to_owned());
    }
    let mut existing: HashSet<(String, String)> = HashSet::new();
    for (namespace, asked) in by_namespace {
        for number in integrity::numbers_with_keys(conn, namespace, &asked).await? {
            existing.insert((namespace.to_owned(), number_key(&number)));
        }
    }
    let mut taken: HashSet<(String, u64)> = HashSet::new();
    for (key, asked) in by_counter {
        for value in integrity::taken_values(conn, key, &asked).await? {
            taken.insert((key.to_owned(), value));
        }
    }
    for row in rows {
        let key = row.number_key.as_deref().unwrap_or(&row.document_number);
        if existing.contains(&(row.namespace.clone(), key.to_owned())) {
            return Err(number_taken(row));
        }
        if let (Some(key), Some(value)) = (&row.counter_key, row.seq_value)
            && taken.contains(&(key.clone(), from_db(value)?))
        {
            return Err(value_taken(row));
        }
    }
    Ok(())
}

fn number_taken(row: &IssuedRow) -> StoreError {
    StoreError::App(AppError::NumberTaken {
        number: row.document_number.clone(),
        namespace: row.namespace.clone(),
    })
}

fn value_taken(row: &IssuedRow) -> StoreError {
    StoreError::App(AppError::ValueTaken {
        value: u64::try_from(row.seq_value.unwrap_or_default()).unwrap_or_default(),
        counter: row.counter_key.clone().unwrap_or_default(),
        number: row.document_number.clone(),
    })
}

/// Raises the counter to the highest value registered in it when
/// [`plan::Raise::over`] says so; returns the SEQUENCE_SKIP entry.
async fn apply_raise(conn: &mut Conn, raise: &Raise<'_>) -> Result<Option<NewAudit>, StoreError> {
    let key = raise.counter_key.as_str();
    let current = locked_counter(conn, key, raise.document_type(), raise.now()).await?;
    let Some(entry) = raise.over(current) else {
        return Ok(None);
    };
    raise_to(conn, key, raise.highest, raise.now()).await?;
    Ok(Some(NewAudit::from(entry)))
}

/// The counter's value under its row lock, created at 0 first if new.
pub(super) async fn locked_counter(
    conn: &mut Conn,
    key: &str,
    document_type: &str,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    ensure_counter(conn, key, document_type, now).await?;
    let current = counter_for_update(conn, key).await?.ok_or_else(|| {
        StoreError::corrupt(format!("counter {key} vanished inside its transaction"))
    })?;
    from_db(current)
}

/// Raises the counter to `target` (never lowers it).
pub(super) async fn raise_to(
    conn: &mut Conn,
    key: &str,
    target: u64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let target = to_db(target)?;
    diesel::update(
        counters::table
            .filter(counters::counter_key.eq(key))
            .filter(counters::current_value.lt(target)),
    )
    .set((
        counters::current_value.eq(target),
        counters::updated_at.eq(micros(now)),
    ))
    .execute(conn)
    .await?;
    Ok(())
}
