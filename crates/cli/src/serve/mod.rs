//! `docnum serve`: the HTTP service, the expiry job and the metrics gauges,
//! with graceful shutdown.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use docnum_api::{ApiState, AuthConfig};
use docnum_application::Numbering;
use tokio::sync::watch;

mod args;
mod monitoring;

pub(crate) use args::ServeArgs;

use crate::database::{DatabaseArgs, open_service};
use crate::{output, secret};

/// Runs until SIGINT/SIGTERM, then finishes in-flight requests.
pub(crate) async fn run(db: &DatabaseArgs, args: &ServeArgs) -> anyhow::Result<()> {
    let numbering = open_service(db, args::settings(args)).await?;
    let (numbering, metrics) = monitoring::instrument(numbering, args).await?;
    let secret = secret::load(&db.database_url, args.secret_file.as_deref(), true)?;
    let state = ApiState {
        numbering: numbering.clone(),
        auth: AuthConfig::hs256(&secret),
        rate_limit_per_minute: args.rate_limit.max(1),
        metrics: Some(metrics.renderer()),
        default_locale: args.default_locale,
        default_locale: args.default_locale,
    };
    let app = docnum_api::router(state);
    let listener = tokio::net::TcpListener::bind((args.bind, args.port))
        .await
        .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
    let addr = listener.local_addr()?;
    // Scripts and tests read this line to find the port when --port 0.
    output::line(&format!("docnum listening on http://{addr}"));
    tracing::info!(%addr, database = %redact(&db.database_url), "docnum serving");

    let (stop_tx, stop_rx) = watch::channel(false);
    let gauges = tokio::spawn(monitoring::gauge_loop(
        numbering.clone(),
        metrics,
        Duration::from_secs(args.metrics_interval.max(1)),
        stop_rx.clone(),
    ));
    let expiry = tokio::spawn(expiry_loop(
        numbering,
        Duration::from_secs(args.expiry_interval.max(1)),
        stop_rx,
    ));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the HTTP server failed")?;
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

async fn shutdown_signal() {
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
