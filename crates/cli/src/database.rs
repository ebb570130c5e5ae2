//! The database every command works on: the global flags naming it, and
//! opening it (applying migrations).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use docnum_adapters::PoolOptions;
use docnum_application::ports::Storage;
use docnum_application::usecases::{KeepLookAlikes, UpgradeReport};
use docnum_application::{Actor, AppError, Numbering, Ports, Settings};

// The database flags, global to every command. (A plain comment: clap
// would read a doc comment here as the program's description.)
#[derive(Debug, Args)]
pub(crate) struct DatabaseArgs {
    /// Database URL: sqlite://FILE (default), postgres://…, mysql://… (MariaDB too; mariadb:// works)
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://docnum.db",
        global = true,
        // It may carry a password: `--help` must not print it.
        hide_env_values = true
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
}

/// Opens the database `DATABASE_URL` names, whatever its dialect (applying
/// migrations).
pub(crate) async fn open_store(db: &DatabaseArgs) -> anyhow::Result<Arc<dyn Storage>> {
    docnum_adapters::connect(&db.database_url, pool_options(db))
        .await
        .with_context(|| crate::lang::t("cli-database-unopened"))
}

/// The pool settings from the global flags.
pub(crate) fn pool_options(db: &DatabaseArgs) -> PoolOptions {
    PoolOptions {
        max_size: db.db_pool_size.max(1),
        connect_timeout: Duration::from_millis(db.db_connect_timeout.max(1)),
        statement_timeout: Duration::from_millis(db.db_statement_timeout.max(1)),
    }
}

/// The numbering service on the configured database, once the data steps
/// a migration left are done (they stop, changing nothing, on existing
/// look-alike numbers: see `docnum migrate --keep-look-alikes`).
pub(crate) async fn open_service(
    db: &DatabaseArgs,
    settings: Settings,
) -> anyhow::Result<Numbering> {
    let numbering = open_service_as_is(db, settings).await?;
    finish_upgrade(&numbering, None, &Actor::system()).await?;
    Ok(numbering)
}

/// The numbering service on the configured database as it is, data steps
/// still pending or not: for the checks that must run before they can
/// (`validate` lists the look-alikes that stop them).
pub(crate) async fn open_service_as_is(
    db: &DatabaseArgs,
    settings: Settings,
) -> anyhow::Result<Numbering> {
    let store = open_store(db).await?;
    Ok(Numbering::new(Ports::on_store(store), settings))
}

/// Runs the pending data steps; an unreachable database stays an
/// [`AppError::Unavailable`] (`serve` waits for it), anything else is said
/// in the user's language, exit code 1: what stops a step is in the data,
/// not in how the command was called.
pub(crate) async fn finish_upgrade(
    numbering: &Numbering,
    keep: Option<&KeepLookAlikes>,
    actor: &Actor,
) -> anyhow::Result<UpgradeReport> {
    numbering
        .finish_upgrade(keep, actor)
        .await
        .map_err(|e| match e {
            AppError::Unavailable(_) => anyhow::Error::from(e),
            other => anyhow::anyhow!("{}", crate::commands::present::refused(other)),
        })
}
