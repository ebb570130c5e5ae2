//! Manual override: register a number typed by an admin.

use std::collections::BTreeMap;

use docnum_domain::rules::validate_manual_number;
use docnum_domain::{DocumentNumber, Reason};

use crate::error::AppError;
use crate::model::{Actor, IssuedNumber, NumberSource};
use crate::ports::ManualRegistration;
use crate::service::Numbering;
use crate::usecases::reserve::resolve_context;

/// A manual override request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManualRequest {
    /// The series.
    pub document_type: String,
    /// The number as typed.
    pub document_number: String,
    /// Why (required).
    pub reason: String,
    /// Register even if it does not follow the template (separate permission).
    pub skip_validation: bool,
    /// Context values that disambiguate matching.
    pub context: BTreeMap<String, String>,
    /// Caller metadata.
    pub metadata: serde_json::Value,
}

impl Numbering {
    /// Registers a number by hand as CONFIRMED. Permission checks
    /// (`numbering:manual_override`, `numbering:skip_validation`) are the
    /// caller's; the series must allow it (NB007), the number must follow the
    /// template unless skipped (NB006) and be new (NB005). A value above the
    /// counter raises it and the skipped values are audited.
    pub async fn register_manual(
        &self,
        request: &ManualRequest,
        actor: &Actor,
    ) -> Result<IssuedNumber, AppError> {
        let reason = Reason::new(&request.reason)?;
        let number = DocumentNumber::new(&request.document_number)?;
        let series = self.load_series(&request.document_type).await?;
        let hint = resolve_context(&series, &request.context, None)?;
        let op = self.op(actor);
        let manual = validate_manual_number(
            &series.series,
            &number,
            &hint,
            request.skip_validation,
            op.now,
        )?;
        let registration = ManualRegistration {
            series: series.clone(),
            manual,
            reason,
            metadata: request.metadata.clone(),
            source: NumberSource::Manual,
            issued_at: op.now,
            op,
        };
        let mut rows = self.ports.store.register_manual(vec![registration]).await?;
        self.ports.metrics.manual_override(&request.document_type);
        rows.pop()
            .ok_or_else(|| AppError::Internal("register_manual returned no row".into()))
    }
}
