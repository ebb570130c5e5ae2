//! The application's one error type.
//!
//! Use cases and ports return [`AppError`]. Rule violations arrive as
//! [`AppError::Domain`]; the other variants are what only the application and
//! its adapters can notice (a missing series, a database that is down, a
//! lock that timed out). Adapters translate their own errors into these —
//! a unique-index violation becomes [`AppError::NumberTaken`], a lost
//! connection [`AppError::Unavailable`] — and never leak driver errors upward.
//! [`AppError::Internal`] is for bugs and surprises: its text goes to the
//! log, never to the client.

use docnum_domain::{DomainError, ErrorCode, Message};

use crate::error_reason::{Collision, InvalidReason};

/// Everything that can go wrong in a use case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// A business rule was violated.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// No series for this document type.
    #[error(
        "no numbering series for document type {0}; create it first (POST /series or `docnum series create`)"
    )]
    SeriesNotFound(String),
    /// The series already exists.
    #[error("series {0} already exists; use update (PUT /series/{0}) to change it")]
    SeriesExists(String),
    /// The document number (or token) is not in the registry.
    #[error("document number {0} is not in the registry")]
    NumberNotFound(String),
    /// The document number already exists in its namespace.
    #[error(
        "document number {number} already exists in namespace {namespace}; choose another number"
    )]
    NumberTaken {
        /// The number.
        number: String,
        /// Its namespace.
        namespace: String,
    },
    /// The number's sequence value is held by another number of its counter.
    #[error(
        "sequence value {value} of counter {counter} is already taken by another number, so document number {number} cannot be added to the registry"
    )]
    ValueTaken {
        /// The sequence value.
        value: u64,
        /// The counter.
        counter: String,
        /// The number that could not be added.
        number: String,
    },
    /// A batch of numbers collided with the registry.
    #[error("{0}")]
    DuplicateNumber(Collision),
    /// The idempotency key was used before with another payload.
    #[error(
        "Idempotency-Key '{0}' was already used with a different request body; use a new key for a new request"
    )]
    IdempotencyConflict(String),
    /// A request field is invalid (beyond what the domain checks).
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: String,
        /// What is wrong and what to do.
        reason: InvalidReason,
    },
    /// The distributed lock could not be acquired in time.
    #[error("the counter {0} is busy; retry in a moment")]
    LockTimeout(String),
    /// The series changed (another instance or request updated it) between
    /// reading it and drawing numbers with it; nothing was drawn.
    #[error("series {0} was changed while this request was served; retry in a moment")]
    SeriesChanged(String),
    /// Too many requests are queued for one counter.
    #[error("too many requests are waiting for counter {0}; retry in a moment")]
    Overloaded(String),
    /// The database cannot be reached or timed out.
    #[error("the database is unavailable ({0}); retry in a moment")]
    Unavailable(String),
    /// An unexpected failure; the text is for the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// The stable NB code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Domain(e) => e.code(),
            Self::SeriesNotFound(_) => ErrorCode::NB001,
            Self::SeriesExists(_) => ErrorCode::NB020,
            Self::NumberNotFound(_) => ErrorCode::NB018,
            Self::NumberTaken { .. } | Self::ValueTaken { .. } | Self::DuplicateNumber(_) => {
                ErrorCode::NB005
            }
            Self::IdempotencyConflict(_) => ErrorCode::NB015,
            Self::Invalid { .. } => ErrorCode::NB009,
            // Like a busy lock: a concurrent change won, retrying succeeds.
            Self::LockTimeout(_) | Self::SeriesChanged(_) => ErrorCode::NB003,
            Self::Overloaded(_) => ErrorCode::NB017,
            Self::Unavailable(_) => ErrorCode::NB014,
            Self::Internal(_) => ErrorCode::NB000,
        }
    }

    /// The message for the reader, rendered by the catalogue (`docnum-i18n`)
    /// in their language. It never carries internals: NB000 and NB014 get a
    /// generic text (the detail is in `Display`, for the log).
    pub fn message(&self) -> Message {
        match self {
            Self::Domain(e) => e.message(),
            Self::SeriesNotFound(t) => Message::new("series-not-found").with("document_type", t),
            Self::SeriesExists(t) => Message::new("series-exists").with("document_type", t),
            Self::NumberNotFound(n) => Message::new("number-not-found").with("number", n),
            Self::NumberTaken { number, namespace } => Message::new("number-taken")
                .with("number", number)
                .with("namespace", namespace),
            Self::ValueTaken {
                value,
                counter,
                number,
            } => Message::new("value-taken")
                .with("value", *value)
                .with("counter", counter)
                .with("number", number),
            Self::DuplicateNumber(collision) => collision.message(),
            Self::IdempotencyConflict(key) => Message::new("idempotency-conflict").with("key", key),
            Self::Invalid { field, reason } => Message::new("invalid-value")
                .with("field", field)
                .with("reason", reason.message()),
            Self::LockTimeout(counter) => Message::new("lock-timeout").with("counter", counter),
            Self::SeriesChanged(t) => Message::new("series-changed").with("document_type", t),
            Self::Overloaded(counter) => Message::new("overloaded").with("counter", counter),
            Self::Unavailable(_) => Message::new("database-unavailable"),
            Self::Internal(_) => Message::new("internal-error"),
        }
    }

    /// Shorthand for [`AppError::Invalid`].
    pub fn invalid(field: impl Into<String>, reason: InvalidReason) -> Self {
        Self::Invalid {
            field: field.into(),
            reason,
        }
    }

    /// Whether retrying the same request later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::LockTimeout(_)
                | Self::SeriesChanged(_)
                | Self::Overloaded(_)
                | Self::Unavailable(_)
        )
    }
}
