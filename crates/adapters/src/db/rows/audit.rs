//! Rows of `audit_log`: read as [`AuditEntry`], written from one.

use diesel::prelude::{Insertable, Queryable, Selectable};
use docnum_application::AuditEntry;
use docnum_domain::{AuditOperation, CounterKey};

use super::{instant, micros, parse_value};
use crate::db::errors::StoreError;
use crate::db::schema::audit_log;

/// One row of `audit_log`, as read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub(crate) struct AuditRow {
    pub(crate) id: i64,
    pub(crate) occurred_at: i64,
    pub(crate) operation: String,
    pub(crate) document_type: String,
    pub(crate) document_number: Option<String>,
    pub(crate) counter_key: Option<String>,
    pub(crate) template: Option<String>,
    pub(crate) old_value: Option<String>,
    pub(crate) new_value: Option<String>,
    pub(crate) user_id: String,
    pub(crate) ip: Option<String>,
    pub(crate) user_agent: Option<String>,
    pub(crate) duration_ms: i64,
    pub(crate) fallback_used: bool,
    pub(crate) metadata_json: String,
}

impl AuditRow {
    /// The audit entry.
    pub(crate) fn into_entry(self) -> Result<AuditEntry, StoreError> {
        let metadata = parse_value(&self.metadata_json, &format!("audit_log {}", self.id))?;
        let operation = AuditOperation::parse(&self.operation).ok_or_else(|| {
            StoreError::corrupt(format!(
                "audit_log {}: operation '{}'",
                self.id, self.operation
            ))
        })?;
        Ok(AuditEntry {
            id: self.id,
            occurred_at: instant(self.occurred_at)?,
            operation,
            document_type: self.document_type,
            document_number: self.document_number,
            counter_key: self.counter_key.map(CounterKey::from_stored),
            template: self.template,
            old_value: self.old_value,
            new_value: self.new_value,
            user_id: self.user_id,
            ip: self.ip,
            user_agent: self.user_agent,
            duration_ms: self.duration_ms,
            fallback_used: self.fallback_used,
            metadata,
        })
    }
}

/// One row of `audit_log`, to insert: an [`AuditEntry`] as stored (its id
/// is the database's).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub(crate) struct NewAudit {
    pub(crate) occurred_at: i64,
    pub(crate) operation: String,
    pub(crate) document_type: String,
    pub(crate) document_number: Option<String>,
    pub(crate) counter_key: Option<String>,
    pub(crate) template: Option<String>,
    pub(crate) old_value: Option<String>,
    pub(crate) new_value: Option<String>,
    pub(crate) user_id: String,
    pub(crate) ip: Option<String>,
    pub(crate) user_agent: Option<String>,
    pub(crate) duration_ms: i64,
    pub(crate) fallback_used: bool,
    pub(crate) metadata_json: String,
}

impl NewAudit {
    /// A bare entry of `operation` on `document_type` by the request `op`.
    #[cfg(test)]
    pub(crate) fn new(
        operation: AuditOperation,
        document_type: &str,
        op: &docnum_application::ports::OpContext,
    ) -> Self {
        AuditEntry::by(op, operation, document_type).into()
    }
}

impl From<AuditEntry> for NewAudit {
    fn from(e: AuditEntry) -> Self {
        Self {
            occurred_at: micros(e.occurred_at),
            operation: e.operation.as_str().to_owned(),
            document_type: e.document_type,
            document_number: e.document_number,
            counter_key: e.counter_key.map(CounterKey::into_string),
            template: e.template,
            old_value: e.old_value,
            new_value: e.new_value,
            user_id: e.user_id,
            ip: e.ip,
            user_agent: e.user_agent,
            duration_ms: e.duration_ms,
            fallback_used: e.fallback_used,
            metadata_json: e.metadata.to_string(),
        }
    }
}
