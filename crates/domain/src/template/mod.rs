//! Templates: parsed once into segments, then rendered and matched many times.
//!
//! `COR-{YYYY}-{SEQ:5}` parses into `[Literal("COR-"), Year(Gregorian),
//! Literal("-"), Seq(5)]`. Rendering walks the segments; matching walks them
//! backwards-compatible with rendering (see `matching`).

#[cfg(test)]
mod arbitrary;
mod matching;
mod overlap;
mod parse;
mod proof;
mod render;

pub use matching::MatchedNumber;
pub use overlap::{OVERLAP_STATE_BUDGET, Overlap};
pub use parse::TemplateError;
pub use proof::{CharClass, PatternError, ValueSet, Verdict};
pub use render::RenderVars;

use crate::context::ContextName;
use crate::document_type::DocumentType;
use crate::period::Era;

/// The longest template accepted, in characters.
pub const MAX_TEMPLATE_LEN: usize = 200;
/// The widest `{SEQ:n}` accepted.
pub const MAX_SEQ_WIDTH: u8 = 18;

/// One token of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    /// `{SEQ}` / `{SEQ:n}`: the sequence value zero-padded to `width` digits.
    Seq {
        /// Minimum number of digits (1 for plain `{SEQ}`).
        width: u8,
    },
    /// `{YYYY}`, `{YEAR}`, `{YEAR:BE}` …: the four-digit year.
    Year(Era),
    /// `{YY}` / `{YY:BE}`: the last two digits of the year.
    YearShort(Era),
    /// `{MM}`: the two-digit month.
    Month,
    /// A context value such as `{PROJECT}` (or deprecated `{ORG}`).
    Context(ContextName),
    /// `{TYPE}` (deprecated): the series' document type.
    DocumentType,
}

/// A piece of a template: literal text or a token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Text copied as is (escapes already resolved).
    Literal(String),
    /// A token with the spelling it was written with.
    Token {
        /// What the token renders.
        token: Token,
        /// The text between the braces, for messages (e.g. `ORG`).
        spelling: String,
    },
}

/// A non-fatal remark from the lint: the template works but could be better.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TemplateWarning {
    /// 1-based character position of the token.
    pub position: usize,
    /// What to do about it.
    pub message: String,
}

/// A parsed, linted template. Constructing one is the only way to get one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Template {
    source: String,
    segments: Vec<Segment>,
    warnings: Vec<TemplateWarning>,
}

impl Template {
    /// The template as the user wrote it.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The parsed segments.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Lint remarks that did not prevent parsing (deprecated tokens, ambiguity).
    pub fn warnings(&self) -> &[TemplateWarning] {
        &self.warnings
    }

    /// The tokens in order of appearance.
    pub fn tokens(&self) -> impl Iterator<Item = Token> + '_ {
        self.segments.iter().filter_map(|s| match s {
            Segment::Token { token, .. } => Some(*token),
            Segment::Literal(_) => None,
        })
    }

    /// The context names the template renders, each once, in canonical order.
    pub fn context_names(&self) -> Vec<ContextName> {
        let mut names: Vec<ContextName> = self
            .tokens()
            .filter_map(|t| match t {
                Token::Context(n) => Some(n),
                _ => None,
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Whether the template renders the year (any era, long or short).
    pub fn renders_year(&self) -> bool {
        self.tokens()
            .any(|t| matches!(t, Token::Year(_) | Token::YearShort(_)))
    }

    /// Whether the template renders the month.
    pub fn renders_month(&self) -> bool {
        self.tokens().any(|t| t == Token::Month)
    }

    /// The template with `{TYPE}` written out as `document_type`: what its
    /// numbers hold there, for comparing the numbers of two series.
    #[must_use]
    pub fn with_document_type(&self, document_type: &DocumentType) -> Self {
        let segments = self
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Token {
                    token: Token::DocumentType,
                    ..
                } => Segment::Literal(document_type.as_str().to_owned()),
                other => other.clone(),
            })
            .collect();
        Self {
            source: self.source.clone(),
            segments,
            warnings: self.warnings.clone(),
        }
    }
}

impl std::fmt::Display for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)
    }
}

impl std::str::FromStr for Template {
    type Err = TemplateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests;
