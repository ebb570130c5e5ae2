//! The admin commands. Each calls the same use cases as the HTTP API,
//! directly on the database named by `DATABASE_URL`.

pub(crate) mod audit_export;
pub(crate) mod import;
mod import_report;
pub(crate) mod integrity;
mod load_client;
mod load_test;
mod present;
pub(crate) mod scripting;
mod series;
pub(crate) mod set;
pub(crate) mod status;
mod token;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use docnum_adapters::PoolOptions;
use docnum_application::ports::Storage;
use docnum_application::{Actor, Numbering, Ports, Settings};

use crate::cli::{Cli, Command};
use crate::serve;

/// A mistake in how the command was called (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub String);

/// Dispatches a parsed command line.
pub(crate) async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Serve(args) => serve::run(&cli, args).await.map(|()| ExitCode::SUCCESS),
        Command::Migrate => {
            open_store(&cli).await?;
            crate::output::line("migrations applied");
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(args) => token::run(&cli, args),
        Command::Series(cmd) => series::run(&cli, cmd).await,
        Command::LoadTest(args) => load_test::run(args).await,
        Command::Status(args) => status::run(&cli, args).await,
        Command::Set(args) => set::run(&cli, args).await,
        Command::Validate(args) => integrity::validate(&cli, args).await,
        Command::CheckDuplicates(args) => integrity::check_duplicates(&cli, args).await,
        Command::AuditExport(args) => audit_export::run(&cli, args).await,
        Command::Import(args) => import::run(&cli, args).await,
        Command::Reserve(args) => scripting::reserve(&cli, args).await,
        Command::Confirm(args) => scripting::confirm(&cli, args).await,
        Command::Cancel(args) => scripting::cancel(&cli, args).await,
    }
}

/// Opens the database `DATABASE_URL` names, whatever its dialect (applying
/// migrations).
pub(crate) async fn open_store(cli: &Cli) -> anyhow::Result<Arc<dyn Storage>> {
    let options = PoolOptions {
        max_size: cli.db_pool_size.max(1),
        connect_timeout: Duration::from_millis(cli.db_connect_timeout.max(1)),
        statement_timeout: Duration::from_millis(cli.db_statement_timeout.max(1)),
    };
    docnum_adapters::connect(&cli.database_url, options)
        .await
        .with_context(|| "cannot open the database named by DATABASE_URL")
}

/// The numbering service on the configured database.
pub(crate) async fn open_service(cli: &Cli, settings: Settings) -> anyhow::Result<Numbering> {
    let store = open_store(cli).await?;
    Ok(Numbering::new(Ports::on_store(store), settings))
}

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
