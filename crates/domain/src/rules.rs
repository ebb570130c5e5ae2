//! Rules for the admin operations: manual override, void, set-counter.

use chrono::{DateTime, Datelike, Utc};

use crate::context::Context;
use crate::error::DomainError;
use crate::number::DocumentNumber;
use crate::period::Period;
use crate::scope::CounterKey;
use crate::series::Series;

/// A void reason must have at least this many characters after trimming.
pub const VOID_REASON_MIN_LEN: usize = 10;

/// What a manually registered number contributes to counting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualNumber {
    /// The number as typed.
    pub number: DocumentNumber,
    /// Its counter and value, when it follows the template; `None` for a
    /// number registered with `skip_validation` that does not.
    pub counted: Option<(CounterKey, u64)>,
    /// The context read from the number (or supplied).
    pub context: Context,
    /// The number's period.
    pub period: Period,
}

/// Validates a manual override: the series must allow it, the number must
/// follow the template unless `skip_validation`, and its value must fit.
pub fn validate_manual_number(
    series: &Series,
    number: &DocumentNumber,
    hint: &Context,
    skip_validation: bool,
    now: DateTime<Utc>,
) -> Result<ManualNumber, DomainError> {
    let params = series.params();
    if !params.allow_manual_override {
        return Err(DomainError::ManualOverrideNotAllowed {
            document_type: params.document_type.to_string(),
        });
    }
    let today = Period::of_instant(now, params.time_zone)?;
    let matched = match series.match_number(number, hint) {
        Ok(m) => m,
        Err(_) if skip_validation => {
            return Ok(ManualNumber {
                number: number.clone(),
                counted: None,
                context: hint.clone(),
                period: today,
            });
        }
        Err(e) => return Err(e),
    };
    if matched.value == 0 || matched.value > params.max_value {
        return Err(DomainError::InvalidValue {
            field: "document_number",
            reason: format!(
                "sequence value {} is outside 1..={}",
                matched.value, params.max_value
            ),
        });
    }
    let period = match (matched.year, matched.month) {
        (Some(y), m) => Period::new(y, m.unwrap_or(1))?,
        (None, Some(m)) => Period::new(now.year(), m)?,
        (None, None) => today,
    };
    let key = series.counter_key(&matched.context, period)?;
    Ok(ManualNumber {
        number: number.clone(),
        counted: Some((key, matched.value)),
        context: matched.context,
        period,
    })
}

/// A counter may be set to any value from the highest issued value up to the
/// series' maximum; it never goes down past what was handed out.
pub fn check_set_counter(
    requested: u64,
    highest_issued: u64,
    max_value: u64,
) -> Result<(), DomainError> {
    if requested < highest_issued {
        return Err(DomainError::CounterBelowIssued {
            requested,
            highest: highest_issued,
        });
    }
    if requested > max_value {
        return Err(DomainError::InvalidValue {
            field: "value",
            reason: format!("{requested} is above the series' max_value {max_value}"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_counter_never_below_highest_issued() {
        assert_eq!(
            check_set_counter(9, 10, 100).unwrap_err().code().as_str(),
            "NB019"
        );
        assert!(check_set_counter(10, 10, 100).is_ok());
        assert!(check_set_counter(50, 10, 100).is_ok());
        assert_eq!(
            check_set_counter(101, 10, 100).unwrap_err().code().as_str(),
            "NB009"
        );
    }
}
