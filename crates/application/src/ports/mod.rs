//! The ports: traits the application owns and adapters implement.

mod clock;
mod lock;
mod metrics;
mod store;

pub use clock::{Clock, SystemClock};
pub use lock::{DatabaseOnlyLocks, HeldLock, LockManager};
pub use metrics::{Metrics, NoMetrics};
pub use store::{
    AllocationBatch, GuardedChange, IdempotencyClaim, ManualRegistration, NumberStore, OpContext,
    ReservationDraft, SeriesRepository, VoidRequest, VoidResult,
};
