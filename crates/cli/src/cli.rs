//! The command line: the global flags and the list of commands, each
//! command's own flags living beside it. Every flag also reads its
//! environment variable.

use clap::{Parser, Subcommand};

use crate::commands::{
    audit_export, import, integrity, load_test, migrate, scripting, series, set, status, token,
};
use crate::database::DatabaseArgs;
use crate::serve::ServeArgs;

/// docnum — document numbers that are never handed out twice.
#[derive(Debug, Parser)]
#[command(name = "docnum", version, about)]
pub(crate) struct Cli {
    // The database (global flags). A plain comment: clap would read a doc
    // comment here as help text.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Language of messages, tables and reports: en or th (default: from
    /// LC_ALL, LC_MESSAGES or LANG, else en); `--json` output is the same in
    /// every language.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<docnum_i18n::Locale>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the HTTP service (and the expiry job).
    Serve(ServeArgs),
    /// Apply pending database migrations and say which (`--dry-run`, `status`).
    Migrate(migrate::MigrateArgs),
    /// Print a signed JWT for a user (same secret as `serve`).
    Token(token::TokenArgs),
    /// Create, list, show and update series.
    #[command(subcommand)]
    Series(series::SeriesCommand),
    /// Load-test a running server: throughput, latency percentiles, duplicate check.
    LoadTest(load_test::LoadTestArgs),
    /// Status of every series (or one): current value, max, utilisation, last use.
    Status(status::StatusArgs),
    /// Set a counter (never below the highest value issued from it).
    Set(set::SetArgs),
    /// Check integrity (spec §7); exit 1 if anything is wrong.
    Validate(integrity::CheckArgs),
    /// Check that no rendered number is issued twice; exit 1 if one is.
    CheckDuplicates(integrity::CheckArgs),
    /// Export the audit log of a time range (CSV, JSON), streamed.
    AuditExport(audit_export::AuditExportArgs),
    /// Import legacy numbers from CSV: dry run, then --apply (all or nothing).
    Import(import::ImportArgs),
    /// Reserve a number (prints NUMBER<TAB>TOKEN).
    Reserve(scripting::ReserveArgs),
    /// Confirm a reservation.
    Confirm(scripting::ConfirmArgs),
    /// Cancel a reservation.
    Cancel(scripting::CancelArgs),
}
