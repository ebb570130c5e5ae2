//! `docnum series create|update|list|show`.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use docnum_application::{
    ScopeSpec, SeriesChange, SeriesConfig, SeriesRecord, Settings, UpdateSeries, ValueSpec,
};
use serde_json::json;

use crate::commands::cli_actor;
use crate::commands::present::{self, refused, table, yes_no};
use crate::commands::series_effect::show_effect;
use crate::commands::series_lint::{show_warnings, warnings_json};
use crate::database::{DatabaseArgs, open_service};
use crate::output;

/// `docnum series …`.
#[derive(Debug, Subcommand)]
pub(crate) enum SeriesCommand {
    /// Create a series.
    Create(SeriesSpecArgs),
    /// Change a series (a reason is required; the change is kept in its history).
    Update(SeriesUpdateArgs),
    /// List every series.
    List(JsonFlag),
    /// Show one series and its history.
    Show(SeriesShowArgs),
}

/// `--json` for scripts.
#[derive(Debug, Args)]
pub(crate) struct JsonFlag {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The fields of a series.
#[derive(Debug, Args)]
pub(crate) struct SeriesSpecArgs {
    /// Document type, e.g. COR.
    pub document_type: String,
    /// Template, e.g. 'COR-{YYYY}-{SEQ:5}'.
    #[arg(long)]
    pub template: String,
    /// Scope preset (GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY) or a comma list (PROJECT,YEAR).
    #[arg(long, default_value = "GLOBAL")]
    pub scope: String,
    /// Allow admins to register numbers by hand.
    #[arg(long)]
    pub allow_manual_override: bool,
    /// Highest sequence value.
    #[arg(long, default_value_t = 999_999)]
    pub max_value: u64,
    /// Longest rendered number.
    #[arg(long, default_value_t = 50)]
    pub max_length: u32,
    /// IANA time zone for the year/month of numbers.
    #[arg(long, default_value = "UTC")]
    pub time_zone: String,
    /// Uniqueness namespace of rendered numbers.
    #[arg(long, default_value = "default")]
    pub namespace: String,
    /// Days a document_date may lie in the past.
    #[arg(long, default_value_t = 0)]
    pub backdate_days: u32,
    /// What a context dimension may hold, as DIM=PATTERN: a class with a
    /// count, e.g. CORR_TYPE='[A-Z0-9]+' (repeatable).
    #[arg(long = "pattern", value_parser = declaration, value_name = "DIM=PATTERN")]
    pub patterns: Vec<(String, String)>,
    /// The codes a context dimension may hold, as DIM=CODE,CODE, e.g.
    /// ORIGINATOR=คคง.,สคฉ.3 (repeatable).
    #[arg(long = "codes", value_parser = declaration, value_name = "DIM=CODES")]
    pub codes: Vec<(String, String)>,
    /// Who does this (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `docnum series update`: only the fields given change.
#[derive(Debug, Args)]
pub(crate) struct SeriesUpdateArgs {
    /// Document type.
    pub document_type: String,
    /// New template.
    #[arg(long)]
    pub template: Option<String>,
    /// New scope (preset or comma list).
    #[arg(long)]
    pub scope: Option<String>,
    /// Allow (true) or forbid (false) manual override.
    #[arg(long)]
    pub allow_manual_override: Option<bool>,
    /// New highest sequence value.
    #[arg(long)]
    pub max_value: Option<u64>,
    /// New longest rendered number.
    #[arg(long)]
    pub max_length: Option<u32>,
    /// New time zone.
    #[arg(long)]
    pub time_zone: Option<String>,
    /// New namespace.
    #[arg(long)]
    pub namespace: Option<String>,
    /// New back-dating window in days.
    #[arg(long)]
    pub backdate_days: Option<u32>,
    /// What a context dimension may hold from now on, as DIM=PATTERN: a class with a
    /// count, e.g. CORR_TYPE='[A-Z0-9]+' (repeatable).
    #[arg(long = "pattern", value_parser = declaration, value_name = "DIM=PATTERN")]
    pub patterns: Vec<(String, String)>,
    /// The codes a context dimension may hold from now on, as DIM=CODE,CODE, e.g.
    /// ORIGINATOR=คคง.,สคฉ.3 (repeatable).
    #[arg(long = "codes", value_parser = declaration, value_name = "DIM=CODES")]
    pub codes: Vec<(String, String)>,
    /// Why the series changes (kept in its history).
    #[arg(long)]
    pub reason: String,
    /// Who does this (audit); default: the OS user.
    #[arg(long)]
    pub user: Option<String>,
    /// Check the change and show what it would do to the series' counters
    /// (values each next draw skips), but change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `docnum series show`.
#[derive(Debug, Args)]
pub(crate) struct SeriesShowArgs {
    /// Document type.
    pub document_type: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs a series subcommand.
pub(crate) async fn run(db: &DatabaseArgs, cmd: &SeriesCommand) -> anyhow::Result<ExitCode> {
    let numbering = open_service(db, Settings::default()).await?;
    match cmd {
        SeriesCommand::Create(args) => {
            let created = numbering
                .create_series_with_overlaps(&config_of(args), &cli_actor(args.user.as_deref()))
                .await
                .map_err(refused)?;
            if args.json {
                let mut v = record_json(&created.record);
                merge(&mut v, warnings_json(&created.record, &created.overlaps));
                output::json(&v);
            } else {
                show_record(&created.record, &[], false);
            }
            show_warnings(&created.record, &created.overlaps);
        }
        SeriesCommand::Update(args) => {
            let current = numbering
                .series(&args.document_type)
                .await
                .map_err(refused)?;
            let update = UpdateSeries {
                config: merged(current.config.clone(), args),
                reason: args.reason.clone(),
                expected_version: Some(current.version),
            };
            let outcome = numbering
                .change_series(
                    &args.document_type,
                    &update,
                    args.dry_run,
                    &cli_actor(args.user.as_deref()),
                )
                .await
                .map_err(refused)?;
            if args.json {
                let mut v = record_json(&outcome.record);
                v["change"] = json!({
                    "dry_run": outcome.dry_run,
                    "counters": outcome.effect.counters,
                    "truncated": outcome.effect.truncated,
                });
                merge(&mut v, warnings_json(&outcome.record, &outcome.overlaps));
                output::json(&v);
            } else {
                show_record(&outcome.record, &[], false);
                show_effect(&outcome);
            }
            show_warnings(&outcome.record, &outcome.overlaps);
        }
        SeriesCommand::List(flag) => {
            let all = numbering.list_series().await.map_err(refused)?;
            if flag.json {
                output::json(&json!(all.iter().map(record_json).collect::<Vec<_>>()));
            } else {
                let mut table = table(&[
                    "col-type",
                    "col-template",
                    "col-scope",
                    "col-max",
                    "col-manual",
                    "col-zone",
                    "col-namespace",
                    "col-version",
                ]);
                for r in &all {
                    let c = &r.config;
                    table.add_row([
                        c.document_type.clone(),
                        c.template.clone(),
                        scope_text(&c.scope),
                        c.max_value.to_string(),
                        yes_no(c.allow_manual_override),
                        c.time_zone.clone(),
                        c.namespace.clone(),
                        r.version.to_string(),
                    ]);
                }
                output::line(&table.to_string());
            }
        }
        SeriesCommand::Show(args) => {
            let record = numbering
                .series(&args.document_type)
                .await
                .map_err(refused)?;
            let history = numbering
                .series_history(&args.document_type)
                .await
                .map_err(refused)?;
            show_record(&record, &history, args.json);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_scope(raw: &str) -> ScopeSpec {
    if raw.contains(',') || raw.contains('[') {
        let names = raw
            .trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_owned());
        ScopeSpec::Dimensions(names.filter(|s| !s.is_empty()).collect())
    } else {
        ScopeSpec::Preset(raw.trim().to_owned())
    }
}

fn scope_text(scope: &ScopeSpec) -> String {
    match scope {
        ScopeSpec::Preset(p) => p.clone(),
        ScopeSpec::Dimensions(d) => d.join(","),
    }
}

fn config_of(args: &SeriesSpecArgs) -> SeriesConfig {
    SeriesConfig {
        document_type: args.document_type.clone(),
        template: args.template.clone(),
        scope: parse_scope(&args.scope),
        allow_manual_override: args.allow_manual_override,
        max_value: args.max_value,
        max_length: args.max_length,
        time_zone: args.time_zone.clone(),
        namespace: args.namespace.clone(),
        backdate_days: args.backdate_days,
        metadata: serde_json::Value::Null,
        values: values_of(&args.patterns, &args.codes),
    }
}

/// `DIM=TEXT` from the command line.
fn declaration(raw: &str) -> Result<(String, String), String> {
    match raw.split_once('=') {
        Some((dim, text)) if !dim.trim().is_empty() && !text.is_empty() => {
            Ok((dim.trim().to_owned(), text.to_owned()))
        }
        _ => Err(format!("`{raw}`: write DIMENSION=VALUE")),
    }
}

/// The declarations `--pattern` and `--codes` give.
fn values_of(
    patterns: &[(String, String)],
    codes: &[(String, String)],
) -> BTreeMap<String, ValueSpec> {
    let mut values = BTreeMap::new();
    for (dim, pattern) in patterns {
        values.insert(dim.clone(), ValueSpec::Pattern(pattern.clone()));
    }
    for (dim, list) in codes {
        let list = list.split(',').map(|c| c.trim().to_owned()).collect();
        values.insert(dim.clone(), ValueSpec::Codes(list));
    }
    values
}

fn merged(mut config: SeriesConfig, args: &SeriesUpdateArgs) -> SeriesConfig {
    config.values.extend(values_of(&args.patterns, &args.codes));
    if let Some(t) = &args.template {
        config.template.clone_from(t);
    }
    if let Some(s) = &args.scope {
        config.scope = parse_scope(s);
    }
    if let Some(v) = args.allow_manual_override {
        config.allow_manual_override = v;
    }
    if let Some(v) = args.max_value {
        config.max_value = v;
    }
    if let Some(v) = args.max_length {
        config.max_length = v;
    }
    if let Some(v) = &args.time_zone {
        config.time_zone.clone_from(v);
    }
    if let Some(v) = &args.namespace {
        config.namespace.clone_from(v);
    }
    if let Some(v) = args.backdate_days {
        config.backdate_days = v;
    }
    config
}

/// Adds `extra`'s fields to the object `v`.
fn merge(v: &mut serde_json::Value, extra: serde_json::Value) {
    if let (Some(v), serde_json::Value::Object(extra)) = (v.as_object_mut(), extra) {
        v.extend(extra);
    }
}

fn record_json(record: &SeriesRecord) -> serde_json::Value {
    json!({
        "config": record.config,
        "version": record.version,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    })
}

fn show_record(record: &SeriesRecord, history: &[SeriesChange], as_json: bool) {
    if as_json {
        let mut v = record_json(record);
        if !history.is_empty() {
            v["history"] = json!(history);
        }
        output::json(&v);
        return;
    }
    let c = &record.config;
    let mut table = comfy_table::Table::new();
    for (k, v) in [
        ("document_type", c.document_type.clone()),
        ("template", c.template.clone()),
        ("scope", scope_text(&c.scope)),
        ("allow_manual_override", c.allow_manual_override.to_string()),
        ("max_value", c.max_value.to_string()),
        ("max_length", c.max_length.to_string()),
        ("time_zone", c.time_zone.clone()),
        ("namespace", c.namespace.clone()),
        ("backdate_days", c.backdate_days.to_string()),
        ("version", record.version.to_string()),
        ("updated_at", record.updated_at.to_rfc3339()),
    ] {
        table.add_row([k.to_owned(), v]);
    }
    output::line(&table.to_string());
    if !history.is_empty() {
        let mut h = present::table(&["col-when", "col-who", "col-reason", "col-template-change"]);
        for change in history {
            let before = change
                .before
                .as_ref()
                .map_or("-".to_owned(), |b| b.template.clone());
            h.add_row([
                change.changed_at.to_rfc3339(),
                change.changed_by.clone(),
                change.reason.clone(),
                format!("{before} → {}", change.after.template),
            ]);
        }
        output::line(&h.to_string());
    }
}
