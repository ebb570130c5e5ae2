//! Row structs (what Diesel reads and writes) and their conversions to and
//! from the application's records. Shared by every dialect: the columns are
//! the same everywhere, only the SQL around them may differ.
//!
//! Timestamps are stored as microseconds since the Unix epoch (UTC), JSON as
//! text, unsigned values as BIGINT. Decoding never panics: a value that does
//! not decode is reported as [`StoreError::corrupt`].

mod audit;
mod issued;
mod series;

pub(crate) use audit::{AuditRow, NewAudit};
pub(crate) use issued::{CounterRaise, IssuedRow, NewCounter, Raised};
pub(crate) use series::{HistoryRow, NewHistory, SeriesRow};

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::db::errors::StoreError;

/// An instant as stored: microseconds since the Unix epoch.
pub(crate) fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// A stored instant.
pub(crate) fn instant(us: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_micros(us)
        .ok_or_else(|| StoreError::corrupt(format!("timestamp {us} µs is out of range")))
}

/// An optional stored instant.
pub(crate) fn instant_opt(us: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    us.map(instant).transpose()
}

/// A sequence value or maximum as stored (every value docnum accepts fits).
pub(crate) fn to_db(value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| {
        StoreError::App(docnum_application::AppError::invalid(
            "value",
            docnum_application::InvalidReason::TooLarge { value },
        ))
    })
}

/// A stored sequence value.
pub(crate) fn from_db(value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::corrupt(format!("negative value {value}")))
}

/// JSON text for storage.
pub(crate) fn json_text(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| {
        StoreError::App(docnum_application::AppError::Internal(format!(
            "cannot encode JSON: {e}"
        )))
    })
}

/// Stored JSON text, decoded.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::corrupt(format!("{what}: {e}")))
}

/// Stored free JSON (metadata), decoded.
pub(crate) fn parse_value(text: &str, what: &str) -> Result<Value, StoreError> {
    parse_json(text, what)
}
