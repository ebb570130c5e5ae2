//! [`MismatchReason`]: why a document number does not match its template
//! (NB006).

use std::fmt;

use crate::error::DomainError;
use crate::message::Message;

/// Why a document number does not match its template (NB006).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MismatchReason {
    /// Longer than any number can be.
    TooLong {
        /// The bound, in bytes.
        max_bytes: usize,
    },
    /// The search gave up: too many readings.
    TooManyReadings,
    /// No reading: the number leaves the template at `position`.
    StopsAt {
        /// 1-based character position.
        position: usize,
    },
    /// Two readings or more.
    Ambiguous,
    /// The template read no sequence value.
    NoSequence,
    /// A part read from the number is not a valid value.
    InvalidPart(Box<DomainError>),
}

impl fmt::Display for MismatchReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { max_bytes } => write!(f, "it is longer than {max_bytes} bytes"),
            Self::TooManyReadings => {
                f.write_str("it can be read in too many ways; supply the context values")
            }
            Self::StopsAt { position } => {
                write!(f, "it stops following the template at character {position}")
            }
            Self::Ambiguous => f.write_str(
                "it can be read in more than one way; supply the context values to disambiguate",
            ),
            Self::NoSequence => f.write_str("no sequence value found"),
            Self::InvalidPart(e) => write!(f, "{e}"),
        }
    }
}

impl MismatchReason {
    /// The reason for the reader (rendered by the catalogue in their language).
    pub fn message(&self) -> Message {
        match self {
            Self::TooLong { max_bytes } => {
                Message::new("mismatch-too-long").with("max", *max_bytes)
            }
            Self::TooManyReadings => Message::new("mismatch-too-many-readings"),
            Self::StopsAt { position } => {
                Message::new("mismatch-stops-at").with("position", *position)
            }
            Self::Ambiguous => Message::new("mismatch-ambiguous"),
            Self::NoSequence => Message::new("mismatch-no-sequence"),
            Self::InvalidPart(e) => e.message(),
        }
    }
}
