//! The admin commands. Each calls the same use cases as the HTTP API,
//! directly on the database named by `DATABASE_URL`.

mod load_test;
mod series;
mod token;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
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
    }
}

/// Opens the database (applying migrations).
pub(crate) async fn open_store(cli: &Cli) -> anyhow::Result<Arc<docnum_adapters::SqliteStore>> {
    let store = docnum_adapters::SqliteStore::connect(&cli.database_url, cli.db_pool_size)
        .await
        .with_context(|| "cannot open the database named by DATABASE_URL")?;
    Ok(Arc::new(store))
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
