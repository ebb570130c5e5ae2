//! The ports: traits the application owns and adapters implement.

mod admin;
mod budgets;
mod clock;
mod lock;
mod metrics;
mod store;
mod upgrade;

pub use admin::{
    CounterChange, CounterIntegrity, CounterSet, DuplicateNumber, DuplicateValue, IntegrityQueries,
    RegisteredNumber,
};
pub use budgets::{BudgetUnavailable, SharedBudgets};
pub use clock::{Clock, SystemClock};
pub use lock::{DatabaseOnlyLocks, HeldLock, LockHealth, LockManager};
pub use metrics::{Metrics, NoMetrics};
pub use store::{
    AllocationBatch, GuardedChange, IdempotencyClaim, ManualRegistration, NumberStore, OpContext,
    PoolUsage, ReservationDraft, SeriesRepository, Settlement, SettlementKind, Storage,
    VoidRequest, VoidResult,
};
pub use upgrade::{CounterMerge, NUMBER_KEYS_STEP, UpgradeSteps};
