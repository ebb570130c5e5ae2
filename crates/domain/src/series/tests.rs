//! Tests of `series`.

use super::*;
use crate::context::ContextName;

fn params(template: &str, scope: Scope) -> SeriesParams {
    SeriesParams::with_defaults(
        DocumentType::new("COR").unwrap(),
        Template::parse(template).unwrap(),
        scope,
    )
}

fn yearly() -> SeriesParams {
    params("COR-{YYYY}-{SEQ:5}", Scope::preset("YEARLY").unwrap())
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ym(p: Period) -> (i32, u32) {
    (p.year(), p.month())
}

fn invalid_field(result: Result<Series, DomainError>) -> &'static str {
    match result.unwrap_err() {
        DomainError::InvalidValue { field, .. } => field,
        other => panic!("expected InvalidValue, got {other:?}"),
    }
}

#[test]
fn defaults_are_valid() {
    let s = Series::new(yearly()).unwrap();
    assert_eq!(s.params().max_value, DEFAULT_MAX_VALUE);
    assert_eq!(s.params().max_length, DEFAULT_MAX_LENGTH);
    assert_eq!(s.params().time_zone.name(), "UTC");
    assert_eq!(s.params().namespace.as_str(), "default");
    assert_eq!(s.document_type().as_str(), "COR");
    assert_eq!(s.template().as_str(), "COR-{YYYY}-{SEQ:5}");
}

#[test]
fn max_value_must_be_between_1_and_18_digits() {
    for bad in [0, MAX_MAX_VALUE + 1, u64::MAX] {
        let mut p = yearly();
        p.max_value = bad;
        let err = Series::new(p.clone()).unwrap_err();
        assert_eq!(err.code().as_str(), "NB009", "{bad}");
        assert_eq!(invalid_field(Series::new(p)), "max_value");
    }
    for ok in [1, 999_999, MAX_MAX_VALUE] {
        let mut p = yearly();
        p.max_value = ok;
        assert!(Series::new(p).is_ok(), "{ok}");
    }
}

#[test]
fn max_length_must_be_between_1_and_200() {
    for bad in [0, DocumentNumber::MAX_LEN + 1] {
        let mut p = yearly();
        p.max_length = bad;
        assert_eq!(invalid_field(Series::new(p)), "max_length", "{bad}");
    }
    for ok in [1, DocumentNumber::MAX_LEN] {
        let mut p = yearly();
        p.max_length = ok;
        assert!(Series::new(p).is_ok(), "{ok}");
    }
}

#[test]
fn backdate_window_is_bounded() {
    let mut p = yearly();
    p.backdate_days = 3661;
    assert_eq!(invalid_field(Series::new(p)), "backdate_days");
    let mut p = yearly();
    p.backdate_days = 3660;
    assert!(Series::new(p).is_ok());
}

#[test]
fn scope_must_be_rendered_by_the_template() {
    let err = Series::new(params("COR-{SEQ:5}", Scope::preset("YEARLY").unwrap())).unwrap_err();
    assert_eq!(err.code().as_str(), "NB006");
    let err = Series::new(params("COR-{SEQ:5}", Scope::preset("PROJECT").unwrap())).unwrap_err();
    assert!(err.to_string().contains("PROJECT"), "{err}");
}

fn series_in(zone: &str, backdate_days: u32) -> Series {
    let mut p = params("COR-{YYYY}{MM}-{SEQ:5}", Scope::preset("MONTHLY").unwrap());
    p.time_zone = SeriesTimeZone::new(zone).unwrap();
    p.backdate_days = backdate_days;
    Series::new(p).unwrap()
}

#[test]
fn without_a_date_the_period_is_today_in_the_series_zone() {
    // 2025-12-31 17:30 UTC is already 2026-01-01 00:30 in Bangkok.
    let now = at("2025-12-31T17:30:00Z");
    assert_eq!(
        ym(series_in("Asia/Bangkok", 0).period_for(now, None).unwrap()),
        (2026, 1)
    );
    assert_eq!(
        ym(series_in("UTC", 0).period_for(now, None).unwrap()),
        (2025, 12)
    );
    // And the other way round west of Greenwich.
    let now = at("2026-01-01T03:00:00Z");
    assert_eq!(
        ym(series_in("America/New_York", 0)
            .period_for(now, None)
            .unwrap()),
        (2025, 12)
    );
}

#[test]
fn back_dating_inside_the_window_takes_the_document_date() {
    let s = series_in("Asia/Bangkok", 10);
    // Today in Bangkok is 2026-01-05.
    let now = at("2026-01-05T00:00:00Z");
    for (d, expected) in [
        ("2026-01-05", (2026, 1)),
        ("2026-01-01", (2026, 1)),
        ("2025-12-28", (2025, 12)),
        ("2025-12-26", (2025, 12)), // exactly 10 days back
    ] {
        assert_eq!(
            ym(s.period_for(now, Some(date(d))).unwrap()),
            expected,
            "{d}"
        );
    }
}

#[test]
fn back_dating_outside_the_window_is_rejected() {
    let now = at("2026-01-05T00:00:00Z");
    let err = series_in("Asia/Bangkok", 10)
        .period_for(now, Some(date("2025-12-25")))
        .unwrap_err();
    assert_eq!(err.code().as_str(), "NB009");
    assert!(err.to_string().contains("11 days back"), "{err}");
    // No window: only today itself is accepted.
    let s = series_in("Asia/Bangkok", 0);
    assert!(s.period_for(now, Some(date("2026-01-05"))).is_ok());
    assert!(s.period_for(now, Some(date("2026-01-04"))).is_err());
}

#[test]
fn future_document_dates_are_rejected() {
    let now = at("2025-12-31T17:30:00Z");
    // Already 1 January in Bangkok, still 31 December in UTC.
    assert_eq!(
        ym(series_in("Asia/Bangkok", 5)
            .period_for(now, Some(date("2026-01-01")))
            .unwrap()),
        (2026, 1)
    );
    let err = series_in("UTC", 5)
        .period_for(now, Some(date("2026-01-01")))
        .unwrap_err();
    assert_eq!(err.code().as_str(), "NB009");
    assert!(err.to_string().contains("future"), "{err}");
}

#[test]
fn scope_value_stands_for_the_single_context_dimension() {
    let project = Series::new(params(
        "{PROJECT}-COR-{SEQ:4}",
        Scope::preset("PROJECT").unwrap(),
    ))
    .unwrap();
    let ctx = project.context_from_scope_value("LCBP3-C2").unwrap();
    assert_eq!(
        ctx.get(ContextName::Project).map(ContextValue::as_str),
        Some("LCBP3-C2")
    );
    assert_eq!(ctx.iter().count(), 1);
    let period = Period::new(2025, 1).unwrap();
    assert_eq!(
        project.counter_key(&ctx, period).unwrap().as_str(),
        "COR|PROJECT=LCBP3-C2"
    );
    assert_eq!(
        project.render(7, &ctx, period).unwrap().as_str(),
        "LCBP3-C2-COR-0007"
    );

    let contract = Series::new(params(
        "{CONTRACT}-{SEQ}",
        Scope::list(["CONTRACT"]).unwrap(),
    ))
    .unwrap();
    let ctx = contract.context_from_scope_value("C001").unwrap();
    assert_eq!(
        ctx.get(ContextName::Contract).map(ContextValue::as_str),
        Some("C001")
    );
}

#[test]
fn scope_value_is_refused_without_a_single_context_dimension() {
    for (template, scope) in [
        ("COR-{SEQ}", Scope::preset("GLOBAL").unwrap()),
        ("COR-{YYYY}-{SEQ}", Scope::preset("YEARLY").unwrap()),
        (
            "{PROJECT}-{YYYY}-{SEQ}",
            Scope::list(["PROJECT", "YEAR"]).unwrap(),
        ),
    ] {
        let s = Series::new(params(template, scope)).unwrap();
        let err = s.context_from_scope_value("X").unwrap_err();
        assert_eq!(err.code().as_str(), "NB009", "{template}");
        assert!(err.to_string().contains("send \"context\""), "{err}");
    }
}

#[test]
fn scope_value_is_validated_like_a_context_value() {
    let s = Series::new(params("{PROJECT}-{SEQ}", Scope::preset("PROJECT").unwrap())).unwrap();
    for bad in ["", "{X}", "a\nb"] {
        let err = s.context_from_scope_value(bad).unwrap_err();
        assert_eq!(err.code().as_str(), "NB006", "{bad:?}");
    }
}

#[test]
fn counter_key_needs_every_rendered_context_value() {
    let s = Series::new(params(
        "{PROJECT}-{DISCIPLINE}-{SEQ}",
        Scope::preset("PROJECT").unwrap(),
    ))
    .unwrap();
    let ctx = s.context_from_scope_value("P1").unwrap();
    let err = s
        .counter_key(&ctx, Period::new(2025, 1).unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("DISCIPLINE"), "{err}");
}
