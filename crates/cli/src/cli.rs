//! The command line: every flag also reads its environment variable.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// docnum — document numbers that are never handed out twice.
#[derive(Debug, Parser)]
#[command(name = "docnum", version, about)]
pub(crate) struct Cli {
    /// Database URL: sqlite://FILE (default), postgres://…, mysql://… (MariaDB too; mariadb:// works)
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://docnum.db",
        global = true
    )]
    pub database_url: String,
    /// Database connection pool size.
    #[arg(long, env = "DOCNUM_DB_POOL_SIZE", default_value_t = 8, global = true)]
    pub db_pool_size: u32,
    /// Milliseconds to open a database connection (PostgreSQL/MariaDB/MySQL);
    /// requests fail with 503 NB014 as soon as the server cannot be reached.
    #[arg(
        long,
        env = "DOCNUM_DB_CONNECT_TIMEOUT",
        default_value_t = 5000,
        global = true
    )]
    pub db_connect_timeout: u64,
    /// Milliseconds a database statement or lock wait may take (PostgreSQL/MariaDB/MySQL).
    #[arg(
        long,
        env = "DOCNUM_DB_STATEMENT_TIMEOUT",
        default_value_t = 10000,
        global = true
    )]
    pub db_statement_timeout: u64,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the HTTP service (and the expiry job).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print a signed JWT for a user (same secret as `serve`).
    Token(TokenArgs),
    /// Create, list, show and update series.
    #[command(subcommand)]
    Series(SeriesCommand),
    /// Load-test a running server: throughput, latency percentiles, duplicate check.
    LoadTest(LoadTestArgs),
    /// Status of every series (or one): current value, max, utilisation, last use.
    Status(crate::commands::status::StatusArgs),
    /// Set a counter (never below the highest value issued from it).
    Set(crate::commands::set::SetArgs),
    /// Check integrity (spec §7); exit 1 if anything is wrong.
    Validate(crate::commands::integrity::CheckArgs),
    /// Check that no rendered number is issued twice; exit 1 if one is.
    CheckDuplicates(crate::commands::integrity::CheckArgs),
    /// Export the audit log of a time range (CSV, JSON), streamed.
    AuditExport(crate::commands::audit_export::AuditExportArgs),
    /// Import legacy numbers from CSV: dry run, then --apply (all or nothing).
    Import(crate::commands::import::ImportArgs),
    /// Reserve a number (prints NUMBER<TAB>TOKEN).
    Reserve(crate::commands::scripting::ReserveArgs),
    /// Confirm a reservation.
    Confirm(crate::commands::scripting::ConfirmArgs),
    /// Cancel a reservation.
    Cancel(crate::commands::scripting::CancelArgs),
}

/// `docnum load-test`.
#[derive(Debug, Args)]
pub(crate) struct LoadTestArgs {
    /// Base URL of the server, e.g. http://127.0.0.1:8080
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Bearer token (needs numbering:reserve).
    #[arg(long, env = "DOCNUM_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Document type to reserve.
    #[arg(long = "type")]
    pub document_type: String,
    /// Context values, NAME=VALUE (repeatable).
    #[arg(long = "context", value_parser = parse_key_value)]
    pub context: Vec<(String, String)>,
    /// Total reservations.
    #[arg(long, default_value_t = 1000)]
    pub requests: u64,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    pub concurrency: u32,
    /// Confirm each number after reserving it (latency covers both).
    #[arg(long)]
    pub confirm: bool,
    /// Open loop: start iterations at this steady rate per second instead of
    /// as fast as answers come; latency counts from each iteration's
    /// scheduled start, so a server that falls behind is charged for it.
    #[arg(long, value_name = "PER_SECOND")]
    pub rate: Option<u32>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_key_value(raw: &str) -> Result<(String, String), String> {
    raw.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("'{raw}' is not NAME=VALUE"))
}

/// `docnum serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to bind.
    #[arg(long, env = "DOCNUM_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, env = "DOCNUM_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Seconds a reservation stays open.
    #[arg(long, env = "NUMBERING_RESERVATION_TTL", default_value_t = 300)]
    pub reservation_ttl: u64,
    /// Lock TTL in milliseconds.
    #[arg(long, env = "NUMBERING_LOCK_TIMEOUT", default_value_t = 5000)]
    pub lock_timeout: u64,
    /// Most reservations of one counter per transaction (1: no coalescing).
    #[arg(long, env = "NUMBERING_BATCH_MAX", default_value_t = 256)]
    pub batch_max: usize,
    /// Most reservations waiting for one counter before NB017 (503).
    #[arg(long, env = "NUMBERING_QUEUE_MAX", default_value_t = 10_000)]
    pub queue_max: usize,
    /// Reservations per minute per user.
    #[arg(long, env = "NUMBERING_RATE_LIMIT", default_value_t = 100)]
    pub rate_limit: u32,
    /// Seconds between runs of the expiry job.
    #[arg(long, env = "DOCNUM_EXPIRY_INTERVAL", default_value_t = 10)]
    pub expiry_interval: u64,
    /// Redis for the counter lock (one node); unset: database-only locking.
    #[arg(long, env = "REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
    /// Independent Redis nodes for Redlock: host:port,host:port,… (wins over REDIS_URL).
    #[arg(long, env = "REDIS_CLUSTER_NODES", hide_env_values = true)]
    pub redis_cluster_nodes: Option<String>,
    /// Lock attempts after the first while another request holds the counter.
    #[arg(long, env = "NUMBERING_RETRY_ATTEMPTS", default_value_t = 3)]
    pub retry_attempts: u32,
    /// Milliseconds between lock attempts (± 50 % jitter).
    #[arg(long, env = "NUMBERING_RETRY_DELAY", default_value_t = 200)]
    pub retry_delay: u64,
    /// Seconds between refreshes of the counter gauges from the database.
    #[arg(long, env = "DOCNUM_METRICS_INTERVAL", default_value_t = 15)]
    pub metrics_interval: u64,
    /// JWT secret file (used when DOCNUM_JWT_SECRET is unset).
    #[arg(long, env = "DOCNUM_JWT_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
}

/// `docnum token`.
#[derive(Debug, Args)]
pub(crate) struct TokenArgs {
    /// The user id (`sub`).
    #[arg(long)]
    pub user: String,
    /// A permission, e.g. numbering:reserve (repeatable).
    #[arg(long = "permission", required = true)]
    pub permissions: Vec<String>,
    /// Lifetime: 90s, 15m, 1h, 7d.
    #[arg(long, default_value = "1h")]
    pub ttl: String,
    /// JWT secret file (used when DOCNUM_JWT_SECRET is unset).
    #[arg(long, env = "DOCNUM_JWT_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
}

/// `docnum series …`.
#[derive(Debug, Subcommand)]
pub(crate) enum SeriesCommand {
    /// Create a series.
    Create(SeriesSpecArgs),
    /// Change a series (a reason is required; the change is kept in its history).
    Update(SeriesUpdateArgs),
    /// List every series.
    List(JsonFlag),
    /// Show one series and its history.
    Show(SeriesShowArgs),
}

/// `--json` for scripts.
#[derive(Debug, Args)]
pub(crate) struct JsonFlag {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The fields of a series.
#[derive(Debug, Args)]
pub(crate) struct SeriesSpecArgs {
    /// Document type, e.g. COR.
    pub document_type: String,
    /// Template, e.g. 'COR-{YYYY}-{SEQ:5}'.
    #[arg(long)]
    pub template: String,
    /// Scope preset (GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY) or a comma list (PROJECT,YEAR).
    #[arg(long, default_value = "GLOBAL")]
    pub scope: String,
    /// Allow admins to register numbers by hand.
    #[arg(long)]
    pub allow_manual_override: bool,
    /// Highest sequence value.
    #[arg(long, default_value_t = 999_999)]
    pub max_value: u64,
    /// Longest rendered number.
    #[arg(long, default_value_t = 50)]
    pub max_length: u32,
    /// IANA time zone for the year/month of numbers.
    #[arg(long, default_value = "UTC")]
    pub time_zone: String,
    /// Uniqueness namespace of rendered numbers.
    #[arg(long, default_value = "default")]
    pub namespace: String,
    /// Days a document_date may lie in the past.
    #[arg(long, default_value_t = 0)]
    pub backdate_days: u32,
    /// Who does this (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `docnum series update`: only the fields given change.
#[derive(Debug, Args)]
pub(crate) struct SeriesUpdateArgs {
    /// Document type.
    pub document_type: String,
    /// New template.
    #[arg(long)]
    pub template: Option<String>,
    /// New scope (preset or comma list).
    #[arg(long)]
    pub scope: Option<String>,
    /// Allow (true) or forbid (false) manual override.
    #[arg(long)]
    pub allow_manual_override: Option<bool>,
    /// New highest sequence value.
    #[arg(long)]
    pub max_value: Option<u64>,
    /// New longest rendered number.
    #[arg(long)]
    pub max_length: Option<u32>,
    /// New time zone.
    #[arg(long)]
    pub time_zone: Option<String>,
    /// New namespace.
    #[arg(long)]
    pub namespace: Option<String>,
    /// New back-dating window in days.
    #[arg(long)]
    pub backdate_days: Option<u32>,
    /// Why the series changes (kept in its history).
    #[arg(long)]
    pub reason: String,
    /// Who does this (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `docnum series show`.
#[derive(Debug, Args)]
pub(crate) struct SeriesShowArgs {
    /// Document type.
    pub document_type: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
