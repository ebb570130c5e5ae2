//! Why the application refused a request value
//! ([`AppError::Invalid`](crate::AppError::Invalid), NB009), and what a
//! batch collided with ([`AppError::DuplicateNumber`](crate::AppError::DuplicateNumber),
//! NB005), as data.
//!
//! Each variant has its own catalogue key (`invalid-…`, `duplicate-…` in
//! `crates/i18n/locales/<lang>/errors.ftl`) with its named arguments, so a
//! Thai reader gets a Thai reason. `Display` is the English text the logs
//! carry; a test in `docnum-api` keeps it equal to the English entry.
//! Details that come from a driver or a parser (`detail`) are shown as
//! they are.

mod collision;
mod invalid;

pub use collision::{Collided, Collision};
pub use invalid::InvalidReason;
