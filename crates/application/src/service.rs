//! The numbering service: the use cases the HTTP API and the CLI both call.
//!
//! Each use case lives in its own file under `usecases/` as an `impl` block
//! on [`Numbering`]; this file holds the wiring and the shared helpers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::coalescer::Coalescer;
use crate::error::AppError;
use crate::model::Actor;
use crate::ports::{
    Clock, DatabaseOnlyLocks, IntegrityQueries, LockHealth, LockManager, Metrics, NoMetrics,
    NumberStore, OpContext, PoolUsage, SeriesRepository, Storage, SystemClock, UpgradeSteps,
};
use crate::series_cache::SeriesCache;
use crate::series_config::SeriesRecord;
use crate::settle_batch::SettleQueues;

/// Default of [`Settings::batch_max`].
pub const DEFAULT_BATCH_MAX: usize = 256;
/// Default of [`Settings::queue_max`].
pub const DEFAULT_QUEUE_MAX: usize = 10_000;

/// Tunables of the service (spec §9).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// How long a reservation stays open (`NUMBERING_RESERVATION_TTL`).
    pub reservation_ttl: Duration,
    /// Lock TTL (`NUMBERING_LOCK_TIMEOUT`).
    pub lock_timeout: Duration,
    /// Most reservations of one counter per transaction
    /// (`NUMBERING_BATCH_MAX`; 1 turns coalescing off).
    pub batch_max: usize,
    /// Most reservations waiting for one counter before NB017
    /// (`NUMBERING_QUEUE_MAX`).
    pub queue_max: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            // NUMBERING_RESERVATION_TTL = 300 s, NUMBERING_LOCK_TIMEOUT = 5000 ms.
            reservation_ttl: Duration::from_mins(5),
            lock_timeout: Duration::from_secs(5),
            batch_max: DEFAULT_BATCH_MAX,
            queue_max: DEFAULT_QUEUE_MAX,
        }
    }
}

/// The adapters a [`Numbering`] service runs on.
#[derive(Clone)]
pub struct Ports {
    /// Registry, counters, audit.
    pub store: Arc<dyn NumberStore>,
    /// Series.
    pub series: Arc<dyn SeriesRepository>,
    /// The integrity queries (validate, check-duplicates, import's check).
    pub integrity: Arc<dyn IntegrityQueries>,
    /// The data steps a migration left.
    pub upgrade: Arc<dyn UpgradeSteps>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Optional distributed lock.
    pub locks: Arc<dyn LockManager>,
    /// Monitoring.
    pub metrics: Arc<dyn Metrics>,
}

impl Ports {
    /// Ports on one store with the system clock, no distributed lock and no
    /// metrics. Any `Arc` of a concrete store coerces to `Arc<dyn Storage>`.
    pub fn on_store(store: Arc<dyn Storage>) -> Self {
        Self {
            store: store.clone(),
            series: store.clone(),
            integrity: store.clone(),
            upgrade: store,
            clock: Arc::new(SystemClock),
            locks: Arc::new(DatabaseOnlyLocks),
            metrics: Arc::new(NoMetrics),
        }
    }
}

/// The numbering service.
#[derive(Clone)]
pub struct Numbering {
    pub(crate) ports: Ports,
    pub(crate) settings: Settings,
    pub(crate) coalescer: Arc<Coalescer>,
    pub(crate) series_cache: Arc<SeriesCache>,
    pub(crate) settle_queues: Arc<SettleQueues>,
}

impl Numbering {
    /// A service on these ports.
    pub fn new(ports: Ports, settings: Settings) -> Self {
        Self {
            ports,
            settings,
            coalescer: Arc::new(Coalescer::new(settings.batch_max, settings.queue_max)),
            series_cache: Arc::new(SeriesCache::default()),
            settle_queues: Arc::new(SettleQueues::new(settings.batch_max, settings.queue_max)),
        }
    }

    /// The service's settings.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// The metrics port (the API reports errors through it).
    pub fn metrics(&self) -> &Arc<dyn Metrics> {
        &self.ports.metrics
    }

    /// The same service with another lock manager (e.g. Redlock).
    #[must_use]
    pub fn with_locks(mut self, locks: Arc<dyn LockManager>) -> Self {
        self.ports.locks = locks;
        self
    }

    /// The same service reporting to other metrics (e.g. Prometheus).
    #[must_use]
    pub fn with_metrics(mut self, metrics: Arc<dyn Metrics>) -> Self {
        self.ports.metrics = metrics;
        self
    }

    /// Checks the database answers (readiness).
    pub async fn ready(&self) -> Result<(), AppError> {
        self.ports.store.ping().await
    }

    /// The lock backend's state; `None` when locking is database-only.
    pub async fn lock_health(&self) -> Option<LockHealth> {
        self.ports.locks.health().await
    }

    /// The store's connection pool usage, when it has a pool.
    pub fn pool_usage(&self) -> Option<PoolUsage> {
        self.ports.store.pool_usage()
    }

    pub(crate) fn op(&self, actor: &Actor) -> OpContext {
        OpContext {
            actor: actor.clone(),
            now: self.ports.clock.now(),
            started: Instant::now(),
            fallback_used: false,
        }
    }

    pub(crate) async fn load_series(
        &self,
        document_type: &str,
    ) -> Result<Arc<SeriesRecord>, AppError> {
        // A malformed type is a format error (NB006), not a missing series.
        docnum_domain::DocumentType::new(document_type)?;
        self.ports
            .series
            .get_series(document_type)
            .await?
            .map(Arc::new)
            .ok_or_else(|| AppError::SeriesNotFound(document_type.to_owned()))
    }
}
