//! The request context: named values (`PROJECT`, `ORIGINATOR` …) that
//! templates render and counters are scoped by.

use std::collections::BTreeMap;

use crate::error::DomainError;
use crate::error_reason::FormatReason;
use crate::text::{first_unprintable, nfc};

/// A context name a template may render. The declaration order is the
/// canonical order of counter-key dimensions; never reorder it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextName {
    /// `{PROJECT}`
    Project,
    /// `{CONTRACT}`
    Contract,
    /// `{ORIGINATOR}` (deprecated spelling `{ORG}`)
    Originator,
    /// `{RECIPIENT}`
    Recipient,
    /// `{CORR_TYPE}`
    CorrType,
    /// `{SUB_TYPE}`
    SubType,
    /// `{RFA_TYPE}`
    RfaType,
    /// `{DISCIPLINE}`
    Discipline,
    /// `{REV}` — rendered but never part of a counter key.
    Rev,
    /// `{PREFIX}`
    Prefix,
}

impl ContextName {
    /// Every context name in canonical order.
    pub const ALL: [ContextName; 10] = [
        Self::Project,
        Self::Contract,
        Self::Originator,
        Self::Recipient,
        Self::CorrType,
        Self::SubType,
        Self::RfaType,
        Self::Discipline,
        Self::Rev,
        Self::Prefix,
    ];

    /// The name as written in templates and request contexts.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Project => "PROJECT",
            Self::Contract => "CONTRACT",
            Self::Originator => "ORIGINATOR",
            Self::Recipient => "RECIPIENT",
            Self::CorrType => "CORR_TYPE",
            Self::SubType => "SUB_TYPE",
            Self::RfaType => "RFA_TYPE",
            Self::Discipline => "DISCIPLINE",
            Self::Rev => "REV",
            Self::Prefix => "PREFIX",
        }
    }

    /// Parses a context name; `None` when it is not one of the known names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.as_str() == name)
    }
}

impl std::fmt::Display for ContextName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A validated context value: 1–100 visible characters without braces,
/// kept in Unicode NFC (numbers are rendered from it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContextValue(String);

impl ContextValue {
    /// The longest context value accepted.
    pub const MAX_LEN: usize = 100;

    /// Validates a value for the context name `name`.
    pub fn new(name: ContextName, raw: &str) -> Result<Self, DomainError> {
        let field = || format!("context.{name}");
        let len = raw.chars().count();
        if len == 0 || len > Self::MAX_LEN {
            return Err(DomainError::format(
                field(),
                FormatReason::Length {
                    max: Self::MAX_LEN,
                    got: len,
                },
            ));
        }
        if let Some((pos, c)) = first_unprintable(raw) {
            return Err(DomainError::format(
                field(),
                FormatReason::Unprintable {
                    position: pos,
                    character: c,
                },
            ));
        }
        if raw.trim() != raw {
            return Err(DomainError::format(field(), FormatReason::Padded));
        }
        if let Some(pos) = raw.chars().position(|c| c == '{' || c == '}') {
            return Err(DomainError::format(
                field(),
                FormatReason::Brace { position: pos + 1 },
            ));
        }
        Ok(Self(nfc(raw)))
    }

    /// The value as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The context of one request: at most one value per [`ContextName`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Context(BTreeMap<ContextName, ContextValue>);

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a context from raw name/value pairs, rejecting unknown names
    /// and invalid values.
    pub fn from_pairs<'a, I>(pairs: I) -> Result<Self, DomainError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut ctx = Self::new();
        for (name, value) in pairs {
            let Some(parsed) = ContextName::parse(name) else {
                return Err(DomainError::format(
                    format!("context.{name}"),
                    FormatReason::UnknownContextName,
                ));
            };
            ctx.insert(parsed, ContextValue::new(parsed, value)?);
        }
        Ok(ctx)
    }

    /// Sets a value, replacing any previous one.
    pub fn insert(&mut self, name: ContextName, value: ContextValue) {
        self.0.insert(name, value);
    }

    /// The value for `name`, if present.
    pub fn get(&self, name: ContextName) -> Option<&ContextValue> {
        self.0.get(&name)
    }

    /// All values in canonical order.
    pub fn iter(&self) -> impl Iterator<Item = (ContextName, &ContextValue)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_values_are_accepted() {
        let ctx = Context::from_pairs([("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")]).unwrap();
        assert_eq!(ctx.get(ContextName::Originator).unwrap().as_str(), "คคง.");
    }

    #[test]
    fn unknown_name_is_rejected_with_the_known_names() {
        let err = Context::from_pairs([("PROJET", "X")]).unwrap_err();
        assert!(err.to_string().contains("PROJECT"), "{err}");
    }

    #[test]
    fn control_characters_braces_empty_and_oversized_values_are_rejected() {
        for bad in [
            "a\nb",
            "tab\there",
            "{x}",
            "",
            &"x".repeat(101),
            "a\u{2028}b",
            " lead",
            "trail ",
            "LCBP3\u{200b}",
            "\u{feff}LCBP3",
            "LC\u{202e}BP3",
        ] {
            let err = ContextValue::new(ContextName::Project, bad).unwrap_err();
            assert_eq!(err.code().as_str(), "NB006", "{bad:?}");
        }
    }
}
