//! Rendering a number from a sequence value, a context and a period.

use super::{Segment, Template, Token};
use crate::context::Context;
use crate::document_type::DocumentType;
use crate::error::DomainError;
use crate::error_reason::FormatReason;
use crate::number::DocumentNumber;
use crate::period::Period;

/// Everything besides the sequence value that a rendering needs.
#[derive(Debug, Clone, Copy)]
pub struct RenderVars<'a> {
    /// The series' document type, for `{TYPE}`.
    pub document_type: &'a DocumentType,
    /// The request's context.
    pub context: &'a Context,
    /// The number's period.
    pub period: Period,
}

impl Template {
    /// Checks that `context` supplies every value the template renders.
    pub fn check_context(&self, context: &Context) -> Result<(), DomainError> {
        for segment in &self.segments {
            if let Segment::Token {
                token: Token::Context(name),
                spelling,
            } = segment
                && context.get(*name).is_none()
            {
                return Err(DomainError::MissingContext {
                    token: spelling.clone(),
                    name: name.as_str(),
                });
            }
        }
        Ok(())
    }

    /// Renders the number for `value`. A value wider than `{SEQ:n}` is written
    /// in full; the result must be at most `max_length` characters.
    pub fn render(
        &self,
        value: u64,
        vars: RenderVars<'_>,
        max_length: usize,
    ) -> Result<DocumentNumber, DomainError> {
        let mut out = String::with_capacity(self.source.len() + 16);
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Token { token, spelling } => match *token {
                    Token::Seq { width } => push_padded(&mut out, value, usize::from(width)),
                    Token::Year(era) => {
                        push_padded(&mut out, year_digits(era.year(vars.period.year())), 4);
                    }
                    Token::YearShort(era) => {
                        push_padded(&mut out, year_digits(era.year(vars.period.year())) % 100, 2);
                    }
                    Token::Month => push_padded(&mut out, u64::from(vars.period.month()), 2),
                    Token::DocumentType => out.push_str(vars.document_type.as_str()),
                    Token::Context(name) => match vars.context.get(name) {
                        Some(v) => out.push_str(v.as_str()),
                        None => {
                            return Err(DomainError::MissingContext {
                                token: spelling.clone(),
                                name: name.as_str(),
                            });
                        }
                    },
                },
            }
        }
        let len = out.chars().count();
        if len > max_length {
            return Err(DomainError::format(
                "document_number",
                FormatReason::RenderedTooLong {
                    number: out,
                    length: len,
                    max: max_length,
                },
            ));
        }
        Ok(DocumentNumber::from_rendered(out))
    }
}

/// Years are validated to 1000..=9456 by [`Period::new`], so this never clamps.
fn year_digits(year: i32) -> u64 {
    u64::try_from(year).unwrap_or(0)
}

/// Appends `value` in decimal, left-padded with zeros to `width` digits.
fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = value;
    loop {
        i -= 1;
        // `v % 10` is a single digit, so the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        let digit = (v % 10) as u8;
        buf[i] = b'0' + digit;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let digits = buf.len() - i;
    for _ in digits..width {
        out.push('0');
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding() {
        let mut s = String::new();
        push_padded(&mut s, 42, 5);
        push_padded(&mut s, 123_456, 4);
        push_padded(&mut s, 0, 1);
        push_padded(&mut s, u64::MAX, 1);
        assert_eq!(s, format!("00042123456{}{}", 0, u64::MAX));
    }
}
