//! `docnum reserve|confirm|cancel`: the number lifecycle for scripts,
//! directly on the database.
//!
//! Human output is one line of tab-separated fields (`reserve` prints the
//! number and the token), so `read -r number token < <(docnum reserve COR)`
//! works; `--json` prints the whole answer.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Duration;

use chrono::NaiveDate;
use clap::Args;
use docnum_application::{ReserveRequest, Settings};
use serde_json::json;
use uuid::Uuid;

use crate::commands::present::{key_value, refused};
use crate::commands::{UsageError, cli_actor};
use crate::database::DatabaseArgs;
use crate::database::open_service;
use crate::output;

/// `docnum reserve`.
#[derive(Debug, Args)]
pub(crate) struct ReserveArgs {
    /// Document type.
    pub document_type: String,
    /// Context values, NAME=VALUE (repeatable).
    #[arg(long = "context", value_parser = key_value)]
    pub context: Vec<(String, String)>,
    /// The value of the series' single scope dimension.
    #[arg(long)]
    pub scope_value: Option<String>,
    /// Back-date the number (YYYY-MM-DD, within the series' window).
    #[arg(long)]
    pub document_date: Option<NaiveDate>,
    /// Metadata stored with the number (a JSON value).
    #[arg(long)]
    pub metadata: Option<String>,
    /// Replays with the same key return the same reservation.
    #[arg(long)]
    pub idempotency_key: Option<String>,
    /// Seconds the reservation stays open.
    #[arg(long, env = "NUMBERING_RESERVATION_TTL", default_value_t = 300)]
    pub ttl: u64,
    /// Who reserves (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `docnum confirm`.
#[derive(Debug, Args)]
pub(crate) struct ConfirmArgs {
    /// The reservation token.
    pub token: Uuid,
    /// Your document's id, kept with the number.
    #[arg(long)]
    pub document_ref: Option<String>,
    /// Who confirms (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `docnum cancel`.
#[derive(Debug, Args)]
pub(crate) struct CancelArgs {
    /// The reservation token.
    pub token: Uuid,
    /// Why.
    #[arg(long)]
    pub reason: Option<String>,
    /// Who cancels (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Reserves a number; prints `NUMBER<TAB>TOKEN`.
pub(crate) async fn reserve(db: &DatabaseArgs, args: &ReserveArgs) -> anyhow::Result<ExitCode> {
    let metadata = match &args.metadata {
        Some(raw) => serde_json::from_str(raw)
            .map_err(|e| UsageError(format!("--metadata is not JSON: {e}")))?,
        None => serde_json::Value::Null,
    };
    let settings = Settings {
        reservation_ttl: Duration::from_secs(args.ttl.max(1)),
        ..Settings::default()
    };
    let numbering = open_service(db, settings).await?;
    let request = ReserveRequest {
        document_type: args.document_type.clone(),
        context: args.context.iter().cloned().collect::<BTreeMap<_, _>>(),
        scope_value: args.scope_value.clone(),
        document_date: args.document_date,
        metadata,
        idempotency_key: args.idempotency_key.clone(),
    };
    let r = numbering
        .reserve(&request, &cli_actor(args.user.as_deref()))
        .await
        .map_err(refused)?;
    if args.json {
        output::json(&json!({
            "token": r.token,
            "document_number": r.document_number,
            "document_type": r.document_type,
            "scope_value": r.scope_value,
            "context": r.context,
            "expires_at": r.expires_at,
            "metadata": r.metadata,
        }));
    } else {
        output::line(&format!("{}\t{}", r.document_number, r.token));
    }
    Ok(ExitCode::SUCCESS)
}

/// Confirms a reservation; prints `NUMBER<TAB>CONFIRMED_AT`.
pub(crate) async fn confirm(db: &DatabaseArgs, args: &ConfirmArgs) -> anyhow::Result<ExitCode> {
    let numbering = open_service(db, Settings::default()).await?;
    let c = numbering
        .confirm(
            args.token,
            args.document_ref.as_deref(),
            &cli_actor(args.user.as_deref()),
        )
        .await
        .map_err(refused)?;
    if args.json {
        output::json(&json!({
            "document_number": c.document_number,
            "confirmed_at": c.confirmed_at,
            "document_ref": c.number.document_ref,
        }));
    } else {
        output::line(&format!(
            "{}\t{}",
            c.document_number,
            c.confirmed_at.to_rfc3339()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Cancels a reservation; prints `NUMBER<TAB>CANCELLED`.
pub(crate) async fn cancel(db: &DatabaseArgs, args: &CancelArgs) -> anyhow::Result<ExitCode> {
    let numbering = open_service(db, Settings::default()).await?;
    let row = numbering
        .cancel(
            args.token,
            args.reason.as_deref(),
            &cli_actor(args.user.as_deref()),
        )
        .await
        .map_err(refused)?;
    if args.json {
        output::json(&json!({
            "document_number": row.document_number,
            "state": row.state.as_str(),
            "cancelled_at": row.closed_at,
        }));
    } else {
        output::line(&format!("{}\t{}", row.document_number, row.state.as_str()));
    }
    Ok(ExitCode::SUCCESS)
}
