//! [`ValueReason`]: why a request value is outside what the rules allow
//! (NB009).

use std::fmt;

use crate::message::Message;

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
    /// A context value outside what its series declares the dimension holds.
    OutsideDeclaration {
        /// The dimension (`CORR_TYPE` …).
        dimension: &'static str,
        /// The value sent.
        value: String,
        /// What the dimension may hold (`[A-Z0-9]+`, `one of RFA, RFI`).
        allowed: String,
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
            Self::OutsideDeclaration {
                dimension,
                value,
                allowed,
            } => write!(
                f,
                "{dimension} '{value}' is not what the series declares {dimension} may hold ({allowed})"
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
            Self::OutsideDeclaration {
                dimension,
                value,
                allowed,
            } => Message::new("value-outside-declaration")
                .with("dimension", *dimension)
                .with("value", value)
                .with("allowed", allowed),
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
