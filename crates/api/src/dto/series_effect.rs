//! What a series update does to its counters (spec §12), as the update's
//! answer and its dry run report it.

use docnum_application::{CounterEffect, SeriesChangeEffect};
use serde::Serialize;
use utoipa::ToSchema;

/// What an update did, or in a dry run would do, to the counters the
/// series draws from today.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SeriesUpdateEffect)]
pub(crate) struct SeriesEffectView {
    /// Nothing was changed: the series is shown as it would stand.
    dry_run: bool,
    /// Each counter the series draws from today under the new
    /// configuration, by key.
    counters: Vec<CounterEffectView>,
    /// The series has more counters than the report looks at (200).
    truncated: bool,
}

/// One counter under a series' new configuration.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CounterEffect)]
pub(crate) struct CounterEffectView {
    /// The counter.
    #[schema(example = "COR|YEAR=2026")]
    counter_key: String,
    /// Where it stands (0 when the change starts it).
    current_value: u64,
    /// How many values its next draw skips because their renderings
    /// already exist (audited as SEQUENCE_SKIP when drawn).
    skipped: u64,
    /// The value its next draw takes; null when no value up to the
    /// series' maximum is free.
    #[schema(required = true)]
    next_value: Option<u64>,
}

impl SeriesEffectView {
    /// The view of an update's `effect`.
    pub(crate) fn new(effect: SeriesChangeEffect, dry_run: bool) -> Self {
        Self {
            dry_run,
            counters: effect
                .counters
                .into_iter()
                .map(CounterEffectView::from)
                .collect(),
            truncated: effect.truncated,
        }
    }
}

impl From<CounterEffect> for CounterEffectView {
    fn from(c: CounterEffect) -> Self {
        Self {
            counter_key: c.counter_key,
            current_value: c.current_value,
            skipped: c.skipped,
            next_value: c.next_value,
        }
    }
}
