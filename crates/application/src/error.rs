//! The application's one error type.
//!
//! Use cases and ports return [`AppError`]. Rule violations arrive as
//! [`AppError::Domain`]; the other variants are what only the application and
//! its adapters can notice (a missing series, a database that is down, a
//! lock that timed out). Adapters translate their own errors into these —
//! a unique-index violation becomes [`AppError::DuplicateNumber`], a lost
//! connection [`AppError::Unavailable`] — and never leak driver errors upward.
//! [`AppError::Internal`] is for bugs and surprises: its text goes to the
//! log, never to the client.

use docnum_domain::{DomainError, ErrorCode};

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
    /// The rendered number (or its sequence value) is already taken.
    #[error("{0}")]
    DuplicateNumber(String),
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
        reason: String,
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
            Self::DuplicateNumber(_) => ErrorCode::NB005,
            Self::IdempotencyConflict(_) => ErrorCode::NB015,
            Self::Invalid { .. } => ErrorCode::NB009,
            // Like a busy lock: a concurrent change won, retrying succeeds.
            Self::LockTimeout(_) | Self::SeriesChanged(_) => ErrorCode::NB003,
            Self::Overloaded(_) => ErrorCode::NB017,
            Self::Unavailable(_) => ErrorCode::NB014,
            Self::Internal(_) => ErrorCode::NB000,
        }
    }

    /// Shorthand for [`AppError::Invalid`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            reason: reason.into(),
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
