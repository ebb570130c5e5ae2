//! Rules for the admin operations: manual override, void, set-counter.

use chrono::{DateTime, Utc};

use crate::context::Context;
use crate::error::DomainError;
use crate::error_reason::ValueReason;
use crate::number::DocumentNumber;
use crate::period::Period;
use crate::scope::CounterKey;
use crate::series::Series;

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
    match_registered_number(series, number, hint, skip_validation, now)
}

/// Validates a legacy number for import. Import is an admin operation of
/// its own (audited as IMPORT), so it does not need `allow_manual_override`;
/// the number must follow the template, and a period the number does not
/// show (a month without a year, no date at all) is taken from `created_at`,
/// the instant the legacy system created it.
pub fn validate_imported_number(
    series: &Series,
    number: &DocumentNumber,
    hint: &Context,
    created_at: DateTime<Utc>,
) -> Result<ManualNumber, DomainError> {
    match_registered_number(series, number, hint, false, created_at)
}

/// Matches a number typed by hand (or imported) against the template and
/// places it in its counter; `now` supplies the period parts it lacks.
fn match_registered_number(
    series: &Series,
    number: &DocumentNumber,
    hint: &Context,
    skip_validation: bool,
    now: DateTime<Utc>,
) -> Result<ManualNumber, DomainError> {
    let params = series.params();
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
        return Err(DomainError::value(
            "document_number",
            ValueReason::SequenceOutOfRange {
                value: matched.value,
                max: params.max_value,
            },
        ));
    }
    let period = match (matched.year, matched.month) {
        (Some(y), m) => Period::new(y, m.unwrap_or(1))?,
        (None, Some(m)) => Period::new(today.year(), m)?,
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
        return Err(DomainError::value(
            "value",
            ValueReason::AboveMaxValue {
                requested,
                max: max_value,
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ContextName;
    use crate::document_type::DocumentType;
    use crate::period::SeriesTimeZone;
    use crate::scope::Scope;
    use crate::series::SeriesParams;
    use crate::template::Template;

    fn series(template: &str, scope: &str, edit: impl FnOnce(&mut SeriesParams)) -> Series {
        let mut p = SeriesParams::with_defaults(
            DocumentType::new("COR").unwrap(),
            Template::parse(template).unwrap(),
            Scope::preset(scope).unwrap(),
        );
        p.allow_manual_override = true;
        edit(&mut p);
        Series::new(p).unwrap()
    }

    fn cor() -> Series {
        series("COR-{YYYY}-{SEQ:5}", "YEARLY", |_| {})
    }

    fn num(raw: &str) -> DocumentNumber {
        DocumentNumber::new(raw).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2025-06-15T12:00:00Z".parse().unwrap()
    }

    fn code(r: Result<ManualNumber, DomainError>) -> &'static str {
        r.unwrap_err().code().as_str()
    }

    #[test]
    fn manual_override_must_be_enabled() {
        let s = series("COR-{YYYY}-{SEQ:5}", "YEARLY", |p| {
            p.allow_manual_override = false;
        });
        let n = num("COR-2025-00001");
        assert_eq!(
            code(validate_manual_number(
                &s,
                &n,
                &Context::new(),
                false,
                now()
            )),
            "NB007"
        );
        // skip_validation does not bypass the series switch.
        assert_eq!(
            code(validate_manual_number(&s, &n, &Context::new(), true, now())),
            "NB007"
        );
    }

    #[test]
    fn a_number_not_following_the_template_is_nb006() {
        for bad in [
            "COR-2025-0001",
            "RFA-2025-00001",
            "COR-2025-00001-X",
            "LEGACY/42",
        ] {
            assert_eq!(
                code(validate_manual_number(
                    &cor(),
                    &num(bad),
                    &Context::new(),
                    false,
                    now()
                )),
                "NB006",
                "{bad}"
            );
        }
    }

    #[test]
    fn skip_validation_registers_a_non_matching_number_uncounted() {
        let hint = Context::from_pairs([("PROJECT", "P1")]).unwrap();
        let m = validate_manual_number(&cor(), &num("LEGACY/42"), &hint, true, now()).unwrap();
        assert_eq!(m.number.as_str(), "LEGACY/42");
        assert_eq!(m.counted, None);
        assert_eq!(m.context, hint);
        assert_eq!((m.period.year(), m.period.month()), (2025, 6));
    }

    #[test]
    fn a_matching_number_is_counted_in_its_own_period() {
        for skip in [false, true] {
            let m = validate_manual_number(
                &cor(),
                &num("COR-2024-00042"),
                &Context::new(),
                skip,
                now(),
            )
            .unwrap();
            let (key, value) = m.counted.unwrap();
            assert_eq!(key.as_str(), "COR|YEAR=2024");
            assert_eq!(value, 42);
            assert_eq!(m.period.year(), 2024);
            assert!(m.context.is_empty());
        }
    }

    #[test]
    fn a_matching_number_yields_its_context_and_month() {
        let s = series("RFA-{PROJECT}-{YYYY}{MM}-{SEQ:4}", "MONTHLY", |_| {});
        let m = validate_manual_number(
            &s,
            &num("RFA-LCBP3-202501-0007"),
            &Context::new(),
            false,
            now(),
        )
        .unwrap();
        let (key, value) = m.counted.unwrap();
        assert_eq!(key.as_str(), "COR|YEAR=2025|MONTH=01|PROJECT=LCBP3");
        assert_eq!(value, 7);
        assert_eq!(
            m.context.get(ContextName::Project).unwrap().as_str(),
            "LCBP3"
        );
        assert_eq!((m.period.year(), m.period.month()), (2025, 1));
    }

    #[test]
    fn the_hint_disambiguates_a_separator_inside_a_value() {
        let s = series(
            "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}",
            "PROJECT",
            |_| {},
        );
        let n = num("LCBP3-C2-RFA-TER-RPT-0001-A");
        assert_eq!(
            code(validate_manual_number(
                &s,
                &n,
                &Context::new(),
                false,
                now()
            )),
            "NB006"
        );
        let hint = Context::from_pairs([("PROJECT", "LCBP3-C2")]).unwrap();
        let m = validate_manual_number(&s, &n, &hint, false, now()).unwrap();
        let (key, value) = m.counted.unwrap();
        assert_eq!(
            key.as_str(),
            "COR|PROJECT=LCBP3-C2|CORR_TYPE=RFA|RFA_TYPE=RPT|DISCIPLINE=TER"
        );
        assert_eq!(value, 1);
        assert_eq!(m.context.get(ContextName::Rev).unwrap().as_str(), "A");
    }

    #[test]
    fn a_value_above_max_value_or_zero_is_nb009() {
        let s = series("COR-{YYYY}-{SEQ:5}", "YEARLY", |p| p.max_value = 100);
        assert!(
            validate_manual_number(&s, &num("COR-2025-00100"), &Context::new(), false, now())
                .is_ok()
        );
        for bad in ["COR-2025-00101", "COR-2025-99999", "COR-2025-00000"] {
            assert_eq!(
                code(validate_manual_number(
                    &s,
                    &num(bad),
                    &Context::new(),
                    false,
                    now()
                )),
                "NB009",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_month_without_a_year_takes_the_year_of_today_in_the_series_zone() {
        // 2025-12-31 18:00 UTC is 2026-01-01 01:00 in Bangkok.
        let s = series("M{MM}-{SEQ:4}", "GLOBAL", |p| {
            p.time_zone = SeriesTimeZone::new("Asia/Bangkok").unwrap();
        });
        let now: DateTime<Utc> = "2025-12-31T18:00:00Z".parse().unwrap();
        let m = validate_manual_number(&s, &num("M01-0005"), &Context::new(), false, now).unwrap();
        assert_eq!((m.period.year(), m.period.month()), (2026, 1));
        assert_eq!(
            m.counted.unwrap(),
            (CounterKey::from_stored("COR".to_owned()), 5)
        );
    }

    #[test]
    fn import_ignores_the_manual_switch_but_not_the_template() {
        let s = series("M{MM}-{SEQ:4}", "GLOBAL", |p| {
            p.allow_manual_override = false;
        });
        let created: DateTime<Utc> = "2023-03-10T09:00:00Z".parse().unwrap();
        let m = validate_imported_number(&s, &num("M03-0042"), &Context::new(), created).unwrap();
        // The year the number does not show comes from its creation date.
        assert_eq!((m.period.year(), m.period.month()), (2023, 3));
        assert_eq!(m.counted.unwrap().1, 42);
        assert_eq!(
            validate_imported_number(&s, &num("X-0042"), &Context::new(), created)
                .unwrap_err()
                .code()
                .as_str(),
            "NB006"
        );
    }

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
