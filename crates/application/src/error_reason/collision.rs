//! [`Collided`] and [`Collision`]: which numbers of a batch collided, and
//! with what (NB005).

use std::fmt;

use docnum_domain::Message;

/// Which numbers of a batch collided (NB005).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Collided {
    /// One number.
    One(String),
    /// One of the numbers `first` … `last` of a batch.
    OneOf {
        /// The batch's first number.
        first: String,
        /// The batch's last number.
        last: String,
    },
}

/// What a batch collided with in the registry (NB005).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Collision {
    /// A number that exists in its namespace.
    Number {
        /// The numbers.
        numbers: Collided,
        /// The namespace.
        namespace: String,
    },
    /// A sequence value held by another number of its counter.
    Value {
        /// The numbers.
        numbers: Collided,
        /// The counter.
        counter: String,
        /// The value, when the batch was one number.
        value: Option<u64>,
    },
}

impl fmt::Display for Collided {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::One(number) => write!(f, "document number {number}"),
            Self::OneOf { first, last } => {
                write!(f, "one of the document numbers {first} … {last}")
            }
        }
    }
}

impl Collided {
    fn message(&self) -> Message {
        match self {
            Self::One(number) => Message::new("collided-one").with("number", number),
            Self::OneOf { first, last } => Message::new("collided-one-of")
                .with("first", first)
                .with("last", last),
        }
    }
}

impl fmt::Display for Collision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number { numbers, namespace } => write!(
                f,
                "{numbers} already exists in namespace {namespace}; choose another number"
            ),
            Self::Value {
                numbers,
                counter,
                value: Some(value),
            } => write!(
                f,
                "sequence value {value} of counter {counter} is already taken by another number, so {numbers} cannot be added to the registry"
            ),
            Self::Value {
                numbers,
                counter,
                value: None,
            } => write!(
                f,
                "a sequence value of counter {counter} is already taken by another number, so {numbers} cannot be added to the registry"
            ),
        }
    }
}

impl Collision {
    /// The message for the reader (rendered by the catalogue in their language).
    pub fn message(&self) -> Message {
        match self {
            Self::Number { numbers, namespace } => Message::new("duplicate-in-namespace")
                .with("numbers", numbers.message())
                .with("namespace", namespace),
            Self::Value {
                numbers,
                counter,
                value: Some(value),
            } => Message::new("duplicate-value")
                .with("numbers", numbers.message())
                .with("counter", counter)
                .with("value", *value),
            Self::Value {
                numbers,
                counter,
                value: None,
            } => Message::new("duplicate-value-in-batch")
                .with("numbers", numbers.message())
                .with("counter", counter),
        }
    }
}
