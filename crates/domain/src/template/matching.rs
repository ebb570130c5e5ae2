//! Matching a number against a template: the inverse of rendering.
//!
//! A backtracking walk over the segments. Literals must appear verbatim;
//! numeric tokens take the digits rendering would have produced (a sequence
//! wider than its `{SEQ:n}` never starts with `0`); a context token takes any
//! run of valid context characters unless the caller supplied its value, in
//! which case it must be exactly that value. Every reading is explored; two
//! different readings make the number ambiguous, which is reported with the
//! advice to supply the context (needed when a value such as `LCBP3-C2`
//! contains the template's own separator).

use super::{Segment, Template, Token};
use crate::context::{Context, ContextName, ContextValue};
use crate::document_type::DocumentType;
use crate::error::DomainError;
use crate::error_reason::MismatchReason;
use crate::period::{BUDDHIST_OFFSET, Era};
use crate::text::is_printable;

/// What a number tells about itself once matched against its template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedNumber {
    /// The sequence value.
    pub value: u64,
    /// The Gregorian year, when the template renders one. A two-digit year is
    /// read as 20xx (Gregorian) or 25xx (Buddhist).
    pub year: Option<i32>,
    /// The month, when the template renders `{MM}`.
    pub month: Option<u32>,
    /// Every context value the template renders.
    pub context: Context,
}

const CONTEXT_SLOTS: usize = ContextName::ALL.len();
/// Upper bound on explored branches; far above any realistic template.
const STEP_BUDGET: u32 = 20_000;
/// Longer inputs cannot be numbers (200 characters of at most 4 bytes).
const MAX_NUMBER_BYTES: usize = 800;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Reading {
    value: Option<u64>,
    year: Option<i32>,
    short_year: [Option<u8>; 2],
    month: Option<u32>,
    context: [Option<(u16, u16)>; CONTEXT_SLOTS],
}

struct Search<'a> {
    segments: &'a [Segment],
    number: &'a str,
    document_type: &'a DocumentType,
    hint: &'a Context,
    found: Vec<Reading>,
    steps: u32,
    furthest: usize,
}

impl Template {
    /// Matches `number` against this template and extracts its parts. Values
    /// in `hint` pin the corresponding context tokens.
    pub fn match_number(
        &self,
        number: &str,
        document_type: &DocumentType,
        hint: &Context,
    ) -> Result<MatchedNumber, DomainError> {
        let mut search = Search {
            segments: &self.segments,
            number,
            document_type,
            hint,
            found: Vec::with_capacity(2),
            steps: 0,
            furthest: 0,
        };
        let mismatch = |reason: MismatchReason| DomainError::NumberMismatch {
            number: number.to_owned(),
            template: self.source.clone(),
            reason,
        };
        if number.len() > MAX_NUMBER_BYTES {
            return Err(mismatch(MismatchReason::TooLong {
                max_bytes: MAX_NUMBER_BYTES,
            }));
        }
        search.walk(0, 0, Reading::default());
        if search.steps > STEP_BUDGET {
            return Err(mismatch(MismatchReason::TooManyReadings));
        }
        match search.found.as_slice() {
            [] => {
                let at = number[..search.furthest.min(number.len())].chars().count() + 1;
                Err(mismatch(MismatchReason::StopsAt { position: at }))
            }
            [one] => search.finish(*one).map_err(mismatch),
            _ => Err(mismatch(MismatchReason::Ambiguous)),
        }
    }
}

impl Search<'_> {
    fn walk(&mut self, index: usize, pos: usize, reading: Reading) {
        self.steps += 1;
        if self.steps > STEP_BUDGET || self.found.len() > 1 {
            return;
        }
        self.furthest = self.furthest.max(pos);
        let Some(segment) = self.segments.get(index) else {
            if pos == self.number.len()
                && !self.found.contains(&reading)
                && consistent_years(&reading)
            {
                self.found.push(reading);
            }
            return;
        };
        let rest = &self.number[pos..];
        match segment {
            Segment::Literal(text) => {
                if rest.starts_with(text.as_str()) {
                    self.walk(index + 1, pos + text.len(), reading);
                }
            }
            Segment::Token { token, .. } => self.walk_token(*token, index, pos, reading),
        }
    }

    fn walk_token(&mut self, token: Token, index: usize, pos: usize, mut reading: Reading) {
        let rest = &self.number[pos..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match token {
            Token::Seq { width } => {
                let width = usize::from(width);
                for len in width..=digits.min(20) {
                    if len > width && rest.as_bytes()[0] == b'0' {
                        break;
                    }
                    if let Ok(value) = rest[..len].parse::<u64>() {
                        reading.value = Some(value);
                        self.walk(index + 1, pos + len, reading);
                    }
                }
            }
            Token::Year(era) => {
                if digits >= 4
                    && let Ok(y) = rest[..4].parse::<i32>()
                {
                    let gregorian = era.to_gregorian(y);
                    if reading.year.is_none_or(|known| known == gregorian) {
                        reading.year = Some(gregorian);
                        self.walk(index + 1, pos + 4, reading);
                    }
                }
            }
            Token::YearShort(era) => {
                if digits >= 2
                    && let Ok(yy) = rest[..2].parse::<u8>()
                {
                    let slot = &mut reading.short_year[usize::from(era == Era::Buddhist)];
                    if slot.is_none_or(|known| known == yy) {
                        *slot = Some(yy);
                        self.walk(index + 1, pos + 2, reading);
                    }
                }
            }
            Token::Month => {
                if digits >= 2
                    && let Ok(m) = rest[..2].parse::<u32>()
                    && (1..=12).contains(&m)
                    && reading.month.is_none_or(|known| known == m)
                {
                    reading.month = Some(m);
                    self.walk(index + 1, pos + 2, reading);
                }
            }
            Token::DocumentType => {
                if rest.starts_with(self.document_type.as_str()) {
                    self.walk(index + 1, pos + self.document_type.as_str().len(), reading);
                }
            }
            Token::Context(name) => self.walk_context(name, index, pos, reading),
        }
    }

    fn walk_context(&mut self, name: ContextName, index: usize, pos: usize, mut reading: Reading) {
        let slot = ContextName::ALL
            .iter()
            .position(|n| *n == name)
            .unwrap_or(0);
        let rest = &self.number[pos..];
        let pinned = self.hint.get(name).map(ContextValue::as_str).or_else(|| {
            reading.context[slot].map(|(s, e)| &self.number[usize::from(s)..usize::from(e)])
        });
        if let Some(value) = pinned {
            if rest.starts_with(value) {
                reading.context[slot] = Some(span(pos, pos + value.len()));
                self.walk(index + 1, pos + value.len(), reading);
            }
            return;
        }
        for (count, (offset, c)) in rest.char_indices().enumerate() {
            if count >= ContextValue::MAX_LEN || !is_printable(c) || c == '{' || c == '}' {
                break;
            }
            let end = pos + offset + c.len_utf8();
            reading.context[slot] = Some(span(pos, end));
            self.walk(index + 1, end, reading);
        }
    }

    fn finish(&self, reading: Reading) -> Result<MatchedNumber, MismatchReason> {
        let value = reading.value.ok_or(MismatchReason::NoSequence)?;
        let mut context = Context::new();
        for (slot, range) in reading.context.iter().enumerate() {
            if let Some((s, e)) = range {
                let name = ContextName::ALL[slot];
                let v = ContextValue::new(name, &self.number[usize::from(*s)..usize::from(*e)])
                    .map_err(|e| MismatchReason::InvalidPart(Box::new(e)))?;
                context.insert(name, v);
            }
        }
        Ok(MatchedNumber {
            value,
            year: reading.year.or_else(|| year_from_short(&reading)),
            month: reading.month,
            context,
        })
    }
}

/// Byte offsets fit in `u16`: inputs are capped at [`MAX_NUMBER_BYTES`].
fn span(start: usize, end: usize) -> (u16, u16) {
    (
        u16::try_from(start).unwrap_or(u16::MAX),
        u16::try_from(end).unwrap_or(u16::MAX),
    )
}

fn year_from_short(reading: &Reading) -> Option<i32> {
    match reading.short_year {
        [Some(yy), _] => Some(2000 + i32::from(yy)),
        [None, Some(yy)] => Some(2500 + i32::from(yy) - BUDDHIST_OFFSET),
        [None, None] => None,
    }
}

/// Two-digit years must agree with the full year and with each other.
fn consistent_years(reading: &Reading) -> bool {
    let Some(year) = reading.year.or_else(|| year_from_short(reading)) else {
        return true;
    };
    [Era::Gregorian, Era::Buddhist]
        .into_iter()
        .zip(reading.short_year)
        .all(|(era, yy)| yy.is_none_or(|yy| era.year(year).rem_euclid(100) == i32::from(yy)))
}
