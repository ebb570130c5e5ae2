//! `docnum status [TYPE] [--counters]`: how far each series has come.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Args;
use comfy_table::Cell;
use docnum_application::usecases::utilization;
use docnum_application::{CounterStatus, ScopeSpec, SeriesStatus, Settings};
use docnum_domain::NumberState;
use serde_json::{Value, json};

use crate::commands::present::{percent_cell, refused, table, when, yes_no};
use crate::database::{DatabaseArgs, open_service};
use crate::output;

/// `docnum status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Only this series.
    pub document_type: Option<String>,
    /// One row per counter instead of one per series.
    #[arg(long)]
    pub counters: bool,
    /// Print JSON (always with the counters).
    #[arg(long)]
    pub json: bool,
}

/// Prints the status table (or JSON).
pub(crate) async fn run(db: &DatabaseArgs, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let numbering = open_service(db, Settings::default()).await?;
    let all = match &args.document_type {
        Some(t) => vec![numbering.status(t).await.map_err(refused)?],
        None => numbering.status_all().await.map_err(refused)?,
    };
    if args.json {
        output::json(&Value::Array(all.iter().map(series_json).collect()));
    } else if args.counters {
        output::line(&counters_table(&all).to_string());
    } else {
        output::line(&series_table(&all).to_string());
    }
    Ok(ExitCode::SUCCESS)
}

fn series_table(all: &[SeriesStatus]) -> comfy_table::Table {
    let mut t = table(&[
        "col-type",
        "col-template",
        "col-scope",
        "col-current",
        "col-max",
        "col-used-percent",
        "col-last-used",
        "col-manual-override",
    ]);
    for s in all {
        let c = &s.series.config;
        t.add_row(vec![
            Cell::new(&c.document_type),
            Cell::new(&c.template),
            Cell::new(scope_text(&c.scope)),
            Cell::new(s.current_value()),
            Cell::new(c.max_value),
            percent_cell(s.utilization_percent()),
            Cell::new(when(s.last_used_at())),
            Cell::new(yes_no(c.allow_manual_override)),
        ]);
    }
    t
}

fn counters_table(all: &[SeriesStatus]) -> comfy_table::Table {
    let mut t = table(&[
        "col-type",
        "col-counter",
        "col-current",
        "col-max",
        "col-used-percent",
        "col-last-used",
        "col-reserved",
        "col-confirmed",
        "col-cancelled",
        "col-expired",
        "col-voided",
    ]);
    for s in all {
        let max = s.series.config.max_value;
        for c in &s.counters {
            let n =
                |state: NumberState| c.counts_by_state.get(state.as_str()).copied().unwrap_or(0);
            t.add_row(vec![
                Cell::new(&s.series.config.document_type),
                Cell::new(c.counter_key.scope_value()),
                Cell::new(c.current_value),
                Cell::new(max),
                percent_cell(utilization(c.current_value, max)),
                Cell::new(when(c.last_used_at)),
                Cell::new(n(NumberState::Reserved)),
                Cell::new(n(NumberState::Confirmed)),
                Cell::new(n(NumberState::Cancelled)),
                Cell::new(n(NumberState::Expired)),
                Cell::new(n(NumberState::Voided)),
            ]);
        }
    }
    t
}

/// The same fields as `GET /status` answers.
fn series_json(s: &SeriesStatus) -> Value {
    let c = &s.series.config;
    json!({
        "document_type": c.document_type,
        "template": c.template,
        "scope": c.scope,
        "current_value": s.current_value(),
        "max_value": c.max_value,
        "utilization_percent": s.utilization_percent(),
        "last_used_at": s.last_used_at(),
        "counts_by_state": all_states(s.counts_by_state()),
        "allow_manual_override": c.allow_manual_override,
        "counters": s.counters.iter().map(counter_json).collect::<Vec<_>>(),
    })
}

fn counter_json(c: &CounterStatus) -> Value {
    json!({
        "counter_key": c.counter_key,
        "current_value": c.current_value,
        "last_used_at": c.last_used_at,
        "counts_by_state": all_states(c.counts_by_state.clone()),
    })
}

/// Every state with its count, 0 when absent, so the shape never varies.
fn all_states(counts: BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    let mut out: BTreeMap<String, u64> = NumberState::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect();
    out.extend(counts);
    out
}

/// A scope as admins write it.
pub(crate) fn scope_text(scope: &ScopeSpec) -> String {
    match scope {
        ScopeSpec::Preset(p) => p.clone(),
        ScopeSpec::Dimensions(d) => d.join(","),
    }
}
