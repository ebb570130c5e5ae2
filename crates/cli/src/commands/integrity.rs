//! `docnum validate` and `docnum check-duplicates`: exit 1 when a check
//! finds a problem.

use std::process::ExitCode;

use clap::Args;
use comfy_table::Cell;
use docnum_application::Settings;
use docnum_application::usecases::{IntegrityReport, MAX_LISTED_VIOLATIONS, Violation};
use docnum_domain::Message;

use crate::commands::present::{red, refused, table};
use crate::database::{DatabaseArgs, open_service_as_is};
use crate::{lang, output};

/// `docnum validate` / `docnum check-duplicates`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Print JSON: {"ok", "counters_checked", "numbers_checked", "violations", "truncated"}.
    #[arg(long)]
    pub json: bool,
}

/// Every integrity check of spec §7.
pub(crate) async fn validate(db: &DatabaseArgs, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    // As is: these checks list the look-alikes that stop the data steps.
    let numbering = open_service_as_is(db, Settings::default()).await?;
    let report = numbering.validate().await.map_err(refused)?;
    Ok(show(&report, args.json, true))
}

/// The duplicate rendered-number check alone.
pub(crate) async fn check_duplicates(
    db: &DatabaseArgs,
    args: &CheckArgs,
) -> anyhow::Result<ExitCode> {
    // As is: these checks list the look-alikes that stop the data steps.
    let numbering = open_service_as_is(db, Settings::default()).await?;
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
            lang::tr(
                &Message::new("validate-ok")
                    .with("counters", report.counters_checked)
                    .with("numbers", report.numbers_checked),
            )
        } else {
            lang::t("check-duplicates-ok")
        });
    } else {
        let mut t = table(&["col-problem", "col-where", "col-details"]);
        for v in &report.violations {
            t.add_row(vec![
                red(v.kind()),
                Cell::new(place(v)),
                Cell::new(lang::tr(&v.message())),
            ]);
        }
        output::line(&t.to_string());
        let count = report.violations.len();
        output::line(&lang::tr(&if report.truncated {
            Message::new("validate-problems-truncated")
                .with("count", count)
                .with("max", u64::from(MAX_LISTED_VIOLATIONS))
        } else {
            Message::new("validate-problems").with("count", count)
        }));
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
        Violation::LookAlikeNumbers(l) => {
            lang::tr(&Message::new("validate-place-namespace").with("namespace", &l.namespace))
        }
        Violation::DuplicateNumber(d) => {
            lang::tr(&Message::new("validate-place-namespace").with("namespace", &d.namespace))
        }
        Violation::UnexplainedGap { counter_key, .. }
        | Violation::CounterBehind { counter_key, .. } => counter_key.clone(),
    }
}
