//! Declared value sets (issue 21): what a series says its context
//! dimensions may hold is checked at reserve, and decides whether its
//! numbers provably parse back one way only. Series that declare nothing
//! work as before.

use std::collections::BTreeMap;

use docnum_application::{ScopeSpec, SeriesConfig, ValueSpec};
use docnum_domain::template::Verdict;

use crate::support::{admin, app_at, code};

const RFA: &str = "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}";

fn rfa(document_type: &str, declared: &[(&str, &str)]) -> SeriesConfig {
    let mut config = SeriesConfig::new(
        document_type,
        RFA,
        ScopeSpec::Dimensions(vec!["PROJECT".into()]),
    );
    // A namespace each: the three series render the same texts (the overlap
    // the save-time check is for).
    config.namespace = document_type.to_ascii_lowercase();
    config.values = declared
        .iter()
        .map(|(d, p)| ((*d).to_owned(), ValueSpec::Pattern((*p).to_owned())))
        .collect();
    config
}

const LCBP3: [(&str, &str); 5] = [
    ("PROJECT", "LCBP3-C2"),
    ("CORR_TYPE", "RFA"),
    ("DISCIPLINE", "TER"),
    ("RFA_TYPE", "RPT"),
    ("REV", "A"),
];

#[tokio::test]
async fn the_lcbp3_rfa_format_is_issued_with_and_without_declarations() {
    let app = app_at("2025-06-15T10:00:00Z");
    let plain = app
        .svc
        .create_series(&rfa("RFA", &[]), &admin())
        .await
        .unwrap();
    assert!(
        matches!(plain.series.proof(), Verdict::Ambiguous { ref fields } if fields.contains(&"PROJECT".to_owned())),
        "{:?}",
        plain.series.proof()
    );
    let codes = [
        ("CORR_TYPE", "[A-Z0-9]+"),
        ("DISCIPLINE", "[A-Z0-9]+"),
        ("RFA_TYPE", "[A-Z0-9]+"),
    ];
    let three = app
        .svc
        .create_series(&rfa("RFA3", &codes), &admin())
        .await
        .unwrap();
    // REV is still free: `P-A-B-C-0001-0002-R` reads two ways.
    assert_eq!(
        three.series.proof(),
        Verdict::Ambiguous {
            fields: vec!["PROJECT".into(), "REV".into()]
        }
    );
    let mut four = codes.to_vec();
    four.push(("REV", "[A-Z0-9]+"));
    let proven = app
        .svc
        .create_series(&rfa("RFA4", &four), &admin())
        .await
        .unwrap();
    assert_eq!(proven.series.proof(), Verdict::Unambiguous);

    for series in ["RFA", "RFA3", "RFA4"] {
        let r = app.reserve_in(series, &LCBP3).await.unwrap();
        assert_eq!(r.document_number, "LCBP3-C2-RFA-TER-RPT-0001-A", "{series}");
    }
}

#[tokio::test]
async fn a_value_outside_its_declaration_is_nb009_and_consumes_nothing() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&rfa(
        "RFA4",
        &[("CORR_TYPE", "[A-Z0-9]+"), ("REV", "[A-Z]{1}")],
    ))
    .await;
    let mut context = LCBP3.to_vec();
    context[1] = ("CORR_TYPE", "rfa-x");
    let err = app.reserve_in("RFA4", &context).await.unwrap_err();
    assert_eq!(code(&err), "NB009", "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("CORR_TYPE") && text.contains("rfa-x") && text.contains("[0-9A-Z]+"),
        "{text}"
    );
    assert_eq!(app.counter("RFA4|PROJECT=LCBP3-C2").await, 0);
    assert!(app.audit_of("RESERVE").await.is_empty());
    let ok = app.reserve_in("RFA4", &LCBP3).await.unwrap();
    assert_eq!(ok.value, 1);
}

#[tokio::test]
async fn code_lists_and_bad_declarations() {
    let app = app_at("2025-06-15T10:00:00Z");
    let mut letter = SeriesConfig::new(
        "LTR",
        "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:BE}",
        ScopeSpec::Dimensions(vec!["ORIGINATOR".into(), "RECIPIENT".into()]),
    );
    let orgs = || ValueSpec::Codes(vec!["คคง.".into(), "สคฉ.3".into()]);
    letter.values = BTreeMap::from([
        ("ORIGINATOR".to_owned(), orgs()),
        ("RECIPIENT".to_owned(), orgs()),
    ]);
    let record = app.svc.create_series(&letter, &admin()).await.unwrap();
    assert_eq!(record.series.proof(), Verdict::Unambiguous);
    let r = app
        .reserve_in("LTR", &[("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")])
        .await
        .unwrap();
    assert_eq!(r.document_number, "คคง.-สคฉ.3-0001-2568");
    let err = app
        .reserve_in("LTR", &[("ORIGINATOR", "กทพ."), ("RECIPIENT", "สคฉ.3")])
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB009");
    assert!(err.to_string().contains("one of: คคง., สคฉ.3"), "{err}");

    for (dimension, spec) in [
        ("CONTRACT", ValueSpec::Pattern("[A-Z]+".into())),
        ("ORIGINATOR", ValueSpec::Pattern("[Z-A]+".into())),
        ("ORIGINATOR", ValueSpec::Codes(vec![])),
        ("NOT_A_NAME", ValueSpec::Pattern("[A-Z]+".into())),
    ] {
        let mut bad = letter.clone();
        bad.document_type = "BAD".into();
        bad.values.insert(dimension.into(), spec.clone());
        let err = app.svc.create_series(&bad, &admin()).await.unwrap_err();
        assert_eq!(code(&err), "NB006", "{dimension} {spec:?}: {err:?}");
    }
}
