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
use docnum_domain::Message;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use crate::commands::import_report::{counters_table, preview_table, problem_json, problems_table};
use crate::commands::present::refused;
use crate::commands::{UsageError, cli_actor};
use crate::database::{DatabaseArgs, open_service};
use crate::{lang, output};

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
    let bar = progress_bar(records.len(), "import-checking");
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
    let spinner = progress_bar(0, "import-importing");
    spinner.set_message(lang::tr(
        &Message::new("import-importing-rows").with("count", summary.importable),
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
    let bytes = std::fs::read(path).map_err(|e| {
        usage(
            &Message::new("import-file-unreadable")
                .with("file", file(path))
                .with("detail", e.to_string()),
        )
    })?;
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
            usage(
                &Message::new("import-header-unreadable")
                    .with("file", file(path))
                    .with("detail", e.to_string()),
            )
        })?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    for h in &headers {
        if !REQUIRED.contains(&h) && h != "metadata" {
            return Err(usage(
                &Message::new("import-unknown-column")
                    .with("file", file(path))
                    .with("column", h),
            )
            .into());
        }
    }
    let mut index = [0_usize; 3];
    for (slot, name) in index.iter_mut().zip(REQUIRED) {
        *slot = column(name).ok_or_else(|| {
            usage(
                &Message::new("import-missing-column")
                    .with("file", file(path))
                    .with("column", name),
            )
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
                message: Message::new("import-csv-row").with("reason", csv_reason(&e)),
            }),
        }
    }
    if records.is_empty() && problems.is_empty() {
        return Err(usage(&Message::new("import-no-rows").with("file", file(path))).into());
    }
    Ok((records, problems))
}

fn csv_reason(e: &csv::Error) -> Message {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Message::new("import-csv-field-count")
            .with("fields", *len)
            .with("expected", *expected_len),
        csv::ErrorKind::Utf8 { .. } => Message::new("import-csv-not-utf8"),
        _ => Message::new("import-csv-other").with("detail", e.to_string()),
    }
}

/// A usage error (exit 2) worded in the output's language.
fn usage(message: &Message) -> UsageError {
    UsageError(lang::tr(message))
}

fn file(path: &Path) -> String {
    path.display().to_string()
}

/// A progress bar for `len` rows (a spinner for 0), drawn only on a
/// terminal and only for large files.
fn progress_bar(len: usize, what: &'static str) -> ProgressBar {
    if !crate::commands::present::stderr_is_terminal() || (len > 0 && len < PROGRESS_FROM_ROWS) {
        return ProgressBar::hidden();
    }
    if len == 0 {
        let spinner = ProgressBar::new_spinner();
        spinner.enable_steady_tick(Duration::from_millis(120));
        return spinner;
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template(&lang::t("import-progress")) {
        bar.set_style(style);
    }
    bar.set_message(lang::t(what));
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
            "problems": plan.problems.iter().map(problem_json).collect::<Vec<_>>(),
            "counters": plan.counters,
            "preview": plan.preview,
        });
        if let Some(n) = imported {
            v["imported"] = n.into();
        }
        output::json(&v);
        return;
    }
    let file = args.file.display().to_string();
    if !plan.problems.is_empty() {
        output::line(&problems_table(&plan.problems).to_string());
        output::line(&lang::tr(
            &Message::new(if args.apply {
                "import-bad-rows-applied"
            } else {
                "import-bad-rows"
            })
            .with("file", &file)
            .with("bad", plan.problems.len())
            .with("rows", plan.rows),
        ));
        return;
    }
    if let Some(n) = imported {
        output::line(&counters_table(&plan.counters).to_string());
        output::line(&lang::tr(
            &Message::new("import-done")
                .with("file", &file)
                .with("count", n),
        ));
        return;
    }
    output::line(&lang::tr(
        &Message::new("import-dry-run")
            .with("file", &file)
            .with("rows", plan.rows),
    ));
    output::line(&preview_table(&plan.preview).to_string());
    output::line(&counters_table(&plan.counters).to_string());
    output::line(&lang::tr(
        &Message::new("import-nothing-written").with("count", plan.importable),
    ));
}
