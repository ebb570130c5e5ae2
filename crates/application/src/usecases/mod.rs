//! One file per use case, each an `impl` block on [`crate::Numbering`].

mod audit;
mod expire;
mod lifecycle;
mod manual;
mod preview;
mod reserve;
mod series;
mod status;
mod void;

pub use audit::MAX_AUDIT_PAGE;
pub use lifecycle::Confirmation;
pub use lifecycle::MAX_DOCUMENT_REF_LEN;
pub use manual::ManualRequest;
pub use preview::{Preview, TemplatePreview, TemplatePreviewRequest};
pub use reserve::MAX_IDEMPOTENCY_KEY_LEN;
pub use series::UpdateSeries;
pub use status::SeriesStatus;
pub use status::utilization;
pub use void::VoidOutcome;
