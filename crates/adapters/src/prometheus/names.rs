//! The exported metric names (spec §10 plus HTTP, pool and Redis gauges),
//! their help texts and histogram buckets. `deploy/` queries exactly these.

/// Numbers issued (reservations and void replacements), by `document_type`.
pub const SEQUENCES_TOTAL: &str = "numbering_sequences_total";
/// A counter's current value, by `document_type` and `scope`.
pub const SEQUENCE_CURRENT: &str = "numbering_sequence_current";
/// The fullest counter's use of `max_value`, in percent, by `document_type`.
pub const SEQUENCE_UTILIZATION: &str = "numbering_sequence_utilization";
/// Seconds spent acquiring the counter lock, by `document_type`.
pub const LOCK_WAIT_SECONDS: &str = "numbering_lock_wait_seconds";
/// Lock failures by `document_type` and `reason` (`timeout`,
/// `redis_unavailable`, `error`).
pub const LOCK_FAILURES_TOTAL: &str = "numbering_lock_failures_total";
/// Manual overrides, by `document_type`.
pub const MANUAL_OVERRIDES_TOTAL: &str = "numbering_manual_overrides_total";
/// Failed requests, by NB `code`.
pub const ERRORS_TOTAL: &str = "numbering_errors_total";
/// HTTP request latency by `method`, `route` (path template) and `status`.
pub const HTTP_REQUEST_DURATION_SECONDS: &str = "http_request_duration_seconds";
/// Database pool connections by `state` (`in_use`, `idle`).
pub const DB_POOL_CONNECTIONS: &str = "numbering_db_pool_connections";
/// The database pool's maximum size.
pub const DB_POOL_MAX_CONNECTIONS: &str = "numbering_db_pool_max_connections";
/// 1 when a quorum of Redis nodes answers, else 0 (absent without Redis).
pub const REDIS_UP: &str = "numbering_redis_up";
/// Redis nodes answering a PING.
pub const REDIS_NODES_UP: &str = "numbering_redis_nodes_up";
/// Redis nodes configured.
pub const REDIS_NODES: &str = "numbering_redis_nodes";

/// Request-budget checks answered by this instance's own budget because
/// the shared one (Redis) did not answer.
pub const BUDGET_FALLBACKS_TOTAL: &str = "numbering_budget_fallbacks_total";

/// Numbers allocated per transaction (coalesced reservations), by
/// `document_type`.
pub const BATCH_SIZE: &str = "numbering_batch_size";
/// Seconds a reservation waited for its counter's next transaction, by
/// `document_type`.
pub const QUEUE_WAIT_SECONDS: &str = "numbering_queue_wait_seconds";

/// Batch size buckets (numbers per transaction; the default cap is 256).
pub const BATCH_SIZE_BUCKETS: &[f64] =
    &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 1024.0];
/// Queue wait buckets, seconds.
pub const QUEUE_WAIT_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];
/// Lock wait buckets, seconds (spec: 0.01 … 5).
pub const LOCK_WAIT_BUCKETS: &[f64] = &[0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];
/// HTTP latency buckets, seconds.
pub const HTTP_BUCKETS: &[f64] = &[
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Help texts, written once into the exposition.
pub(super) const HELP: &[(&str, &str)] = &[
    (
        BUDGET_FALLBACKS_TOTAL,
        "Request-budget checks this instance judged alone because the shared budgets (Redis) did not answer",
    ),
    (SEQUENCES_TOTAL, "Document numbers issued by this instance"),
    (
        SEQUENCE_CURRENT,
        "Current value of each counter, as stored in the database",
    ),
    (
        SEQUENCE_UTILIZATION,
        "Use of max_value by the fullest counter of a series, in percent",
    ),
    (LOCK_WAIT_SECONDS, "Time spent acquiring the counter lock"),
    (
        LOCK_FAILURES_TOTAL,
        "Counter locks not obtained: timeout (NB003), redis_unavailable (database-only fallback), error",
    ),
    (MANUAL_OVERRIDES_TOTAL, "Numbers registered by hand"),
    (ERRORS_TOTAL, "Requests answered with an error, by NB code"),
    (
        HTTP_REQUEST_DURATION_SECONDS,
        "HTTP request latency by route template and status",
    ),
    (
        DB_POOL_CONNECTIONS,
        "Database pool connections in use and idle",
    ),
    (DB_POOL_MAX_CONNECTIONS, "Database pool maximum size"),
    (
        REDIS_UP,
        "1 when a quorum of Redis lock nodes answers, 0 when locking falls back to the database",
    ),
    (REDIS_NODES_UP, "Redis lock nodes answering a PING"),
    (REDIS_NODES, "Redis lock nodes configured"),
    (
        BATCH_SIZE,
        "Reservations allocated per database transaction (coalesced requests for one counter)",
    ),
    (
        QUEUE_WAIT_SECONDS,
        "Time a reservation waited for its counter's next transaction",
    ),
];
