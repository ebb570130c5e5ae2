//! Series and their change history.

use super::state::State;
use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::plan;
use crate::ports::OpContext;
use crate::series_config::{SeriesChange, SeriesConfig, SeriesRecord};

impl State {
    /// See [`crate::ports::SeriesRepository::create_series`].
    pub(super) fn create_series(
        &mut self,
        config: &SeriesConfig,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        if self.series.contains_key(&config.document_type) {
            return Err(AppError::SeriesExists(config.document_type.clone()));
        }
        let record = SeriesRecord::from_stored(config.clone(), 1, op.now, op.now)?;
        self.record_change(None, &record, reason, op);
        self.series
            .insert(config.document_type.clone(), record.clone());
        Ok(record)
    }

    /// See [`crate::ports::SeriesRepository::update_series`].
    pub(super) fn update_series(
        &mut self,
        config: &SeriesConfig,
        expected_version: i64,
        reason: &str,
        op: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        let Some(current) = self.series.get(&config.document_type) else {
            return Err(AppError::SeriesNotFound(config.document_type.clone()));
        };
        if current.version != expected_version {
            return Err(AppError::invalid(
                "version",
                InvalidReason::SeriesVersionChanged,
            ));
        }
        let record = SeriesRecord::from_stored(
            config.clone(),
            current.version + 1,
            current.created_at,
            op.now,
        )?;
        let before = current.clone();
        self.record_change(Some(&before), &record, reason, op);
        self.series
            .insert(config.document_type.clone(), record.clone());
        Ok(record)
    }

    /// Appends the history entry and the CONFIG_CHANGE audit entry of a change.
    fn record_change(
        &mut self,
        before: Option<&SeriesRecord>,
        after: &SeriesRecord,
        reason: &str,
        op: &OpContext,
    ) {
        let document_type = &after.config.document_type;
        self.history.push(SeriesChange {
            id: i64::try_from(self.history.len()).unwrap_or(i64::MAX - 1) + 1,
            document_type: document_type.clone(),
            before: before.map(|b| b.config.clone()),
            after: after.config.clone(),
            changed_by: op.actor.user_id.clone(),
            reason: reason.to_owned(),
            changed_at: op.now,
        });
        let audit = plan::config_change(
            before.map(|b| &b.config),
            &after.config,
            after.version,
            reason,
            op,
        );
        self.push_audit(audit);
    }

    /// See [`crate::ports::SeriesRepository::get_series`].
    pub(super) fn get_series(&self, document_type: &str) -> Option<SeriesRecord> {
        self.series.get(document_type).cloned()
    }

    /// See [`crate::ports::SeriesRepository::list_series`].
    pub(super) fn list_series(&self) -> Vec<SeriesRecord> {
        self.series.values().cloned().collect()
    }

    /// See [`crate::ports::SeriesRepository::series_history`].
    pub(super) fn series_history(&self, document_type: &str) -> Vec<SeriesChange> {
        self.history
            .iter()
            .filter(|c| c.document_type == document_type)
            .cloned()
            .collect()
    }
}
