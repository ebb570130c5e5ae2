//! Tests of the counter key a scope builds: which dimensions it holds, in
//! what order, and how values are escaped into it.

use super::*;

#[test]
fn a_counter_key_longer_than_its_column_is_a_client_mistake() {
    // Three context values of 100 '%' each escape to 300 characters.
    let value = "%".repeat(100);
    let err = CounterKey::build(
        &dt("LONG"),
        &preset("GLOBAL"),
        &tpl("{PROJECT}-{ORIGINATOR}-{RECIPIENT}-{SEQ:4}"),
        &ctx(&[
            ("PROJECT", &value),
            ("ORIGINATOR", &value),
            ("RECIPIENT", &value),
        ]),
        p(2025, 3),
    )
    .unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::NB009, "{err}");
    assert!(err.to_string().contains("700"), "{err}");
    // Two fit.
    CounterKey::build(
        &dt("LONG"),
        &preset("GLOBAL"),
        &tpl("{PROJECT}-{ORIGINATOR}-{SEQ:4}"),
        &ctx(&[("PROJECT", &value), ("ORIGINATOR", &value)]),
        p(2025, 3),
    )
    .unwrap();
}

#[test]
fn global_is_the_bare_document_type() {
    let k = key(
        "COR",
        &preset("GLOBAL"),
        "COR-{SEQ:5}",
        &Context::new(),
        p(2025, 3),
    );
    assert_eq!(k, "COR");
}

#[test]
fn project_preset() {
    let k = key(
        "RFA",
        &preset("PROJECT"),
        "{PROJECT}-RFA-{SEQ:4}",
        &ctx(&[("PROJECT", "LCBP3-C2")]),
        p(2025, 3),
    );
    assert_eq!(k, "RFA|PROJECT=LCBP3-C2");
}

#[test]
fn contract_preset() {
    let k = key(
        "CD",
        &preset("CONTRACT"),
        "{CONTRACT}-CD-{SEQ:6}",
        &ctx(&[("CONTRACT", "C001")]),
        p(2025, 3),
    );
    assert_eq!(k, "CD|CONTRACT=C001");
}

#[test]
fn yearly_preset() {
    let k = key(
        "COR",
        &preset("YEARLY"),
        "COR-{YYYY}-{SEQ:5}",
        &Context::new(),
        p(2025, 3),
    );
    assert_eq!(k, "COR|YEAR=2025");
}

#[test]
fn yearly_key_uses_the_gregorian_year_whatever_the_template_era() {
    let k = key(
        "X",
        &preset("YEARLY"),
        "X-{YEAR:BE}-{SEQ}",
        &Context::new(),
        p(2025, 3),
    );
    assert_eq!(k, "X|YEAR=2025");
}

#[test]
fn monthly_preset_pads_the_month() {
    let k = key(
        "X",
        &preset("MONTHLY"),
        "X-{YYYY}{MM}-{SEQ}",
        &Context::new(),
        p(2025, 1),
    );
    assert_eq!(k, "X|YEAR=2025|MONTH=01");
    let k = key(
        "X",
        &preset("MONTHLY"),
        "X-{YYYY}{MM}-{SEQ}",
        &Context::new(),
        p(2025, 12),
    );
    assert_eq!(k, "X|YEAR=2025|MONTH=12");
}

#[test]
fn explicit_list_is_in_canonical_order() {
    let c = ctx(&[
        ("PROJECT", "P1"),
        ("ORIGINATOR", "คคง."),
        ("RECIPIENT", "สคฉ.3"),
    ]);
    let template = "{PROJECT}/{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}";
    let expected = "LETTER|YEAR=2025|PROJECT=P1|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3";
    let scope = list(&["PROJECT", "ORIGINATOR", "RECIPIENT", "YEAR"]);
    assert_eq!(key("LETTER", &scope, template, &c, p(2025, 6)), expected);
    // The order the dimensions are listed in does not matter.
    let reordered = list(&["YEAR", "RECIPIENT", "PROJECT", "ORIGINATOR"]);
    assert_eq!(
        key("LETTER", &reordered, template, &c, p(2025, 6)),
        expected
    );
}

#[test]
fn rendered_context_tokens_join_the_key() {
    let c = ctx(&[("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")]);
    let k = key(
        "LETTER",
        &preset("GLOBAL"),
        "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}",
        &c,
        p(2025, 6),
    );
    assert_eq!(k, "LETTER|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3");
    // Deprecated {ORG} is the same dimension as {ORIGINATOR}.
    let k = key(
        "LETTER",
        &preset("GLOBAL"),
        "{ORG}-{RECIPIENT}-{SEQ:4}",
        &c,
        p(2025, 6),
    );
    assert_eq!(k, "LETTER|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3");
}

#[test]
fn context_values_not_rendered_nor_scoped_are_ignored() {
    let c = ctx(&[("PROJECT", "P1"), ("DISCIPLINE", "TER")]);
    let k = key("COR", &preset("YEARLY"), "COR-{YYYY}-{SEQ}", &c, p(2025, 1));
    assert_eq!(k, "COR|YEAR=2025");
}

#[test]
fn percent_pipe_and_equals_are_escaped() {
    let c = ctx(&[("PROJECT", "50%|a=b")]);
    let k = key("X", &preset("PROJECT"), "{PROJECT}-{SEQ}", &c, p(2025, 1));
    assert_eq!(k, "X|PROJECT=50%25%7Ca%3Db");
    // An already-escaped look-alike stays distinct.
    let lookalike = ctx(&[("PROJECT", "50%25%7Ca%3Db")]);
    let k2 = key(
        "X",
        &preset("PROJECT"),
        "{PROJECT}-{SEQ}",
        &lookalike,
        p(2025, 1),
    );
    assert_eq!(k2, "X|PROJECT=50%2525%257Ca%253Db");
    assert_ne!(k, k2);
}

#[test]
fn a_value_cannot_forge_another_dimension() {
    let template = "{PROJECT}-{CONTRACT}-{SEQ}";
    let scope = preset("GLOBAL");
    let forged = ctx(&[("PROJECT", "A|CONTRACT=B"), ("CONTRACT", "C")]);
    let honest = ctx(&[("PROJECT", "A"), ("CONTRACT", "B|CONTRACT=C")]);
    assert_ne!(
        key("X", &scope, template, &forged, p(2025, 1)),
        key("X", &scope, template, &honest, p(2025, 1))
    );
}

#[test]
fn rev_is_rendered_but_not_part_of_the_key() {
    let template = "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}";
    let base = [
        ("PROJECT", "LCBP3-C2"),
        ("CORR_TYPE", "RFA"),
        ("DISCIPLINE", "TER"),
        ("RFA_TYPE", "RPT"),
    ];
    let expected = "RFA|PROJECT=LCBP3-C2|CORR_TYPE=RFA|RFA_TYPE=RPT|DISCIPLINE=TER";
    for rev in ["A", "B", "0"] {
        let mut pairs = base.to_vec();
        pairs.push(("REV", rev));
        let k = key(
            "RFA",
            &preset("PROJECT"),
            template,
            &ctx(&pairs),
            p(2025, 1),
        );
        assert_eq!(k, expected, "REV={rev}");
    }
    // REV need not even be present to know the counter.
    assert_eq!(
        key("RFA", &preset("PROJECT"), template, &ctx(&base), p(2025, 1)),
        expected
    );
    assert!(
        !preset("PROJECT")
            .key_dimensions(&tpl(template))
            .contains(&Dimension::Context(ContextName::Rev))
    );
}

#[test]
fn month_implies_year() {
    let scope = list(&["MONTH"]);
    assert_eq!(scope.dimensions(), vec![Dimension::Year, Dimension::Month]);
    let k = key("X", &scope, "X-{YY}{MM}-{SEQ}", &Context::new(), p(2025, 3));
    assert_eq!(k, "X|YEAR=2025|MONTH=03");
    assert_eq!(
        list(&["MONTH", "YEAR"]).dimensions(),
        vec![Dimension::Year, Dimension::Month]
    );
}

#[test]
fn a_missing_key_value_names_the_context_value() {
    let err = CounterKey::build(
        &dt("RFA"),
        &preset("PROJECT"),
        &tpl("{PROJECT}-{SEQ}"),
        &Context::new(),
        p(2025, 1),
    )
    .unwrap_err();
    assert_eq!(err.code().as_str(), "NB006");
    assert!(err.to_string().contains("PROJECT"), "{err}");
}

#[test]
fn scope_value_is_the_part_after_the_document_type() {
    let k = CounterKey::build(
        &dt("COR"),
        &preset("YEARLY"),
        &tpl("COR-{YYYY}-{SEQ:5}"),
        &Context::new(),
        p(2025, 1),
    )
    .unwrap();
    assert_eq!(k.scope_value(), "YEAR=2025");
    assert_eq!(k.to_string(), "COR|YEAR=2025");
    let global = CounterKey::build(
        &dt("COR"),
        &preset("GLOBAL"),
        &tpl("COR-{SEQ:5}"),
        &Context::new(),
        p(2025, 1),
    )
    .unwrap();
    assert_eq!(global.scope_value(), "GLOBAL");
    let stored =
        CounterKey::from_stored("LETTER|YEAR=2025|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3".to_owned());
    assert_eq!(
        stored.scope_value(),
        "YEAR=2025|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3"
    );
}

#[test]
fn single_context_dimension() {
    assert_eq!(
        preset("PROJECT").single_context_dimension(),
        Some(ContextName::Project)
    );
    assert_eq!(
        preset("CONTRACT").single_context_dimension(),
        Some(ContextName::Contract)
    );
    assert_eq!(
        list(&["ORIGINATOR"]).single_context_dimension(),
        Some(ContextName::Originator)
    );
    for none in [
        preset("GLOBAL"),
        preset("YEARLY"),
        preset("MONTHLY"),
        list(&[]),
        list(&["YEAR"]),
        list(&["PROJECT", "YEAR"]),
        list(&["PROJECT", "CONTRACT"]),
    ] {
        assert_eq!(none.single_context_dimension(), None, "{none:?}");
    }
}

#[test]
fn look_alike_values_share_one_counter() {
    let scope = preset("PROJECT");
    let template = "{PROJECT}-{SEQ:4}";
    let plain = key(
        "X",
        &scope,
        template,
        &ctx(&[("PROJECT", "LCBP3")]),
        p(2025, 1),
    );
    let wide = ctx(&[("PROJECT", "\u{FF2C}\u{FF23}\u{FF22}\u{FF30}\u{FF13}")]);
    assert_eq!(key("X", &scope, template, &wide, p(2025, 1)), plain);
    let thai = |v: &str| key("X", &scope, template, &ctx(&[("PROJECT", v)]), p(2025, 1));
    assert_eq!(thai("\u{0E01}\u{0E33}"), thai("\u{0E01}\u{0E4D}\u{0E32}"));
    // A full-width `｜` becomes `|` and is escaped like one.
    let bar = key(
        "X",
        &scope,
        template,
        &ctx(&[("PROJECT", "A\u{FF5C}B")]),
        p(2025, 1),
    );
    assert_eq!(bar, "X|PROJECT=A%7CB");
}

#[test]
fn a_stored_key_is_made_compatible_value_by_value() {
    let stored = |raw: &str| CounterKey::from_stored(raw.to_owned()).compatible();
    assert_eq!(
        stored("X|YEAR=2025|PROJECT=LCBP3").as_str(),
        "X|YEAR=2025|PROJECT=LCBP3"
    );
    assert_eq!(
        stored("X|PROJECT=\u{FF2C}CBP3|CONTRACT=50%25%7C\u{FF21}%3D").as_str(),
        "X|PROJECT=LCBP3|CONTRACT=50%25%7CA%3D"
    );
    // Escapes written by `build` survive the round trip whatever the value.
    for value in [
        "%",
        "%25",
        "a|b=c",
        "\u{FF05}7C",
        "%%7",
        "\u{0E01}\u{0E4D}\u{0E32}%",
    ] {
        let built = CounterKey::build(
            &dt("X"),
            &preset("PROJECT"),
            &tpl("{PROJECT}-{SEQ}"),
            &ctx(&[("PROJECT", value)]),
            p(2025, 1),
        )
        .unwrap();
        assert_eq!(built.compatible(), built, "{value}");
    }
}
