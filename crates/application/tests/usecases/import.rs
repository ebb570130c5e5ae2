//! Legacy import (spec §5.7): dry run, all-or-nothing apply.

use docnum_application::usecases::LegacyRecord;
use docnum_application::{ManualRequest, NumberSource, SeriesConfig};
use docnum_domain::NumberState;

use crate::support::{admin, app_at, cor};

fn row(line: u64, document_type: &str, number: &str, created_at: &str) -> LegacyRecord {
    LegacyRecord {
        line,
        document_type: document_type.into(),
        document_number: number.into(),
        created_at: created_at.into(),
        metadata: String::new(),
    }
}

fn no_progress(_: u64) {}

#[tokio::test]
async fn a_clean_file_is_planned_then_imported_with_counters_raised() {
    let app = app_at("2025-06-15T10:00:00Z");
    // Import does not need allow_manual_override (it is off in cor()).
    app.create(&cor()).await;
    app.reserve_cor().await;
    let mut rows = vec![
        row(2, "COR", "COR-2024-00003", "2024-02-01"),
        row(3, "COR", "COR-2024-00001", "2024-01-05 09:30"),
        row(4, "COR", "COR-2025-00010", "2025-03-01T08:00:00+07:00"),
    ];
    rows[0].metadata = r#"{"legacy_id": 17}"#.into();
    let plan = app
        .svc
        .plan_import(&rows, "legacy import", &admin(), &no_progress)
        .await
        .unwrap();
    assert!(plan.is_valid(), "{:?}", plan.problems);
    assert_eq!(plan.importable(), 3);
    assert_eq!(plan.counters.len(), 2);
    let y2025 = &plan.counters[1];
    assert_eq!(y2025.counter_key, "COR|YEAR=2025");
    assert_eq!((y2025.current_value, y2025.after), (1, 10));
    // The dry run wrote nothing.
    assert_eq!(app.store.numbers().len(), 1);

    let outcome = app.svc.apply_import(plan).await.unwrap();
    assert_eq!(outcome.imported, 3);
    assert_eq!(app.counter("COR|YEAR=2024").await, 3);
    assert_eq!(app.counter("COR|YEAR=2025").await, 10);
    let imported: Vec<_> = app
        .store
        .numbers()
        .into_iter()
        .filter(|n| n.source == NumberSource::Import)
        .collect();
    assert_eq!(imported.len(), 3);
    assert!(imported.iter().all(|n| n.state == NumberState::Confirmed));
    assert_eq!(imported[0].metadata["legacy_id"], 17);
    assert_eq!(
        imported[0].issued_at.to_rfc3339(),
        "2024-02-01T00:00:00+00:00"
    );
    assert_eq!(app.audit_of("IMPORT").await.len(), 3);
    assert_eq!(app.audit_of("SEQUENCE_SKIP").await.len(), 2);
    assert_eq!(app.reserve_cor().await.value, 11);
    let report = app.svc.validate().await.unwrap();
    assert!(report.is_clean(), "{report:?}");
}

#[tokio::test]
async fn every_bad_row_is_reported_with_its_line_and_nothing_is_written() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig {
        allow_manual_override: true,
        ..cor()
    })
    .await;
    let manual = ManualRequest {
        document_type: "COR".into(),
        document_number: "COR-2024-00050".into(),
        reason: "typed".into(),
        ..ManualRequest::default()
    };
    app.svc.register_manual(&manual, &admin()).await.unwrap();
    let before = app.store.numbers().len();
    let rows = vec![
        row(2, "COR", "COR-2024-00001", "2024-01-01"),
        row(3, "XYZ", "XYZ-1", "2024-01-01"),
        row(4, "COR", "COR-2024-1", "2024-01-01"),
        row(5, "COR", "COR-2024-00002", "someday"),
        row(6, "COR", "COR-2024-00001", "2024-01-01"),
        row(7, "COR", "COR-2024-00050", "2024-01-01"),
        row(8, "cor!", "COR-2024-00003", "2024-01-01"),
        row(9, "COR", "COR-2024-00004", "2030-01-01"),
        row(10, "COR", "COR-2024-00005", "2024-01-01"),
    ];
    let plan = app
        .svc
        .plan_import(&rows, "legacy import", &admin(), &no_progress)
        .await
        .unwrap();
    let found: Vec<(u64, &str)> = plan.problems.iter().map(|p| (p.line, p.code)).collect();
    assert_eq!(
        found,
        vec![
            (3, "NB001"),
            (4, "NB006"),
            (5, "NB009"),
            (6, "NB005"),
            (7, "NB005"),
            (8, "NB006"),
            (9, "NB009"),
        ]
    );
    let line_two = docnum_domain::Arg::Number(2);
    assert!(
        plan.problems[3]
            .message
            .args()
            .iter()
            .any(|(name, value)| *name == "line" && *value == line_two),
        "{:?}",
        plan.problems[3]
    );
    assert_eq!(plan.problems[4].message.key(), "import-number-in-registry");
    let err = app.svc.apply_import(plan).await.unwrap_err();
    assert!(err.to_string().contains("nothing was imported"), "{err}");
    assert_eq!(app.store.numbers().len(), before);
    assert!(app.audit_of("IMPORT").await.is_empty());
}

#[tokio::test]
async fn metadata_context_disambiguates_a_separator_inside_a_value() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig::new(
        "RFA",
        "{PROJECT}-RFA-{SEQ:4}",
        docnum_application::ScopeSpec::Preset("PROJECT".into()),
    ))
    .await;
    let mut with_hint = row(2, "RFA", "LCBP3-C2-RFA-0007", "2024-05-01");
    with_hint.metadata = r#"{"context": {"PROJECT": "LCBP3-C2"}}"#.into();
    let plan = app
        .svc
        .plan_import(&[with_hint], "legacy import", &admin(), &no_progress)
        .await
        .unwrap();
    assert!(plan.is_valid(), "{:?}", plan.problems);
    assert_eq!(plan.preview[0].counter_key, "RFA|PROJECT=LCBP3-C2");
    assert_eq!(plan.preview[0].value, 7);
}

#[tokio::test]
async fn look_alikes_are_duplicates_in_the_file_and_against_the_registry() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig::new(
        "PRJ",
        "{PROJECT}-{SEQ:4}",
        docnum_application::ScopeSpec::Preset("PROJECT".into()),
    ))
    .await;
    let first = vec![row(2, "PRJ", "LCBP3-0001", "2024-05-01")];
    let plan = app
        .svc
        .plan_import(&first, "legacy import", &admin(), &no_progress)
        .await
        .unwrap();
    app.svc.apply_import(plan).await.unwrap();
    // Full-width `ＬＣＢＰ３`: one look-alike of the registry's number, and
    // two lines of one new number in two spellings.
    let rows = vec![
        row(
            2,
            "PRJ",
            "\u{FF2C}\u{FF23}\u{FF22}\u{FF30}\u{FF13}-0001",
            "2024-05-02",
        ),
        row(3, "PRJ", "LCBP3-0002", "2024-05-03"),
        row(4, "PRJ", "\u{FF2C}CBP3-0002", "2024-05-04"),
    ];
    let plan = app
        .svc
        .plan_import(&rows, "legacy import", &admin(), &no_progress)
        .await
        .unwrap();
    let mut found: Vec<(u64, &str)> = plan.problems.iter().map(|p| (p.line, p.code)).collect();
    found.sort_unstable();
    assert_eq!(
        found,
        vec![(2, "NB005"), (4, "NB005")],
        "{:?}",
        plan.problems
    );
    assert_eq!(plan.importable(), 1);
}
