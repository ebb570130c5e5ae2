//! The states of an issued number and the transitions between them.

use chrono::{DateTime, Utc};

use crate::error::DomainError;

/// Whether a reservation lapsing at `expires_at` is due at `now`: a
/// reservation is due once its TTL has passed (at the instant itself too),
/// and may then no longer be confirmed or cancelled, only expired.
pub fn is_due(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    expires_at <= now
}

/// Where an issued number is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberState {
    /// Handed out, waiting for confirm or cancel.
    Reserved,
    /// In use by a document.
    Confirmed,
    /// Given back by the caller; never reused.
    Cancelled,
    /// Not confirmed within its TTL; never reused.
    Expired,
    /// Withdrawn after confirmation, with a reason.
    Voided,
}

impl NumberState {
    /// Every state.
    pub const ALL: [NumberState; 5] = [
        Self::Reserved,
        Self::Confirmed,
        Self::Cancelled,
        Self::Expired,
        Self::Voided,
    ];

    /// The state as stored and shown (`RESERVED` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reserved => "RESERVED",
            Self::Confirmed => "CONFIRMED",
            Self::Cancelled => "CANCELLED",
            Self::Expired => "EXPIRED",
            Self::Voided => "VOIDED",
        }
    }

    /// Parses a stored state.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

impl std::fmt::Display for NumberState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An operation that moves a number between states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// RESERVED → CONFIRMED.
    Confirm,
    /// RESERVED → CANCELLED.
    Cancel,
    /// RESERVED → EXPIRED (the TTL passed).
    Expire,
    /// CONFIRMED → VOIDED.
    Void,
}

impl std::fmt::Display for Transition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Confirm => "confirm",
            Self::Cancel => "cancel",
            Self::Expire => "expire",
            Self::Void => "void",
        })
    }
}

/// What applying a transition means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The number moves to this state.
    Moves(NumberState),
    /// The number is already where the operation would put it: answer as
    /// before, change nothing (confirm twice, cancel twice).
    AlreadyDone,
}

impl Transition {
    /// The state this transition leads to.
    pub fn target(self) -> NumberState {
        match self {
            Self::Confirm => NumberState::Confirmed,
            Self::Cancel => NumberState::Cancelled,
            Self::Expire => NumberState::Expired,
            Self::Void => NumberState::Voided,
        }
    }

    /// The one state this transition starts from.
    pub fn source(self) -> NumberState {
        match self {
            Self::Confirm | Self::Cancel | Self::Expire => NumberState::Reserved,
            Self::Void => NumberState::Confirmed,
        }
    }

    /// Decides whether the transition is allowed from `from`.
    pub fn apply(self, from: NumberState) -> Result<Outcome, DomainError> {
        use NumberState as S;
        match (self, from) {
            (t, s) if s == t.source() => Ok(Outcome::Moves(t.target())),
            (Self::Confirm, S::Confirmed)
            | (Self::Cancel, S::Cancelled)
            | (Self::Expire, S::Expired) => Ok(Outcome::AlreadyDone),
            (Self::Confirm | Self::Cancel, S::Cancelled | S::Expired) => {
                Err(DomainError::ReservationGone { state: Some(from) })
            }
            (action, from) => Err(DomainError::InvalidTransition { from, action }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberState as S;
    use Transition as T;

    fn code(t: T, s: S) -> &'static str {
        t.apply(s).unwrap_err().code().as_str()
    }

    #[test]
    fn allowed_transitions_move() {
        assert_eq!(
            T::Confirm.apply(S::Reserved),
            Ok(Outcome::Moves(S::Confirmed))
        );
        assert_eq!(
            T::Cancel.apply(S::Reserved),
            Ok(Outcome::Moves(S::Cancelled))
        );
        assert_eq!(T::Expire.apply(S::Reserved), Ok(Outcome::Moves(S::Expired)));
        assert_eq!(T::Void.apply(S::Confirmed), Ok(Outcome::Moves(S::Voided)));
    }

    #[test]
    fn repeats_are_idempotent() {
        assert_eq!(T::Confirm.apply(S::Confirmed), Ok(Outcome::AlreadyDone));
        assert_eq!(T::Cancel.apply(S::Cancelled), Ok(Outcome::AlreadyDone));
        assert_eq!(T::Expire.apply(S::Expired), Ok(Outcome::AlreadyDone));
    }

    #[test]
    fn confirm_after_expiry_or_cancel_is_nb004() {
        assert_eq!(code(T::Confirm, S::Expired), "NB004");
        assert_eq!(code(T::Confirm, S::Cancelled), "NB004");
        assert!(
            T::Confirm
                .apply(S::Cancelled)
                .unwrap_err()
                .to_string()
                .contains("CANCELLED")
        );
    }

    #[test]
    fn confirm_of_voided_is_invalid_state() {
        assert_eq!(code(T::Confirm, S::Voided), "NB016");
    }

    #[test]
    fn cancel_of_confirmed_says_use_void() {
        let err = T::Cancel.apply(S::Confirmed).unwrap_err();
        assert_eq!(err.code().as_str(), "NB016");
        assert!(err.to_string().contains("use void"), "{err}");
    }

    #[test]
    fn cancel_of_expired_is_nb004_and_of_voided_is_nb016() {
        assert_eq!(code(T::Cancel, S::Expired), "NB004");
        assert_eq!(code(T::Cancel, S::Voided), "NB016");
    }

    #[test]
    fn expire_only_from_reserved() {
        for s in [S::Confirmed, S::Cancelled, S::Voided] {
            assert_eq!(code(T::Expire, s), "NB016", "{s}");
        }
    }

    #[test]
    fn void_only_from_confirmed() {
        for s in [S::Reserved, S::Cancelled, S::Expired, S::Voided] {
            assert_eq!(code(T::Void, s), "NB016", "{s}");
        }
    }

    #[test]
    fn states_round_trip_through_text() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        assert_eq!(S::parse("reserved"), None);
    }
}
