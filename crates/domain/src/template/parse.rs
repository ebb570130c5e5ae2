//! Parsing and linting a template. Every error names the offending token and
//! its 1-based character position so the user can fix it without guessing.

use super::{MAX_SEQ_WIDTH, MAX_TEMPLATE_LEN, Segment, Template, TemplateWarning, Token};
use crate::context::ContextName;
use crate::period::Era;
use crate::text::is_printable;

/// Why a template was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The template is empty.
    #[error("the template is empty; write something like COR-{{YYYY}}-{{SEQ:5}}")]
    Empty,
    /// The template is longer than [`MAX_TEMPLATE_LEN`].
    #[error("the template is {len} characters long; the limit is {max}")]
    TooLong {
        /// Its length in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// No `{SEQ}` token.
    #[error("the template has no {{SEQ}} token; add exactly one, e.g. {{SEQ:4}}")]
    MissingSeq,
    /// More than one `{SEQ}` token.
    #[error("second {{{spelling}}} at position {position}; a template has exactly one {{SEQ}}")]
    DuplicateSeq {
        /// The second token's spelling.
        spelling: String,
        /// Its position.
        position: usize,
    },
    /// A token that is not in the token table.
    #[error("unknown token {{{token}}} at position {position}; known tokens: {known}")]
    UnknownToken {
        /// The text between the braces.
        token: String,
        /// Its position.
        position: usize,
        /// The list of known tokens, for the message.
        known: &'static str,
    },
    /// `{SEQ:n}` with `n` outside 1..=18.
    #[error("{{{token}}} at position {position}: the width must be a number from 1 to {max}")]
    SeqWidthOutOfRange {
        /// The token as written.
        token: String,
        /// Its position.
        position: usize,
        /// The widest allowed.
        max: u8,
    },
    /// A `{` without `}`, or a lone `}`.
    #[error(
        "unbalanced '{brace}' at position {position}; write '{brace}{brace}' for a literal brace"
    )]
    UnbalancedBrace {
        /// The brace found.
        brace: char,
        /// Its position.
        position: usize,
    },
    /// A control character in literal text.
    #[error("control character {character:?} at position {position}; numbers must be printable")]
    ControlCharacter {
        /// The character.
        character: char,
        /// Its position.
        position: usize,
    },
}

const KNOWN_TOKENS: &str = "SEQ, SEQ:n, YYYY, YEAR, YEAR:AD, YEAR:CE, YEAR:A.D., YEAR:BE, YEAR:B.E., YY, YY:BE, MM, \
PROJECT, CONTRACT, ORIGINATOR, RECIPIENT, CORR_TYPE, SUB_TYPE, RFA_TYPE, DISCIPLINE, REV, PREFIX, ORG, TYPE";

impl Template {
    /// Parses and lints `source`.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        let len = source.chars().count();
        if len == 0 {
            return Err(TemplateError::Empty);
        }
        if len > MAX_TEMPLATE_LEN {
            return Err(TemplateError::TooLong {
                len,
                max: MAX_TEMPLATE_LEN,
            });
        }
        let mut segments = Vec::new();
        let mut warnings = Vec::new();
        let mut literal = String::new();
        let mut seq_seen = false;
        let mut chars = source.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            let position = i + 1;
            match c {
                '{' if chars.peek().map(|(_, n)| *n) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|(_, n)| *n) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => {
                    return Err(TemplateError::UnbalancedBrace {
                        brace: '}',
                        position,
                    });
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for (_, n) in chars.by_ref() {
                        match n {
                            '}' => {
                                closed = true;
                                break;
                            }
                            '{' => {
                                return Err(TemplateError::UnbalancedBrace {
                                    brace: '{',
                                    position,
                                });
                            }
                            other => name.push(other),
                        }
                    }
                    if !closed {
                        return Err(TemplateError::UnbalancedBrace {
                            brace: '{',
                            position,
                        });
                    }
                    let token = parse_token(&name, position)?;
                    if matches!(token, Token::Seq { .. }) {
                        if seq_seen {
                            return Err(TemplateError::DuplicateSeq {
                                spelling: name,
                                position,
                            });
                        }
                        seq_seen = true;
                    }
                    if let Some(message) = deprecation(&name) {
                        warnings.push(TemplateWarning { position, message });
                    }
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Token {
                        token,
                        spelling: name,
                    });
                }
                c if !is_printable(c) => {
                    return Err(TemplateError::ControlCharacter {
                        character: c,
                        position,
                    });
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        if !seq_seen {
            return Err(TemplateError::MissingSeq);
        }
        warnings.extend(adjacency_warnings(&segments));
        Ok(Self {
            source: source.to_owned(),
            segments,
            warnings,
        })
    }
}

fn parse_token(name: &str, position: usize) -> Result<Token, TemplateError> {
    let token = match name {
        "SEQ" => Token::Seq { width: 1 },
        "YYYY" | "YEAR" | "YEAR:AD" | "YEAR:CE" | "YEAR:A.D." => Token::Year(Era::Gregorian),
        "YEAR:BE" | "YEAR:B.E." => Token::Year(Era::Buddhist),
        "YY" => Token::YearShort(Era::Gregorian),
        "YY:BE" => Token::YearShort(Era::Buddhist),
        "MM" => Token::Month,
        "ORG" => Token::Context(ContextName::Originator),
        "TYPE" => Token::DocumentType,
        _ => {
            if let Some(width) = name.strip_prefix("SEQ:") {
                return match width.parse::<u8>() {
                    Ok(w) if !width.bytes().all(|b| b.is_ascii_digit()) => {
                        Err(TemplateError::SeqWidthOutOfRange {
                            token: name.to_owned(),
                            position,
                            max: MAX_SEQ_WIDTH.max(w),
                        })
                    }
                    Ok(w) if (1..=MAX_SEQ_WIDTH).contains(&w) => Ok(Token::Seq { width: w }),
                    _ => Err(TemplateError::SeqWidthOutOfRange {
                        token: name.to_owned(),
                        position,
                        max: MAX_SEQ_WIDTH,
                    }),
                };
            }
            match ContextName::parse(name) {
                Some(n) => Token::Context(n),
                None => {
                    return Err(TemplateError::UnknownToken {
                        token: name.to_owned(),
                        position,
                        known: KNOWN_TOKENS,
                    });
                }
            }
        }
    };
    Ok(token)
}

fn deprecation(name: &str) -> Option<String> {
    match name {
        "ORG" => Some("{ORG} is deprecated; write {ORIGINATOR}".to_owned()),
        "TYPE" => Some("{TYPE} is deprecated; write the document type as literal text".to_owned()),
        _ => None,
    }
}

/// Two variable-width tokens side by side (`{PROJECT}{CONTRACT}`) can only be
/// told apart with the request's context; say so at save time.
fn adjacency_warnings(segments: &[Segment]) -> Vec<TemplateWarning> {
    let variable = |t: &Token| matches!(t, Token::Context(_) | Token::DocumentType);
    let mut warnings = Vec::new();
    for pair in segments.windows(2) {
        if let [
            Segment::Token {
                token: a,
                spelling: sa,
            },
            Segment::Token {
                token: b,
                spelling: sb,
            },
        ] = pair
            && (variable(a) || matches!(a, Token::Seq { .. }))
            && variable(b)
        {
            warnings.push(TemplateWarning {
                position: 0,
                message: format!(
                    "{{{sa}}}{{{sb}}} have no separator; matching a number back needs the context"
                ),
            });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> TemplateError {
        Template::parse(s).unwrap_err()
    }

    #[test]
    fn every_spec_token_parses() {
        let t = Template::parse(
            "{SEQ:3}{YYYY}{YEAR}{YEAR:AD}{YEAR:CE}{YEAR:A.D.}{YEAR:BE}{YEAR:B.E.}{YY}{YY:BE}{MM}\
             {PROJECT}{CONTRACT}{ORIGINATOR}{RECIPIENT}{CORR_TYPE}{SUB_TYPE}{RFA_TYPE}{DISCIPLINE}{REV}{PREFIX}{ORG}{TYPE}",
        )
        .unwrap();
        assert_eq!(t.tokens().count(), 23);
        assert_eq!(t.tokens().next(), Some(Token::Seq { width: 3 }));
    }

    #[test]
    fn escaped_braces_are_literal() {
        let t = Template::parse("{{X}}-{SEQ}").unwrap();
        assert_eq!(t.segments()[0], Segment::Literal("{X}-".to_owned()));
    }

    #[test]
    fn missing_seq_is_rejected() {
        assert_eq!(err("COR-{YYYY}"), TemplateError::MissingSeq);
    }

    #[test]
    fn duplicate_seq_names_the_second_position() {
        assert_eq!(
            err("{SEQ}-{SEQ:4}"),
            TemplateError::DuplicateSeq {
                spelling: "SEQ:4".to_owned(),
                position: 7
            }
        );
    }

    #[test]
    fn unknown_token_is_named_with_position() {
        let e = err("COR-{YEARS}-{SEQ}");
        assert!(
            matches!(&e, TemplateError::UnknownToken { token, position: 5, .. } if token == "YEARS"),
            "{e:?}"
        );
        assert!(e.to_string().contains("{YEARS} at position 5"));
        assert!(matches!(
            err("{YEAR:XX}{SEQ}"),
            TemplateError::UnknownToken { .. }
        ));
        assert!(matches!(err("{}{SEQ}"), TemplateError::UnknownToken { .. }));
    }

    #[test]
    fn unbalanced_braces_are_rejected() {
        assert_eq!(
            err("COR-{SEQ"),
            TemplateError::UnbalancedBrace {
                brace: '{',
                position: 5
            }
        );
        assert_eq!(
            err("COR}-{SEQ}"),
            TemplateError::UnbalancedBrace {
                brace: '}',
                position: 4
            }
        );
        assert_eq!(
            err("{SE{Q}"),
            TemplateError::UnbalancedBrace {
                brace: '{',
                position: 1
            }
        );
    }

    #[test]
    fn seq_width_out_of_range_is_rejected() {
        for bad in [
            "{SEQ:0}", "{SEQ:19}", "{SEQ:x}", "{SEQ:}", "{SEQ:-1}", "{SEQ:+5}",
        ] {
            assert!(
                matches!(
                    err(bad),
                    TemplateError::SeqWidthOutOfRange { position: 1, .. }
                ),
                "{bad}"
            );
        }
        assert!(Template::parse("{SEQ:18}").is_ok());
    }

    #[test]
    fn too_long_and_empty_templates_are_rejected() {
        let long = format!("{}{{SEQ}}", "A".repeat(196));
        assert_eq!(err(&long), TemplateError::TooLong { len: 201, max: 200 });
        assert!(Template::parse(&format!("{}{{SEQ}}", "A".repeat(195))).is_ok());
        assert_eq!(err(""), TemplateError::Empty);
    }

    #[test]
    fn control_characters_in_literals_are_rejected() {
        assert_eq!(
            err("A\tB{SEQ}"),
            TemplateError::ControlCharacter {
                character: '\t',
                position: 2
            }
        );
    }

    #[test]
    fn deprecated_tokens_warn_but_parse() {
        let t = Template::parse("{ORG}-{TYPE}-{SEQ}").unwrap();
        assert_eq!(t.warnings().len(), 2);
        assert_eq!(t.context_names(), vec![ContextName::Originator]);
    }

    #[test]
    fn adjacent_context_tokens_warn() {
        let t = Template::parse("{PROJECT}{CONTRACT}-{SEQ}").unwrap();
        assert_eq!(t.warnings().len(), 1);
    }
}
