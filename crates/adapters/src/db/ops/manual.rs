//! Manual override and import: numbers registered as CONFIRMED, all or
//! none, with the counters raised past them.

use std::collections::BTreeMap;

use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use docnum_application::NumberSource;
use docnum_application::ports::ManualRegistration;
use serde_json::{Value, json};
use uuid::Uuid;

use super::draw::insert_rows;
use super::{Conn, audit, counter_for_update, ensure_counter};
use crate::db::errors::StoreError;
use crate::db::rows::{IssuedRow, NewAudit, from_db, micros, to_db};
use crate::db::schema::counters;

/// What the registrations of one counter ask of it.
struct Touched<'a> {
    /// The registration with the highest value (its series and request).
    top: &'a ManualRegistration,
    /// Every value registered in this batch.
    values: Vec<u64>,
}

/// Inserts each registration as a CONFIRMED row with its MANUAL_OVERRIDE
/// (or IMPORT) audit row, then raises every counter touched to the highest
/// value registered in it (never lowers one), auditing the raise as
/// SEQUENCE_SKIP with the values skipped. Fails as a whole on the first
/// duplicate (NB005, naming the number).
pub(super) async fn register(
    conn: &mut Conn,
    registrations: &[ManualRegistration],
) -> Result<Vec<IssuedRow>, StoreError> {
    let mut rows = Vec::with_capacity(registrations.len());
    let mut entries = Vec::with_capacity(registrations.len());
    let mut touched: BTreeMap<&str, Touched<'_>> = BTreeMap::new();
    for reg in registrations {
        let row = IssuedRow::registered(reg, Uuid::new_v4())?;
        // One row per statement, so that a duplicate names its number.
        insert_rows(conn, std::slice::from_ref(&row)).await?;
        let operation = match reg.source {
            NumberSource::Import => "IMPORT",
            _ => "MANUAL_OVERRIDE",
        };
        entries.push(
            NewAudit::new(operation, &row.document_type, &reg.op)
                .number(&row.document_number)
                .counter(row.counter_key.as_deref())
                .template(&row.template)
                .values(None, row.seq_value.map(|v| v.to_string()))
                .meta(&json!({
                    "token": row.token,
                    "reason": reg.reason.as_str(),
                    "source": reg.source.as_str(),
                    "follows_template": reg.manual.counted.is_some(),
                })),
        );
        if let Some((key, value)) = &reg.manual.counted {
            let t = touched.entry(key.as_str()).or_insert(Touched {
                top: reg,
                values: Vec::new(),
            });
            if t.values.iter().all(|v| v < value) {
                t.top = reg;
            }
            t.values.push(*value);
        }
        rows.push(row);
    }
    for (key, t) in touched {
        if let Some(entry) = raise(conn, key, &t).await? {
            entries.push(entry);
        }
    }
    audit::append(conn, &entries).await?;
    Ok(rows)
}

/// Raises the counter to the highest value registered in it, if that is
/// higher; returns the SEQUENCE_SKIP entry recording the raise.
async fn raise(
    conn: &mut Conn,
    key: &str,
    t: &Touched<'_>,
) -> Result<Option<NewAudit>, StoreError> {
    let highest = t.values.iter().copied().max().unwrap_or_default();
    let config = &t.top.series.config;
    let op = &t.top.op;
    ensure_counter(conn, key, &config.document_type, op.now).await?;
    let current = counter_for_update(conn, key).await?.ok_or_else(|| {
        StoreError::corrupt(format!("counter {key} vanished inside its transaction"))
    })?;
    let current = from_db(current)?;
    if highest <= current {
        return Ok(None);
    }
    let target = to_db(highest)?;
    diesel::update(
        counters::table
            .filter(counters::counter_key.eq(key))
            .filter(counters::current_value.lt(target)),
    )
    .set((
        counters::current_value.eq(target),
        counters::updated_at.eq(micros(op.now)),
    ))
    .execute(conn)
    .await?;
    Ok(Some(
        NewAudit::new("SEQUENCE_SKIP", &config.document_type, op)
            .counter(Some(key))
            .template(&config.template)
            .values(Some(current.to_string()), Some(highest.to_string()))
            .meta(&skip_metadata(current, highest, &t.values, t.top)),
    ))
}

/// `{"skipped_from", "skipped_to", "registered", "skipped": [[from, to], …],
/// "reason"}`: the values between the old counter and the highest
/// registration, and those of them no registration of this batch took.
fn skip_metadata(current: u64, highest: u64, values: &[u64], top: &ManualRegistration) -> Value {
    let mut taken: Vec<u64> = values
        .iter()
        .copied()
        .filter(|v| *v > current && *v < highest)
        .collect();
    taken.sort_unstable();
    taken.dedup();
    let mut gaps = Vec::new();
    let mut next = current + 1;
    for v in taken.into_iter().chain(std::iter::once(highest)) {
        if v > next {
            gaps.push(json!([next, v - 1]));
        }
        next = v + 1;
    }
    let mut meta = json!({
        "registered": highest,
        "skipped": gaps,
        "reason": top.reason.as_str(),
        "document_number": top.manual.number.as_str(),
    });
    if current + 1 < highest {
        meta["skipped_from"] = json!(current + 1);
        meta["skipped_to"] = json!(highest - 1);
    }
    meta
}
