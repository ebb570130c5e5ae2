//! What the admin commands share: tables (coloured only on a terminal),
//! `NAME=VALUE` arguments, and the mapping of refusals to exit code 2.

use std::io::IsTerminal as _;

use chrono::{DateTime, Utc};
use comfy_table::{Cell, Color, Table};
use docnum_application::AppError;
use docnum_domain::Message;

use crate::commands::UsageError;
use crate::lang;

/// A table whose header names are catalogue keys (`col-…`), shown in the
/// output's language; comfy-table styles cells only when standard output is
/// a terminal, so pipes and files get plain text.
pub(crate) fn table(header: &[&'static str]) -> Table {
    let mut table = Table::new();
    table.set_header(header.iter().map(|key| lang::t(key)));
    table
}

/// `yes` or `no` in the output's language.
pub(crate) fn yes_no(value: bool) -> String {
    lang::t(if value { "word-yes" } else { "word-no" })
}

/// Whether standard error is a terminal (progress bars).
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// A percentage, red from 90 %, yellow from 75 %.
pub(crate) fn percent_cell(percent: f64) -> Cell {
    let cell = Cell::new(format!("{percent:.2}"));
    if percent >= 90.0 {
        cell.fg(Color::Red)
    } else if percent >= 75.0 {
        cell.fg(Color::Yellow)
    } else {
        cell
    }
}

/// A cell in red (problems).
pub(crate) fn red(text: &str) -> Cell {
    Cell::new(text).fg(Color::Red)
}

/// An optional instant, `-` when absent.
pub(crate) fn when(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}

/// Parses `NAME=VALUE` (clap value parser).
pub(crate) fn key_value(raw: &str) -> Result<(String, String), String> {
    raw.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("'{raw}' is not NAME=VALUE"))
}

/// A use case's error for the command line: a refusal of the request (a
/// 4xx answer over HTTP: unknown series, bad format, value below what was
/// issued …) is bad input, exit code 2; the rest (database down, internal)
/// exit 1. The message starts with the NB code and is in the output's
/// language; an operator also sees the detail of a database or internal
/// failure (which the HTTP API only logs).
#[allow(clippy::needless_pass_by_value)] // used as `.map_err(refused)`
pub(crate) fn refused(e: AppError) -> anyhow::Error {
    let message = match &e {
        AppError::Internal(detail) => Message::new("cli-internal-error").with("detail", detail),
        AppError::Unavailable(detail) => {
            Message::new("cli-database-unavailable").with("detail", detail)
        }
        other => other.message(),
    };
    let text = lang::tr(
        &Message::new("cli-refused")
            .with("code", e.code().as_str())
            .with("message", message),
    );
    if is_input_error(&e) {
        UsageError(text).into()
    } else {
        anyhow::anyhow!(text)
    }
}

fn is_input_error(e: &AppError) -> bool {
    !matches!(
        e,
        AppError::Internal(_)
            | AppError::Unavailable(_)
            | AppError::LockTimeout(_)
            | AppError::SeriesChanged(_)
            | AppError::Overloaded(_)
    )
}
