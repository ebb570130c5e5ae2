//! One row of a legacy import: from the CSV's text to a validated
//! registration, or the reason it cannot be imported.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use docnum_domain::rules::validate_imported_number;
use docnum_domain::{Context, DocumentNumber, Reason, SeriesTimeZone};
use serde_json::Value;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::NumberSource;
use crate::ports::{ManualRegistration, OpContext};
use crate::series_config::SeriesRecord;
use crate::service::Numbering;

/// One row of a legacy CSV file (`document_type,document_number,
/// created_at,metadata`), as read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LegacyRecord {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    /// The series.
    pub document_type: String,
    /// The number as the legacy system issued it.
    pub document_number: String,
    /// When the legacy system created it: RFC 3339, or `YYYY-MM-DD[ HH:MM[:SS]]`
    /// read in the series' time zone.
    pub created_at: String,
    /// A JSON object, or empty. Its `context` object (context values by
    /// name) disambiguates matching, like the `context` of a manual override.
    pub metadata: String,
}

/// The series looked up so far, by document type (a failure is kept too,
/// so that a bad type costs one query, not one per row).
pub(crate) type SeriesCache = HashMap<String, Result<Arc<SeriesRecord>, AppError>>;

/// What a legacy row needs besides its text.
pub(crate) struct RowSetting<'a> {
    /// Why the rows are imported (the audit's reason).
    pub(crate) reason: &'a Reason,
    /// The import request.
    pub(crate) op: &'a OpContext,
}

impl Numbering {
    /// Validates one row against its series: the series exists, the number
    /// follows its template, `created_at` and `metadata` parse. Duplicates
    /// are the caller's to find.
    pub(crate) async fn legacy_registration(
        &self,
        record: &LegacyRecord,
        cache: &mut SeriesCache,
        setting: &RowSetting<'_>,
    ) -> Result<ManualRegistration, AppError> {
        let document_type = record.document_type.trim();
        let series = if let Some(found) = cache.get(document_type) {
            found.clone()
        } else {
            let found = self.load_series(document_type).await;
            // A database hiccup says nothing about this type: not kept.
            if !matches!(&found, Err(e) if e.is_transient()) {
                cache.insert(document_type.to_owned(), found.clone());
            }
            found
        }?;
        let number = DocumentNumber::new(record.document_number.trim())?;
        let zone = series.series.params().time_zone;
        let created_at = parse_created_at(&record.created_at, zone, setting.op.now)?;
        let metadata = parse_metadata(&record.metadata)?;
        let hint = if let Some(ctx) = metadata.get("context") {
            context_hint(ctx)?
        } else {
            Context::new()
        };
        let manual = validate_imported_number(&series.series, &number, &hint, created_at)?;
        Ok(ManualRegistration {
            series,
            manual,
            reason: setting.reason.clone(),
            metadata,
            source: NumberSource::Import,
            issued_at: created_at,
            op: setting.op.clone(),
        })
    }
}

/// `created_at`: RFC 3339 with an offset, or a wall-clock date (and time)
/// in the series' zone; not after `now`.
pub(crate) fn parse_created_at(
    raw: &str,
    zone: SeriesTimeZone,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, AppError> {
    let raw = raw.trim();
    let invalid = |why: InvalidReason| AppError::invalid("created_at", why);
    if raw.is_empty() {
        return Err(invalid(InvalidReason::CreatedAtEmpty));
    }
    let instant = if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        t.with_timezone(&Utc)
    } else {
        let local = [
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .ok_or_else(|| {
            invalid(InvalidReason::NotADate {
                value: raw.to_owned(),
            })
        })?;
        zone.instant_of(local).ok_or_else(|| {
            invalid(InvalidReason::SkippedByClock {
                value: raw.to_owned(),
                time_zone: zone.name(),
            })
        })?
    };
    if instant > now {
        return Err(invalid(InvalidReason::InFuture {
            value: raw.to_owned(),
        }));
    }
    Ok(instant)
}

/// The largest `metadata` of an imported row, in bytes (as the API's).
pub(crate) const MAX_IMPORT_METADATA_BYTES: usize = 16 * 1024;

/// `metadata`: empty, or a JSON object of at most 16 KiB.
fn parse_metadata(raw: &str) -> Result<Value, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Value::Null);
    }
    if raw.len() > MAX_IMPORT_METADATA_BYTES {
        return Err(AppError::invalid(
            "metadata",
            InvalidReason::MetadataTooLarge {
                max_kib: MAX_IMPORT_METADATA_BYTES / 1024,
                got: raw.len(),
            },
        ));
    }
    match serde_json::from_str::<Value>(raw) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(AppError::invalid(
            "metadata",
            InvalidReason::MetadataNotObject,
        )),
        Err(e) => Err(AppError::invalid(
            "metadata",
            InvalidReason::MetadataNotJson {
                line: e.line(),
                column: e.column(),
            },
        )),
    }
}

/// `metadata.context`: an object of context values by name.
fn context_hint(raw: &Value) -> Result<Context, AppError> {
    let Some(map) = raw.as_object() else {
        return Err(AppError::invalid(
            "metadata.context",
            InvalidReason::ContextNotObject,
        ));
    };
    let mut pairs = Vec::with_capacity(map.len());
    for (name, value) in map {
        let Some(value) = value.as_str() else {
            return Err(AppError::invalid(
                "metadata.context",
                InvalidReason::ContextValueNotText { name: name.clone() },
            ));
        };
        pairs.push((name.as_str(), value));
    }
    Ok(Context::from_pairs(pairs)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2025-06-15T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn created_at_forms() {
        let utc = SeriesTimeZone::default();
        let bkk = SeriesTimeZone::new("Asia/Bangkok").unwrap();
        let at = |raw: &str, zone| parse_created_at(raw, zone, now()).map(|t| t.to_rfc3339());
        assert_eq!(
            at("2024-03-01", utc).ok().as_deref(),
            Some("2024-03-01T00:00:00+00:00")
        );
        assert_eq!(
            at("2024-03-01", bkk).ok().as_deref(),
            Some("2024-02-29T17:00:00+00:00")
        );
        assert_eq!(
            at("2024-03-01 10:30", utc).ok().as_deref(),
            Some("2024-03-01T10:30:00+00:00")
        );
        assert_eq!(
            at("2024-03-01T10:30:15+07:00", utc).ok().as_deref(),
            Some("2024-03-01T03:30:15+00:00")
        );
        for bad in ["", "yesterday", "2024-13-01", "2026-01-01"] {
            assert!(at(bad, utc).is_err(), "{bad}");
        }
    }

    #[test]
    fn metadata_is_an_object_or_empty() {
        assert_eq!(parse_metadata(" ").ok(), Some(Value::Null));
        assert!(parse_metadata(r#"{"a":1}"#).is_ok());
        assert!(parse_metadata("[1]").is_err());
        assert!(parse_metadata("{oops").is_err());
    }

    #[test]
    fn metadata_is_bounded() {
        let fits = format!(r#"{{"a":"{}"}}"#, "x".repeat(MAX_IMPORT_METADATA_BYTES - 8));
        assert!(parse_metadata(&fits).is_ok());
        let big = format!(r#"{{"a":"{}"}}"#, "x".repeat(MAX_IMPORT_METADATA_BYTES));
        let err = parse_metadata(&big).unwrap_err();
        assert_eq!(err.code(), docnum_domain::ErrorCode::NB009, "{err}");
        assert!(err.to_string().contains("16 KiB"), "{err}");
    }
}
