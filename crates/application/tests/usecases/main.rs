#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Use-case tests: [`Numbering`](docnum_application::Numbering) over the
//! in-memory reference store and a hand-driven clock.

mod support;

mod admin;
mod audit;
mod declared;
mod idempotency;
mod import;
mod lifecycle;
mod manual;
mod reserve;
mod series;
mod store;
mod void;
