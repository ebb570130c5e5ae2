//! `docnum serve`'s lock and metrics wiring: Redlock when Redis is
//! configured, the Prometheus exporter, and the loop that keeps the counter
//! gauges true to the database whichever instance allocated.

use std::sync::Arc;
use std::time::Duration;

use docnum_adapters::lock::redis_nodes;
use docnum_adapters::{PrometheusMetrics, RedisBudgets, RedisLockConfig, RedisLocks};
use docnum_application::Numbering;
use docnum_application::ports::{LockManager as _, SharedBudgets};
use tokio::sync::watch;

use super::args::ServeArgs;

/// Redis settings refused: said in the user's language.
fn refused(e: &docnum_adapters::lock::RedisLockError) -> anyhow::Error {
    crate::lang::error(
        &docnum_domain::Message::new("serve-redis-settings").with("detail", e.to_string()),
    )
}

/// The Redis nodes named by `REDIS_CLUSTER_NODES` or `REDIS_URL`; `None`
/// when neither is set.
fn redis_config(args: &ServeArgs) -> anyhow::Result<Option<RedisLockConfig>> {
    let nodes = redis_nodes(
        args.redis_url.as_deref(),
        args.redis_cluster_nodes.as_deref(),
    )
    .map_err(|e| refused(&e))?;
    if nodes.is_empty() {
        return Ok(None);
    }
    let mut config = RedisLockConfig::new(nodes);
    config.retry_attempts = args.retry_attempts;
    config.retry_delay = Duration::from_millis(args.retry_delay);
    config.tls_ca.clone_from(&args.redis_tls_ca_file);
    Ok(Some(config))
}

/// The Redis lock; `None` (database-only locking) without Redis.
pub(crate) fn redis_locks(args: &ServeArgs) -> anyhow::Result<Option<RedisLocks>> {
    redis_config(args)?
        .map(|config| RedisLocks::new(config).map_err(|e| refused(&e)))
        .transpose()
}

/// The request budgets every instance shares; `None` (each instance its
/// own) without Redis.
pub(crate) fn shared_budgets(args: &ServeArgs) -> anyhow::Result<Option<Arc<dyn SharedBudgets>>> {
    let Some(config) = redis_config(args)? else {
        return Ok(None);
    };
    Ok(RedisBudgets::new(&config)
        .map_err(|e| refused(&e))?
        .map(|b| Arc::new(b) as Arc<dyn SharedBudgets>))
}

/// The service reporting to a fresh Prometheus registry and, with Redis
/// configured, locking through Redlock. Redis being down now is logged, not
/// fatal: requests fall back to the database until it answers.
pub(crate) async fn instrument(
    numbering: Numbering,
    args: &ServeArgs,
) -> anyhow::Result<(Numbering, Arc<PrometheusMetrics>)> {
    // Gauges left unset for a few refreshes (a counter that left the top N)
    // leave the exposition.
    let stale_after = Duration::from_secs(args.metrics_interval.max(1).saturating_mul(4));
    let metrics = Arc::new(PrometheusMetrics::bounded(
        args.hardening.metrics_gauge_limit,
        Some(stale_after),
    ));
    let mut numbering = numbering.with_metrics(metrics.clone());
    if let Some(locks) = redis_locks(args)? {
        let health = locks.health().await;
        match health {
            Some(h) if h.has_quorum() => tracing::info!(
                nodes = h.nodes,
                nodes_up = h.nodes_up,
                quorum = h.quorum,
                "counter locks: Redlock"
            ),
            Some(h) => tracing::warn!(
                nodes = h.nodes,
                nodes_up = h.nodes_up,
                quorum = h.quorum,
                "counter locks: Redlock, but too few Redis nodes answer; \
                 locking falls back to the database until they do"
            ),
            None => {}
        }
        numbering = numbering.with_locks(Arc::new(locks));
    } else {
        tracing::info!("counter locks: database only (REDIS_URL unset)");
    }
    refresh(&numbering, &metrics).await;
    Ok((numbering, metrics))
}

/// Refreshes the gauges every `every` until `stop` turns true.
pub(crate) async fn gauge_loop(
    numbering: Numbering,
    metrics: Arc<PrometheusMetrics>,
    budgets: Option<Arc<dyn SharedBudgets>>,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        refresh(&numbering, &metrics).await;
        if let Some(budgets) = &budgets {
            metrics.record_budget_fallbacks(budgets.fallbacks());
        }
    }
}

/// Counter and utilisation gauges from the database, pool and Redis gauges.
async fn refresh(numbering: &Numbering, metrics: &PrometheusMetrics) {
    match numbering.status_all().await {
        Ok(statuses) => metrics.refresh_counters(&statuses),
        Err(e) => tracing::warn!(error = %e, "cannot refresh the counter gauges; will retry"),
    }
    if let Some(usage) = numbering.pool_usage() {
        metrics.record_pool(usage);
    }
    metrics.record_lock_backend(numbering.lock_health().await);
    metrics.run_upkeep();
}
