//! Whether a template's numbers parse back one way only, under what its
//! context dimensions declare they may hold (issue 21, first part: the
//! domain's rule; series do not store declarations yet).
//!
//! # The rule
//!
//! A *field* is a token. It is *fixed* when every text it can render has
//! one length (`{YYYY}`, `{YY}`, `{MM}`, `{TYPE}`, a context value declared
//! with one length or a code list of one length) and *variable* otherwise
//! (`{SEQ}`, which outgrows its width; an undeclared context value, which
//! may hold any printable character). A variable field is
//! *left-delimited* when none of its characters can begin what follows it
//! (or nothing follows it), *right-delimited* when none can end what comes
//! before it (or nothing does). A template parses one way only when some
//! field `k` splits it so that every variable field before `k` is
//! left-delimited and every one after `k` is right-delimited: reading from
//! the left, a left-delimited field ends exactly at the first character
//! outside its class and a fixed one after its length; reading from the
//! right likewise; field `k` is what remains. The rule is sufficient, not
//! necessary: it may call a template ambiguous that a cleverer reading
//! would untangle (it never calls an ambiguous one unambiguous).
//!
//! The LCBP3 request-for-approval format
//! `{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}` with
//! nothing declared is ambiguous: `P-A-B-C-0001-0002-R` reads as project
//! `P` … revision `0002-R`, or as project `P-A` … revision `R`. With
//! `CORR_TYPE`, `DISCIPLINE`, `RFA_TYPE` **and** `REV` declared `[A-Z0-9]+`
//! every field right of `{PROJECT}` is right-delimited, and the project
//! (`LCBP3-C2`, with its own `-`) is what remains.

use std::collections::BTreeMap;

use super::{Segment, Template, Token};
use crate::context::ContextName;

/// A set of characters: sorted, disjoint, inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CharClass(Vec<(char, char)>);

/// Why a class or pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatternError(String);

impl CharClass {
    /// The ASCII digits.
    pub fn digits() -> Self {
        Self(vec![('0', '9')])
    }

    /// Parses a bracket class such as `[A-Z0-9]` or `[A-Z.]` (no negation,
    /// no escapes: a `-` first or last stands for itself).
    pub fn parse(source: &str) -> Result<Self, PatternError> {
        let inner = source
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .filter(|s| !s.is_empty() && !s.starts_with('^'))
            .ok_or_else(|| PatternError(format!("`{source}` is not a class like [A-Z0-9]")))?;
        let chars: Vec<char> = inner.chars().collect();
        let mut ranges = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let from = chars[i];
            if chars.get(i + 1) == Some(&'-') && i + 2 < chars.len() {
                let to = chars[i + 2];
                if to < from {
                    return Err(PatternError(format!("`{from}-{to}` is an empty range")));
                }
                ranges.push((from, to));
                i += 3;
            } else {
                ranges.push((from, from));
                i += 1;
            }
        }
        Ok(Self::from_ranges(ranges))
    }

    /// The class of exactly these characters.
    pub fn of(chars: impl IntoIterator<Item = char>) -> Self {
        Self::from_ranges(chars.into_iter().map(|c| (c, c)).collect())
    }

    fn from_ranges(mut ranges: Vec<(char, char)>) -> Self {
        ranges.sort_unstable();
        let mut merged: Vec<(char, char)> = Vec::with_capacity(ranges.len());
        for (from, to) in ranges {
            match merged.last_mut() {
                Some(last) if u32::from(from) <= u32::from(last.1) + 1 => {
                    last.1 = last.1.max(to);
                }
                _ => merged.push((from, to)),
            }
        }
        Self(merged)
    }

    /// The ranges, sorted and disjoint.
    pub fn ranges(&self) -> &[(char, char)] {
        &self.0
    }

    /// Whether `c` is in the class.
    pub fn contains(&self, c: char) -> bool {
        self.0.iter().any(|&(from, to)| from <= c && c <= to)
    }

    /// Whether the two classes share a character.
    pub fn meets(&self, other: &Self) -> bool {
        self.0
            .iter()
            .any(|&(a, b)| other.0.iter().any(|&(c, d)| a <= d && c <= b))
    }
}

/// What a context dimension's values may hold, as a series declares it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ValueSet {
    /// Characters of a class, between `min` and `max` of them.
    Chars {
        /// The allowed characters.
        class: CharClass,
        /// The fewest characters (at least 1).
        min: usize,
        /// The most characters.
        max: usize,
    },
    /// One of these codes (none empty).
    Codes(Vec<String>),
}

impl ValueSet {
    /// Parses a pattern: a class followed by `+`, `{n}` or `{m,n}`
    /// (`[A-Z0-9]+`, `[A-Z]{3}`, `[0-9]{1,4}`); `+` allows up to the
    /// longest context value.
    pub fn pattern(source: &str) -> Result<Self, PatternError> {
        let close = source
            .find(']')
            .ok_or_else(|| PatternError(format!("`{source}` has no class like [A-Z0-9]")))?;
        let class = CharClass::parse(&source[..=close])?;
        let max_any = crate::context::ContextValue::MAX_LEN;
        let (min, max) = match &source[close + 1..] {
            "+" => (1, max_any),
            counts => {
                let inner = counts
                    .strip_prefix('{')
                    .and_then(|s| s.strip_suffix('}'))
                    .ok_or_else(|| PatternError(format!("`{counts}`: use +, {{n}} or {{m,n}}")))?;
                let number = |s: &str| {
                    s.trim()
                        .parse::<usize>()
                        .map_err(|_| PatternError(format!("`{s}` is not a count")))
                };
                if let Some((m, n)) = inner.split_once(',') {
                    (number(m)?, number(n)?)
                } else {
                    let n = number(inner)?;
                    (n, n)
                }
            }
        };
        if min == 0 || min > max || max > max_any {
            return Err(PatternError(format!(
                "`{source}`: lengths must be between 1 and {max_any}, the fewest first"
            )));
        }
        Ok(Self::Chars { class, min, max })
    }

    /// Whether `value` is one the declaration allows.
    pub fn accepts(&self, value: &str) -> bool {
        match self {
            Self::Chars { class, min, max } => {
                let len = value.chars().count();
                (*min..=*max).contains(&len) && value.chars().all(|c| class.contains(c))
            }
            Self::Codes(codes) => codes.iter().any(|c| c == value),
        }
    }

    /// The characters its values use, and their length when it is one.
    fn shape(&self) -> (CharClass, Option<usize>) {
        match self {
            Self::Chars { class, min, max } => (class.clone(), (min == max).then_some(*min)),
            Self::Codes(codes) => {
                let class = CharClass::of(codes.iter().flat_map(|c| c.chars()));
                let mut lengths = codes.iter().map(|c| c.chars().count());
                let first = lengths.next();
                let fixed = first.filter(|n| lengths.all(|m| m == *n));
                (class, fixed)
            }
        }
    }
}

/// How many codes a description of a code list names.
const NAMED_CODES: usize = 10;

impl std::fmt::Display for ValueSet {
    /// `[A-Z0-9]+`, `[A-Z]{3}`, `[0-9]{1,4}`, or `one of: RFA, RFI`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Chars { class, min, max } => {
                f.write_str("[")?;
                for (from, to) in class.ranges() {
                    if from == to {
                        write!(f, "{from}")?;
                    } else {
                        write!(f, "{from}-{to}")?;
                    }
                }
                f.write_str("]")?;
                match (min, max) {
                    (1, m) if *m == crate::context::ContextValue::MAX_LEN => f.write_str("+"),
                    (a, b) if a == b => write!(f, "{{{a}}}"),
                    (a, b) => write!(f, "{{{a},{b}}}"),
                }
            }
            // An answer names at most ten: a list may hold hundreds.
            Self::Codes(codes) if codes.len() > NAMED_CODES => write!(
                f,
                "one of: {}, … ({} codes)",
                codes[..NAMED_CODES].join(", "),
                codes.len()
            ),
            Self::Codes(codes) => write!(f, "one of: {}", codes.join(", ")),
        }
    }
}

/// The characters a piece of a template can hold: a class, or any
/// printable character (an undeclared value).
#[derive(Debug, Clone)]
enum Chars {
    Any,
    Class(CharClass),
}

impl Chars {
    fn meets(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Class(a), Self::Class(b)) => a.meets(b),
            // Any printable character meets every class that is not empty.
            _ => true,
        }
    }
}

/// One piece of a template as the rule sees it.
#[derive(Debug, Clone)]
struct Piece {
    /// Characters it can begin with.
    first: Chars,
    /// Characters it can end with.
    last: Chars,
    /// Characters anywhere in it.
    all: Chars,
    /// Whether it is a variable field (a literal or a fixed field is not).
    variable: bool,
    /// The dimension, for the verdict.
    name: Option<String>,
}

/// The answer of the proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every number parses back one way only.
    Unambiguous,
    /// The rule cannot show it: these fields (as written in the template,
    /// e.g. `PROJECT`, `REV`) are undelimited on both sides of each other.
    Ambiguous {
        /// The fields that keep the rule from holding.
        fields: Vec<String>,
    },
}

impl Template {
    /// Whether this template's numbers parse back one way only when its
    /// context values hold what `declared` says (an undeclared dimension
    /// may hold any printable character). See the module documentation.
    pub fn proof(&self, declared: &BTreeMap<ContextName, ValueSet>) -> Verdict {
        let pieces: Vec<Piece> = self.segments.iter().map(|s| piece(s, declared)).collect();
        // The first variable field that is not left-delimited, and the last
        // that is not right-delimited.
        let not_left = (0..pieces.len()).find(|&i| {
            pieces[i].variable
                && pieces
                    .get(i + 1)
                    .is_some_and(|next| pieces[i].all.meets(&next.first))
        });
        let not_right = (0..pieces.len()).rev().find(|&i| {
            pieces[i].variable
                && i > 0
                && pieces
                    .get(i - 1)
                    .is_some_and(|prev| pieces[i].all.meets(&prev.last))
        });
        match (not_left, not_right) {
            (Some(l), Some(r)) if r > l => {
                let mut fields: Vec<String> = [l, r]
                    .iter()
                    .filter_map(|&i| pieces[i].name.clone())
                    .collect();
                fields.dedup();
                Verdict::Ambiguous { fields }
            }
            _ => Verdict::Unambiguous,
        }
    }
}

fn piece(segment: &Segment, declared: &BTreeMap<ContextName, ValueSet>) -> Piece {
    let fixed = |class: CharClass| Piece {
        first: Chars::Class(class.clone()),
        last: Chars::Class(class.clone()),
        all: Chars::Class(class),
        variable: false,
        name: None,
    };
    match segment {
        Segment::Literal(text) => {
            let class = |c: Option<char>| Chars::Class(CharClass::of(c));
            Piece {
                first: class(text.chars().next()),
                last: class(text.chars().next_back()),
                all: Chars::Class(CharClass::of(text.chars())),
                variable: false,
                name: None,
            }
        }
        Segment::Token { token, spelling } => match token {
            Token::Year(_) | Token::YearShort(_) | Token::Month => fixed(CharClass::digits()),
            // The series' own document type: one text per series.
            Token::DocumentType => Piece {
                variable: false,
                name: Some(spelling.clone()),
                ..fixed(CharClass::parse("[A-Z0-9_-]").unwrap_or_else(|_| CharClass::digits()))
            },
            Token::Seq { .. } => Piece {
                variable: true,
                name: Some(spelling.clone()),
                ..fixed(CharClass::digits())
            },
            Token::Context(name) => match declared.get(name).map(ValueSet::shape) {
                Some((class, length)) => Piece {
                    variable: length.is_none(),
                    name: Some(spelling.clone()),
                    ..fixed(class)
                },
                None => Piece {
                    first: Chars::Any,
                    last: Chars::Any,
                    all: Chars::Any,
                    variable: true,
                    name: Some(spelling.clone()),
                },
            },
        },
    }
}

#[cfg(test)]
mod tests;
