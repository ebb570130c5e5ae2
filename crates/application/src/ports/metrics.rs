//! What the application reports to monitoring.

/// Observations the use cases make; adapters export them.
pub trait Metrics: Send + Sync {
    /// `count` numbers were issued for `document_type`.
    fn numbers_issued(&self, document_type: &str, count: u64);
    /// A counter now stands at `current` of `max_value`.
    fn counter_value(&self, document_type: &str, scope: &str, current: u64, max_value: u64);
    /// Waiting for the lock took `seconds`.
    fn lock_wait(&self, document_type: &str, seconds: f64);
    /// The lock could not be used (`reason`: `timeout`, `redis_unavailable`).
    fn lock_failure(&self, document_type: &str, reason: &str);
    /// A manual override was registered.
    fn manual_override(&self, document_type: &str);
    /// A request failed with `code`.
    fn error(&self, code: &str);
    /// An HTTP request to `route` (the matched path template) answered
    /// `status` after `seconds`.
    fn http_request(&self, _method: &str, _route: &str, _status: u16, _seconds: f64) {}
    /// One transaction allocated `n` numbers of `document_type`.
    fn batch_size(&self, _document_type: &str, _n: usize) {}
    /// A reservation waited `seconds` in its counter's queue.
    fn queue_wait(&self, _document_type: &str, _seconds: f64) {}
}

/// Metrics that go nowhere (tests, CLI).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoMetrics;

impl Metrics for NoMetrics {
    fn numbers_issued(&self, _: &str, _: u64) {}
    fn counter_value(&self, _: &str, _: &str, _: u64, _: u64) {}
    fn lock_wait(&self, _: &str, _: f64) {}
    fn lock_failure(&self, _: &str, _: &str) {}
    fn manual_override(&self, _: &str) {}
    fn error(&self, _: &str) {}
}
