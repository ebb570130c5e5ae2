#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Property tests of the domain's two core promises:
//!
//! (a) a rendered number matches back to exactly the parts it was rendered
//!     from, whatever the template looks like;
//! (b) two numbers share a counter exactly when everything but their
//!     sequence value that the counter key depends on is equal;
//! (c) counter keys are deterministic and well-formed.

// The saved failing seeds live in `tests/proptest-regressions/<module>.txt`:
// that is where proptest looks once this folder has a `main.rs`.

mod counter_keys;
mod render_match;
