//! Series administration: create, update (with history), read.

use std::sync::Arc;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::Actor;
use crate::series_config::{SeriesChange, SeriesConfig, SeriesRecord};
use crate::service::Numbering;
use crate::usecases::series_effect::SeriesChangeEffect;
use crate::usecases::series_overlap::SeriesOverlap;

/// What creating a series did.
#[derive(Debug, Clone)]
pub struct SeriesCreated {
    /// The series as stored.
    pub record: SeriesRecord,
    /// Series of its namespace whose numbers its numbers can coincide
    /// with (warnings; an overlap under both declarations is refused).
    pub overlaps: Vec<SeriesOverlap>,
}

/// What a series update did (or, in a dry run, would do).
#[derive(Debug, Clone)]
pub struct SeriesUpdateOutcome {
    /// The series as it stands after the change (a dry run: as it would).
    pub record: SeriesRecord,
    /// What the change does to the counters the series draws from today.
    pub effect: SeriesChangeEffect,
    /// Series of its namespace, and earlier versions of this one, whose
    /// numbers its numbers can coincide with (warnings).
    pub overlaps: Vec<SeriesOverlap>,
    /// Nothing was changed.
    pub dry_run: bool,
}

/// A change to an existing series.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateSeries {
    /// The new configuration (its document type must be the series').
    pub config: SeriesConfig,
    /// Why (required, kept in the history).
    pub reason: String,
    /// When set, the update applies only if the series is still at this version.
    pub expected_version: Option<i64>,
}

impl Numbering {
    /// Creates a series after validating it completely.
    pub async fn create_series(
        &self,
        config: &SeriesConfig,
        actor: &Actor,
    ) -> Result<SeriesRecord, AppError> {
        self.create_series_with_overlaps(config, actor)
            .await
            .map(|created| created.record)
    }

    /// Creates a series after validating it completely, refusing one whose
    /// numbers can be another series' under both declarations, and says
    /// which series its numbers can otherwise coincide with.
    pub async fn create_series_with_overlaps(
        &self,
        config: &SeriesConfig,
        actor: &Actor,
    ) -> Result<SeriesCreated, AppError> {
        let series = Arc::new(config.to_series()?);
        let overlaps = self.series_overlaps(config, series, &[]).await?;
        let op = self.op(actor);
        let record = self
            .ports
            .series
            .create_series(config, "created", &op)
            .await?;
        Ok(SeriesCreated { record, overlaps })
    }

    /// Changes a series. Numbers already issued keep their rendering; the
    /// previous configuration is kept in the history.
    pub async fn update_series(
        &self,
        document_type: &str,
        update: &UpdateSeries,
        actor: &Actor,
    ) -> Result<SeriesRecord, AppError> {
        self.change_series(document_type, update, false, actor)
            .await
            .map(|outcome| outcome.record)
    }

    /// Changes a series, or with `dry_run` only says what the change would
    /// be: the series as it would stand and what it does to its counters
    /// (see [`SeriesChangeEffect`]). A dry run checks everything the change
    /// checks (the configuration, the reason, `expected_version`) and
    /// writes nothing.
    pub async fn change_series(
        &self,
        document_type: &str,
        update: &UpdateSeries,
        dry_run: bool,
        actor: &Actor,
    ) -> Result<SeriesUpdateOutcome, AppError> {
        if update.config.document_type != document_type {
            return Err(AppError::invalid(
                "document_type",
                InvalidReason::Renamed {
                    body: update.config.document_type.clone(),
                    path: document_type.to_string(),
                },
            ));
        }
        let reason = docnum_domain::Reason::new(&update.reason)?;
        let series = Arc::new(update.config.to_series()?);
        let current = self.load_series(document_type).await?;
        // Only a new template or scope can re-render what earlier versions
        // issued; any other change is compared with the other series alone.
        let renders_anew = update.config.template != current.config.template
            || update.config.scope != current.config.scope;
        let history = if renders_anew {
            self.ports.series.series_history(document_type).await?
        } else {
            Vec::new()
        };
        let overlaps = self
            .series_overlaps(&update.config, series.clone(), &history)
            .await?;
        let expected = update.expected_version.unwrap_or(current.version);
        // The series as it would stand (a dry run's answer; what the
        // effect renders with).
        let mut changed = SeriesRecord {
            config: update.config.clone(),
            series,
            version: current.version + 1,
            created_at: current.created_at,
            updated_at: self.op(actor).now,
        };
        let effect = self.series_change_effect(&changed, actor).await?;
        if dry_run {
            let stored = self.ports.series.get_series(document_type).await?;
            let version = stored.as_ref().map_or(current.version, |s| s.version);
            if expected != version {
                return Err(AppError::invalid(
                    "version",
                    InvalidReason::SeriesVersionChanged,
                ));
            }
            changed.version = version + 1;
            return Ok(SeriesUpdateOutcome {
                record: changed,
                effect,
                overlaps,
                dry_run,
            });
        }
        let op = self.op(actor);
        let updated = self
            .ports
            .series
            .update_series(&update.config, expected, reason.as_str(), &op)
            .await;
        // Whatever the outcome, the next reserve reads the stored series.
        self.series_cache.forget(document_type);
        Ok(SeriesUpdateOutcome {
            record: updated?,
            effect,
            overlaps,
            dry_run,
        })
    }

    /// One series.
    pub async fn series(&self, document_type: &str) -> Result<SeriesRecord, AppError> {
        self.load_series(document_type).await.map(|s| (*s).clone())
    }

    /// All series.
    pub async fn list_series(&self) -> Result<Vec<SeriesRecord>, AppError> {
        self.ports.series.list_series().await
    }

    /// A series' change history, oldest first.
    pub async fn series_history(&self, document_type: &str) -> Result<Vec<SeriesChange>, AppError> {
        self.load_series(document_type).await?;
        self.ports.series.series_history(document_type).await
    }
}
