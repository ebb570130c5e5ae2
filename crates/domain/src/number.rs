//! Rendered document numbers, namespaces and reasons.

use crate::error::DomainError;
use crate::error_reason::{FormatReason, ValueReason};
use crate::text::{first_unprintable, nfc};

/// A document number: 1–200 printable characters (a series may demand fewer).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentNumber(String);

impl DocumentNumber {
    /// The hard upper bound on any number's length, whatever the series says.
    pub const MAX_LEN: usize = 200;

    /// Validates a number typed by a user or found in an import file,
    /// kept in Unicode NFC.
    pub fn new(raw: &str) -> Result<Self, DomainError> {
        let len = raw.chars().count();
        if len == 0 || len > Self::MAX_LEN {
            return Err(DomainError::format(
                "document_number",
                FormatReason::Length {
                    max: Self::MAX_LEN,
                    got: len,
                },
            ));
        }
        if let Some((pos, c)) = first_unprintable(raw) {
            return Err(DomainError::format(
                "document_number",
                FormatReason::Unprintable {
                    position: pos,
                    character: c,
                },
            ));
        }
        if raw.trim() != raw {
            return Err(DomainError::format("document_number", FormatReason::Padded));
        }
        Ok(Self(nfc(raw)))
    }

    /// Wraps a number the template renderer produced (already checked).
    pub(crate) fn from_rendered(rendered: String) -> Self {
        Self(rendered)
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the number, returning its text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The uniqueness domain of rendered numbers: 1–50 of `a-z`, `0-9`, `_`, `-`, `.`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Namespace(String);

impl Namespace {
    /// Validates a namespace name.
    pub fn new(raw: &str) -> Result<Self, DomainError> {
        let ok_char =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.');
        if raw.is_empty() || raw.len() > 50 || !raw.chars().all(ok_char) {
            return Err(DomainError::format(
                "namespace",
                FormatReason::NamespaceCharacters {
                    value: raw.to_owned(),
                },
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The namespace as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Namespace {
    fn default() -> Self {
        Self("default".to_owned())
    }
}

impl std::fmt::Display for Namespace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why an admin did something: 1–1000 characters after trimming, no control
/// characters other than line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reason(String);

impl Reason {
    /// The longest reason accepted.
    pub const MAX_LEN: usize = 1000;
    /// The shortest reason for voiding a number, counted after trimming.
    pub const VOID_MIN_LEN: usize = 10;

    /// Validates a reason; `min_len` is counted after trimming.
    pub fn with_min_len(raw: &str, min_len: usize) -> Result<Self, DomainError> {
        let trimmed = raw.trim();
        let len = trimmed.chars().count();
        if len < min_len.max(1) {
            return Err(DomainError::value(
                "reason",
                ValueReason::TooShort {
                    min: min_len.max(1),
                    got: len,
                },
            ));
        }
        if len > Self::MAX_LEN {
            return Err(DomainError::value(
                "reason",
                ValueReason::TooLong {
                    max: Self::MAX_LEN,
                    got: len,
                },
            ));
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(DomainError::value("reason", ValueReason::ControlCharacters));
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// A reason of at least one character.
    pub fn new(raw: &str) -> Result<Self, DomainError> {
        Self::with_min_len(raw, 1)
    }

    /// A reason for voiding: at least 10 characters after trimming.
    pub fn for_void(raw: &str) -> Result<Self, DomainError> {
        Self::with_min_len(raw, Self::VOID_MIN_LEN)
    }

    /// The reason as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn void_reason_needs_ten_characters_after_trimming() {
        assert!(Reason::for_void("   too short   ").is_err());
        assert_eq!(
            Reason::for_void("  duplicate issue  ").unwrap().as_str(),
            "duplicate issue"
        );
        assert_eq!(
            Reason::for_void("123456789").unwrap_err().code().as_str(),
            "NB009"
        );
    }

    #[test]
    fn numbers_with_control_characters_or_padding_are_rejected() {
        for bad in ["", "A\nB", " A", "A ", &"x".repeat(201)] {
            assert!(DocumentNumber::new(bad).is_err(), "{bad:?}");
        }
        assert!(DocumentNumber::new("คคง.-สคฉ.3-0001-2568").is_ok());
    }

    #[test]
    fn namespace_charset() {
        assert!(Namespace::new("default").is_ok());
        assert!(Namespace::new("Proj A").is_err());
    }
}
