//! docnum's message catalogue: every text a person reads, in English and
//! Thai, and the choice of language for a reader.
//!
//! The words live in Fluent resource files, `locales/<lang>/*.ftl`, embedded
//! in the binary at compile time; a translator edits them without touching
//! Rust. The domain and the application describe a message as a key and
//! named arguments ([`docnum_domain::Message`]); [`render`] puts it into
//! words. The HTTP API picks the language from `Accept-Language`
//! ([`Locale::negotiate`]), the CLI from `--lang` or the POSIX locale
//! variables ([`Locale::from_posix`]).
//!
//! Depends on the domain only (for [`docnum_domain::Message`]), so that both
//! presentation layers (api, cli) reach it without a layer reaching around
//! another.

mod locale;
mod render;
#[cfg(test)]
mod tests;

pub use locale::{Locale, MAX_ACCEPT_LANGUAGE_BYTES};
pub use render::{render, text};
