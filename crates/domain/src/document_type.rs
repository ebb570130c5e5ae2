//! The key of a series: `COR`, `RFA`, `LETTER`.

use crate::error::DomainError;
use crate::error_reason::FormatReason;

/// A document type: 1–50 characters of `A-Z`, `0-9` and `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentType(String);

impl DocumentType {
    /// The longest document type accepted.
    pub const MAX_LEN: usize = 50;

    /// Validates and wraps a document type.
    pub fn new(raw: &str) -> Result<Self, DomainError> {
        if raw.is_empty() || raw.len() > Self::MAX_LEN {
            return Err(DomainError::format(
                "document_type",
                FormatReason::Length {
                    max: Self::MAX_LEN,
                    got: raw.chars().count(),
                },
            ));
        }
        if let Some(bad) = raw
            .chars()
            .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_'))
        {
            return Err(DomainError::format(
                "document_type",
                FormatReason::DocumentTypeCharacter {
                    value: raw.to_owned(),
                    character: bad,
                },
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The document type as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocumentType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_spec_examples() {
        for ok in ["COR", "RFA", "LETTER", "A", "DOC_2", &"X".repeat(50)] {
            assert_eq!(
                DocumentType::new(ok).map(|d| d.to_string()),
                Ok(ok.to_owned())
            );
        }
    }

    #[test]
    fn rejects_lowercase_punctuation_empty_and_long() {
        for bad in ["", "cor", "CO-R", "COR ", "ตัว", &"X".repeat(51)] {
            let err = DocumentType::new(bad).unwrap_err();
            assert_eq!(err.code().as_str(), "NB006", "{bad}");
        }
    }
}
