//! Rows of `issued_numbers` and `counters`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::{Insertable, Queryable, Selectable};
use docnum_application::ports::IdempotencyClaim;
use docnum_application::{IssuedNumber, NumberSource};
use docnum_domain::{CounterKey, NumberState, number_key};
use uuid::Uuid;

use super::{from_db, instant, instant_opt, json_text, micros, parse_json, parse_value, to_db};
use crate::db::errors::StoreError;
use crate::db::schema::{counters, issued_numbers};

/// One row of `issued_numbers` (without its storage id): read with
/// `IssuedRow::as_select()` and inserted as is.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = issued_numbers, treat_none_as_default_value = false)]
pub(crate) struct IssuedRow {
    pub(crate) token: String,
    pub(crate) document_type: String,
    pub(crate) namespace: String,
    pub(crate) document_number: String,
    pub(crate) number_key: Option<String>,
    pub(crate) counter_key: Option<String>,
    pub(crate) seq_value: Option<i64>,
    pub(crate) state: String,
    pub(crate) source: String,
    pub(crate) context_json: String,
    pub(crate) metadata_json: String,
    pub(crate) template: String,
    pub(crate) document_ref: Option<String>,
    pub(crate) issued_at: i64,
    pub(crate) expires_at: Option<i64>,
    pub(crate) confirmed_at: Option<i64>,
    pub(crate) closed_at: Option<i64>,
    pub(crate) issued_by: String,
    pub(crate) reason: Option<String>,
    pub(crate) replaces: Option<String>,
    pub(crate) replaced_by: Option<String>,
    pub(crate) idempotency_user: Option<String>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) request_fingerprint: Option<String>,
}

impl IssuedRow {
    /// A registry record as stored, with the idempotency key `claim` the
    /// user who issued it claimed, if any.
    pub(crate) fn from_number(
        n: IssuedNumber,
        claim: Option<&IdempotencyClaim>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            token: n.token.to_string(),
            document_type: n.document_type,
            namespace: n.namespace,
            number_key: Some(number_key(&n.document_number)),
            document_number: n.document_number,
            counter_key: n.counter_key.map(CounterKey::into_string),
            seq_value: n.value.map(to_db).transpose()?,
            state: n.state.as_str().to_owned(),
            source: n.source.as_str().to_owned(),
            context_json: json_text(&n.context)?,
            metadata_json: json_text(&n.metadata)?,
            template: n.template,
            document_ref: n.document_ref,
            issued_at: micros(n.issued_at),
            expires_at: n.expires_at.map(micros),
            confirmed_at: n.confirmed_at.map(micros),
            closed_at: n.closed_at.map(micros),
            idempotency_user: claim.map(|_| n.issued_by.clone()),
            idempotency_key: claim.map(|c| c.key.clone()),
            request_fingerprint: claim.map(|c| c.fingerprint.clone()),
            issued_by: n.issued_by,
            reason: n.reason,
            replaces: n.replaces,
            replaced_by: n.replaced_by,
        })
    }

    /// The registry record.
    pub(crate) fn into_number(self) -> Result<IssuedNumber, StoreError> {
        let what = |field: &str| format!("issued number {} {field}", self.document_number);
        let token = Uuid::parse_str(&self.token)
            .map_err(|e| StoreError::corrupt(format!("{}: {e}", what("token"))))?;
        let state = NumberState::parse(&self.state)
            .ok_or_else(|| StoreError::corrupt(format!("{} '{}'", what("state"), self.state)))?;
        let source = NumberSource::parse(&self.source)
            .ok_or_else(|| StoreError::corrupt(format!("{} '{}'", what("source"), self.source)))?;
        let context: BTreeMap<String, String> =
            parse_json(&self.context_json, &what("context_json"))?;
        let metadata = parse_value(&self.metadata_json, &what("metadata_json"))?;
        Ok(IssuedNumber {
            token,
            document_type: self.document_type,
            namespace: self.namespace,
            value: self.seq_value.map(from_db).transpose()?,
            counter_key: self.counter_key.map(CounterKey::from_stored),
            state,
            source,
            context,
            metadata,
            template: self.template,
            document_ref: self.document_ref,
            issued_at: instant(self.issued_at)?,
            expires_at: instant_opt(self.expires_at)?,
            confirmed_at: instant_opt(self.confirmed_at)?,
            closed_at: instant_opt(self.closed_at)?,
            issued_by: self.issued_by,
            reason: self.reason,
            replaces: self.replaces,
            replaced_by: self.replaced_by,
            document_number: self.document_number,
        })
    }
}

/// A counter row to create (at 0) when it does not exist yet.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = counters)]
pub(crate) struct NewCounter<'a> {
    pub(crate) counter_key: &'a str,
    pub(crate) document_type: &'a str,
    pub(crate) current_value: i64,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

impl<'a> NewCounter<'a> {
    /// A fresh counter at 0.
    pub(crate) fn new(counter_key: &'a str, document_type: &'a str, now: DateTime<Utc>) -> Self {
        Self {
            counter_key,
            document_type,
            current_value: 0,
            created_at: micros(now),
            updated_at: micros(now),
        }
    }
}

/// A batch's claim on its counter: raise it by `by` unless that would pass
/// `max` (a counter that does not exist yet is created at `by`), then read
/// the series' version. One dialect statement (plus the version read,
/// pipelined where the driver can) instead of create, raise and read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CounterRaise<'a> {
    pub(crate) counter_key: &'a str,
    pub(crate) document_type: &'a str,
    /// At least 1 and at most `max` (the caller checks both).
    pub(crate) by: i64,
    pub(crate) max: i64,
    pub(crate) now: DateTime<Utc>,
}

impl<'a> CounterRaise<'a> {
    /// The row to insert when the counter does not exist yet: already
    /// raised by `by`.
    pub(crate) fn new_row(&self) -> NewCounter<'a> {
        NewCounter {
            current_value: self.by,
            ..NewCounter::new(self.counter_key, self.document_type, self.now)
        }
    }
}

/// What a [`CounterRaise`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Raised {
    /// The counter's new value; `None` when raising it would pass `max`
    /// (nothing changed then).
    pub(crate) value: Option<i64>,
    /// The series' version, read after the counter's row lock was taken;
    /// `None` when the series is gone.
    pub(crate) series_version: Option<i64>,
}
