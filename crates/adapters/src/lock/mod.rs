//! Redlock over one or more independent Redis nodes, in front of the
//! database, with a fallback to database-only locking.
//!
//! The lock only spares the database a queue of writers on one counter row;
//! the database decides every value (spec §11). Hence the rules here:
//!
//! * requests of one process queue for a counter in order (`queue`), and
//!   only the head of the queue asks Redis;
//! * a held lock (`acquire` of [`RedisLocks`]) is a Redlock quorum
//!   (`nodes / 2 + 1`) of `SET key value NX PX ttl`, via `rslock`;
//! * a key held by someone else is retried `retry_attempts` times after
//!   `retry_delay` ± 50 % jitter, then answered NB003 (503, `Retry-After`);
//! * too few nodes answering is not an error: the request goes on with the
//!   database alone and says so (`fallback_used`), Redis is skipped for
//!   `recheck_after`, and a warning is logged at most once a minute;
//! * a lock is released when the request ends, whatever way it ends: the
//!   acquire and the release run on their own tasks, and a held lock that is
//!   dropped unreleased (a cancelled request) spawns its release.

mod availability;
mod config;
mod held;
mod nodes;
mod queue;
mod redlock;

pub use config::{RedisLockConfig, RedisLockError, redis_nodes};
pub use redlock::RedisLocks;
