//! The integrity queries behind `docnum validate` and `check-duplicates`,
//! and the registry look-ups of the legacy import's dry run. What SQL can
//! aggregate (GROUP BY … HAVING COUNT(*) > 1, MAX per counter) it does; the
//! values of one counter are read in keyset pages.

use std::collections::BTreeMap;

use diesel::dsl::{count_star, max};
use diesel::{BoolExpressionMethods, ExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::RunQueryDsl;
use docnum_application::ports::{
    CounterIntegrity, DuplicateNumber, DuplicateValue, RegisteredNumber,
};

use super::Conn;
use crate::db::errors::StoreError;
use crate::db::rows::{from_db, parse_json, to_db};
use crate::db::schema::{counters, issued_numbers};

/// Values per `IN (…)` list: far below every dialect's bind-parameter limit.
const LOOKUP_CHUNK: usize = 500;

/// Every counter and every counter key the registry names, by key.
pub(super) async fn counter_integrity(
    conn: &mut Conn,
) -> Result<Vec<CounterIntegrity>, StoreError> {
    let rows: Vec<(String, String, i64)> = counters::table
        .select((
            counters::counter_key,
            counters::document_type,
            counters::current_value,
        ))
        .load(conn)
        .await?;
    let mut out = BTreeMap::new();
    for (key, document_type, current) in rows {
        let item = CounterIntegrity {
            counter_key: key.clone(),
            document_type,
            current_value: Some(from_db(current)?),
            highest_issued: None,
            issued: 0,
        };
        out.insert(key, item);
    }
    let issued: Vec<(Option<String>, String, Option<i64>, i64)> = issued_numbers::table
        .filter(issued_numbers::counter_key.is_not_null())
        .group_by((issued_numbers::counter_key, issued_numbers::document_type))
        .select((
            issued_numbers::counter_key,
            issued_numbers::document_type,
            max(issued_numbers::seq_value),
            count_star(),
        ))
        .load(conn)
        .await?;
    for (key, document_type, highest, count) in issued {
        let Some(key) = key else { continue };
        let item = out.entry(key.clone()).or_insert_with(|| CounterIntegrity {
            counter_key: key,
            document_type,
            current_value: None,
            highest_issued: None,
            issued: 0,
        });
        item.issued += from_db(count)?;
        if let Some(h) = highest.map(from_db).transpose()? {
            item.highest_issued = Some(item.highest_issued.map_or(h, |old| old.max(h)));
        }
    }
    Ok(out.into_values().collect())
}

/// One keyset page of a counter's values above `after`, ascending.
pub(super) async fn issued_values(
    conn: &mut Conn,
    counter_key: &str,
    after: u64,
    limit: u32,
) -> Result<Vec<u64>, StoreError> {
    let values: Vec<Option<i64>> = issued_numbers::table
        .filter(issued_numbers::counter_key.eq(counter_key))
        .filter(issued_numbers::seq_value.gt(to_db(after)?))
        .order(issued_numbers::seq_value.asc())
        .limit(i64::from(limit))
        .select(issued_numbers::seq_value)
        .load(conn)
        .await?;
    values.into_iter().flatten().map(from_db).collect()
}

/// `(counter, value)` pairs held by more than one row, with their numbers.
pub(super) async fn duplicate_values(
    conn: &mut Conn,
    limit: u32,
) -> Result<Vec<DuplicateValue>, StoreError> {
    let groups: Vec<(Option<String>, Option<i64>)> = issued_numbers::table
        .filter(
            issued_numbers::counter_key
                .is_not_null()
                .and(issued_numbers::seq_value.is_not_null()),
        )
        .group_by((issued_numbers::counter_key, issued_numbers::seq_value))
        .having(count_star().gt(1))
        .order((
            issued_numbers::counter_key.asc(),
            issued_numbers::seq_value.asc(),
        ))
        .limit(i64::from(limit))
        .select((issued_numbers::counter_key, issued_numbers::seq_value))
        .load(conn)
        .await?;
    let mut out = Vec::with_capacity(groups.len());
    for (key, value) in groups {
        let (Some(key), Some(value)) = (key, value) else {
            continue;
        };
        let document_numbers: Vec<String> = issued_numbers::table
            .filter(issued_numbers::counter_key.eq(&key))
            .filter(issued_numbers::seq_value.eq(value))
            .order(issued_numbers::document_number.asc())
            .select(issued_numbers::document_number)
            .load(conn)
            .await?;
        out.push(DuplicateValue {
            counter_key: key,
            value: from_db(value)?,
            document_numbers,
        });
    }
    Ok(out)
}

/// Rendered numbers held by more than one row of a namespace.
pub(super) async fn duplicate_numbers(
    conn: &mut Conn,
    limit: u32,
) -> Result<Vec<DuplicateNumber>, StoreError> {
    let groups: Vec<(String, String, i64)> = issued_numbers::table
        .group_by((issued_numbers::namespace, issued_numbers::document_number))
        .having(count_star().gt(1))
        .order((
            issued_numbers::namespace.asc(),
            issued_numbers::document_number.asc(),
        ))
        .limit(i64::from(limit))
        .select((
            issued_numbers::namespace,
            issued_numbers::document_number,
            count_star(),
        ))
        .load(conn)
        .await?;
    groups
        .into_iter()
        .map(|(namespace, document_number, count)| {
            Ok(DuplicateNumber {
                namespace,
                document_number,
                count: from_db(count)?,
            })
        })
        .collect()
}

/// Those of `numbers` the registry holds in `namespace`, sorted, once each.
pub(super) async fn existing_numbers(
    conn: &mut Conn,
    namespace: &str,
    numbers: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    for chunk in numbers.chunks(LOOKUP_CHUNK) {
        let rows: Vec<String> = issued_numbers::table
            .filter(issued_numbers::namespace.eq(namespace))
            .filter(issued_numbers::document_number.eq_any(chunk))
            .select(issued_numbers::document_number)
            .load(conn)
            .await?;
        found.extend(rows);
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// The numbers of `namespace` whose key is one of `keys`, sorted, once each.
pub(super) async fn numbers_with_keys(
    conn: &mut Conn,
    namespace: &str,
    keys: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    for chunk in keys.chunks(LOOKUP_CHUNK) {
        found.extend(super::numbers_with_keys(conn, namespace, chunk).await?);
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// Those of `values` the registry holds for `counter_key`, sorted, once each.
pub(super) async fn taken_values(
    conn: &mut Conn,
    counter_key: &str,
    values: &[u64],
) -> Result<Vec<u64>, StoreError> {
    let mut found = Vec::new();
    for chunk in values.chunks(LOOKUP_CHUNK) {
        let wanted = chunk
            .iter()
            .map(|v| to_db(*v))
            .collect::<Result<Vec<i64>, _>>()?;
        let rows: Vec<Option<i64>> = issued_numbers::table
            .filter(issued_numbers::counter_key.eq(counter_key))
            .filter(issued_numbers::seq_value.eq_any(wanted))
            .select(issued_numbers::seq_value)
            .load(conn)
            .await?;
        for v in rows.into_iter().flatten() {
            found.push(from_db(v)?);
        }
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// The context of the number with the highest value of `counter_key`.
pub(super) async fn latest_context(
    conn: &mut Conn,
    counter_key: &str,
) -> Result<Option<BTreeMap<String, String>>, StoreError> {
    let text: Option<String> = issued_numbers::table
        .filter(issued_numbers::counter_key.eq(counter_key))
        .filter(issued_numbers::seq_value.is_not_null())
        .order(issued_numbers::seq_value.desc())
        .select(issued_numbers::context_json)
        .first(conn)
        .await
        .optional()?;
    text.map(|t| parse_json(&t, &format!("context_json of counter {counter_key}")))
        .transpose()
}

/// Registry rows after `after_id` by id, at most `limit`.
pub(super) async fn numbers_after(
    conn: &mut Conn,
    after_id: i64,
    limit: u32,
) -> Result<Vec<RegisteredNumber>, StoreError> {
    let rows: Vec<(i64, String, String)> = issued_numbers::table
        .filter(issued_numbers::id.gt(after_id))
        .order(issued_numbers::id.asc())
        .limit(i64::from(limit))
        .select((
            issued_numbers::id,
            issued_numbers::namespace,
            issued_numbers::document_number,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, namespace, document_number)| RegisteredNumber {
            id,
            namespace,
            document_number,
        })
        .collect())
}
