//! How `docnum series update` shows what the change does to the series'
//! counters (and, with `--dry-run`, that nothing was changed).

use docnum_application::SeriesUpdateOutcome;
use docnum_domain::Message;

use crate::commands::present::table;
use crate::{lang, output};

/// Prints the counters table of an update (after the series itself).
pub(crate) fn show_effect(outcome: &SeriesUpdateOutcome) {
    let effect = &outcome.effect;
    if !effect.counters.is_empty() {
        let mut t = table(&[
            "col-counter",
            "col-current",
            "col-skipped",
            "col-next-value",
        ]);
        for c in &effect.counters {
            t.add_row([
                c.counter_key.clone(),
                c.current_value.to_string(),
                c.skipped.to_string(),
                c.next_value
                    .map_or_else(|| "-".to_owned(), |v| v.to_string()),
            ]);
        }
        output::line(&t.to_string());
    }
    let skipping = effect.counters.iter().filter(|c| c.skipped > 0).count();
    output::line(&lang::tr(
        &Message::new("series-effect-summary")
            .with("counters", effect.counters.len())
            .with("skipping", skipping),
    ));
    if effect.truncated {
        output::line(&lang::tr(
            &Message::new("series-effect-truncated")
                .with("max", docnum_application::usecases::MAX_REPORTED_COUNTERS),
        ));
    }
    if outcome.dry_run {
        output::line(&lang::tr(&Message::new("series-dry-run")));
    }
}
