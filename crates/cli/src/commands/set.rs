//! `docnum set TYPE VALUE --reason R`: set one counter, never below what
//! was issued from it.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Args;
use docnum_application::Settings;
use docnum_application::usecases::SetCounterRequest;
use docnum_domain::{Message, Period};
use serde_json::json;

use crate::commands::present::{key_value, refused};
use crate::commands::{UsageError, cli_actor};
use crate::database::{DatabaseArgs, open_service};
use crate::{lang, output};

/// `docnum set`.
#[derive(Debug, Args)]
pub(crate) struct SetArgs {
    /// Document type.
    pub document_type: String,
    /// The new value: the last value counted as used (the next reservation gets VALUE + 1).
    pub value: u64,
    /// Context values of the counter, NAME=VALUE (repeatable).
    #[arg(long = "context", value_parser = key_value, conflicts_with = "scope_value")]
    pub context: Vec<(String, String)>,
    /// The value of the series' single scope dimension (instead of --context).
    #[arg(long)]
    pub scope_value: Option<String>,
    /// The counter's period, YYYY or YYYY-MM (default: the current one in the series' time zone).
    #[arg(long)]
    pub period: Option<String>,
    /// Why (kept in the audit log).
    #[arg(long)]
    pub reason: String,
    /// Who does this (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Sets the counter and says what changed.
pub(crate) async fn run(db: &DatabaseArgs, args: &SetArgs) -> anyhow::Result<ExitCode> {
    let period = args.period.as_deref().map(parse_period).transpose()?;
    let numbering = open_service(db, Settings::default()).await?;
    let request = SetCounterRequest {
        document_type: args.document_type.clone(),
        value: args.value,
        context: args.context.iter().cloned().collect::<BTreeMap<_, _>>(),
        scope_value: args.scope_value.clone(),
        period,
        reason: args.reason.clone(),
    };
    let change = numbering
        .set_counter(&request, &cli_actor(args.user.as_deref()))
        .await
        .map_err(refused)?;
    if args.json {
        output::json(&json!({
            "counter_key": change.counter_key,
            "old_value": change.old_value,
            "new_value": change.new_value,
            "highest_issued": change.highest_issued,
            "changed": change.changed,
            "skipped": change.skipped().map(|(from, to)| [from, to]),
        }));
    } else if !change.changed {
        output::line(&lang::tr(
            &Message::new("set-unchanged")
                .with("counter", change.counter_key.as_str())
                .with("value", change.new_value),
        ));
    } else {
        output::line(&lang::tr(
            &Message::new("set-changed")
                .with("counter", change.counter_key.as_str())
                .with("old", change.old_value)
                .with("new", change.new_value)
                .with("highest", change.highest_issued)
                .with("next", change.new_value + 1),
        ));
        if let Some((from, to)) = change.skipped() {
            output::line(&lang::tr(
                &Message::new("set-skipped")
                    .with("from", from)
                    .with("to", to),
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `YYYY` or `YYYY-MM`.
fn parse_period(raw: &str) -> anyhow::Result<Period> {
    let bad = || {
        UsageError(lang::tr(
            &Message::new("set-period-format").with("period", raw),
        ))
    };
    let (year, month) = match raw.split_once('-') {
        Some((y, m)) => (y, m.parse::<u32>().map_err(|_| bad())?),
        None => (raw, 1),
    };
    let year: i32 = year.parse().map_err(|_| bad())?;
    Period::new(year, month).map_err(|e| {
        let message = Message::new("set-period-invalid")
            .with("period", raw)
            .with("reason", e.message());
        UsageError(lang::tr(&message)).into()
    })
}
