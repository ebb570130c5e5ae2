//! Why a value was refused, as data: the reasons inside
//! [`DomainError::InvalidFormat`](crate::DomainError::InvalidFormat) (NB006),
//! [`DomainError::NumberMismatch`](crate::DomainError::NumberMismatch)
//! (NB006) and [`DomainError::InvalidValue`](crate::DomainError::InvalidValue)
//! (NB009).
//!
//! Each variant carries its named arguments (a position, a limit, the value
//! given) and has its own catalogue key (`format-…`, `mismatch-…`,
//! `value-…` in `crates/i18n/locales/<lang>/errors.ftl`), so a Thai reader
//! gets a Thai reason. `Display` is the English text the logs carry; a test
//! in `docnum-api` keeps it equal to the English catalogue entry.

use std::fmt;

use crate::context::ContextName;
use crate::error::DomainError;
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

/// Why a request value is outside what the rules allow (NB009).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueReason {
    /// Shorter than `min` characters after trimming.
    TooShort {
        /// The shortest allowed.
        min: usize,
        /// The length given.
        got: usize,
    },
    /// Longer than `max` characters.
    TooLong {
        /// The longest allowed.
        max: usize,
        /// The length given.
        got: usize,
    },
    /// Control characters other than line breaks and tabs.
    ControlCharacters,
    /// A year that does not render in four digits in both eras.
    YearOutOfRange {
        /// The year given.
        year: i32,
        /// The lowest allowed.
        min: i32,
        /// The highest allowed.
        max: i32,
    },
    /// Not a month 1-12.
    NotAMonth {
        /// The month given.
        month: u32,
    },
    /// The context values make a counter key too long for the stores.
    CounterKeyTooLong {
        /// The key's length in characters.
        length: usize,
        /// The longest key.
        max: usize,
    },
    /// A number's sequence value outside `1..=max_value`.
    SequenceOutOfRange {
        /// The value read.
        value: u64,
        /// The series' `max_value`.
        max: u64,
    },
    /// A counter value above the series' `max_value`.
    AboveMaxValue {
        /// The value asked for.
        requested: u64,
        /// The series' `max_value`.
        max: u64,
    },
    /// A setting outside `min..=max`.
    OutOfRange {
        /// The lowest allowed.
        min: u64,
        /// The highest allowed.
        max: u64,
        /// The value given.
        got: u64,
    },
    /// More days than allowed.
    TooManyDays {
        /// The most allowed.
        max: u64,
        /// The value given.
        got: u64,
    },
    /// A document date after today.
    DateInFuture {
        /// The date given (`YYYY-MM-DD`).
        date: String,
        /// Today in the series' zone.
        today: String,
        /// The series' zone.
        time_zone: &'static str,
    },
    /// A document date further back than the series allows.
    BackdatedTooFar {
        /// The date given (`YYYY-MM-DD`).
        date: String,
        /// How many days back it is.
        days: u64,
        /// The series.
        document_type: String,
        /// The series' `backdate_days`.
        max: u64,
    },
    /// A bare `scope_value` for a series not scoped by one context value.
    NotSingleContext {
        /// The series.
        document_type: String,
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

impl fmt::Display for ValueReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { min, got } => write!(
                f,
                "must be at least {min} characters after trimming, got {got}; say why"
            ),
            Self::TooLong { max, got } => write!(f, "must be at most {max} characters, got {got}"),
            Self::ControlCharacters => f.write_str("contains control characters"),
            Self::YearOutOfRange { year, min, max } => {
                write!(f, "{year} is outside {min}-{max}")
            }
            Self::NotAMonth { month } => write!(f, "{month} is not a month (1-12)"),
            Self::CounterKeyTooLong { length, max } => write!(
                f,
                "the context values make a counter key of {length} characters, more than {max}; use shorter values"
            ),
            Self::SequenceOutOfRange { value, max } => {
                write!(f, "sequence value {value} is outside 1..={max}")
            }
            Self::AboveMaxValue { requested, max } => {
                write!(f, "{requested} is above the series' max_value {max}")
            }
            Self::OutOfRange { min, max, got } => {
                write!(f, "must be between {min} and {max}, got {got}")
            }
            Self::TooManyDays { max, got } => write!(f, "must be at most {max} days, got {got}"),
            Self::DateInFuture {
                date,
                today,
                time_zone,
            } => write!(
                f,
                "{date} is in the future (today is {today} in {time_zone})"
            ),
            Self::BackdatedTooFar {
                date,
                days,
                document_type,
                max,
            } => write!(
                f,
                "{date} is {days} days back; series {document_type} allows back-dating by at most {max} days"
            ),
            Self::NotSingleContext { document_type } => write!(
                f,
                "series {document_type} is not scoped by a single context value; send \"context\" instead"
            ),
        }
    }
}

impl ValueReason {
    /// The reason for the reader (rendered by the catalogue in their language).
    pub fn message(&self) -> Message {
        match self {
            Self::TooShort { min, got } => Message::new("value-too-short")
                .with("min", *min)
                .with("got", *got),
            Self::TooLong { max, got } => Message::new("value-too-long")
                .with("max", *max)
                .with("got", *got),
            Self::ControlCharacters => Message::new("value-control-characters"),
            // Signed: shown as text (a year may be negative).
            Self::YearOutOfRange { year, min, max } => Message::new("value-year-out-of-range")
                .with("year", year.to_string())
                .with("min", min.to_string())
                .with("max", max.to_string()),
            Self::NotAMonth { month } => {
                Message::new("value-not-a-month").with("month", u64::from(*month))
            }
            Self::CounterKeyTooLong { length, max } => Message::new("value-counter-key-too-long")
                .with("length", *length)
                .with("max", *max),
            Self::SequenceOutOfRange { value, max } => Message::new("value-sequence-out-of-range")
                .with("value", *value)
                .with("max", *max),
            Self::AboveMaxValue { requested, max } => Message::new("value-above-max-value")
                .with("requested", *requested)
                .with("max", *max),
            Self::OutOfRange { min, max, got } => Message::new("value-out-of-range")
                .with("min", *min)
                .with("max", *max)
                .with("got", *got),
            Self::TooManyDays { max, got } => Message::new("value-too-many-days")
                .with("max", *max)
                .with("got", *got),
            Self::DateInFuture {
                date,
                today,
                time_zone,
            } => Message::new("value-date-in-future")
                .with("date", date)
                .with("today", today)
                .with("time_zone", *time_zone),
            Self::BackdatedTooFar {
                date,
                days,
                document_type,
                max,
            } => Message::new("value-backdated-too-far")
                .with("date", date)
                .with("days", *days)
                .with("document_type", document_type)
                .with("max", *max),
            Self::NotSingleContext { document_type } => {
                Message::new("value-not-single-context").with("document_type", document_type)
            }
        }
    }
}
