//! One file per use case, each an `impl` block on [`crate::Numbering`].

mod audit;
mod counter_lock;
mod expire;
mod export;
mod import;
mod import_row;
mod integrity;
mod lifecycle;
mod look_alike;
mod manual;
mod preview;
mod reserve;
mod series;
mod series_effect;
mod series_overlap;
mod set_counter;
mod status;
mod upgrade;
mod void;

pub use audit::MAX_AUDIT_PAGE;
pub use export::{AUDIT_CSV_HEADER, AuditFormat, ExportError};
pub use import::{
    IMPORT_PREVIEW_ROWS, ImportCounter, ImportOutcome, ImportPlan, ImportPreviewRow, ImportProblem,
};
pub use import_row::LegacyRecord;
pub use integrity::{IntegrityReport, MAX_LISTED_VIOLATIONS, Violation};
pub use lifecycle::Confirmation;
pub use lifecycle::MAX_DOCUMENT_REF_LEN;
pub use look_alike::LookAlikeNumbers;
pub use manual::ManualRequest;
pub use preview::{Preview, TemplatePreview, TemplatePreviewRequest};
pub use reserve::MAX_IDEMPOTENCY_KEY_LEN;
pub use series::{SeriesCreated, SeriesUpdateOutcome, UpdateSeries};
pub use series_effect::{CounterEffect, MAX_REPORTED_COUNTERS, SeriesChangeEffect};
pub use series_overlap::{OverlapKind, SAVE_OVERLAP_BUDGET, SeriesOverlap};
pub use set_counter::SetCounterRequest;
pub use status::SeriesStatus;
pub use status::utilization;
pub use upgrade::{KeepLookAlikes, UpgradeReport};
pub use void::VoidOutcome;
