//! The languages docnum speaks, and how a reader's language is chosen: from
//! an HTTP `Accept-Language` header, a `--lang` flag or the POSIX locale
//! variables.

use std::fmt;
use std::str::FromStr;

use fluent_templates::LanguageIdentifier;
use fluent_templates::loader::langid;

/// How much of an `Accept-Language` header is read. A browser sends a few
/// dozen bytes; a hostile client may send a megabyte, of which only this
/// prefix is parsed (a language cut in half at the end is ignored).
pub const MAX_ACCEPT_LANGUAGE_BYTES: usize = 1024;

static EN: LanguageIdentifier = langid!("en");
static TH: LanguageIdentifier = langid!("th");

/// A language docnum's messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English, the default.
    #[default]
    En,
    /// Thai.
    Th,
}

impl Locale {
    /// Every language of the catalogue.
    pub const ALL: [Locale; 2] = [Self::En, Self::Th];

    /// The language tag, as sent in `Content-Language`: `en`, `th`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Th => "th",
        }
    }

    pub(crate) fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Self::En => &EN,
            Self::Th => &TH,
        }
    }

    /// The language of a BCP 47 tag by its primary subtag: `th`, `th-TH`,
    /// `EN-gb` …; `None` for a language docnum does not speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Some(Self::En)
        } else if primary.eq_ignore_ascii_case("th") {
            Some(Self::Th)
        } else {
            None
        }
    }

    /// The language of a POSIX locale name (`th_TH.UTF-8`, `en_US@euro`,
    /// `th`); `None` for `C`, `POSIX` and languages docnum does not speak.
    pub fn from_posix(name: &str) -> Option<Self> {
        let language = name.split(['.', '@']).next().unwrap_or_default();
        Self::from_tag(language)
    }

    /// The language the POSIX variables ask for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides (as for any
    /// program's messages); English when it names another language.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Self {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.is_empty())
            .and_then(|value| Self::from_posix(&value))
            .unwrap_or_default()
    }

    /// The language for an `Accept-Language` header: the acceptable
    /// language (q > 0) docnum speaks with the highest q-value, earlier
    /// entries first among equals; `default` when the header names none
    /// (or only `*`). Only the first [`MAX_ACCEPT_LANGUAGE_BYTES`] bytes are
    /// read.
    pub fn negotiate(header: &str, default: Locale) -> Locale {
        let entries = accept_language::parse_with_quality(bounded(header));
        entries
            .iter()
            .filter(|(_, quality)| *quality > 0.0)
            .find_map(|(tag, _)| Self::from_tag(tag))
            .unwrap_or(default)
    }
}

/// The complete entries within the first [`MAX_ACCEPT_LANGUAGE_BYTES`] of
/// `header`: a longer header is cut after its last comma in that prefix, so
/// that a language cut in half ("t" of "th") is not read.
fn bounded(header: &str) -> &str {
    if header.len() <= MAX_ACCEPT_LANGUAGE_BYTES {
        return header;
    }
    let mut end = MAX_ACCEPT_LANGUAGE_BYTES;
    while !header.is_char_boundary(end) {
        end -= 1;
    }
    let head = &header[..end];
    head.rfind(',').map_or("", |comma| &head[..comma])
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language docnum does not speak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLocale(pub String);

impl fmt::Display for UnknownLocale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown language '{}'; docnum speaks en and th", self.0)
    }
}

impl std::error::Error for UnknownLocale {}

impl FromStr for Locale {
    type Err = UnknownLocale;

    /// A tag (`th`, `en-GB`) or a POSIX name (`th_TH.UTF-8`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_posix(s.trim()).ok_or_else(|| UnknownLocale(s.to_owned()))
    }
}
