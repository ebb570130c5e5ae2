//! What a counter restarts on, and the canonical counter key.
//!
//! # Counter-key grammar
//!
//! ```text
//! key       = document_type *( "|" dimension "=" value )
//! dimension = "YEAR" | "MONTH" | context-name      ; in canonical order
//! value     = escaped text ; "%" -> "%25", "|" -> "%7C", "=" -> "%3D"
//! ```
//!
//! The dimensions are the union of the series' scope and the context tokens
//! the template renders (except `{REV}`); their order is fixed: `YEAR`,
//! `MONTH`, then the context names in [`ContextName::ALL`] order. `YEAR` is
//! the Gregorian year (`2025`), `MONTH` is two digits (`01`). A `MONTH`
//! dimension always brings `YEAR` with it. Examples: `COR|YEAR=2025`,
//! `LETTER|YEAR=2025|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3`, `CD|CONTRACT=C001`.
//! The key is the same on every backend, instance and platform. Context
//! values enter it compatibility-normalised (NFKC, see
//! [`crate::compatibility_key`]): values that only look different
//! (`ＬＣＢＰ３`, `LCBP3`) share one counter, while the number is rendered
//! from the value as the client sent it.

use std::fmt::Write as _;

use crate::context::{Context, ContextName};
use crate::document_type::DocumentType;
use crate::error::DomainError;
use crate::error_reason::{FormatReason, ValueReason};
use crate::period::Period;
use crate::template::Template;
use crate::text::compatibility_key;

/// One thing a counter can be scoped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// The number's year.
    Year,
    /// The number's year and month.
    Month,
    /// A context value.
    Context(ContextName),
}

impl Dimension {
    /// Parses `YEAR`, `MONTH` or a context name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw {
            "YEAR" => Ok(Self::Year),
            "MONTH" => Ok(Self::Month),
            other => ContextName::parse(other).map(Self::Context).ok_or_else(|| {
                DomainError::format(
                    "scope",
                    FormatReason::UnknownDimension {
                        value: other.to_owned(),
                    },
                )
            }),
        }
    }

    /// The dimension's name as written in a scope list and a counter key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Year => "YEAR",
            Self::Month => "MONTH",
            Self::Context(n) => n.as_str(),
        }
    }
}

/// The seed's named scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopePreset {
    /// One counter for the series.
    Global,
    /// Per `context.PROJECT`.
    Project,
    /// Per `context.CONTRACT`.
    Contract,
    /// Per year.
    Yearly,
    /// Per year and month.
    Monthly,
}

/// A series' scope: a preset or an explicit list of dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// One of the seed's presets.
    Preset(ScopePreset),
    /// An explicit list, e.g. `["PROJECT","ORIGINATOR","RECIPIENT","YEAR"]`.
    Dimensions(Vec<Dimension>),
}

impl Scope {
    /// Parses a preset name (`GLOBAL`, `PROJECT`, `CONTRACT`, `YEARLY`, `MONTHLY`).
    pub fn preset(raw: &str) -> Result<Self, DomainError> {
        let preset = match raw {
            "GLOBAL" => ScopePreset::Global,
            "PROJECT" => ScopePreset::Project,
            "CONTRACT" => ScopePreset::Contract,
            "YEARLY" => ScopePreset::Yearly,
            "MONTHLY" => ScopePreset::Monthly,
            other => {
                return Err(DomainError::format(
                    "scope",
                    FormatReason::UnknownScope {
                        value: other.to_owned(),
                    },
                ));
            }
        };
        Ok(Self::Preset(preset))
    }

    /// Parses an explicit dimension list; duplicates are rejected.
    pub fn list<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Self, DomainError> {
        let mut dims = Vec::new();
        for name in raw {
            let d = Dimension::parse(name)?;
            if dims.contains(&d) {
                return Err(DomainError::format(
                    "scope",
                    FormatReason::DimensionTwice {
                        dimension: name.to_owned(),
                    },
                ));
            }
            dims.push(d);
        }
        Ok(Self::Dimensions(dims))
    }

    /// The preset's name, or `None` for an explicit list.
    pub fn preset_name(&self) -> Option<&'static str> {
        match self {
            Self::Preset(ScopePreset::Global) => Some("GLOBAL"),
            Self::Preset(ScopePreset::Project) => Some("PROJECT"),
            Self::Preset(ScopePreset::Contract) => Some("CONTRACT"),
            Self::Preset(ScopePreset::Yearly) => Some("YEARLY"),
            Self::Preset(ScopePreset::Monthly) => Some("MONTHLY"),
            Self::Dimensions(_) => None,
        }
    }

    /// The scope's own dimensions, sorted canonically (`MONTH` implies `YEAR`).
    pub fn dimensions(&self) -> Vec<Dimension> {
        let mut dims = match self {
            Self::Preset(ScopePreset::Global) => vec![],
            Self::Preset(ScopePreset::Project) => vec![Dimension::Context(ContextName::Project)],
            Self::Preset(ScopePreset::Contract) => vec![Dimension::Context(ContextName::Contract)],
            Self::Preset(ScopePreset::Yearly) => vec![Dimension::Year],
            Self::Preset(ScopePreset::Monthly) => vec![Dimension::Year, Dimension::Month],
            Self::Dimensions(d) => d.clone(),
        };
        if dims.contains(&Dimension::Month) && !dims.contains(&Dimension::Year) {
            dims.push(Dimension::Year);
        }
        dims.sort_unstable();
        dims
    }

    /// The context name a bare `scope_value` stands for: the scope's single
    /// dimension when that is a context name.
    pub fn single_context_dimension(&self) -> Option<ContextName> {
        match self.dimensions().as_slice() {
            [Dimension::Context(name)] => Some(*name),
            _ => None,
        }
    }

    /// All dimensions of a counter of this scope under `template`: the
    /// scope's own plus every context token rendered (but `{REV}`).
    pub fn key_dimensions(&self, template: &Template) -> Vec<Dimension> {
        let mut dims = self.dimensions();
        for name in template.context_names() {
            let d = Dimension::Context(name);
            if name != ContextName::Rev && !dims.contains(&d) {
                dims.push(d);
            }
        }
        dims.sort_unstable();
        dims
    }

    /// Rejects a scope whose counters would render colliding numbers: every
    /// scope dimension must be visible in the template, or two counters would
    /// both issue e.g. `COR-00001`.
    pub fn check_rendered_by(&self, template: &Template) -> Result<(), DomainError> {
        for d in self.dimensions() {
            let rendered = match d {
                Dimension::Year => template.renders_year(),
                Dimension::Month => template.renders_month(),
                Dimension::Context(n) => template.context_names().contains(&n),
            };
            if !rendered {
                return Err(DomainError::format(
                    "scope",
                    FormatReason::ScopeNotRendered {
                        dimension: d.as_str(),
                    },
                ));
            }
        }
        Ok(())
    }
}

/// The canonical identity of one counter (see the module documentation).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct CounterKey(String);

impl CounterKey {
    /// The longest key, in characters: the stores' `counter_key` column is
    /// `VARCHAR(700)`, so a longer key must be refused as a client mistake
    /// (NB009) before any store sees it.
    pub const MAX_LEN: usize = 700;

    /// Builds the key of the counter a number with this context and period draws from.
    pub fn build(
        document_type: &DocumentType,
        scope: &Scope,
        template: &Template,
        context: &Context,
        period: Period,
    ) -> Result<Self, DomainError> {
        let mut key = String::with_capacity(64);
        key.push_str(document_type.as_str());
        for d in scope.key_dimensions(template) {
            key.push('|');
            key.push_str(d.as_str());
            key.push('=');
            match d {
                Dimension::Year => {
                    let _ = write!(key, "{:04}", period.year());
                }
                Dimension::Month => {
                    let _ = write!(key, "{:02}", period.month());
                }
                Dimension::Context(name) => {
                    let value = context
                        .get(name)
                        .ok_or_else(|| DomainError::MissingContext {
                            token: name.as_str().to_owned(),
                            name: name.as_str(),
                        })?;
                    escape_into(&mut key, &compatibility_key(value.as_str()));
                }
            }
        }
        let len = key.chars().count();
        if len > Self::MAX_LEN {
            return Err(DomainError::value(
                "context",
                ValueReason::CounterKeyTooLong {
                    length: len,
                    max: Self::MAX_LEN,
                },
            ));
        }
        Ok(Self(key))
    }

    /// The key this stored key has under today's rules: its context values
    /// compatibility-normalised (NFKC), so that counters an older docnum
    /// kept apart for values that only look different (`ＬＣＢＰ３`,
    /// `LCBP3`) are found to be one. Equal to `self` for every key built
    /// by [`CounterKey::build`].
    #[must_use]
    pub fn compatible(&self) -> Self {
        if self.0.is_ascii() {
            return self.clone();
        }
        let mut parts = self.0.split('|');
        let mut key = String::with_capacity(self.0.len());
        key.push_str(parts.next().unwrap_or_default());
        for part in parts {
            key.push('|');
            match part.split_once('=') {
                Some((dimension, value)) => {
                    key.push_str(dimension);
                    key.push('=');
                    escape_into(&mut key, &compatibility_key(&unescape(value)));
                }
                None => key.push_str(part),
            }
        }
        Self(key)
    }

    /// Wraps a key read back from storage.
    pub fn from_stored(raw: String) -> Self {
        Self(raw)
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as owned text.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The part after the document type (`YEAR=2025`), or `GLOBAL` when the
    /// counter has no dimension.
    pub fn scope_value(&self) -> &str {
        self.0.split_once('|').map_or("GLOBAL", |(_, rest)| rest)
    }
}

impl std::ops::Deref for CounterKey {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for CounterKey {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for CounterKey {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Display for CounterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The value `escape_into` wrote.
fn unescape(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at..at + 3);
        let (c, used) = match code {
            Some("%25") => ('%', 3),
            Some("%7C") => ('|', 3),
            Some("%3D") => ('=', 3),
            _ => ('%', 1),
        };
        out.push(c);
        rest = &rest[at + used..];
    }
    out.push_str(rest);
    out
}

fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '%' => out.push_str("%25"),
            '|' => out.push_str("%7C"),
            '=' => out.push_str("%3D"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
