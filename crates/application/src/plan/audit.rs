//! Building audit entries.

use docnum_domain::{AuditOperation, NumberState};

use crate::model::{AuditEntry, IssuedNumber};
use crate::ports::OpContext;

impl AuditEntry {
    /// An entry of `operation` on `document_type` by the request `op` (the
    /// store gives its id).
    pub fn by(op: &OpContext, operation: AuditOperation, document_type: &str) -> Self {
        Self {
            id: 0,
            occurred_at: op.now,
            operation,
            document_type: document_type.to_owned(),
            document_number: None,
            counter_key: None,
            template: None,
            old_value: None,
            new_value: None,
            user_id: op.actor.user_id.clone(),
            ip: op.actor.ip.clone(),
            user_agent: op.actor.user_agent.clone(),
            duration_ms: op.elapsed_ms(),
            fallback_used: op.fallback_used,
            metadata: serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    /// An entry about one registry row.
    pub fn about(op: &OpContext, operation: AuditOperation, row: &IssuedNumber) -> Self {
        Self {
            document_number: Some(row.document_number.clone()),
            counter_key: row.counter_key.clone(),
            template: Some(row.template.clone()),
            ..Self::by(op, operation, &row.document_type)
        }
    }

    /// With the values (counter values or versions) before and after.
    pub(crate) fn values<T: ToString>(mut self, old: Option<T>, new: Option<T>) -> Self {
        self.old_value = old.map(|v| v.to_string());
        self.new_value = new.map(|v| v.to_string());
        self
    }

    /// With the states before and after.
    pub(crate) fn states(mut self, old: NumberState, new: NumberState) -> Self {
        self.old_value = Some(old.as_str().to_owned());
        self.new_value = Some(new.as_str().to_owned());
        self
    }

    /// With this metadata.
    pub(crate) fn meta(mut self, metadata: serde_json::Value) -> Self {
        self.metadata = metadata;
        self
    }
}
