//! Every NB code the service raises answers in English without
//! `Accept-Language` and in Thai with `Accept-Language: th`, with
//! `Content-Language` saying which, through the real router on the
//! in-memory reference store; `code` and `name` never change. And the
//! English catalogue says what the errors' `Display` (the log text) says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod catalogue;
mod every_code;
mod harness;
mod negotiation;
