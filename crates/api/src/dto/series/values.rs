//! What a series declares its context dimensions may hold (issue 21), as
//! clients write and read it, and the size check `validator` calls.

use std::collections::BTreeMap;

use docnum_application::ValueSpec;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::ValidationError;

/// The most dimensions one series declares (there are fewer context names).
const MAX_DECLARED: usize = 32;
/// The longest pattern, in characters.
const MAX_PATTERN: usize = 100;
/// The most codes one dimension lists.
const MAX_CODES: usize = docnum_application::MAX_CODES;
/// The longest code (a context value's bound).
const MAX_CODE: usize = docnum_domain::ContextValue::MAX_LEN;

/// What one context dimension may hold: a pattern (a class with a count,
/// `[A-Z0-9]+`, `[A-Z]{3}`, `[0-9]{1,4}`) or a list of codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[schema(as = ValueDeclaration)]
pub(crate) enum ValueSpecDto {
    /// A class with a count, e.g. `[A-Z0-9]+`.
    Pattern(String),
    /// The allowed codes, e.g. `["RFA", "RFI"]`.
    Codes(Vec<String>),
}

impl From<ValueSpecDto> for ValueSpec {
    fn from(dto: ValueSpecDto) -> Self {
        match dto {
            ValueSpecDto::Pattern(p) => Self::Pattern(p),
            ValueSpecDto::Codes(c) => Self::Codes(c),
        }
    }
}

impl From<ValueSpec> for ValueSpecDto {
    fn from(spec: ValueSpec) -> Self {
        match spec {
            ValueSpec::Pattern(p) => Self::Pattern(p),
            ValueSpec::Codes(c) => Self::Codes(c),
        }
    }
}

/// Bounds what a client may send before anything parses it.
pub(crate) fn check_values(values: &BTreeMap<String, ValueSpecDto>) -> Result<(), ValidationError> {
    let refuse = |message: String| {
        let mut e = ValidationError::new("values");
        e.message = Some(message.into());
        Err(e)
    };
    if values.len() > MAX_DECLARED {
        return refuse(format!("declare at most {MAX_DECLARED} dimensions"));
    }
    for (name, spec) in values {
        if name.chars().count() > 50 {
            return refuse("a dimension name is at most 50 characters".to_owned());
        }
        match spec {
            ValueSpecDto::Pattern(p) if p.chars().count() > MAX_PATTERN => {
                return refuse(format!("a pattern is at most {MAX_PATTERN} characters"));
            }
            ValueSpecDto::Codes(c)
                if c.len() > MAX_CODES || c.iter().any(|code| code.chars().count() > MAX_CODE) =>
            {
                return refuse(format!(
                    "list at most {MAX_CODES} codes of at most {MAX_CODE} characters"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}
