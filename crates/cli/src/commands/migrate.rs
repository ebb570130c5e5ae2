//! `docnum migrate`: apply pending migrations and say which, then run the
//! data steps they left (number keys: `--keep-look-alikes` keeps existing
//! look-alike numbers as issued); `--dry-run` lists the migrations without
//! applying; `migrate status` shows the schema's state.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use docnum_adapters::{BINARY_VERSION, SchemaStatus};

use docnum_application::Settings;
use docnum_application::usecases::{KeepLookAlikes, UpgradeReport};
use docnum_domain::Message;

use crate::commands::cli_actor;
use crate::commands::present::refused;
use crate::database::{DatabaseArgs, finish_upgrade, open_service_as_is, pool_options};
use crate::{lang, output};

/// `docnum migrate`.
#[derive(Debug, Args)]
pub(crate) struct MigrateArgs {
    /// List the migrations that would be applied; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Keep existing numbers that look the same (equal once NFKC-normalised)
    /// as issued, each audited as LOOK_ALIKE_KEPT; without it the upgrade to
    /// number keys stops on them, changing nothing.
    #[arg(long, requires = "reason", conflicts_with = "dry_run")]
    pub keep_look_alikes: bool,
    /// Why the look-alikes are kept (audit; with --keep-look-alikes).
    #[arg(long, requires = "keep_look_alikes")]
    pub reason: Option<String>,
    /// Who does this (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
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
        // A current schema can be opened without changing anything: say
        // which data steps are still to run.
        if status.is_current() && status.check_compatible().is_ok() {
            let numbering = open_service_as_is(db, Settings::default()).await?;
            for step in numbering.pending_upgrade_steps().await.map_err(refused)? {
                output::line(&lang::tr(
                    &Message::new("migrate-step-pending").with("step", step),
                ));
            }
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
    let numbering = open_service_as_is(db, Settings::default()).await?;
    let keep = args.reason.as_ref().map(|reason| KeepLookAlikes {
        reason: reason.clone(),
    });
    let report =
        finish_upgrade(&numbering, keep.as_ref(), &cli_actor(args.user.as_deref())).await?;
    show_steps(&report);
    Ok(ExitCode::SUCCESS)
}

/// What the data steps did.
fn show_steps(report: &UpgradeReport) {
    for group in &report.kept {
        output::line(&lang::tr(
            &Message::new("migrate-look-alikes-kept")
                .with("namespace", &group.namespace)
                .with("numbers", group.document_numbers.join(" = ")),
        ));
    }
    for change in &report.merged {
        output::line(&lang::tr(
            &Message::new("migrate-counter-merged")
                .with("counter", change.counter_key.as_str())
                .with("old", change.old_value)
                .with("new", change.new_value),
        ));
    }
    for step in &report.steps {
        output::line(&lang::tr(
            &Message::new("migrate-step-done")
                .with("step", step)
                .with("kept", report.kept.len())
                .with("merged", report.merged.len()),
        ));
    }
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
