//! How each domain error is told to a person: its catalogue key and named
//! arguments (the words are in `crates/i18n/locales/`).
//!
//! The English entries of the catalogue say what the errors' `Display` says
//! (the text the logs carry); a test in `docnum-api` holds the two together.

use crate::error::DomainError;
use crate::lifecycle::{NumberState, Transition};
use crate::message::Message;
use crate::template::TemplateError;

impl DomainError {
    /// The message for the reader (rendered by the catalogue in their language).
    pub fn message(&self) -> Message {
        match self {
            Self::InvalidTemplate(e) => {
                Message::new("invalid-template").with("reason", e.message())
            }
            Self::MissingContext { token, name } => Message::new("missing-context")
                .with("token", token)
                .with("name", *name),
            Self::InvalidFormat { field, reason } => Message::new("invalid-format")
                .with("field", field)
                .with("reason", reason.message()),
            Self::NumberMismatch {
                number,
                template,
                reason,
            } => Message::new("number-mismatch")
                .with("number", number)
                .with("template", template)
                .with("reason", reason.message()),
            Self::InvalidValue { field, reason } => Message::new("invalid-value")
                .with("field", *field)
                .with("reason", reason.message()),
            Self::SequenceExhausted {
                counter_key,
                max_value,
            } => Message::new("sequence-exhausted")
                .with("counter", counter_key)
                .with("max", *max_value),
            Self::ManualOverrideNotAllowed { document_type } => {
                Message::new("manual-override-not-allowed").with("document_type", document_type)
            }
            Self::ReservationGone { state } => match state {
                None => Message::new("reservation-unknown"),
                Some(NumberState::Expired) => Message::new("reservation-expired"),
                Some(NumberState::Cancelled) => Message::new("reservation-cancelled"),
                Some(other) => Message::new("reservation-closed").with("state", other.as_str()),
            },
            Self::InvalidTransition { from, action } => {
                let key = match (action, from) {
                    (Transition::Cancel, NumberState::Confirmed) => "invalid-transition-use-void",
                    (Transition::Void, NumberState::Reserved) => "invalid-transition-confirm-first",
                    (Transition::Void, _) => "invalid-transition-void-confirmed-only",
                    _ => "invalid-transition",
                };
                Message::new(key)
                    .with("action", action.to_string())
                    .with("state", from.as_str())
            }
            Self::CounterBelowIssued { requested, highest } => Message::new("counter-below-issued")
                .with("requested", *requested)
                .with("highest", *highest),
        }
    }
}

impl TemplateError {
    /// The message for the reader (rendered by the catalogue in their language).
    pub fn message(&self) -> Message {
        match self {
            Self::Empty => Message::new("template-empty"),
            Self::TooLong { len, max } => Message::new("template-too-long")
                .with("length", *len)
                .with("max", *max),
            Self::MissingSeq => Message::new("template-missing-seq"),
            Self::DuplicateSeq { spelling, position } => Message::new("template-duplicate-seq")
                .with("token", spelling)
                .with("position", *position),
            Self::UnknownToken {
                token,
                position,
                known,
            } => Message::new("template-unknown-token")
                .with("token", token)
                .with("position", *position)
                .with("known", *known),
            Self::SeqWidthOutOfRange {
                token,
                position,
                max,
            } => Message::new("template-seq-width")
                .with("token", token)
                .with("position", *position)
                .with("max", *max),
            Self::UnbalancedBrace { brace, position } => Message::new("template-unbalanced-brace")
                .with("brace", brace.to_string())
                .with("position", *position),
            Self::ControlCharacter {
                character,
                position,
            } => Message::new("template-control-character")
                .with("character", format!("{character:?}"))
                .with("position", *position),
        }
    }
}
