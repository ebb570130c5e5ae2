//! The worked examples: each rendered from its template and context
//! and matched back to the same parts.

use chrono::{DateTime, Utc};

use super::*;
use crate::context::Context;
use crate::document_type::DocumentType;
use crate::period::{Period, SeriesTimeZone};

fn ctx(pairs: &[(&str, &str)]) -> Context {
    Context::from_pairs(pairs.iter().copied()).unwrap()
}

fn round_trip(
    template: &str,
    doc_type: &str,
    context: &Context,
    period: Period,
    value: u64,
    expected: &str,
) {
    let t = Template::parse(template).unwrap();
    let dt = DocumentType::new(doc_type).unwrap();
    let vars = RenderVars {
        document_type: &dt,
        context,
        period,
    };
    let rendered = t.render(value, vars, 50).unwrap();
    assert_eq!(rendered.as_str(), expected, "render {template}");
    let matched = t.match_number(expected, &dt, context).unwrap();
    assert_eq!(matched.value, value, "value of {expected}");
    if t.renders_year() {
        assert_eq!(matched.year, Some(period.year()), "year of {expected}");
    }
    if t.renders_month() {
        assert_eq!(matched.month, Some(period.month()), "month of {expected}");
    }
    for name in t.context_names() {
        assert_eq!(
            matched.context.get(name),
            context.get(name),
            "{name} of {expected}"
        );
    }
}

fn p(year: i32, month: u32) -> Period {
    Period::new(year, month).unwrap()
}

#[test]
fn cor_yearly() {
    round_trip(
        "COR-{YYYY}-{SEQ:5}",
        "COR",
        &Context::new(),
        p(2025, 3),
        1,
        "COR-2025-00001",
    );
    round_trip(
        "COR-{YYYY}-{SEQ:5}",
        "COR",
        &Context::new(),
        p(2025, 3),
        42,
        "COR-2025-00042",
    );
}

#[test]
fn cor_numbers_have_the_seed_pattern() {
    let t = Template::parse("COR-{YYYY}-{SEQ:5}").unwrap();
    let dt = DocumentType::new("COR").unwrap();
    let vars = RenderVars {
        document_type: &dt,
        context: &Context::new(),
        period: p(2025, 1),
    };
    for v in [1, 42, 99_999] {
        let n = t.render(v, vars, 50).unwrap();
        let s = n.as_str();
        // ^COR-\d{4}-\d{5}$
        assert!(
            s.len() == 14 && s.starts_with("COR-") && s.as_bytes()[8] == b'-',
            "{s}"
        );
        assert!(
            s[4..8]
                .bytes()
                .chain(s[9..].bytes())
                .all(|b| b.is_ascii_digit()),
            "{s}"
        );
    }
}

#[test]
fn thai_letter_with_buddhist_year() {
    let c = ctx(&[("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")]);
    round_trip(
        "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}",
        "LETTER",
        &c,
        p(2025, 6),
        1,
        "คคง.-สคฉ.3-0001-2568",
    );
}

#[test]
fn thai_letter_with_sub_type() {
    let c = ctx(&[
        ("ORIGINATOR", "คคง."),
        ("RECIPIENT", "สคฉ.3"),
        ("SUB_TYPE", "21"),
    ]);
    round_trip(
        "{ORIGINATOR}-{RECIPIENT}-{SUB_TYPE}-{SEQ:4}-{YEAR:B.E.}",
        "LETTER",
        &c,
        p(2025, 6),
        117,
        "คคง.-สคฉ.3-21-0117-2568",
    );
}

#[test]
fn rfa_with_separator_inside_the_project() {
    let c = ctx(&[
        ("PROJECT", "LCBP3-C2"),
        ("CORR_TYPE", "RFA"),
        ("DISCIPLINE", "TER"),
        ("RFA_TYPE", "RPT"),
        ("REV", "A"),
    ]);
    round_trip(
        "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}",
        "RFA",
        &c,
        p(2025, 1),
        1,
        "LCBP3-C2-RFA-TER-RPT-0001-A",
    );
}

#[test]
fn separator_inside_a_value_is_ambiguous_without_context() {
    let t = Template::parse("{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}").unwrap();
    let dt = DocumentType::new("RFA").unwrap();
    let err = t
        .match_number("LCBP3-C2-RFA-TER-RPT-0001-A", &dt, &Context::new())
        .unwrap_err();
    assert!(err.to_string().contains("supply the context"), "{err}");
    // One pinned value is enough to pick the reading.
    let m = t
        .match_number(
            "LCBP3-C2-RFA-TER-RPT-0001-A",
            &dt,
            &ctx(&[("PROJECT", "LCBP3-C2")]),
        )
        .unwrap();
    assert_eq!(
        m.context
            .get(crate::ContextName::Discipline)
            .unwrap()
            .as_str(),
        "TER"
    );
}

#[test]
fn rfa_monthly() {
    let c = ctx(&[("PROJECT", "LCBP3")]);
    round_trip(
        "RFA-{PROJECT}-{YYYY}{MM}-{SEQ:4}",
        "RFA",
        &c,
        p(2025, 1),
        1,
        "RFA-LCBP3-202501-0001",
    );
}

#[test]
fn contract_drawing() {
    let c = ctx(&[("CONTRACT", "C001")]);
    round_trip(
        "{CONTRACT}-CD-{SEQ:6}",
        "CD",
        &c,
        p(2025, 1),
        1,
        "C001-CD-000001",
    );
}

#[test]
fn slash_separator_and_deprecated_org() {
    let c = ctx(&[("ORIGINATOR", "กทพ."), ("RECIPIENT", "สคฉ.3")]);
    round_trip(
        "{ORG}-{RECIPIENT}-{SEQ:4}/{YEAR:BE}",
        "LETTER",
        &c,
        p(2026, 2),
        9,
        "กทพ.-สคฉ.3-0009/2569",
    );
}

#[test]
fn short_years_months_and_type() {
    round_trip(
        "{TYPE}/{YY}{MM}/{SEQ:3}",
        "MEMO",
        &Context::new(),
        p(2025, 11),
        7,
        "MEMO/2511/007",
    );
    round_trip(
        "{YY:BE}-{SEQ}",
        "MEMO",
        &Context::new(),
        p(2025, 11),
        7,
        "68-7",
    );
}

#[test]
fn value_wider_than_the_width_is_rendered_in_full_and_matched() {
    round_trip(
        "COR-{YYYY}-{SEQ:5}",
        "COR",
        &Context::new(),
        p(2025, 1),
        123_456,
        "COR-2025-123456",
    );
}

#[test]
fn non_canonical_padding_does_not_match() {
    let t = Template::parse("COR-{SEQ:4}").unwrap();
    let dt = DocumentType::new("COR").unwrap();
    assert!(t.match_number("COR-00012", &dt, &Context::new()).is_err());
    assert!(t.match_number("COR-012", &dt, &Context::new()).is_err());
    assert_eq!(
        t.match_number("COR-12345", &dt, &Context::new())
            .unwrap()
            .value,
        12345
    );
}

#[test]
fn mismatches_are_nb006_and_say_where() {
    let t = Template::parse("COR-{YYYY}-{SEQ:5}").unwrap();
    let dt = DocumentType::new("COR").unwrap();
    for bad in [
        "COR-2025-0001",
        "RFA-2025-00001",
        "COR-25-00001",
        "COR-2025-00001-X",
        "",
    ] {
        let err = t.match_number(bad, &dt, &Context::new()).unwrap_err();
        assert_eq!(err.code().as_str(), "NB006", "{bad}");
    }
    let err = t
        .match_number("COR-2025-0001", &dt, &Context::new())
        .unwrap_err();
    assert!(err.to_string().contains("character"), "{err}");
}

#[test]
fn inconsistent_years_do_not_match() {
    let t = Template::parse("{YYYY}-{YEAR:BE}-{SEQ}").unwrap();
    let dt = DocumentType::new("X").unwrap();
    assert!(t.match_number("2025-2568-1", &dt, &Context::new()).is_ok());
    assert!(t.match_number("2025-2569-1", &dt, &Context::new()).is_err());
}

#[test]
fn missing_context_names_the_token() {
    let t = Template::parse("{ORG}-{SEQ}").unwrap();
    let dt = DocumentType::new("X").unwrap();
    let vars = RenderVars {
        document_type: &dt,
        context: &Context::new(),
        period: p(2025, 1),
    };
    let err = t.render(1, vars, 50).unwrap_err();
    assert_eq!(err.code().as_str(), "NB006");
    assert!(
        err.to_string().contains("{ORG}") && err.to_string().contains("ORIGINATOR"),
        "{err}"
    );
}

#[test]
fn rendered_length_is_checked() {
    let t = Template::parse("{PROJECT}-{SEQ:4}").unwrap();
    let dt = DocumentType::new("X").unwrap();
    let c = ctx(&[("PROJECT", &"P".repeat(47))]);
    let vars = RenderVars {
        document_type: &dt,
        context: &c,
        period: p(2025, 1),
    };
    assert!(t.render(1, vars, 52).is_ok());
    assert_eq!(t.render(1, vars, 51).unwrap_err().code().as_str(), "NB006");
}

fn bangkok_period(instant: &str) -> Period {
    let at: DateTime<Utc> = instant.parse().unwrap();
    Period::of_instant(at, SeriesTimeZone::new("Asia/Bangkok").unwrap()).unwrap()
}

#[test]
fn year_boundary_in_bangkok_changes_the_number_and_the_counter() {
    use crate::scope::{CounterKey, Scope};
    let t = Template::parse("{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}").unwrap();
    let dt = DocumentType::new("LETTER").unwrap();
    let c = ctx(&[("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")]);
    let before = bangkok_period("2025-12-31T16:59:59Z");
    let after = bangkok_period("2025-12-31T17:00:00Z");
    let render = |period| {
        t.render(
            1,
            RenderVars {
                document_type: &dt,
                context: &c,
                period,
            },
            50,
        )
        .unwrap()
    };
    assert_eq!(render(before).as_str(), "คคง.-สคฉ.3-0001-2568");
    assert_eq!(render(after).as_str(), "คคง.-สคฉ.3-0001-2569");
    let scope = Scope::preset("YEARLY").unwrap();
    let k1 = CounterKey::build(&dt, &scope, &t, &c, before).unwrap();
    let k2 = CounterKey::build(&dt, &scope, &t, &c, after).unwrap();
    assert_eq!(
        k1.as_str(),
        "LETTER|YEAR=2025|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3"
    );
    assert_eq!(
        k2.as_str(),
        "LETTER|YEAR=2026|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3"
    );
}
