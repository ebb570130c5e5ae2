//! Statements that take whole arrays. Multi-row INSERTs as one statement
//! whatever the number of rows:
//! `INSERT … SELECT * FROM UNNEST($1::text[], $2::bigint[], …)`, one array
//! per column. The SQL text never changes, so the statement is prepared
//! once per connection (when run as a `Cacheable`: Diesel never caches a
//! `sql_query` by itself); the server decodes one array per column instead
//! of one parameter per value (a 128-row registry INSERT binds 23 arrays,
//! not 2 944 values), and docnum encodes them as plainly.
//!
//! Assignment casts apply as for `VALUES`: a text longer than its
//! `VARCHAR(n)` column fails the statement, it is never cut short. And the
//! lookup of many document numbers at once ([`existing`]).

use diesel::pg::Pg;
use diesel::query_builder::{QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text};

use crate::db::rows::{IssuedRow, NewAudit};

/// One column of `rows`.
fn column<'a, R, T>(rows: &'a [R], value: impl Fn(&'a R) -> T) -> Vec<T> {
    rows.iter().map(value).collect()
}

/// The INSERT of registry rows.
pub(super) fn issued(rows: &[IssuedRow]) -> impl QueryFragment<Pg> + QueryId + Send + '_ {
    diesel::sql_query(
        "INSERT INTO issued_numbers (token, document_type, namespace, document_number, \
         counter_key, seq_value, state, source, context_json, metadata_json, template, \
         document_ref, issued_at, expires_at, confirmed_at, closed_at, issued_by, reason, \
         replaces, replaced_by, idempotency_user, idempotency_key, request_fingerprint, \
         number_key) \
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
         $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], \
         $12::text[], $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[], \
         $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], \
         $23::text[], $24::text[])",
    )
    .bind::<Array<Text>, _>(column(rows, |r| r.token.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.document_type.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.namespace.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.document_number.as_str()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.counter_key.as_deref()))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.seq_value))
    .bind::<Array<Text>, _>(column(rows, |r| r.state.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.source.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.context_json.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.metadata_json.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.template.as_str()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.document_ref.as_deref()))
    .bind::<Array<BigInt>, _>(column(rows, |r| r.issued_at))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.expires_at))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.confirmed_at))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.closed_at))
    .bind::<Array<Text>, _>(column(rows, |r| r.issued_by.as_str()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.reason.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.replaces.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.replaced_by.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.idempotency_user.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.idempotency_key.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.request_fingerprint.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.number_key.as_deref()))
}

/// The INSERT of audit rows.
pub(super) fn audit(rows: &[NewAudit]) -> impl QueryFragment<Pg> + QueryId + Send + '_ {
    diesel::sql_query(
        "INSERT INTO audit_log (occurred_at, operation, document_type, document_number, \
         counter_key, template, old_value, new_value, user_id, ip, user_agent, duration_ms, \
         fallback_used, metadata_json) \
         SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], \
         $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], \
         $12::bigint[], $13::boolean[], $14::text[])",
    )
    .bind::<Array<BigInt>, _>(column(rows, |r| r.occurred_at))
    .bind::<Array<Text>, _>(column(rows, |r| r.operation.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.document_type.as_str()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.document_number.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.counter_key.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.template.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.old_value.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.new_value.as_deref()))
    .bind::<Array<Text>, _>(column(rows, |r| r.user_id.as_str()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.ip.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.user_agent.as_deref()))
    .bind::<Array<BigInt>, _>(column(rows, |r| r.duration_ms))
    .bind::<Array<Bool>, _>(column(rows, |r| r.fallback_used))
    .bind::<Array<Text>, _>(column(rows, |r| r.metadata_json.as_str()))
}

/// A document number found by [`existing`].
#[derive(diesel::QueryableByName)]
struct Existing {
    #[diesel(sql_type = Text)]
    document_number: String,
}

/// The numbers of `namespace` whose key is one of `keys` (numbers whose
/// compatibility form is one of `keys`): one unique-index lookup per
/// key (`OFFSET 0` keeps the planner from flattening the LATERAL
/// subquery into a join that reads the whole namespace), so a lookup costs
/// the window's size whatever the namespace holds. `document_number =
/// ANY($1)` under a generic plan filtered every row of the namespace
/// against the whole array: ~0.8 s per 4 096-rendering window once a twin
/// counter had issued 10 000 numbers there.
pub(super) async fn existing(
    conn: &mut diesel_async::AsyncPgConnection,
    namespace: &str,
    keys: &[String],
) -> diesel::QueryResult<Vec<String>> {
    use diesel_async::RunQueryDsl as _;
    let found: Vec<Existing> = crate::db::statement::Cacheable(
        diesel::sql_query(
            "SELECT i.document_number FROM UNNEST($1::text[]) AS w(number_key) \
             CROSS JOIN LATERAL (SELECT document_number FROM issued_numbers \
             WHERE namespace = $2 AND number_key = w.number_key OFFSET 0) AS i",
        )
        .bind::<Array<Text>, _>(keys)
        .bind::<Text, _>(namespace),
    )
    .load(conn)
    .await?;
    Ok(found.into_iter().map(|e| e.document_number).collect())
}
