//! Waiting for a condition instead of sleeping and hoping it holds: poll
//! until it does, and fail with what was awaited once a generous deadline
//! has passed (a bound on a hang, never an assertion on speed). Also
//! mounted by crates/adapters/tests/redlock.rs.

#![allow(dead_code, unreachable_pub, clippy::panic)]

use std::fmt::Display;
use std::time::{Duration, Instant};

/// Longest wait for a condition before the test fails.
pub const DEADLINE: Duration = Duration::from_mins(2);
/// Pause between two polls.
const POLL: Duration = Duration::from_millis(20);

/// Polls `done` (blocking) until it is true.
pub fn wait_until(mut done: impl FnMut() -> bool, what: impl Display) {
    let deadline = Instant::now() + DEADLINE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(POLL);
    }
}

/// Polls `probe` until it gives `Some`, and returns that.
pub async fn eventually<T>(what: impl Display, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(POLL).await;
    }
}
