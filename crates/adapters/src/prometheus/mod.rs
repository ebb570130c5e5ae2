//! The Prometheus exporter: the [`Metrics`] port on the `metrics` facade and
//! `metrics-exporter-prometheus`, rendered by the `/metrics` route.
//!
//! The recorder is owned, not installed globally, so that several services
//! (tests) can live in one process; every update runs under
//! [`metrics::with_local_recorder`].
//!
//! Counter gauges must tell the truth on every instance, so they come from
//! the database: [`PrometheusMetrics::refresh_counters`] overwrites them from
//! the status of every series (`docnum serve` calls it on an interval), and
//! an allocation in between raises its counter's gauge at once (never
//! lowers it: a concurrent, lower allocation may report last).
//!
//! Per-counter gauges are bounded: counters are made by clients (every
//! distinct context value of a scoped series is one), so only the
//! [`DEFAULT_GAUGE_LIMIT`] fullest by utilisation are exported by `scope`;
//! the others of a series are summed up in one `scope="(other)"` sample
//! holding their highest value. `numbering_sequence_utilization` still takes
//! every counter into account, so a nearly exhausted one is never hidden.
//! With a `stale_after`, gauges no longer set (a counter that left the top
//! N) drop out of the exposition.

pub mod names;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use docnum_application::SeriesStatus;
use docnum_application::ports::{LockHealth, Metrics, PoolUsage};
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};
use metrics_util::MetricKindMask;

use names::{
    BATCH_SIZE, BATCH_SIZE_BUCKETS, BUDGET_FALLBACKS_TOTAL, DB_POOL_CONNECTIONS,
    DB_POOL_MAX_CONNECTIONS, ERRORS_TOTAL, HELP, HTTP_BUCKETS, HTTP_REQUEST_DURATION_SECONDS,
    LOCK_FAILURES_TOTAL, LOCK_WAIT_BUCKETS, LOCK_WAIT_SECONDS, MANUAL_OVERRIDES_TOTAL,
    QUEUE_WAIT_BUCKETS, QUEUE_WAIT_SECONDS, REDIS_NODES, REDIS_NODES_UP, REDIS_UP,
    SEQUENCE_CURRENT, SEQUENCE_UTILIZATION, SEQUENCES_TOTAL,
};

/// A counter's last known value and its series' maximum.
#[derive(Debug, Clone, Copy)]
struct CounterGauge {
    current: u64,
    max: u64,
}

/// `(document_type, scope)` → gauge.
type Counters = BTreeMap<(String, String), CounterGauge>;

/// Per-counter gauges exported by default (the fullest by utilisation).
pub const DEFAULT_GAUGE_LIMIT: usize = 1000;
/// The `scope` label of the sample standing for a series' other counters.
pub const OTHER_SCOPES: &str = "(other)";

/// Every counter known, and which of them are exported by `scope`.
#[derive(Debug, Default)]
struct Gauges {
    counters: Counters,
    exported: BTreeSet<(String, String)>,
}

/// Prometheus metrics for one `docnum serve`.
pub struct PrometheusMetrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    gauges: Mutex<Gauges>,
    gauge_limit: usize,
}

impl std::fmt::Debug for PrometheusMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrometheusMetrics").finish_non_exhaustive()
    }
}

impl Default for PrometheusMetrics {
    fn default() -> Self {
        Self::new()
    }
}

impl PrometheusMetrics {
    /// A fresh registry with docnum's buckets and help texts, exporting
    /// [`DEFAULT_GAUGE_LIMIT`] counter gauges and never dropping a gauge.
    pub fn new() -> Self {
        Self::bounded(DEFAULT_GAUGE_LIMIT, None)
    }

    /// A fresh registry exporting at most `gauge_limit` per-counter gauges;
    /// gauges not set for `stale_after` leave the exposition (give a few
    /// refresh intervals: every refresh sets every gauge still wanted).
    pub fn bounded(gauge_limit: usize, stale_after: Option<Duration>) -> Self {
        let recorder = PrometheusBuilder::new()
            .idle_timeout(MetricKindMask::GAUGE, stale_after)
            .set_buckets_for_metric(Matcher::Full(LOCK_WAIT_SECONDS.into()), LOCK_WAIT_BUCKETS)
            .and_then(|b| {
                b.set_buckets_for_metric(
                    Matcher::Full(HTTP_REQUEST_DURATION_SECONDS.into()),
                    HTTP_BUCKETS,
                )
            })
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full(BATCH_SIZE.into()), BATCH_SIZE_BUCKETS)
            })
            .and_then(|b| {
                b.set_buckets_for_metric(
                    Matcher::Full(QUEUE_WAIT_SECONDS.into()),
                    QUEUE_WAIT_BUCKETS,
                )
            })
            // Only fails on an empty bucket list; ours are constants.
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let handle = recorder.handle();
        let metrics = Self {
            recorder,
            handle,
            gauges: Mutex::new(Gauges::default()),
            gauge_limit,
        };
        metrics.with(|| {
            for (name, help) in HELP {
                match *name {
                    LOCK_WAIT_SECONDS | HTTP_REQUEST_DURATION_SECONDS | QUEUE_WAIT_SECONDS => {
                        describe_histogram!(*name, metrics::Unit::Seconds, *help);
                    }
                    BATCH_SIZE => describe_histogram!(*name, metrics::Unit::Count, *help),
                    n if n.ends_with("_total") => describe_counter!(*name, *help),
                    _ => describe_gauge!(*name, *help),
                }
            }
        });
        metrics
    }

    fn with<T>(&self, f: impl FnOnce() -> T) -> T {
        metrics::with_local_recorder(&self.recorder, f)
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        self.handle.render()
    }

    /// A renderer for the `/metrics` route.
    pub fn renderer(self: &Arc<Self>) -> Arc<dyn Fn() -> String + Send + Sync> {
        let this = self.clone();
        Arc::new(move || this.render())
    }

    /// Drains histogram samples into their buckets; call now and then so
    /// that memory stays bounded between scrapes.
    pub fn run_upkeep(&self) {
        self.handle.run_upkeep();
    }

    /// Sets every counter and utilisation gauge from the database's status
    /// (the truth, whichever instance allocated), and chooses again which
    /// counters are exported by `scope`: the fullest.
    pub fn refresh_counters(&self, statuses: &[SeriesStatus]) {
        let mut gauges = self.gauges.lock().unwrap_or_else(PoisonError::into_inner);
        for status in statuses {
            let document_type = &status.series.config.document_type;
            let max = status.series.config.max_value;
            gauges.counters.retain(|(dt, _), _| dt != document_type);
            for c in &status.counters {
                let scope = c.counter_key.scope_value().to_owned();
                let gauge = CounterGauge {
                    current: c.current_value,
                    max,
                };
                gauges
                    .counters
                    .insert((document_type.clone(), scope), gauge);
            }
        }
        gauges.exported = fullest(&gauges.counters, self.gauge_limit);
        let document_types: BTreeSet<String> =
            gauges.counters.keys().map(|(dt, _)| dt.clone()).collect();
        for document_type in &document_types {
            self.publish(&gauges, document_type);
        }
    }

    /// The shared budgets' fallbacks since start (a counter set to the
    /// adapter's running total at each refresh).
    pub fn record_budget_fallbacks(&self, total: u64) {
        self.with(|| counter!(BUDGET_FALLBACKS_TOTAL).absolute(total));
    }

    /// Sets the database pool gauges.
    pub fn record_pool(&self, usage: PoolUsage) {
        self.with(|| {
            gauge!(DB_POOL_CONNECTIONS, "state" => "in_use").set(f64::from(usage.in_use()));
            gauge!(DB_POOL_CONNECTIONS, "state" => "idle").set(f64::from(usage.idle));
            gauge!(DB_POOL_MAX_CONNECTIONS).set(f64::from(usage.max));
        });
    }

    /// Sets the Redis gauges (nothing when locking is database-only).
    #[allow(clippy::cast_precision_loss)] // node counts are tiny
    pub fn record_lock_backend(&self, health: Option<LockHealth>) {
        let Some(h) = health else { return };
        self.with(|| {
            gauge!(REDIS_UP).set(if h.has_quorum() { 1.0 } else { 0.0 });
            gauge!(REDIS_NODES_UP).set(h.nodes_up as f64);
            gauge!(REDIS_NODES).set(h.nodes as f64);
        });
    }

    /// Publishes the gauges of one series: its exported counters by scope,
    /// the highest of the others as `scope="(other)"`, and the utilisation
    /// of its fullest counter (exported or not).
    #[allow(clippy::cast_precision_loss)] // gauges are f64 by nature
    fn publish(&self, gauges: &Gauges, document_type: &str) {
        let mut utilization: f64 = 0.0;
        let mut others: Option<u64> = None;
        self.with(|| {
            for (key, g) in gauges.counters.range(series_range(document_type)) {
                utilization = utilization.max(percent(g.current, g.max));
                if gauges.exported.contains(key) {
                    gauge!(SEQUENCE_CURRENT, "document_type" => document_type.to_owned(), "scope" => key.1.clone())
                        .set(g.current as f64);
                } else {
                    others = Some(others.unwrap_or(0).max(g.current));
                }
            }
            if let Some(highest) = others {
                gauge!(SEQUENCE_CURRENT, "document_type" => document_type.to_owned(), "scope" => OTHER_SCOPES)
                    .set(highest as f64);
            }
            gauge!(SEQUENCE_UTILIZATION, "document_type" => document_type.to_owned())
                .set(utilization);
        });
    }
}

/// The `limit` counters with the highest utilisation (ties: by key).
fn fullest(counters: &Counters, limit: usize) -> BTreeSet<(String, String)> {
    let mut ranked: Vec<(&(String, String), f64)> = counters
        .iter()
        .map(|(key, g)| (key, percent(g.current, g.max)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(limit)
        .map(|(key, _)| key.clone())
        .collect()
}

/// The keys of one document type in a [`Counters`] map.
fn series_range(document_type: &str) -> std::ops::RangeInclusive<(String, String)> {
    // Scopes are printable text; U+10FFFF sorts after any of them.
    (document_type.to_owned(), String::new())..=(document_type.to_owned(), char::MAX.to_string())
}

/// `current` as a percentage of `max` (multiplied first, so round values
/// stay round: 3 of 1000 is exactly 0.3).
#[allow(clippy::cast_precision_loss)]
fn percent(current: u64, max: u64) -> f64 {
    if max == 0 {
        0.0
    } else {
        current as f64 * 100.0 / max as f64
    }
}

impl Metrics for PrometheusMetrics {
    fn numbers_issued(&self, document_type: &str, count: u64) {
        self.with(|| {
            counter!(SEQUENCES_TOTAL, "document_type" => document_type.to_owned()).increment(count);
        });
    }

    fn counter_value(&self, document_type: &str, scope: &str, current: u64, max_value: u64) {
        let mut gauges = self.gauges.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (document_type.to_owned(), scope.to_owned());
        let entry = gauges.counters.entry(key.clone()).or_insert(CounterGauge {
            current,
            max: max_value,
        });
        entry.current = entry.current.max(current);
        entry.max = max_value;
        // A new counter is exported at once while there is room; otherwise
        // it waits for the next refresh to rank it.
        if gauges.exported.len() < self.gauge_limit {
            gauges.exported.insert(key);
        }
        self.publish(&gauges, document_type);
    }

    fn lock_wait(&self, document_type: &str, seconds: f64) {
        self.with(|| {
            histogram!(LOCK_WAIT_SECONDS, "document_type" => document_type.to_owned())
                .record(seconds);
        });
    }

    fn lock_failure(&self, document_type: &str, reason: &str) {
        self.with(|| {
            counter!(LOCK_FAILURES_TOTAL, "document_type" => document_type.to_owned(), "reason" => reason.to_owned())
                .increment(1);
        });
    }

    fn manual_override(&self, document_type: &str) {
        self.with(|| {
            counter!(MANUAL_OVERRIDES_TOTAL, "document_type" => document_type.to_owned())
                .increment(1);
        });
    }

    fn error(&self, code: &str) {
        self.with(|| counter!(ERRORS_TOTAL, "code" => code.to_owned()).increment(1));
    }

    #[allow(clippy::cast_precision_loss)] // batch sizes are small
    fn batch_size(&self, document_type: &str, n: usize) {
        self.with(|| {
            histogram!(BATCH_SIZE, "document_type" => document_type.to_owned()).record(n as f64);
        });
    }

    fn queue_wait(&self, document_type: &str, seconds: f64) {
        self.with(|| {
            histogram!(QUEUE_WAIT_SECONDS, "document_type" => document_type.to_owned())
                .record(seconds);
        });
    }

    fn http_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.with(|| {
            histogram!(
                HTTP_REQUEST_DURATION_SECONDS,
                "method" => method.to_owned(),
                "route" => route.to_owned(),
                "status" => status_class(status)
            )
            .record(seconds);
        });
    }
}

/// The `status` label: the class (`2xx` … `5xx`), so that the latency
/// histogram keeps five series per route and method whatever codes appear.
fn status_class(status: u16) -> &'static str {
    match status / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    }
}

#[cfg(test)]
mod tests;
