//! `docnum audit-export`: the audit log of a time range, streamed to a file
//! (or standard output) as CSV, a JSON array or JSON lines.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::{DateTime, Days, NaiveDate, Utc};
use clap::{Args, ValueEnum};
use docnum_application::usecases::{AuditFormat, ExportError};
use docnum_application::{AuditFilter, Settings};

use crate::commands::UsageError;
use crate::commands::present::refused;
use crate::database::DatabaseArgs;
use crate::database::open_service;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// CSV with a header row.
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// `docnum audit-export`.
#[derive(Debug, Args)]
pub(crate) struct AuditExportArgs {
    /// From this instant (RFC 3339) or day (YYYY-MM-DD, 00:00 UTC), inclusive; default: the beginning.
    #[arg(long)]
    pub start: Option<String>,
    /// Until this instant (RFC 3339, exclusive) or day (YYYY-MM-DD, the whole day included); default: now.
    #[arg(long)]
    pub end: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
    /// Output file (written whole or not at all); default or "-": standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Only this series.
    #[arg(long = "type")]
    pub document_type: Option<String>,
    /// Only this user.
    #[arg(long)]
    pub user: Option<String>,
    /// Only this operation (RESERVE, CONFIRM, …, IMPORT).
    #[arg(long)]
    pub operation: Option<String>,
}

/// Writes the export and says how many entries it holds (on standard error).
pub(crate) async fn run(db: &DatabaseArgs, args: &AuditExportArgs) -> anyhow::Result<ExitCode> {
    let from = args
        .start
        .as_deref()
        .map(|s| instant(s, false))
        .transpose()?;
    let to = args.end.as_deref().map(|s| instant(s, true)).transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && from >= to
    {
        return Err(UsageError("--start must be before --end".into()).into());
    }
    let filter = AuditFilter {
        user_id: args.user.clone(),
        operation: args.operation.as_ref().map(|o| o.trim().to_uppercase()),
        document_type: args.document_type.clone(),
        from,
        to: Some(to.unwrap_or_else(Utc::now)),
        ..AuditFilter::default()
    };
    let format = match args.format {
        FormatArg::Csv => AuditFormat::Csv,
        FormatArg::Json => AuditFormat::Json,
        FormatArg::Jsonl => AuditFormat::JsonLines,
    };
    let numbering = open_service(db, Settings::default()).await?;
    let target = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let count = match target {
        None => {
            // Not `lock()`: the export's future must be Send.
            numbering
                .export_audit(&filter, format, BufWriter::new(std::io::stdout()))
                .await
                .map_err(export_error)?
        }
        Some(path) => to_file(&numbering, &filter, format, path).await?,
    };
    let place = target.map_or("standard output".to_owned(), |p| p.display().to_string());
    crate::output::note(&format!("exported {count} audit entries to {place}"));
    Ok(ExitCode::SUCCESS)
}

/// Streams into `PATH.partial` beside the target, then renames it, so that
/// a failed export never leaves a truncated file under the real name.
async fn to_file(
    numbering: &docnum_application::Numbering,
    filter: &AuditFilter,
    format: AuditFormat,
    path: &Path,
) -> anyhow::Result<u64> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let file =
        File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    let mut out = BufWriter::new(file);
    let result = numbering.export_audit(filter, format, &mut out).await;
    let result = result.map_err(export_error).and_then(|n| {
        out.flush()?;
        out.get_ref().sync_all()?;
        Ok(n)
    });
    drop(out);
    match result {
        Ok(n) => {
            std::fs::rename(&partial, path)
                .with_context(|| format!("cannot move the export to {}", path.display()))?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn export_error(e: ExportError) -> anyhow::Error {
    match e {
        ExportError::Store(e) => refused(e),
        // `docnum audit-export | head`: the reader has all it wanted.
        ExportError::Write(e) if crate::output::is_broken_pipe(&e) => {
            crate::output::exit_broken_pipe()
        }
        ExportError::Write(e) => anyhow::Error::new(e).context("cannot write the export"),
    }
}

/// `--start`/`--end`: RFC 3339, or a day; an end day includes the whole day.
fn instant(raw: &str, end: bool) -> anyhow::Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
        UsageError(format!(
            "'{raw}' is not a date (YYYY-MM-DD) or an RFC 3339 instant"
        ))
    })?;
    let day = if end {
        day.checked_add_days(Days::new(1))
            .ok_or_else(|| UsageError(format!("'{raw}' is out of range")))?
    } else {
        day
    };
    Ok(day.and_time(chrono::NaiveTime::MIN).and_utc())
}
