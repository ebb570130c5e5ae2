//! Reading the audit log.

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::{AuditEntry, AuditFilter};
use crate::service::Numbering;

/// The most entries one page may hold.
pub const MAX_AUDIT_PAGE: u32 = 1000;

impl Numbering {
    /// Audit entries matching the filter, oldest first, one page.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        if filter.limit == 0 || filter.limit > MAX_AUDIT_PAGE {
            return Err(AppError::invalid(
                "limit",
                InvalidReason::PageSize {
                    max: MAX_AUDIT_PAGE,
                },
            ));
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(AppError::invalid("from", InvalidReason::FromAfterTo));
        }
        self.ports.store.audit(filter).await
    }
}
