//! [`FormatReason`]: why a value has an invalid format (NB006).

use std::fmt;

use crate::context::ContextName;
use crate::message::Message;

/// Why a value has an invalid format (NB006).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatReason {
    /// Shorter than 1 or longer than `max` characters.
    Length {
        /// The longest allowed.
        max: usize,
        /// The length given.
        got: usize,
    },
    /// An invisible or control character.
    Unprintable {
        /// 1-based position.
        position: usize,
        /// The character.
        character: char,
    },
    /// Leading or trailing whitespace.
    Padded,
    /// A `{` or `}` in a context value.
    Brace {
        /// 1-based position.
        position: usize,
    },
    /// A context name that is not one of [`ContextName::ALL`].
    UnknownContextName,
    /// A namespace outside `a-z`, `0-9`, `_`, `-`, `.` (or too long).
    NamespaceCharacters {
        /// The namespace given.
        value: String,
    },
    /// A document type with a character outside `A-Z`, `0-9`, `_`.
    DocumentTypeCharacter {
        /// The document type given.
        value: String,
        /// The first character refused.
        character: char,
    },
    /// Not an IANA time zone name.
    UnknownTimeZone {
        /// The name given.
        value: String,
    },
    /// A scope dimension that is neither `YEAR`, `MONTH` nor a context name.
    UnknownDimension {
        /// The dimension given.
        value: String,
    },
    /// A scope that is neither a preset nor a list.
    UnknownScope {
        /// The scope given.
        value: String,
    },
    /// A dimension listed twice in a scope.
    DimensionTwice {
        /// The dimension.
        dimension: String,
    },
    /// A scope dimension the template does not render.
    ScopeNotRendered {
        /// The dimension (`YEAR`, `PROJECT` …).
        dimension: &'static str,
    },
    /// A value declaration for a dimension the template does not render.
    DeclaredNotRendered {
        /// The dimension.
        dimension: String,
    },
    /// A value declaration that is not a class with a count or a code list.
    BadDeclaration {
        /// The dimension.
        dimension: String,
        /// What is wrong.
        detail: String,
    },
    /// A rendered number longer than the series' `max_length`.
    RenderedTooLong {
        /// The number as rendered.
        number: String,
        /// Its length in characters.
        length: usize,
        /// The series' `max_length`.
        max: usize,
    },
}

fn known_context_names() -> String {
    ContextName::ALL.map(ContextName::as_str).join(", ")
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn quoted(value: &str) -> String {
    value.escape_debug().to_string()
}

impl fmt::Display for FormatReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length { max, got } => write!(f, "must be 1-{max} characters, got {got}"),
            Self::Unprintable {
                position,
                character,
            } => write!(
                f,
                "invisible or control character {} at position {position}; remove it",
                code_point(*character)
            ),
            Self::Padded => f.write_str("leading or trailing whitespace; trim it"),
            Self::Brace { position } => {
                write!(f, "braces are not allowed (position {position})")
            }
            Self::UnknownContextName => write!(
                f,
                "unknown context name; use one of {}",
                known_context_names()
            ),
            Self::NamespaceCharacters { value } => write!(
                f,
                "'{}' must be 1-50 characters of a-z, 0-9, _, - and .",
                quoted(value)
            ),
            Self::DocumentTypeCharacter { value, character } => write!(
                f,
                "'{}' contains {character:?}; use only A-Z, 0-9 and _",
                quoted(value)
            ),
            Self::UnknownTimeZone { value } => write!(
                f,
                "'{}' is not an IANA time zone (e.g. UTC, Asia/Bangkok)",
                quoted(value)
            ),
            Self::UnknownDimension { value } => write!(
                f,
                "unknown dimension '{}'; use YEAR, MONTH or a context name such as PROJECT",
                quoted(value)
            ),
            Self::UnknownScope { value } => write!(
                f,
                "unknown scope '{}'; use GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY or a list of dimensions",
                quoted(value)
            ),
            Self::DimensionTwice { dimension } => {
                write!(f, "dimension {dimension} is listed twice")
            }
            Self::ScopeNotRendered { dimension } => write!(
                f,
                "the scope restarts the counter per {dimension} but the template does not render it, so different counters would issue the same numbers; add the token to the template or drop it from the scope"
            ),
            Self::DeclaredNotRendered { dimension } => write!(
                f,
                "values are declared for {dimension}, which the template does not render; add {{{dimension}}} to the template or drop the declaration"
            ),
            Self::BadDeclaration { dimension, detail } => write!(
                f,
                "the declaration of {dimension} is not a class with a count such as [A-Z0-9]+ or [A-Z]{{3}}, nor a list of codes: {detail}"
            ),
            Self::RenderedTooLong {
                number,
                length,
                max,
            } => write!(
                f,
                "'{number}' is {length} characters; the series allows at most {max} (raise max_length or shorten the template)"
            ),
        }
    }
}

impl FormatReason {
    /// The reason for the reader (rendered by the catalogue in their language).
    pub fn message(&self) -> Message {
        match self {
            Self::Length { max, got } => Message::new("format-length")
                .with("max", *max)
                .with("got", *got),
            Self::Unprintable {
                position,
                character,
            } => Message::new("format-unprintable")
                .with("character", code_point(*character))
                .with("position", *position),
            Self::Padded => Message::new("format-padded"),
            Self::Brace { position } => Message::new("format-brace").with("position", *position),
            Self::UnknownContextName => {
                Message::new("format-unknown-context-name").with("known", known_context_names())
            }
            Self::NamespaceCharacters { value } => {
                Message::new("format-namespace-characters").with("value", quoted(value))
            }
            Self::DocumentTypeCharacter { value, character } => {
                Message::new("format-document-type-character")
                    .with("value", quoted(value))
                    .with("character", format!("{character:?}"))
            }
            Self::UnknownTimeZone { value } => {
                Message::new("format-unknown-time-zone").with("value", quoted(value))
            }
            Self::UnknownDimension { value } => {
                Message::new("format-unknown-dimension").with("value", quoted(value))
            }
            Self::UnknownScope { value } => {
                Message::new("format-unknown-scope").with("value", quoted(value))
            }
            Self::DimensionTwice { dimension } => {
                Message::new("format-dimension-twice").with("dimension", dimension)
            }
            Self::ScopeNotRendered { dimension } => {
                Message::new("format-scope-not-rendered").with("dimension", *dimension)
            }
            Self::DeclaredNotRendered { dimension } => {
                Message::new("format-declared-not-rendered").with("dimension", dimension)
            }
            Self::BadDeclaration { dimension, detail } => Message::new("format-bad-declaration")
                .with("dimension", dimension)
                .with("detail", detail),
            Self::RenderedTooLong {
                number,
                length,
                max,
            } => Message::new("format-rendered-too-long")
                .with("number", number)
                .with("length", *length)
                .with("max", *max),
        }
    }
}
