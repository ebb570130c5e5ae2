//! The stable NB error codes and the domain's error enum.
//!
//! Every failure a client can see carries one [`ErrorCode`]. The domain raises
//! [`DomainError`] for rule violations; outer layers add their own variants
//! (database, auth, rate limit) but reuse these codes so that one code always
//! means one thing, whichever layer noticed it.

use crate::error_reason::{FormatReason, MismatchReason, ValueReason};
use crate::lifecycle::NumberState;
use crate::template::TemplateError;

/// A stable, documented error code (`NB001` …) shown to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ErrorCode {
    /// An unexpected server-side failure; details are in the server log only.
    NB000,
    /// No series exists for the document type.
    NB001,
    /// The counter reached the series' `max_value`.
    NB002,
    /// The distributed lock could not be taken in time.
    NB003,
    /// The reservation expired, was cancelled, or never existed.
    NB004,
    /// The rendered number already exists in its namespace.
    NB005,
    /// A template, number or context value has an invalid format.
    NB006,
    /// Manual override is disabled for the series.
    NB007,
    /// Redis is required for this operation and is unreachable.
    NB008,
    /// The request body failed validation.
    NB009,
    /// The request could not be parsed (bad JSON, wrong content type).
    NB010,
    /// Missing, malformed or expired credentials.
    NB011,
    /// Authenticated but lacking the permission.
    NB012,
    /// Too many requests for this user.
    NB013,
    /// The database is unreachable or timed out.
    NB014,
    /// An idempotency key was reused with a different payload.
    NB015,
    /// The number is not in a state that allows the operation.
    NB016,
    /// The service is over capacity for this counter; retry shortly.
    NB017,
    /// The document number is unknown.
    NB018,
    /// A counter may not be set below the highest value already issued.
    NB019,
    /// A series with this document type already exists.
    NB020,
}

impl ErrorCode {
    /// The code as clients see it, e.g. `"NB004"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NB000 => "NB000",
            Self::NB001 => "NB001",
            Self::NB002 => "NB002",
            Self::NB003 => "NB003",
            Self::NB004 => "NB004",
            Self::NB005 => "NB005",
            Self::NB006 => "NB006",
            Self::NB007 => "NB007",
            Self::NB008 => "NB008",
            Self::NB009 => "NB009",
            Self::NB010 => "NB010",
            Self::NB011 => "NB011",
            Self::NB012 => "NB012",
            Self::NB013 => "NB013",
            Self::NB014 => "NB014",
            Self::NB015 => "NB015",
            Self::NB016 => "NB016",
            Self::NB017 => "NB017",
            Self::NB018 => "NB018",
            Self::NB019 => "NB019",
            Self::NB020 => "NB020",
        }
    }

    /// The symbolic name from the specification, e.g. `"RESERVATION_EXPIRED"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::NB000 => "INTERNAL_ERROR",
            Self::NB001 => "CONFIG_NOT_FOUND",
            Self::NB002 => "SEQUENCE_EXHAUSTED",
            Self::NB003 => "LOCK_TIMEOUT",
            Self::NB004 => "RESERVATION_EXPIRED",
            Self::NB005 => "DUPLICATE_NUMBER",
            Self::NB006 => "INVALID_FORMAT",
            Self::NB007 => "MANUAL_OVERRIDE_NOT_ALLOWED",
            Self::NB008 => "REDIS_UNAVAILABLE",
            Self::NB009 => "VALIDATION_FAILED",
            Self::NB010 => "MALFORMED_REQUEST",
            Self::NB011 => "UNAUTHENTICATED",
            Self::NB012 => "FORBIDDEN",
            Self::NB013 => "RATE_LIMITED",
            Self::NB014 => "DATABASE_UNAVAILABLE",
            Self::NB015 => "IDEMPOTENCY_KEY_REUSED",
            Self::NB016 => "INVALID_STATE",
            Self::NB017 => "OVERLOADED",
            Self::NB018 => "NUMBER_NOT_FOUND",
            Self::NB019 => "COUNTER_BELOW_ISSUED",
            Self::NB020 => "SERIES_EXISTS",
        }
    }

    /// Every code, in order; used by documentation and tests.
    pub const ALL: [ErrorCode; 21] = [
        Self::NB000,
        Self::NB001,
        Self::NB002,
        Self::NB003,
        Self::NB004,
        Self::NB005,
        Self::NB006,
        Self::NB007,
        Self::NB008,
        Self::NB009,
        Self::NB010,
        Self::NB011,
        Self::NB012,
        Self::NB013,
        Self::NB014,
        Self::NB015,
        Self::NB016,
        Self::NB017,
        Self::NB018,
        Self::NB019,
        Self::NB020,
    ];
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A violated business rule. Each variant knows its NB code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The template failed its lint.
    #[error("invalid template: {0}")]
    InvalidTemplate(#[from] TemplateError),
    /// A token needs a context value the request did not supply.
    #[error(
        "the template token {{{token}}} needs context value {name}; add \"{name}\" to the request's context"
    )]
    MissingContext {
        /// The token as written in the template.
        token: String,
        /// The context name to supply.
        name: &'static str,
    },
    /// A value (context value, number, document type …) has an invalid format.
    #[error("invalid {field}: {reason}")]
    InvalidFormat {
        /// Which value was wrong.
        field: String,
        /// What is wrong and how to fix it.
        reason: FormatReason,
    },
    /// A document number does not match its series' template.
    #[error("document number '{number}' does not match template '{template}': {reason}")]
    NumberMismatch {
        /// The number that was checked.
        number: String,
        /// The template it was checked against.
        template: String,
        /// Why it does not match.
        reason: MismatchReason,
    },
    /// A request field is outside what the rules allow (not a format problem).
    #[error("invalid {field}: {reason}")]
    InvalidValue {
        /// The field.
        field: &'static str,
        /// What is wrong and how to fix it.
        reason: ValueReason,
    },
    /// The counter would pass the series' maximum.
    #[error(
        "sequence exhausted: counter {counter_key} reached max_value {max_value}; raise max_value or start a new scope"
    )]
    SequenceExhausted {
        /// The counter.
        counter_key: String,
        /// The series' maximum.
        max_value: u64,
    },
    /// Manual override is disabled on the series.
    #[error(
        "manual override is not allowed for document type {document_type}; enable allow_manual_override on the series first"
    )]
    ManualOverrideNotAllowed {
        /// The series.
        document_type: String,
    },
    /// The number was not reserved (or no longer is): confirm/cancel cannot proceed.
    #[error("{}", reservation_gone_message(*.state))]
    ReservationGone {
        /// The state found, `None` when the token is unknown.
        state: Option<NumberState>,
    },
    /// The operation is not allowed from the number's current state.
    #[error("cannot {action} a {from} number{}", hint_for(*.action, *.from))]
    InvalidTransition {
        /// The state the number is in.
        from: NumberState,
        /// The attempted operation.
        action: crate::lifecycle::Transition,
    },
    /// A counter may never go below the highest value already issued.
    #[error(
        "cannot set the counter to {requested}: value {highest} has already been issued; the counter never goes down"
    )]
    CounterBelowIssued {
        /// The value asked for.
        requested: u64,
        /// The highest issued value.
        highest: u64,
    },
}

fn reservation_gone_message(state: Option<NumberState>) -> String {
    match state {
        None => "reservation not found: the token is unknown; reserve a new number".to_owned(),
        Some(NumberState::Expired) => {
            "reservation expired: its TTL passed before it was confirmed; reserve a new number"
                .to_owned()
        }
        Some(NumberState::Cancelled) => {
            "reservation was cancelled (state CANCELLED); reserve a new number".to_owned()
        }
        Some(other) => {
            format!("reservation is no longer open (state {other}); reserve a new number")
        }
    }
}

fn hint_for(action: crate::lifecycle::Transition, from: NumberState) -> &'static str {
    use crate::lifecycle::Transition;
    match (action, from) {
        (Transition::Cancel, NumberState::Confirmed) => ": use void instead",
        (Transition::Void, NumberState::Reserved) => ": confirm it first, or cancel it",
        (Transition::Void, _) => ": only CONFIRMED numbers can be voided",
        _ => "",
    }
}

impl DomainError {
    /// The stable NB code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidTemplate(_)
            | Self::MissingContext { .. }
            | Self::InvalidFormat { .. }
            | Self::NumberMismatch { .. } => ErrorCode::NB006,
            Self::InvalidValue { .. } => ErrorCode::NB009,
            Self::SequenceExhausted { .. } => ErrorCode::NB002,
            Self::ManualOverrideNotAllowed { .. } => ErrorCode::NB007,
            Self::ReservationGone { .. } => ErrorCode::NB004,
            Self::InvalidTransition { .. } => ErrorCode::NB016,
            Self::CounterBelowIssued { .. } => ErrorCode::NB019,
        }
    }

    /// Shorthand for an [`DomainError::InvalidFormat`].
    pub fn format(field: impl Into<String>, reason: FormatReason) -> Self {
        Self::InvalidFormat {
            field: field.into(),
            reason,
        }
    }

    /// Shorthand for an [`DomainError::InvalidValue`].
    pub fn value(field: &'static str, reason: ValueReason) -> Self {
        Self::InvalidValue { field, reason }
    }
}
