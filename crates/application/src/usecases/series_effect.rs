//! What a series change does to its counters, said before it is made: for
//! each counter the series draws from today under the new configuration,
//! where it stands and how many values its next draw will skip because
//! their renderings already exist in the namespace (spec §12: a collision
//! skips, never blocks). The answer of every series update carries it, and
//! a dry run (`dry_run` / `--dry-run`) gives it without changing anything.

use std::collections::BTreeMap;
use std::sync::Arc;

use docnum_domain::{Context, CounterKey, DomainError};
use serde::Serialize;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::Actor;
use crate::plan::CollisionSearch;
use crate::ports::{AllocationBatch, ReservationDraft};
use crate::series_config::SeriesRecord;
use crate::service::Numbering;

/// How many of a series' counters a change's report looks at; a series
/// with more says that its report is cut short (`truncated`).
pub const MAX_REPORTED_COUNTERS: usize = 200;

/// One counter the series draws from under its new configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CounterEffect {
    /// The counter (today's period, under the new configuration).
    pub counter_key: String,
    /// Where it stands (0 when the change starts it).
    pub current_value: u64,
    /// How many values its next draw skips: their renderings exist.
    pub skipped: u64,
    /// The value its next draw takes; `None` when the skips would pass
    /// the series' maximum value (every reservation would then be NB002).
    pub next_value: Option<u64>,
}

/// The counters a change affects, as far as the report looked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SeriesChangeEffect {
    /// One entry per counter, by key.
    pub counters: Vec<CounterEffect>,
    /// The series has more counters than [`MAX_REPORTED_COUNTERS`].
    pub truncated: bool,
}

impl Numbering {
    /// What the series `changed` (as a change would leave it) does to the
    /// counters it draws from today. A counter is known by its most recent number's context,
    /// rendered again under the new template and scope; a context the new
    /// configuration cannot use (it asks for a dimension the old numbers
    /// never had) says nothing about a counter and is left out.
    pub(crate) async fn series_change_effect(
        &self,
        changed: &SeriesRecord,
        actor: &Actor,
    ) -> Result<SeriesChangeEffect, AppError> {
        let op = self.op(actor);
        let config = &changed.config;
        let changed = Arc::new(changed.clone());
        let period = changed.series.period_for(op.now, None)?;
        let counters = self
            .ports
            .store
            .counter_status(&config.document_type)
            .await?;
        let truncated = counters.len() > MAX_REPORTED_COUNTERS;
        let mut drawn_from: BTreeMap<CounterKey, Context> = BTreeMap::new();
        for counter in counters.iter().take(MAX_REPORTED_COUNTERS) {
            let latest = self
                .ports
                .integrity
                .latest_context(counter.counter_key.as_str())
                .await?
                .unwrap_or_default();
            let Ok(context) =
                Context::from_pairs(latest.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            else {
                continue;
            };
            if let Ok(key) = changed.series.counter_key(&context, period) {
                drawn_from.entry(key).or_insert(context);
            }
        }
        let mut effect = SeriesChangeEffect {
            counters: Vec::with_capacity(drawn_from.len()),
            truncated,
        };
        for (counter_key, context) in drawn_from {
            let current_value = self.ports.store.counter_value(&counter_key).await?;
            let draft = ReservationDraft {
                token: Uuid::nil(),
                context,
                period,
                metadata: serde_json::Value::Null,
                idempotency: None,
                expires_at: op.now,
                op: op.clone(),
            };
            let batch = AllocationBatch {
                series: changed.clone(),
                counter_key: counter_key.clone(),
                drafts: vec![draft],
            };
            let next_value = self.next_free_value(&batch, current_value).await?;
            let limit = next_value.unwrap_or(config.max_value.saturating_add(1));
            effect.counters.push(CounterEffect {
                counter_key: counter_key.as_str().to_owned(),
                current_value,
                skipped: limit.saturating_sub(current_value + 1),
                next_value,
            });
        }
        Ok(effect)
    }

    /// The value a one-draft `batch` drawn after `current` takes, looking
    /// up renderings a window at a time exactly as a draw does; `None`
    /// when every value up to the maximum is taken.
    async fn next_free_value(
        &self,
        batch: &AllocationBatch,
        current: u64,
    ) -> Result<Option<u64>, AppError> {
        let namespace = &batch.series.config.namespace;
        let mut search = CollisionSearch::new(batch, current.saturating_add(1));
        let mut found = Vec::new();
        loop {
            match search.next_lookup(&found) {
                Ok(Some(wanted)) => {
                    found = self
                        .ports
                        .integrity
                        .numbers_with_keys(namespace, wanted)
                        .await?;
                }
                Ok(None) => return Ok(search.finish().last()),
                Err(DomainError::SequenceExhausted { .. }) => return Ok(None),
                Err(e) => return Err(e.into()),
            }
        }
    }
}
