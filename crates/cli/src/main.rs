//! `docnum`: the document-numbering service and its admin commands.

mod cli;
mod commands;
mod config;
mod database;
mod lang;
mod output;
mod secret;
mod serve;

use std::process::ExitCode;

use clap::Parser;

// Under load the server allocates many small short-lived buffers from
// several threads; mimalloc spends a fraction of glibc's time on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::try_parse().unwrap_or_else(|e| exit_on_parse_error(&e));
    // One rustls crypto provider for every TLS connection (databases, Redis).
    docnum_adapters::tls::install_crypto_provider();
    lang::init(cli.lang);
    init_tracing(&cli);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            output::error(&lang::tr(
                &docnum_domain::Message::new("cli-runtime-failed").with("detail", e.to_string()),
            ));
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            output::error(&format!("{e:#}"));
            ExitCode::from(e.downcast_ref::<commands::UsageError>().map_or(1, |_| 2))
        }
    }
}

/// Ends the process on a command line clap refused. A value clap could not
/// parse (an option or its environment variable: `DOCNUM_PORT=http`) is
/// told in the output's language (`--lang` is not read yet: the POSIX
/// locale decides); help, version and the rest are clap's own.
fn exit_on_parse_error(e: &clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    if matches!(
        e.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) && let (Some(setting), Some(value)) = (
        text(ContextKind::InvalidArg),
        text(ContextKind::InvalidValue),
    ) {
        output::error(&lang::tr(
            &docnum_domain::Message::new("cli-invalid-value")
                .with("setting", setting)
                .with("value", value),
        ));
        std::process::exit(2);
    }
    e.exit()
}

/// Runs the command the command line names.
async fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    use cli::Command;
    use commands::{
        audit_export, import, integrity, load_test, migrate, scripting, series, set, status, token,
    };
    let db = &cli.database;
    match &cli.command {
        Command::Serve(args) => serve::run(db, args).await.map(|()| ExitCode::SUCCESS),
        Command::Migrate(args) => migrate::run(db, args).await,
        Command::Token(args) => token::run(db, args),
        Command::Series(cmd) => series::run(db, cmd).await,
        Command::LoadTest(args) => load_test::run(args).await,
        Command::Status(args) => status::run(db, args).await,
        Command::Set(args) => set::run(db, args).await,
        Command::Validate(args) => integrity::validate(db, args).await,
        Command::CheckDuplicates(args) => integrity::check_duplicates(db, args).await,
        Command::AuditExport(args) => audit_export::run(db, args).await,
        Command::Import(args) => import::run(db, args).await,
        Command::Reserve(args) => scripting::reserve(db, args).await,
        Command::Confirm(args) => scripting::confirm(db, args).await,
        Command::Cancel(args) => scripting::cancel(db, args).await,
    }
}

fn init_tracing(cli: &cli::Cli) {
    use tracing_subscriber::EnvFilter;
    let default = if matches!(cli.command, cli::Command::Serve(_)) {
        "info"
    } else {
        "warn"
    };
    let filter = EnvFilter::try_from_env("DOCNUM_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if std::env::var("DOCNUM_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
