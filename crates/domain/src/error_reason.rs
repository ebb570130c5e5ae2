//! Why a value was refused, as data: the reasons inside
//! [`DomainError::InvalidFormat`](crate::DomainError::InvalidFormat) (NB006),
//! [`DomainError::NumberMismatch`](crate::DomainError::NumberMismatch)
//! (NB006) and [`DomainError::InvalidValue`](crate::DomainError::InvalidValue)
//! (NB009).
//!
//! Each variant carries its named arguments (a position, a limit, the value
//! given) and has its own catalogue key (`format-…`, `mismatch-…`,
//! `value-…` in `crates/i18n/locales/<lang>/errors.ftl`), so a Thai reader
//! gets a Thai reason. `Display` is the English text the logs carry; a test
//! in `docnum-api` keeps it equal to the English catalogue entry.

mod format;
mod mismatch;
mod value;

pub use format::FormatReason;
pub use mismatch::MismatchReason;
pub use value::ValueReason;
