//! `docnum import FILE.csv [--apply]`: legacy numbers, dry run first.
//!
//! Columns (by header name, any order): `document_type`, `document_number`,
//! `created_at`, and optionally `metadata`. Without `--apply` nothing is
//! written: every row is checked and a report printed. With `--apply` the
//! rows are imported in one transaction when every row is good, and not at
//! all otherwise. Bad rows are listed with their line numbers; any bad row
//! (or a malformed file) exits 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use docnum_application::Settings;
use docnum_application::usecases::{
    ImportCounter, ImportPlan, ImportPreviewRow, ImportProblem, LegacyRecord,
};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use crate::commands::import_report::{counters_table, preview_table, problems_table};
use crate::commands::present::refused;
use crate::commands::{UsageError, cli_actor};
use crate::database::DatabaseArgs;
use crate::database::open_service;
use crate::output;

/// Files with more rows than this get a progress bar (on a terminal).
const PROGRESS_FROM_ROWS: usize = 2000;
/// The columns a file must have; `metadata` may be left out.
const REQUIRED: [&str; 3] = ["document_type", "document_number", "created_at"];

/// `docnum import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The CSV file: document_type,document_number,created_at,metadata
    pub file: PathBuf,
    /// Import (all rows in one transaction, or none); without it, a dry run.
    #[arg(long)]
    pub apply: bool,
    /// Why (the audit's reason); default: "legacy import from FILE".
    #[arg(long)]
    pub reason: Option<String>,
    /// Who does this (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Checks the file, prints the report, and imports with `--apply`.
pub(crate) async fn run(db: &DatabaseArgs, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let (records, file_problems) = read(&args.file)?;
    let numbering = open_service(db, Settings::default()).await?;
    let reason = args.reason.clone().unwrap_or_else(|| {
        let name = args.file.file_name().unwrap_or(args.file.as_os_str());
        format!("legacy import from {}", name.to_string_lossy())
    });
    let bar = progress_bar(records.len(), "checking");
    let tick = |n: u64| bar.set_position(n);
    let plan = numbering
        .plan_import(&records, &reason, &cli_actor(args.user.as_deref()), &tick)
        .await
        .map_err(refused)?;
    bar.finish_and_clear();
    let mut summary = Summary::of(&plan);
    summary.rows += file_problems.len() as u64;
    summary.problems.extend(file_problems);
    summary.problems.sort_by_key(|p| p.line);
    if !summary.problems.is_empty() {
        report(args, &summary, None);
        return Ok(ExitCode::from(2));
    }
    if !args.apply {
        report(args, &summary, None);
        return Ok(ExitCode::SUCCESS);
    }
    let spinner = progress_bar(0, "importing");
    spinner.set_message(format!(
        "importing {} rows in one transaction",
        summary.importable
    ));
    let outcome = numbering.apply_import(plan).await.map_err(refused);
    spinner.finish_and_clear();
    let outcome = outcome?;
    summary.counters = outcome.counters;
    report(args, &summary, Some(outcome.imported));
    Ok(ExitCode::SUCCESS)
}

/// What the report shows of a plan (the plan itself goes to the apply).
struct Summary {
    rows: u64,
    importable: usize,
    problems: Vec<ImportProblem>,
    counters: Vec<ImportCounter>,
    preview: Vec<ImportPreviewRow>,
}

impl Summary {
    fn of(plan: &ImportPlan) -> Self {
        Self {
            rows: plan.rows,
            importable: plan.importable(),
            problems: plan.problems.clone(),
            counters: plan.counters.clone(),
            preview: plan.preview.clone(),
        }
    }
}

/// Reads every record; rows the CSV reader rejects become problems.
fn read(path: &Path) -> anyhow::Result<(Vec<LegacyRecord>, Vec<ImportProblem>)> {
    let bytes = std::fs::read(path)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
    // The reader reports a record of a CRLF file one line early (its
    // position is taken before the LF of the previous line ending); the
    // byte at that position says so.
    let line_of = |p: Option<&csv::Position>| {
        p.map_or(0, |p| {
            let lf = usize::try_from(p.byte())
                .ok()
                .and_then(|i| bytes.get(i))
                .is_some_and(|b| *b == b'\n');
            p.line() + u64::from(lf)
        })
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| {
            UsageError(format!(
                "{}: cannot read the header row: {e}",
                path.display()
            ))
        })?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    for h in &headers {
        if !REQUIRED.contains(&h) && h != "metadata" {
            return Err(UsageError(format!(
                "{}: unknown column '{h}'; the columns are document_type,document_number,created_at,metadata",
                path.display()
            ))
            .into());
        }
    }
    let mut index = [0_usize; 3];
    for (slot, name) in index.iter_mut().zip(REQUIRED) {
        *slot = column(name).ok_or_else(|| {
            UsageError(format!(
                "{}: the header has no '{name}' column",
                path.display()
            ))
        })?;
    }
    let metadata = column("metadata");
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for result in reader.records() {
        match result {
            Ok(row) => {
                let field = |i: usize| row.get(i).unwrap_or_default().to_owned();
                records.push(LegacyRecord {
                    line: line_of(row.position()),
                    document_type: field(index[0]),
                    document_number: field(index[1]),
                    created_at: field(index[2]),
                    metadata: metadata.map(field).unwrap_or_default(),
                });
            }
            Err(e) => problems.push(ImportProblem {
                line: line_of(e.position()),
                document_number: String::new(),
                code: "NB009",
                message: format!("not a valid CSV row: {}", csv_reason(&e)),
            }),
        }
    }
    if records.is_empty() && problems.is_empty() {
        return Err(UsageError(format!("{} has no rows", path.display())).into());
    }
    Ok((records, problems))
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("it has {len} fields, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".to_owned(),
        _ => e.to_string(),
    }
}

/// A progress bar for `len` rows (a spinner for 0), drawn only on a
/// terminal and only for large files.
fn progress_bar(len: usize, what: &str) -> ProgressBar {
    if !crate::commands::present::stderr_is_terminal() || (len > 0 && len < PROGRESS_FROM_ROWS) {
        return ProgressBar::hidden();
    }
    if len == 0 {
        let spinner = ProgressBar::new_spinner();
        spinner.enable_steady_tick(Duration::from_millis(120));
        return spinner;
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} rows ({per_sec}, {eta} left)")
    {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}

/// Prints the dry run's report, or the import's when `imported` is set.
fn report(args: &ImportArgs, plan: &Summary, imported: Option<u64>) {
    if args.json {
        let mut v = json!({
            "file": args.file.display().to_string(),
            "dry_run": imported.is_none(),
            "ok": plan.problems.is_empty(),
            "rows": plan.rows,
            "importable": plan.importable,
            "problems": plan.problems,
            "counters": plan.counters,
            "preview": plan.preview,
        });
        if let Some(n) = imported {
            v["imported"] = n.into();
        }
        output::json(&v);
        return;
    }
    let file = args.file.display();
    if !plan.problems.is_empty() {
        output::line(&problems_table(&plan.problems).to_string());
        output::line(&format!(
            "{file}: {} of {} rows are bad; nothing {} imported. Fix them and run again.",
            plan.problems.len(),
            plan.rows,
            if args.apply { "was" } else { "can be" },
        ));
        return;
    }
    if let Some(n) = imported {
        output::line(&counters_table(&plan.counters).to_string());
        output::line(&format!(
            "{file}: imported {n} numbers as CONFIRMED (audited as IMPORT); counters raised as shown"
        ));
        return;
    }
    output::line(&format!(
        "Dry run of {file}: {} rows, all valid.",
        plan.rows
    ));
    output::line(&preview_table(&plan.preview).to_string());
    output::line(&counters_table(&plan.counters).to_string());
    output::line(&format!(
        "Nothing was written. Run again with --apply to import all {} rows in one transaction.",
        plan.importable
    ));
}
