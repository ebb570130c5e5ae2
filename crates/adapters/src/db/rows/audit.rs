//! Rows of `audit_log`, and a small builder for the entries operations write.

use diesel::prelude::{Insertable, Queryable, Selectable};
use docnum_application::AuditEntry;
use docnum_application::ports::OpContext;
use serde_json::Value;

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
        Ok(AuditEntry {
            id: self.id,
            occurred_at: instant(self.occurred_at)?,
            operation: self.operation,
            document_type: self.document_type,
            document_number: self.document_number,
            counter_key: self.counter_key,
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

/// One row of `audit_log`, to insert. Built with [`NewAudit::new`] and the
/// chained setters, e.g.
/// `NewAudit::new("CONFIRM", "COR", op).number("COR-1").states("RESERVED", "CONFIRMED")`.
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
    /// An entry for `operation` on `document_type` by the request `op`.
    pub(crate) fn new(operation: &str, document_type: &str, op: &OpContext) -> Self {
        Self {
            occurred_at: micros(op.now),
            operation: operation.to_owned(),
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
            metadata_json: "{}".to_owned(),
        }
    }

    /// The number concerned.
    pub(crate) fn number(mut self, document_number: &str) -> Self {
        self.document_number = Some(document_number.to_owned());
        self
    }

    /// The counter concerned.
    pub(crate) fn counter(mut self, counter_key: Option<&str>) -> Self {
        self.counter_key = counter_key.map(str::to_owned);
        self
    }

    /// The template in force.
    pub(crate) fn template(mut self, template: &str) -> Self {
        self.template = Some(template.to_owned());
        self
    }

    /// Values (counter values or states) before and after.
    pub(crate) fn values(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old_value = old;
        self.new_value = new;
        self
    }

    /// States before and after.
    pub(crate) fn states(self, old: &str, new: &str) -> Self {
        self.values(Some(old.to_owned()), Some(new.to_owned()))
    }

    /// Anything else worth keeping (a JSON object).
    pub(crate) fn meta(mut self, metadata: &Value) -> Self {
        self.metadata_json = metadata.to_string();
        self
    }
}
