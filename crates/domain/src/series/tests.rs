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

/// A series of `document_type` in the default namespace, scoped by the
/// dimensions its template renders, declaring `values`.
fn declared(document_type: &str, template: &str, values: &[(&str, ValueSet)]) -> Series {
    let template = Template::parse(template).unwrap();
    let mut p = SeriesParams::with_defaults(
        DocumentType::new(document_type).unwrap(),
        template,
        Scope::preset("GLOBAL").unwrap(),
    );
    p.values = values
        .iter()
        .map(|(name, set)| (ContextName::parse(name).unwrap(), set.clone()))
        .collect();
    Series::new(p).unwrap()
}

fn codes(list: &[&str]) -> ValueSet {
    ValueSet::Codes(list.iter().map(|c| (*c).to_owned()).collect())
}

#[test]
fn series_with_distinct_prefixes_are_disjoint() {
    let cor = declared("COR", "COR-{YYYY}-{SEQ:5}", &[]);
    let rfa = declared("RFA", "RFA-{YYYY}-{SEQ:5}", &[]);
    assert_eq!(cor.coincidence(&rfa), Coincidence::Disjoint);
    assert_eq!(rfa.coincidence(&cor), Coincidence::Disjoint);
}

#[test]
fn the_document_type_token_renders_each_series_own_type() {
    // `{TYPE}` is COR in one series and RFA in the other: never the same
    // text, though the templates are written alike.
    let cor = declared("COR", "{TYPE}-{SEQ:4}", &[]);
    let rfa = declared("RFA", "{TYPE}-{SEQ:4}", &[]);
    assert_eq!(cor.coincidence(&rfa), Coincidence::Disjoint);
    let same = declared("COR2", "COR-{SEQ:4}", &[]);
    assert_eq!(
        cor.coincidence(&same),
        Coincidence::Undeclared("COR-0001".into())
    );
}

#[test]
fn an_overlap_under_both_declarations_is_declared() {
    let pattern = ValueSet::pattern("[A-Z0-9]+").unwrap();
    let letters = declared(
        "LTR",
        "{ORIGINATOR}-{SEQ:4}",
        &[("ORIGINATOR", pattern.clone())],
    );
    let memos = declared(
        "MEMO",
        "{RECIPIENT}-{SEQ:4}",
        &[("RECIPIENT", codes(&["HR", "IT"]))],
    );
    // HR-0001 is a letter of originator HR and memo 1 of HR.
    assert_eq!(
        letters.coincidence(&memos),
        Coincidence::Declared("HR-0001".into())
    );
    assert!(letters.bound_by_declarations() && memos.bound_by_declarations());
}

#[test]
fn an_overlap_through_an_undeclared_value_is_only_undeclared() {
    let pattern = ValueSet::pattern("[A-Z0-9]+").unwrap();
    let bound = declared("LTR", "{ORIGINATOR}-{SEQ:4}", &[("ORIGINATOR", pattern)]);
    let free = declared("MEMO", "{RECIPIENT}-{SEQ:4}", &[]);
    assert!(!free.bound_by_declarations());
    assert!(matches!(
        bound.coincidence(&free),
        Coincidence::Undeclared(_)
    ));
    // Declared on one of two dimensions: still not bound.
    let half = declared(
        "RFA",
        "{PROJECT}-{CORR_TYPE}-{SEQ:4}",
        &[("CORR_TYPE", codes(&["RFA"]))],
    );
    assert!(!half.bound_by_declarations());
}

#[test]
fn code_lists_without_a_common_code_are_disjoint() {
    let a = declared(
        "A",
        "{RECIPIENT}-{SEQ:4}",
        &[("RECIPIENT", codes(&["HR", "IT"]))],
    );
    let b = declared(
        "B",
        "{RECIPIENT}-{SEQ:4}",
        &[("RECIPIENT", codes(&["FIN", "OPS"]))],
    );
    assert_eq!(a.coincidence(&b), Coincidence::Disjoint);
}

#[test]
fn an_overlap_longer_than_either_series_renders_is_disjoint() {
    // The shortest text of both is X- and eight digits (X-10000001):
    // the short series' sequence runs that long only past 9999, which
    // its six characters never reach.
    let mut short = declared("S", "X-{SEQ:4}", &[]).params().clone();
    short.max_length = 6;
    let short = Series::new(short).unwrap();
    let dated = declared("D", "X-{YYYY}{SEQ:4}", &[]);
    assert_eq!(short.coincidence(&dated), Coincidence::Disjoint);
    let roomy = declared("R", "X-{SEQ:4}", &[]);
    assert_eq!(
        roomy.coincidence(&dated),
        Coincidence::Undeclared("X-10000001".into())
    );
}

#[test]
fn a_walk_past_its_budget_is_undecided_and_spends_the_budget() {
    // Eight dimensions of up to 100 characters each and distinct last
    // literals: proving these disjoint takes some 175 000 states.
    let pattern = ValueSet::pattern("[A-Z0-9-]{1,100}").unwrap();
    let dims = [
        "PROJECT",
        "CORR_TYPE",
        "DISCIPLINE",
        "RFA_TYPE",
        "REV",
        "ORIGINATOR",
        "RECIPIENT",
        "CONTRACT",
    ];
    let values: Vec<(&str, ValueSet)> = dims.iter().map(|d| (*d, pattern.clone())).collect();
    let a = declared(
        "A",
        "{PROJECT}{CORR_TYPE}{DISCIPLINE}{RFA_TYPE}{SEQ:4}X",
        &values[..4],
    );
    let b = declared(
        "B",
        "{REV}{ORIGINATOR}{RECIPIENT}{CONTRACT}{SEQ:5}Y",
        &values[4..],
    );
    let mut budget = 5_000;
    assert_eq!(
        a.coincidence_within(&b, &mut budget),
        Coincidence::Undecided
    );
    assert_eq!(budget, 0);
    // Nothing left: the next pair is undecided at once, even an easy one.
    let c = declared("C", "C-{SEQ:4}", &[]);
    let d = declared("D", "C-{SEQ:4}", &[]);
    assert_eq!(
        c.coincidence_within(&d, &mut budget),
        Coincidence::Undecided
    );
    let mut budget = 5_000;
    assert_eq!(
        c.coincidence_within(&d, &mut budget),
        Coincidence::Undeclared("C-0001".into())
    );
    assert!(budget < 5_000);
}
