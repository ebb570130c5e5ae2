//! `docnum validate` and `docnum check-duplicates`: exit 1 when a check
//! finds a problem.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;
use comfy_table::Cell;
use docnum_application::Settings;
use docnum_application::usecases::{IntegrityReport, MAX_LISTED_VIOLATIONS, Violation};

use crate::commands::present::{red, refused, table};
use crate::database::DatabaseArgs;
use crate::database::open_service;
use crate::output;

/// `docnum validate` / `docnum check-duplicates`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Print JSON: {"ok", "counters_checked", "numbers_checked", "violations", "truncated"}.
    #[arg(long)]
    pub json: bool,
}

/// Every integrity check of spec §7.
pub(crate) async fn validate(db: &DatabaseArgs, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let numbering = open_service(db, Settings::default()).await?;
    let report = numbering.validate().await.map_err(refused)?;
    Ok(show(&report, args.json, true))
}

/// The duplicate rendered-number check alone.
pub(crate) async fn check_duplicates(
    db: &DatabaseArgs,
    args: &CheckArgs,
) -> anyhow::Result<ExitCode> {
    let numbering = open_service(db, Settings::default()).await?;
    let report = numbering.check_duplicates().await.map_err(refused)?;
    Ok(show(&report, args.json, false))
}

fn show(report: &IntegrityReport, as_json: bool, full: bool) -> ExitCode {
    if as_json {
        let mut value = serde_json::to_value(report).unwrap_or_default();
        value["ok"] = report.is_clean().into();
        output::json(&value);
    } else if report.is_clean() {
        output::line(&if full {
            format!(
                "OK: {} counters and {} numbers checked; no duplicate, no unexplained gap, no counter behind its numbers",
                report.counters_checked, report.numbers_checked
            )
        } else {
            "OK: no rendered number is issued twice in a namespace".to_owned()
        });
    } else {
        let mut t = table(&["problem", "where", "details"]);
        for v in &report.violations {
            t.add_row(vec![
                red(v.kind()),
                Cell::new(place(v)),
                Cell::new(v.describe()),
            ]);
        }
        output::line(&t.to_string());
        let mut summary = format!("{} problem(s) found", report.violations.len());
        if report.truncated {
            let _ = write!(
                summary,
                " (only the first {MAX_LISTED_VIOLATIONS} of a kind are listed)"
            );
        }
        output::line(&summary);
    }
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The counter or namespace a violation is about.
fn place(v: &Violation) -> String {
    match v {
        Violation::DuplicateValue(d) => d.counter_key.clone(),
        Violation::DuplicateNumber(d) => format!("namespace {}", d.namespace),
        Violation::UnexplainedGap { counter_key, .. }
        | Violation::CounterBehind { counter_key, .. } => counter_key.clone(),
    }
}
