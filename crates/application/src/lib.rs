//! docnum's application layer: the ports (traits adapters implement) and the
//! use cases (what the HTTP API and the CLI call).
//!
//! The [`memory`] module holds an in-memory implementation of the ports that
//! serves as the reference model in tests.

mod coalescer;
pub mod error;
pub mod error_reason;
mod group_commit;
pub mod memory;
pub mod model;
pub mod plan;
pub mod ports;
mod series_cache;
pub mod series_config;
pub mod service;
mod settle_batch;
pub mod testing;
pub mod usecases;

pub use error::AppError;
pub use error_reason::{Collided, Collision, InvalidReason};
pub use model::{
    Actor, AuditEntry, AuditFilter, CounterStatus, IssuedNumber, NumberDetails, NumberSource,
    Reservation, ReserveRequest, new_token,
};
pub use series_config::{
    MAX_CODES, ScopeSpec, SeriesChange, SeriesConfig, SeriesRecord, ValueSpec,
};
pub use service::{Numbering, Ports, Settings};
pub use usecases::{
    Confirmation, ManualRequest, Preview, SeriesStatus, TemplatePreview, TemplatePreviewRequest,
    UpdateSeries, VoidOutcome,
};
pub use usecases::{
    CounterEffect, OverlapKind, SeriesChangeEffect, SeriesCreated, SeriesOverlap,
    SeriesUpdateOutcome,
};
