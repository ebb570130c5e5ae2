//! Admin use cases (spec §5.7, §7): set a counter, validate, export.

use docnum_application::usecases::{AuditFormat, SetCounterRequest};
use docnum_application::{AuditFilter, ManualRequest, SeriesConfig};

use crate::support::{admin, app_at, code, cor, err_code};

fn set(value: u64) -> SetCounterRequest {
    SetCounterRequest {
        document_type: "COR".into(),
        value,
        reason: "align with the paper register".into(),
        ..SetCounterRequest::default()
    }
}

#[tokio::test]
async fn raising_a_counter_records_the_skipped_values_and_validates_clean() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    app.reserve_cor().await;
    let change = app.svc.set_counter(&set(40), &admin()).await.unwrap();
    assert_eq!((change.old_value, change.new_value), (1, 40));
    assert_eq!(change.skipped(), Some((2, 40)));
    assert_eq!(app.counter("COR|YEAR=2025").await, 40);
    let sets = app.audit_of("SEQUENCE_SET").await;
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].old_value.as_deref(), Some("1"));
    assert_eq!(sets[0].new_value.as_deref(), Some("40"));
    assert_eq!(sets[0].metadata["skipped"], serde_json::json!([[2, 40]]));
    assert_eq!(sets[0].metadata["reason"], "align with the paper register");
    assert_eq!(app.reserve_cor().await.value, 41);
    let report = app.svc.validate().await.unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.counters_checked, 1);
    assert_eq!(report.numbers_checked, 2);
}

#[tokio::test]
async fn a_counter_never_goes_below_the_highest_issued_value() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    for _ in 0..5 {
        app.reserve_cor().await;
    }
    app.svc.set_counter(&set(20), &admin()).await.unwrap();
    let err = app.svc.set_counter(&set(4), &admin()).await.unwrap_err();
    assert_eq!(code(&err), "NB019");
    assert!(
        err.to_string().contains("value 5 has already been issued"),
        "{err}"
    );
    assert_eq!(app.counter("COR|YEAR=2025").await, 20);
    // Lowering to the highest issued value is allowed.
    let change = app.svc.set_counter(&set(5), &admin()).await.unwrap();
    assert_eq!((change.old_value, change.new_value), (20, 5));
    assert_eq!(change.skipped(), None);
    assert_eq!(app.audit_of("SEQUENCE_SET").await.len(), 2);
    assert_eq!(app.reserve_cor().await.value, 6);
    assert!(app.svc.validate().await.unwrap().is_clean());
}

#[tokio::test]
async fn set_counter_checks_max_value_reason_and_is_a_no_op_at_the_same_value() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig {
        max_value: 100,
        ..cor()
    })
    .await;
    assert_eq!(
        err_code(app.svc.set_counter(&set(101), &admin()).await),
        "NB009"
    );
    let no_reason = SetCounterRequest {
        reason: " ".into(),
        ..set(10)
    };
    assert_eq!(
        err_code(app.svc.set_counter(&no_reason, &admin()).await),
        "NB009"
    );
    app.svc.set_counter(&set(10), &admin()).await.unwrap();
    let again = app.svc.set_counter(&set(10), &admin()).await.unwrap();
    assert!(!again.changed);
    assert_eq!(app.audit_of("SEQUENCE_SET").await.len(), 1);
}

#[tokio::test]
async fn set_counter_targets_the_counter_of_the_given_period() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let req = SetCounterRequest {
        period: Some(docnum_domain::Period::new(2024, 1).unwrap()),
        ..set(7)
    };
    let change = app.svc.set_counter(&req, &admin()).await.unwrap();
    assert_eq!(change.counter_key, "COR|YEAR=2024");
    assert_eq!(app.counter("COR|YEAR=2024").await, 7);
    assert_eq!(app.counter("COR|YEAR=2025").await, 0);
}

#[tokio::test]
async fn manual_skips_count_as_accounted_for() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig {
        allow_manual_override: true,
        ..cor()
    })
    .await;
    app.reserve_cor().await;
    let manual = ManualRequest {
        document_type: "COR".into(),
        document_number: "COR-2025-00009".into(),
        reason: "from the paper log".into(),
        ..ManualRequest::default()
    };
    app.svc.register_manual(&manual, &admin()).await.unwrap();
    let r = app.reserve_cor().await;
    app.svc.cancel(r.token, None, &admin()).await.unwrap();
    let report = app.svc.validate().await.unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert!(app.svc.check_duplicates().await.unwrap().is_clean());
}

#[tokio::test]
async fn audit_export_streams_csv_and_json_with_filters() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    for _ in 0..3 {
        app.confirmed_cor().await;
    }
    let mut csv = Vec::new();
    let all = AuditFilter::default();
    let n = app
        .svc
        .export_audit(&all, AuditFormat::Csv, &mut csv)
        .await
        .unwrap();
    assert_eq!(n, 7, "CONFIG_CHANGE + 3 × (RESERVE, CONFIRM)");
    let text = String::from_utf8(csv).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,occurred_at,operation,document_type")
    );
    assert_eq!(lines.count(), 7);

    let reserves = AuditFilter {
        operation: Some("RESERVE".into()),
        ..AuditFilter::default()
    };
    let mut json = Vec::new();
    app.svc
        .export_audit(&reserves, AuditFormat::Json, &mut json)
        .await
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let entries = parsed.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|e| e["operation"] == "RESERVE"));

    let mut empty = Vec::new();
    let none = AuditFilter {
        user_id: Some("nobody".into()),
        ..AuditFilter::default()
    };
    app.svc
        .export_audit(&none, AuditFormat::Json, &mut empty)
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&empty).unwrap(),
        serde_json::json!([])
    );

    let bad = AuditFilter {
        operation: Some("DELETE".into()),
        ..AuditFilter::default()
    };
    let err = app
        .svc
        .export_audit(&bad, AuditFormat::Csv, Vec::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not an audit operation"), "{err}");
}
