//! The whole router over the in-memory store: envelopes, rejections, auth,
//! rate limit, probes, metrics and docs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

// The harness `conformance.rs` and `hostile.rs` share, one folder up.
#[path = "../common/mod.rs"]
mod common;

mod access;
mod declared;
mod envelope;
mod numbers;
mod rejections;
mod service_routes;

const RESERVE: &str = "numbering:reserve";
