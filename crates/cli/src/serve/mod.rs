//! `docnum serve`: the HTTP service, the expiry job and the metrics gauges,
//! with graceful shutdown.

use std::time::Duration;

use docnum_api::ApiState;
use docnum_application::Numbering;
use docnum_domain::Message;
use tokio::sync::watch;

mod args;
mod hardening;
mod monitoring;
mod server;
mod startup;

pub(crate) use args::ServeArgs;

use crate::database::DatabaseArgs;
use crate::{lang, output, secret};

/// Runs until SIGINT/SIGTERM, then finishes in-flight requests.
pub(crate) async fn run(db: &DatabaseArgs, args: &ServeArgs) -> anyhow::Result<()> {
    let std_listener = std::net::TcpListener::bind((args.bind, args.port)).map_err(|e| {
        lang::error(
            &Message::new("serve-cannot-listen")
                .with("address", format!("{}:{}", args.bind, args.port))
                .with("detail", e.to_string()),
        )
    })?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let Some(numbering) =
        startup::open_while_answering_readyz(db, args, &std_listener, addr).await?
    else {
        return Ok(());
    };
    let (numbering, metrics) = monitoring::instrument(numbering, args).await?;
    let secret = secret::load(
        &db.database_url,
        args.secret_file.as_deref(),
        secret::IfMissing::Create,
    )?;
    let mut limits = args.hardening.limits()?;
    limits.shared = monitoring::shared_budgets(args)?;
    // /metrics on its own listener, when one is named, and then not on the API's.
    let metrics_addr = args.hardening.metrics_addr(args.bind);
    let state = ApiState {
        numbering: numbering.clone(),
        auth: args.hardening.auth(&secret)?,
        rate_limit_per_minute: args.rate_limit.max(1),
        metrics: metrics_addr.is_none().then(|| metrics.renderer()),
        limits: limits.clone(),
        default_locale: args.default_locale,
    };
    let app = docnum_api::router(state);
    let metrics_listener = match metrics_addr {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
                lang::error(
                    &Message::new("serve-cannot-listen-metrics")
                        .with("address", addr.to_string())
                        .with("detail", e.to_string()),
                )
            })?;
            // Printed before the API's line, which scripts wait for.
            output::line(&format!(
                "docnum metrics on http://{}/metrics",
                listener.local_addr()?
            ));
            Some(listener)
        }
        None => None,
    };
    let listener = tokio::net::TcpListener::from_std(std_listener)?;
    // Scripts and tests read this line to find the port when --port 0.
    output::line(&format!("docnum listening on http://{addr}"));
    tracing::info!(%addr, database = %redact(&db.database_url), "docnum serving");
    let (stop_metrics, metrics_stopped) = watch::channel(false);
    let metrics_server = metrics_listener.map(|listener| {
        let app = docnum_api::metrics_router(metrics.renderer(), limits.metrics_token.clone());
        tokio::spawn(server::serve(
            listener,
            app,
            args.hardening.server(),
            stopped(metrics_stopped),
        ))
    });

    let (stop_tx, stop_rx) = watch::channel(false);
    let gauges = tokio::spawn(monitoring::gauge_loop(
        numbering.clone(),
        metrics,
        limits.shared.clone(),
        Duration::from_secs(args.metrics_interval.max(1)),
        stop_rx.clone(),
    ));
    let expiry = tokio::spawn(expiry_loop(
        numbering,
        Duration::from_secs(args.expiry_interval.max(1)),
        stop_rx,
    ));
    server::serve(listener, app, args.hardening.server(), shutdown_signal()).await;
    let _ = stop_metrics.send(true);
    if let Some(metrics_server) = metrics_server {
        let _ = metrics_server.await;
    }
    let _ = stop_tx.send(true);
    let _ = expiry.await;
    let _ = gauges.await;
    tracing::info!("docnum stopped");
    Ok(())
}

/// Marks due reservations EXPIRED on every tick. Running it on several
/// instances at once is harmless: every change is guarded in SQL.
async fn expiry_loop(numbering: Numbering, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        match numbering.expire_reservations().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "expired reservations"),
            Err(e) => tracing::warn!(error = %e, "expiry job failed; will retry"),
        }
    }
}

/// Resolves once `stop` turns true (or its sender is gone).
async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Resolves on SIGINT or SIGTERM.
pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}

/// The URL without a password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}://{user}:***@{}", &url[..scheme_end], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}
