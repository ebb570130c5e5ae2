//! `docnum token`: print a JWT signed with the service's secret.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::commands::UsageError;
use crate::database::DatabaseArgs;
use crate::{config, output, secret};

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

const PERMISSIONS: [&str; 5] = [
    "numbering:reserve",
    "numbering:manual_override",
    "numbering:skip_validation",
    "numbering:void",
    "numbering:admin",
];

/// Prints the token on standard output.
pub(crate) fn run(db: &DatabaseArgs, args: &TokenArgs) -> anyhow::Result<ExitCode> {
    let ttl = config::parse_duration(&args.ttl).ok_or_else(|| {
        UsageError(format!(
            "--ttl '{}' is not a duration such as 90s, 15m, 1h, 7d",
            args.ttl
        ))
    })?;
    if let Some(bad) = args
        .permissions
        .iter()
        .find(|p| !PERMISSIONS.contains(&p.as_str()))
    {
        return Err(UsageError(format!(
            "unknown permission '{bad}'; use one of {}",
            PERMISSIONS.join(", ")
        ))
        .into());
    }
    if args.user.trim().is_empty() {
        return Err(UsageError("--user must not be empty".into()).into());
    }
    let secret = secret::load(
        &db.database_url,
        args.secret_file.as_deref(),
        secret::IfMissing::CreateForSqliteOnly,
    )?;
    let token = docnum_api::issue_token(&secret, &args.user, &args.permissions, ttl)
        .map_err(|e| anyhow::anyhow!("cannot sign the token: {e}"))?;
    output::line(&token);
    Ok(ExitCode::SUCCESS)
}
