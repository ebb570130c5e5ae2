//! Status: how far each series and counter has come.

use std::collections::BTreeMap;

use crate::error::AppError;
use crate::model::CounterStatus;
use crate::series_config::SeriesRecord;
use crate::service::Numbering;

/// A series with its counters.
#[derive(Debug, Clone)]
pub struct SeriesStatus {
    /// The series.
    pub series: SeriesRecord,
    /// Its counters.
    pub counters: Vec<CounterStatus>,
}

impl SeriesStatus {
    /// The highest current value among the counters.
    pub fn current_value(&self) -> u64 {
        self.counters
            .iter()
            .map(|c| c.current_value)
            .max()
            .unwrap_or(0)
    }

    /// The fullest counter's use of `max_value`, in percent.
    pub fn utilization_percent(&self) -> f64 {
        utilization(self.current_value(), self.series.config.max_value)
    }

    /// Registry rows per state, over all counters.
    pub fn counts_by_state(&self) -> BTreeMap<String, u64> {
        let mut total = BTreeMap::new();
        for c in &self.counters {
            for (state, n) in &c.counts_by_state {
                *total.entry(state.clone()).or_insert(0) += n;
            }
        }
        total
    }

    /// When any counter last changed.
    pub fn last_used_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.counters.iter().filter_map(|c| c.last_used_at).max()
    }
}

/// `current` as a percentage of `max`.
#[allow(clippy::cast_precision_loss)] // a percentage needs no 64-bit precision
pub fn utilization(current: u64, max: u64) -> f64 {
    if max == 0 {
        0.0
    } else {
        (current as f64 / max as f64) * 100.0
    }
}

impl Numbering {
    /// Status of one series.
    pub async fn status(&self, document_type: &str) -> Result<SeriesStatus, AppError> {
        let series = self.series(document_type).await?;
        let counters = self.ports.store.counter_status(document_type).await?;
        Ok(SeriesStatus { series, counters })
    }

    /// Status of every series.
    pub async fn status_all(&self) -> Result<Vec<SeriesStatus>, AppError> {
        let mut out = Vec::new();
        for series in self.list_series().await? {
            let counters = self
                .ports
                .store
                .counter_status(&series.config.document_type)
                .await?;
            out.push(SeriesStatus { series, counters });
        }
        Ok(out)
    }
}
