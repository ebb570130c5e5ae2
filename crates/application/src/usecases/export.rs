//! Audit export (`docnum audit-export`): the audit log for a time range,
//! streamed as CSV, a JSON array or JSON lines.
//!
//! The entries are read in keyset pages of [`MAX_AUDIT_PAGE`] by id and
//! written as they come, so memory stays constant whatever the range holds.
//! Entries appended while the export runs are included when they fall in
//! the range (the pages follow the ids), so an export of a closed range is
//! exact.

use std::io::Write;

use docnum_domain::AuditOperation;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::{AuditEntry, AuditFilter};
use crate::service::Numbering;
use crate::usecases::MAX_AUDIT_PAGE;

/// The CSV header, one column per audit field (metadata as JSON text).
pub const AUDIT_CSV_HEADER: [&str; 15] = [
    "id",
    "occurred_at",
    "operation",
    "document_type",
    "document_number",
    "counter_key",
    "template",
    "old_value",
    "new_value",
    "user_id",
    "ip",
    "user_agent",
    "duration_ms",
    "fallback_used",
    "metadata",
];

/// How the export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditFormat {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON array of entries.
    Json,
    /// One JSON object per line.
    JsonLines,
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the audit log failed (or the filter was invalid).
    #[error(transparent)]
    Store(#[from] AppError),
    /// Writing the output failed (disk full, closed pipe …).
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        Self::Write(std::io::Error::other(e))
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(e: serde_json::Error) -> Self {
        Self::Write(std::io::Error::other(e))
    }
}

impl Numbering {
    /// Writes every audit entry matching `filter` (its `after_id` and
    /// `limit` are ignored) to `out`, oldest first; returns how many.
    pub async fn export_audit<W: Write + Send>(
        &self,
        filter: &AuditFilter,
        format: AuditFormat,
        out: W,
    ) -> Result<u64, ExportError> {
        if let Some(operation) = &filter.operation
            && AuditOperation::parse(operation).is_none()
        {
            return Err(AppError::invalid(
                "operation",
                InvalidReason::UnknownOperation {
                    operation: operation.clone(),
                    known: AuditOperation::ALL.map(AuditOperation::as_str).join(", "),
                },
            )
            .into());
        }
        let mut sink = Sink::new(format, out)?;
        let mut page_filter = AuditFilter {
            after_id: None,
            limit: MAX_AUDIT_PAGE,
            ..filter.clone()
        };
        loop {
            let page = self.audit(&page_filter).await?;
            for entry in &page {
                sink.write(entry)?;
            }
            match page.last() {
                Some(last) if page.len() == MAX_AUDIT_PAGE as usize => {
                    page_filter.after_id = Some(last.id);
                }
                _ => break,
            }
        }
        sink.finish()
    }
}

/// A writer of entries in one format.
enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>, u64),
    Json(W, u64),
    JsonLines(W, u64),
}

impl<W: Write> Sink<W> {
    fn new(format: AuditFormat, mut out: W) -> Result<Self, ExportError> {
        Ok(match format {
            AuditFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(AUDIT_CSV_HEADER)?;
                Self::Csv(Box::new(w), 0)
            }
            AuditFormat::Json => {
                out.write_all(b"[")?;
                Self::Json(out, 0)
            }
            AuditFormat::JsonLines => Self::JsonLines(out, 0),
        })
    }

    fn write(&mut self, e: &AuditEntry) -> Result<(), ExportError> {
        match self {
            Self::Csv(w, n) => {
                w.write_record(csv_record(e))?;
                *n += 1;
            }
            Self::Json(w, n) => {
                w.write_all(if *n == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *w, e)?;
                *n += 1;
            }
            Self::JsonLines(w, n) => {
                serde_json::to_writer(&mut *w, e)?;
                w.write_all(b"\n")?;
                *n += 1;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<u64, ExportError> {
        match self {
            Self::Csv(mut w, n) => {
                w.flush()?;
                Ok(n)
            }
            Self::Json(mut w, n) => {
                w.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
                w.flush()?;
                Ok(n)
            }
            Self::JsonLines(mut w, n) => {
                w.flush()?;
                Ok(n)
            }
        }
    }
}

/// One entry as the CSV columns of [`AUDIT_CSV_HEADER`].
fn csv_record(e: &AuditEntry) -> [String; 15] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        e.id.to_string(),
        e.occurred_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        e.operation.as_str().to_owned(),
        e.document_type.clone(),
        opt(&e.document_number),
        e.counter_key
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        opt(&e.template),
        opt(&e.old_value),
        opt(&e.new_value),
        e.user_id.clone(),
        opt(&e.ip),
        opt(&e.user_agent),
        e.duration_ms.to_string(),
        e.fallback_used.to_string(),
        e.metadata.to_string(),
    ]
}
