//! The admin commands, each with its own flags. Each calls the same use
//! cases as the HTTP API, directly on the database named by `DATABASE_URL`.

pub(crate) mod audit_export;
pub(crate) mod import;
mod import_report;
pub(crate) mod integrity;
mod load_client;
pub(crate) mod load_test;
pub(crate) mod migrate;
pub(crate) mod present;
pub(crate) mod scripting;
pub(crate) mod series;
mod series_effect;
mod series_lint;
pub(crate) mod set;
pub(crate) mod status;
pub(crate) mod token;

use docnum_application::Actor;

/// A mistake in how the command was called (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub String);

/// The CLI user for the audit log: `--user`, else the OS user.
pub(crate) fn cli_actor(user: Option<&str>) -> Actor {
    let name = user
        .map(str::to_owned)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "cli".to_owned());
    Actor {
        user_id: name,
        ip: None,
        user_agent: Some(format!("docnum-cli/{}", env!("CARGO_PKG_VERSION"))),
    }
}
