//! Whether two templates can render the same text (issue 21: no overlap
//! between the series of one namespace), and the exact reader both answers
//! are checked with.
//!
//! [`Template::overlap`] walks both templates side by side, one character
//! at a time, breadth first: each template is a small automaton over its
//! segments (a literal character by character, `{SEQ:n}` as digits of its
//! padded width or wider without a leading zero, `{MM}` as 01–12, a
//! declared value within its class and lengths or its code list, an
//! undeclared one as any printable text), and the walk ends at the shortest
//! text both accept. Characters are tried from a finite alphabet that holds
//! one character of every region the templates' classes and literals tell
//! apart, so no overlap is missed; the example found is re-read by
//! [`Template::readings`] under both templates before it is reported.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use super::proof::ValueSet;
use super::{Segment, Template, Token};
use crate::context::{ContextName, ContextValue};

/// Product states [`Template::overlap`] explores before it gives up (a
/// template pair that needs more is reported as undecided). A state costs
/// a few microseconds (14 µs measured at worst), so a pair takes at most
/// about a second and a half.
pub const OVERLAP_STATE_BUDGET: usize = 100_000;
/// A character no class or literal of a template uses: stands for "any
/// other printable character" in undeclared values.
const ELSEWHERE: [char; 3] = ['\u{2603}', '\u{2604}', '\u{2605}'];

/// What the walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlap {
    /// No text renders under both.
    None,
    /// This text renders under both (each reads it at least once).
    Example(String),
    /// The walk ran out of budget before it could tell.
    Undecided,
}

/// One segment as an automaton.
#[derive(Debug, Clone)]
enum Part {
    Literal(Vec<char>),
    Digits(usize),
    Month,
    Seq(usize),
    /// A declared value: characters and lengths.
    Chars(super::proof::CharClass, usize, usize),
    Codes(Vec<Vec<char>>),
    /// An undeclared value: any printable character but braces.
    Any,
}

/// Where a walk is inside one template: the part, and how far into it
/// (characters read; for `{SEQ}`/`{MM}` also what the first one was, and
/// for `{SEQ}` whether a digit other than 0 was read; for a code list the
/// prefix read).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct At {
    part: usize,
    read: usize,
    first: Option<char>,
    nonzero: bool,
    prefix: Vec<char>,
}

impl At {
    fn start(part: usize) -> Self {
        Self {
            part,
            read: 0,
            first: None,
            nonzero: false,
            prefix: Vec::new(),
        }
    }
}

fn parts(template: &Template, declared: &BTreeMap<ContextName, ValueSet>) -> Vec<Part> {
    template
        .segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => Part::Literal(text.chars().collect()),
            Segment::Token { token, spelling } => match token {
                Token::Year(_) => Part::Digits(4),
                Token::YearShort(_) => Part::Digits(2),
                Token::Month => Part::Month,
                Token::Seq { width } => Part::Seq(usize::from(*width)),
                // The document type renders as itself: the spelling stands in.
                Token::DocumentType => Part::Literal(spelling.chars().collect()),
                Token::Context(name) => match declared.get(name) {
                    Some(ValueSet::Chars { class, min, max }) => {
                        Part::Chars(class.clone(), *min, *max)
                    }
                    Some(ValueSet::Codes(codes)) => {
                        Part::Codes(codes.iter().map(|c| c.chars().collect()).collect())
                    }
                    None => Part::Any,
                },
            },
        })
        .collect()
}

/// Whether `c` may follow what `at` has read of `part`; the state after.
fn step(part: &Part, at: &At, c: char) -> Option<At> {
    let mut next = at.clone();
    next.read += 1;
    let ok = match part {
        Part::Literal(text) => text.get(at.read) == Some(&c),
        Part::Digits(n) => at.read < *n && c.is_ascii_digit(),
        Part::Month => match at.read {
            0 => matches!(c, '0' | '1'),
            1 => match at.first {
                Some('0') => matches!(c, '1'..='9'),
                _ => matches!(c, '0'..='2'),
            },
            _ => false,
        },
        Part::Seq(_) => c.is_ascii_digit(),
        Part::Chars(class, _, max) => at.read < *max && class.contains(c),
        Part::Codes(codes) => {
            next.prefix.push(c);
            codes.iter().any(|code| code.starts_with(&next.prefix))
        }
        Part::Any => {
            at.read < ContextValue::MAX_LEN
                && c != '{'
                && c != '}'
                && crate::text::is_printable(c)
                && !(at.read == 0 && c.is_whitespace())
        }
    };
    if at.read == 0 && matches!(part, Part::Month | Part::Seq(_)) {
        next.first = Some(c);
    }
    // `{SEQ}` renders values from 1: some digit is not 0.
    if matches!(part, Part::Seq(_)) && c != '0' {
        next.nonzero = true;
    }
    ok.then_some(next)
}

/// Whether `part` may end after what `at` has read.
fn can_end(part: &Part, at: &At, last: Option<char>) -> bool {
    match part {
        Part::Literal(text) => at.read == text.len(),
        Part::Digits(n) => at.read == *n,
        Part::Month => at.read == 2,
        Part::Seq(width) => {
            // A value wider than its width never starts with 0.
            (at.read == *width && at.nonzero) || (at.read > *width && at.first != Some('0'))
        }
        Part::Chars(_, min, max) => (*min..=*max).contains(&at.read),
        Part::Codes(codes) => codes.contains(&at.prefix),
        Part::Any => at.read >= 1 && !last.is_some_and(char::is_whitespace),
    }
}

/// Every state reachable from `at` without reading: ending parts.
fn settle(parts: &[Part], at: At, last: Option<char>, out: &mut Vec<At>) {
    if let Some(part) = parts.get(at.part)
        && at.read > 0
        && can_end(part, &at, last)
    {
        out.push(At::start(at.part + 1));
    }
    out.push(at);
}

/// One character of every region the two templates' literals and classes
/// tell apart, digits, and one that none of them uses.
fn alphabet(all: &[&[Part]]) -> Vec<char> {
    let mut chars: BTreeSet<char> = ('0'..='9').collect();
    let mut add = |c: char| {
        chars.insert(c);
        if let Some(next) = char::from_u32(u32::from(c) + 1) {
            chars.insert(next);
        }
    };
    for parts in all {
        for part in *parts {
            match part {
                Part::Literal(text) => text.iter().copied().for_each(&mut add),
                Part::Codes(codes) => codes.iter().flatten().copied().for_each(&mut add),
                Part::Chars(class, _, _) => {
                    for (from, to) in class.ranges() {
                        add(*from);
                        add(*to);
                    }
                }
                Part::Digits(_) | Part::Month | Part::Seq(_) | Part::Any => {}
            }
        }
    }
    if let Some(free) = ELSEWHERE.iter().find(|c| !chars.contains(c)) {
        chars.insert(*free);
    }
    chars.into_iter().filter(|c| !c.is_control()).collect()
}

/// The state with what no longer matters forgotten, so that the walk's
/// states stay few: an undeclared value only needs to know that it read
/// something (its length bound is checked on the example), `{SEQ:n}` only
/// counts to n + 1.
fn canon(parts: &[Part], mut at: At) -> At {
    match parts.get(at.part) {
        Some(Part::Any) => at.read = at.read.min(1),
        Some(Part::Seq(width)) => at.read = at.read.min(width + 1),
        _ => {}
    }
    at
}

/// Where the walk is in both templates.
type Pair = (At, At);

impl Template {
    /// Whether a text renders under this template (with `mine` declared)
    /// and under `other` (with `theirs`): the shortest such text, if any.
    pub fn overlap(
        &self,
        mine: &BTreeMap<ContextName, ValueSet>,
        other: &Template,
        theirs: &BTreeMap<ContextName, ValueSet>,
    ) -> Overlap {
        let mut budget = OVERLAP_STATE_BUDGET;
        self.overlap_within(mine, other, theirs, &mut budget)
    }

    /// [`Template::overlap`] exploring at most `budget` states, which it
    /// spends: a caller comparing many pairs bounds their sum this way.
    pub fn overlap_within(
        &self,
        mine: &BTreeMap<ContextName, ValueSet>,
        other: &Template,
        theirs: &BTreeMap<ContextName, ValueSet>,
        budget: &mut usize,
    ) -> Overlap {
        let (found, explored) = self.walk(mine, other, theirs, *budget);
        *budget = budget.saturating_sub(explored);
        found
    }

    /// The breadth-first walk; what it found and how many states it took.
    fn walk(
        &self,
        mine: &BTreeMap<ContextName, ValueSet>,
        other: &Template,
        theirs: &BTreeMap<ContextName, ValueSet>,
        budget: usize,
    ) -> (Overlap, usize) {
        let a = parts(self, mine);
        let b = parts(other, theirs);
        let letters = alphabet(&[&a, &b]);
        let start: Pair = (At::start(0), At::start(0));
        let mut came_from: HashMap<Pair, (Pair, char)> = HashMap::new();
        let mut queue = VecDeque::from([start.clone()]);
        let mut seen: HashSet<Pair> = HashSet::from([start]);
        while let Some(pair) = queue.pop_front() {
            if pair.0.part == a.len() && pair.1.part == b.len() {
                let mut text = Vec::new();
                let mut at = pair;
                while let Some((before, c)) = came_from.get(&at) {
                    text.push(*c);
                    at = before.clone();
                }
                let example: String = text.into_iter().rev().collect();
                let both =
                    self.readings(mine, &example) > 0 && other.readings(theirs, &example) > 0;
                let found = if both {
                    Overlap::Example(example)
                } else {
                    Overlap::Undecided
                };
                return (found, seen.len());
            }
            if seen.len() > budget {
                return (Overlap::Undecided, seen.len());
            }
            for &c in &letters {
                let (Some(pa), Some(pb)) = (a.get(pair.0.part), b.get(pair.1.part)) else {
                    continue;
                };
                let (Some(na), Some(nb)) = (step(pa, &pair.0, c), step(pb, &pair.1, c)) else {
                    continue;
                };
                let (mut xs, mut ys) = (Vec::new(), Vec::new());
                settle(&a, na, Some(c), &mut xs);
                settle(&b, nb, Some(c), &mut ys);
                for x in &xs {
                    for y in &ys {
                        let next = (canon(&a, x.clone()), canon(&b, y.clone()));
                        if seen.insert(next.clone()) {
                            came_from.insert(next.clone(), (pair.clone(), c));
                            queue.push_back(next);
                        }
                    }
                }
            }
        }
        (Overlap::None, seen.len())
    }

    /// How many ways `text` reads as this template's segments with values
    /// as `declared` says (undeclared: any printable text without braces
    /// or outer spaces): 0 when it does not follow the template, 1 when it
    /// does one way only.
    pub fn readings(&self, declared: &BTreeMap<ContextName, ValueSet>, text: &str) -> usize {
        let parts = parts(self, declared);
        let chars: Vec<char> = text.chars().collect();
        // ways[i][p]: ways to read chars[p..] as parts[i..].
        let mut ways = vec![vec![0usize; chars.len() + 1]; parts.len() + 1];
        ways[parts.len()][chars.len()] = 1;
        for (i, part) in parts.iter().enumerate().rev() {
            for p in 0..chars.len() {
                let mut at = At::start(i);
                let mut total = 0usize;
                for end in p..chars.len() {
                    let Some(next) = step(part, &at, chars[end]) else {
                        break;
                    };
                    at = next;
                    if can_end(part, &at, Some(chars[end])) {
                        total = total.saturating_add(ways[i + 1][end + 1]);
                    }
                }
                ways[i][p] = total;
            }
        }
        ways[0][0]
    }
}

#[cfg(test)]
mod tests;
