//! Whether Redis is worth asking, and a warning that does not flood the log.
//!
//! After an attempt finds fewer nodes than a quorum, every request for the
//! next `recheck_after` goes straight to the database instead of paying
//! connection errors again; the first request after that tries Redis anew,
//! so locks are used again as soon as the nodes are back.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use docnum_application::ports::LockHealth;

/// At most one "Redis unavailable" warning per this interval.
const WARN_EVERY: Duration = Duration::from_mins(1);

/// The lock backend's availability as the requests have found it.
#[derive(Debug)]
pub(super) struct Availability {
    recheck_after: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// When the nodes were first found without a quorum (None: available).
    down_since: Option<Instant>,
    /// Until when requests skip Redis.
    skip_until: Option<Instant>,
    /// When the last warning was logged.
    warned_at: Option<Instant>,
    /// Requests that fell back since the last warning.
    unreported: u64,
}

impl Availability {
    pub(super) fn new(recheck_after: Duration) -> Self {
        Self {
            recheck_after,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is a few timestamps; a panic elsewhere cannot break it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// True while Redis was found down less than `recheck_after` ago: the
    /// request falls back without trying (and is counted for the warning).
    pub(super) fn skip(&self, key: &str) -> bool {
        let mut state = self.state();
        let skip = state.skip_until.is_some_and(|t| Instant::now() < t);
        if skip {
            state.unreported += 1;
            warn_if_due(&mut state, key, None);
        }
        skip
    }

    /// An attempt found too few nodes: fall back, skip Redis for a while.
    pub(super) fn mark_down(&self, key: &str, health: LockHealth) {
        let mut state = self.state();
        let now = Instant::now();
        state.down_since.get_or_insert(now);
        state.skip_until = Some(now + self.recheck_after);
        state.unreported += 1;
        warn_if_due(&mut state, key, Some(health));
    }

    /// An attempt reached a quorum: Redis is back (if it was away).
    pub(super) fn mark_up(&self) {
        let mut state = self.state();
        if let Some(since) = state.down_since.take() {
            tracing::info!(
                down_for_ms = u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX),
                fallbacks = state.unreported,
                "Redis reachable again; counter locks are in use"
            );
        }
        *state = State::default();
    }
}

fn warn_if_due(state: &mut State, key: &str, health: Option<LockHealth>) {
    if state.warned_at.is_some_and(|t| t.elapsed() < WARN_EVERY) {
        return;
    }
    state.warned_at = Some(Instant::now());
    let fallbacks = std::mem::take(&mut state.unreported);
    if let Some(h) = health {
        tracing::warn!(
            key,
            fallbacks,
            nodes_up = h.nodes_up,
            nodes = h.nodes,
            quorum = h.quorum,
            "Redis unavailable: locking falls back to the database alone (numbers stay correct)"
        );
    } else {
        tracing::warn!(
            key,
            fallbacks,
            "Redis still unavailable: locking falls back to the database alone"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEALTH: LockHealth = LockHealth {
        nodes: 3,
        nodes_up: 1,
        quorum: 2,
    };

    #[test]
    fn redis_is_skipped_for_a_while_after_it_was_found_down() {
        let a = Availability::new(Duration::from_millis(50));
        assert!(!a.skip("k"));
        a.mark_down("k", HEALTH);
        assert!(a.skip("k"));
        std::thread::sleep(Duration::from_millis(60));
        assert!(!a.skip("k"), "after recheck_after Redis is tried again");
        a.mark_down("k", HEALTH);
        assert!(a.skip("k"));
        a.mark_up();
        assert!(!a.skip("k"));
    }

    #[test]
    fn warnings_are_rate_limited_and_count_the_fallbacks() {
        let a = Availability::new(Duration::from_secs(10));
        a.mark_down("k", HEALTH);
        assert!(a.skip("k"));
        assert!(a.skip("k"));
        let state = a.state();
        assert!(state.warned_at.is_some());
        assert_eq!(
            state.unreported, 2,
            "the two skips wait for the next warning"
        );
    }
}
