//! What to tell a person, as data: a message key and its named arguments.
//!
//! The domain decides *which* message a failure is and *what* goes into it
//! (a document number, a limit); it does not decide the words. The
//! presentation layers (the HTTP API and the CLI) render a [`Message`] in
//! the reader's language through the catalogue in `docnum-i18n`, whose
//! resource files (`crates/i18n/locales/<lang>/*.ftl`) hold one entry per
//! key in every language. Keeping the words out of the domain keeps it pure
//! and lets a translator work without touching Rust.

/// A message for a person: a catalogue key and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// One named argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as is in every language (a document number, a field
    /// name, a detail that has no translation).
    Text(String),
    /// A whole number, shown in Arabic digits without grouping.
    Number(u64),
    /// Another message, rendered in the same language first.
    Message(Message),
}

impl Message {
    /// A message with no arguments yet.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds the argument `name` (builder style).
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The catalogue key, e.g. `"reservation-expired"`.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The named arguments, in the order they were added.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(value: &String) -> Self {
        Self::Text(value.clone())
    }
}

impl From<u64> for Arg {
    fn from(value: u64) -> Self {
        Self::Number(value)
    }
}

impl From<usize> for Arg {
    fn from(value: usize) -> Self {
        Self::Number(u64::try_from(value).unwrap_or(u64::MAX))
    }
}

impl From<u8> for Arg {
    fn from(value: u8) -> Self {
        Self::Number(value.into())
    }
}

impl From<Message> for Arg {
    fn from(value: Message) -> Self {
        Self::Message(value)
    }
}
