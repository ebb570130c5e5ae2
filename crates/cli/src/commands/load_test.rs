//! `docnum load-test`: many concurrent clients against a running server.
//!
//! Each client loops: reserve (and confirm with `--confirm`), timing the
//! whole iteration. Closed loop by default (a client starts its next
//! iteration when the previous one is answered); with `--rate` open loop
//! (iterations are due at a steady rate, clients only bound how many are in
//! flight, and latency counts from when an iteration was due). At the end: throughput, latency percentiles, errors by
//! NB code, and a duplicate check over every number received (exit 1 on any
//! duplicate, or when no iteration succeeded). The figures in
//! docs/benchmarks.md come from this command.

use std::collections::{BTreeMap, HashSet};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use bytes::Bytes;
use clap::Args;
use hyper::{StatusCode, Uri};
use serde::Deserialize;
use serde_json::json;

use crate::commands::UsageError;
use crate::commands::load_client::{Connection, Endpoint};
use crate::output;

/// `docnum load-test`.
#[derive(Debug, Args)]
pub(crate) struct LoadTestArgs {
    /// Base URL of the server, e.g. http://127.0.0.1:8080
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Bearer token (needs numbering:reserve).
    #[arg(long, env = "DOCNUM_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Document type to reserve.
    #[arg(long = "type")]
    pub document_type: String,
    /// Context values, NAME=VALUE (repeatable).
    #[arg(long = "context", value_parser = parse_key_value)]
    pub context: Vec<(String, String)>,
    /// Total reservations.
    #[arg(long, default_value_t = 1000)]
    pub requests: u64,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    pub concurrency: u32,
    /// Confirm each number after reserving it (latency covers both).
    #[arg(long)]
    pub confirm: bool,
    /// Open loop: start iterations at this steady rate per second instead of
    /// as fast as answers come; latency counts from each iteration's
    /// scheduled start, so a server that falls behind is charged for it.
    #[arg(long, value_name = "PER_SECOND")]
    pub rate: Option<u32>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_key_value(raw: &str) -> Result<(String, String), String> {
    raw.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("'{raw}' is not NAME=VALUE"))
}

#[derive(Default)]
struct WorkerResult {
    latencies: Vec<Duration>,
    numbers: Vec<String>,
    errors: BTreeMap<String, u64>,
}

/// Runs the load test and prints its report.
pub(crate) async fn run(args: &LoadTestArgs) -> anyhow::Result<ExitCode> {
    let token = args
        .token
        .clone()
        .ok_or_else(|| UsageError("give --token or set DOCNUM_TOKEN".into()))?;
    if args.requests == 0 || args.concurrency == 0 {
        return Err(UsageError("--requests and --concurrency must be at least 1".into()).into());
    }
    if args.rate == Some(0) {
        return Err(UsageError("--rate must be at least 1 (iterations per second)".into()).into());
    }
    let context: BTreeMap<&str, &str> = args
        .context
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // Everything a request needs is built once: the generator shares the
    // machine with the server, so its own cost per request is kept small.
    let target = Arc::new(
        Target::new(
            &args.url,
            &token,
            &json!({"document_type": args.document_type, "context": context}),
        )
        .await?,
    );
    let next = Arc::new(AtomicU64::new(0));
    // indicatif draws on standard error only when it is a terminal.
    let progress = indicatif::ProgressBar::new(args.requests);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{wide_bar} {pos}/{len} iterations ({per_sec}, {eta} left)",
    ) {
        progress.set_style(style);
    }
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (target, next, progress) = (target.clone(), next.clone(), progress.clone());
        let (total, confirm, rate) = (args.requests, args.confirm, args.rate);
        workers.push(tokio::spawn(async move {
            let mut result = WorkerResult::default();
            let mut connection = Connection::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let t0 = match rate {
                    Some(rate) => {
                        // Open loop: iteration i is due at i / rate seconds;
                        // a late start is charged to the latency.
                        #[allow(clippy::cast_precision_loss)]
                        let due = started + Duration::from_secs_f64(i as f64 / f64::from(rate));
                        tokio::time::sleep_until(due.into()).await;
                        due
                    }
                    None => Instant::now(),
                };
                match iteration(&mut connection, &target, confirm).await {
                    Ok(number) => {
                        result.latencies.push(t0.elapsed());
                        result.numbers.push(number);
                    }
                    Err(code) => *result.errors.entry(code).or_insert(0) += 1,
                }
                progress.inc(1);
            }
            result
        }));
    }
    let mut all = WorkerResult::default();
    for w in workers {
        let r = w.await.context("a load-test client panicked")?;
        all.latencies.extend(r.latencies);
        all.numbers.extend(r.numbers);
        for (code, n) in r.errors {
            *all.errors.entry(code).or_insert(0) += n;
        }
    }
    let elapsed = started.elapsed();
    progress.finish_and_clear();
    let mut seen = HashSet::with_capacity(all.numbers.len());
    let duplicates: Vec<&String> = all
        .numbers
        .iter()
        .filter(|n| !seen.insert(n.as_str()))
        .collect();
    report(
        args,
        &mut all.latencies,
        &all.errors,
        elapsed,
        all.numbers.len(),
        &duplicates,
    );
    // A duplicate is the failure this tool exists to catch; a run in which
    // nothing succeeded measured nothing. Both are "a check found problems".
    Ok(if duplicates.is_empty() && !all.numbers.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The server, the two paths and the reserve body, prepared once.
struct Target {
    endpoint: Endpoint,
    reserve: Uri,
    confirm: Uri,
    reserve_body: Bytes,
}

impl Target {
    async fn new(url: &str, token: &str, reserve_body: &serde_json::Value) -> anyhow::Result<Self> {
        let endpoint = Endpoint::resolve(url, token).await?;
        Ok(Self {
            reserve: endpoint.path("reserve")?,
            confirm: endpoint.path("confirm")?,
            endpoint,
            reserve_body: Bytes::from(serde_json::to_vec(reserve_body)?),
        })
    }
}

/// The part of a reserve answer the generator reads.
#[derive(Deserialize)]
struct Reserved {
    data: ReservedData,
}

#[derive(Deserialize)]
struct ReservedData {
    token: String,
    document_number: String,
}

/// The part of an error answer the generator reads.
#[derive(Deserialize)]
struct Failed<'a> {
    #[serde(borrow)]
    error: FailedError<'a>,
}

#[derive(Deserialize)]
struct FailedError<'a> {
    code: &'a str,
}

/// One reserve (and confirm); the number, or the error code that stopped it.
async fn iteration(
    connection: &mut Connection,
    target: &Target,
    confirm: bool,
) -> Result<String, String> {
    let body = call(
        connection,
        target,
        &target.reserve,
        target.reserve_body.clone(),
    )
    .await?;
    let reserved: Reserved = serde_json::from_slice(&body).map_err(|_| "NO_NUMBER".to_owned())?;
    if confirm {
        let body = serde_json::to_vec(&json!({"token": reserved.data.token}))
            .map_err(|_| "NO_TOKEN".to_owned())?;
        call(connection, target, &target.confirm, Bytes::from(body)).await?;
    }
    Ok(reserved.data.document_number)
}

/// One POST; the body of a 2xx answer, or the error code of another.
async fn call(
    connection: &mut Connection,
    target: &Target,
    path: &Uri,
    body: Bytes,
) -> Result<Bytes, String> {
    let (status, body) = connection
        .post(&target.endpoint, path, body)
        .await
        .map_err(str::to_owned)?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(error_code(status, &body))
    }
}

/// The NB code of an error answer, or `HTTP_<status>` without one.
fn error_code(status: StatusCode, body: &[u8]) -> String {
    serde_json::from_slice::<Failed<'_>>(body).map_or_else(
        |_| format!("HTTP_{}", status.as_u16()),
        |f| f.error.code.to_owned(),
    )
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn report(
    args: &LoadTestArgs,
    latencies: &mut [Duration],
    errors: &BTreeMap<String, u64>,
    elapsed: Duration,
    ok: usize,
    duplicates: &[&String],
) {
    latencies.sort_unstable();
    #[allow(clippy::cast_precision_loss)]
    let throughput = ok as f64 / elapsed.as_secs_f64().max(f64::EPSILON);
    let summary = json!({
        "url": args.url,
        "document_type": args.document_type,
        "requests": args.requests,
        "concurrency": args.concurrency,
        "confirm": args.confirm,
        "rate": args.rate,
        "succeeded": ok,
        "elapsed_seconds": elapsed.as_secs_f64(),
        "throughput_per_second": throughput,
        "latency_ms": {
            "p50": percentile(latencies, 0.50),
            "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99),
            "max": latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        },
        "errors": errors,
        "duplicate_count": duplicates.len(),
        "duplicates": duplicates,
    });
    if args.json {
        output::json(&summary);
        return;
    }
    let l = &summary["latency_ms"];
    output::line(&format!(
        "{ok} of {} iterations ({}) in {:.2}s with {} clients{}: {throughput:.0}/s",
        args.requests,
        if args.confirm {
            "reserve+confirm"
        } else {
            "reserve"
        },
        elapsed.as_secs_f64(),
        args.concurrency,
        args.rate
            .map(|r| format!(", paced at {r}/s"))
            .unwrap_or_default()
    ));
    output::line(&format!(
        "latency ms: p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
        l["p50"].as_f64().unwrap_or_default(),
        l["p95"].as_f64().unwrap_or_default(),
        l["p99"].as_f64().unwrap_or_default(),
        l["max"].as_f64().unwrap_or_default()
    ));
    if errors.is_empty() {
        output::line("errors: none");
    } else {
        for (code, n) in errors {
            output::line(&format!("errors: {code} × {n}"));
        }
    }
    if duplicates.is_empty() {
        output::line("duplicates: none");
    } else {
        output::line(&format!(
            "DUPLICATES: {} — {:?}",
            duplicates.len(),
            duplicates
        ));
    }
}
