//! Generated templates for the property tests of `proof` and `overlap`:
//! pieces, their declarations, and renderings that follow them.

#![allow(missing_docs, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use proptest::prelude::*;

use super::proof::ValueSet;
use crate::context::ContextName;

/// A template the test writes out (parsed, or the test fails).
pub(crate) fn tpl(raw: &str) -> super::Template {
    super::Template::parse(raw).unwrap()
}

/// Declarations by pattern, as a test writes them.
pub(crate) fn declared(pairs: &[(&str, &str)]) -> BTreeMap<ContextName, ValueSet> {
    pairs
        .iter()
        .map(|(name, pattern)| {
            (
                ContextName::parse(name).unwrap(),
                ValueSet::pattern(pattern).unwrap(),
            )
        })
        .collect()
}

/// A piece of a generated template, with what it may hold.
#[derive(Debug, Clone)]
pub(crate) enum Gen {
    /// Literal text.
    Literal(&'static str),
    Seq(u8),
    Month,
    Value(&'static str, Option<&'static str>),
}

pub(crate) const NAMES: [&str; 4] = ["PROJECT", "CONTRACT", "DISCIPLINE", "REV"];
pub(crate) const PATTERNS: [&str; 5] = ["[A-Z]+", "[A-Z0-9]+", "[A-Z-]+", "[0-9]{2}", "[A-C]{1,2}"];
/// The letters undeclared values are drawn from (the separators included).
pub(crate) const FREE: [char; 5] = ['A', 'B', '-', '1', '/'];

pub(crate) fn gen_piece() -> impl Strategy<Value = Gen> {
    prop_oneof![
        prop::sample::select(vec!["-", "/", "A", "-X-"]).prop_map(Gen::Literal),
        (1u8..4).prop_map(Gen::Seq),
        Just(Gen::Month),
        (
            prop::sample::select(NAMES.to_vec()),
            prop::option::of(prop::sample::select(PATTERNS.to_vec()))
        )
            .prop_map(|(n, p)| Gen::Value(n, p)),
    ]
}

/// Template text and declarations; each name at most once.
pub(crate) fn assemble(pieces: &[Gen]) -> Option<(String, BTreeMap<ContextName, ValueSet>)> {
    let mut text = String::new();
    let mut decl = BTreeMap::new();
    let mut seen = Vec::new();
    for p in pieces {
        match p {
            Gen::Literal(l) => text.push_str(l),
            Gen::Seq(w) => {
                let _ = write!(text, "{{SEQ:{w}}}");
            }
            Gen::Month => text.push_str("{MM}"),
            Gen::Value(n, pattern) => {
                if seen.contains(n) {
                    return None;
                }
                seen.push(*n);
                let _ = write!(text, "{{{n}}}");
                if let Some(p) = pattern {
                    decl.insert(ContextName::parse(n)?, ValueSet::pattern(p).ok()?);
                }
            }
        }
    }
    if pieces.iter().filter(|p| matches!(p, Gen::Seq(_))).count() != 1 {
        return None;
    }
    Some((text, decl))
}

/// A value for a piece: from its declaration, or from the free letters.
pub(crate) fn value_for(pattern: Option<&str>, seed: &[u8]) -> String {
    let pick = |alphabet: &[char], n: usize| -> String {
        (0..n)
            .map(|i| alphabet[usize::from(seed[i % seed.len()]) % alphabet.len()])
            .collect()
    };
    let n = 1 + usize::from(seed[0]) % 3;
    match pattern {
        Some("[A-Z]+") => pick(&['A', 'B', 'X'], n),
        Some("[A-Z0-9]+") => pick(&['A', '1', 'X'], n),
        Some("[A-Z-]+") => pick(&['A', '-', 'X'], n),
        Some("[0-9]{2}") => pick(&['0', '1', '7'], 2),
        Some(_) => pick(&['A', 'B', 'C'], 1 + usize::from(seed[0]) % 2),
        None => pick(&FREE, n),
    }
}

/// A rendering of `pieces`: values from `seeds`, the sequence `value`.
pub(crate) fn render(pieces: &[Gen], seeds: &[Vec<u8>], value: u64) -> String {
    let mut rendered = String::new();
    for (p, seed) in pieces.iter().zip(seeds.iter().cycle()) {
        match p {
            Gen::Literal(l) => rendered.push_str(l),
            Gen::Seq(w) => {
                let _ = write!(rendered, "{value:0w$}", w = usize::from(*w));
            }
            Gen::Month => rendered.push_str("07"),
            Gen::Value(_, pattern) => rendered.push_str(&value_for(*pattern, seed)),
        }
    }
    rendered
}
