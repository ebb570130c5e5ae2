//! `docnum migrate`: apply pending migrations and say which; `--dry-run`
//! lists them without applying; `migrate status` shows the schema's state.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use docnum_adapters::{BINARY_VERSION, SchemaStatus};

use crate::database::{DatabaseArgs, pool_options};
use crate::output;

/// `docnum migrate`.
#[derive(Debug, Args)]
pub(crate) struct MigrateArgs {
    /// List the migrations that would be applied; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// `status`: the schema's state instead.
    #[command(subcommand)]
    pub action: Option<MigrateAction>,
}

/// What `docnum migrate` can do besides migrating.
#[derive(Debug, Subcommand)]
pub(crate) enum MigrateAction {
    /// Applied and pending migrations, and the schema's compatibility level.
    Status,
}

/// Runs `docnum migrate [--dry-run | status]`.
pub(crate) async fn run(db: &DatabaseArgs, args: &MigrateArgs) -> anyhow::Result<ExitCode> {
    let url = &db.database_url;
    let options = pool_options(db);
    if matches!(args.action, Some(MigrateAction::Status)) || args.dry_run {
        let status = docnum_adapters::schema_status(url, options)
            .await
            .context("cannot read the schema of the database named by DATABASE_URL")?;
        if args.dry_run {
            status.check_compatible()?;
            dry_run(&status);
        } else {
            show(&status);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let applied = docnum_adapters::migrate(url, options)
        .await
        .context("cannot migrate the database named by DATABASE_URL")?;
    if applied.is_empty() {
        output::line("schema is up to date: no migration applied");
    } else {
        for name in &applied {
            output::line(&format!("applied {name}"));
        }
        output::line(&format!("{} migration(s) applied", applied.len()));
    }
    Ok(ExitCode::SUCCESS)
}

fn dry_run(status: &SchemaStatus) {
    if status.pending.is_empty() {
        output::line("schema is up to date: nothing to apply");
        return;
    }
    for name in &status.pending {
        output::line(&format!("would apply {name}"));
    }
    output::line(&format!(
        "{} migration(s) would be applied (dry run: nothing changed)",
        status.pending.len()
    ));
}

fn show(status: &SchemaStatus) {
    for name in &status.applied {
        output::line(&format!("applied  {name}"));
    }
    for name in &status.pending {
        output::line(&format!("pending  {name}"));
    }
    for version in &status.unknown {
        output::line(&format!("newer    {version} (applied by a newer docnum)"));
    }
    let level = status.required().map_or_else(
        || "none recorded".to_owned(),
        |(version, migration)| format!("docnum {version} or newer (set by {migration})"),
    );
    output::line(&format!("compatibility level: {level}"));
    let verdict = match status.check_compatible() {
        Err(e) => format!("this docnum {BINARY_VERSION} cannot run against it: {e}"),
        Ok(()) if status.pending.is_empty() => format!("this docnum {BINARY_VERSION}: up to date"),
        Ok(()) => format!(
            "this docnum {BINARY_VERSION}: {} pending; run `docnum migrate` as the schema owner",
            status.pending.len()
        ),
    };
    output::line(&verdict);
}
