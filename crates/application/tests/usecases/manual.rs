//! Manual override (spec §5.4) and the store's all-or-nothing registration.

use std::sync::Arc;

use docnum_application::ports::{ManualRegistration, NumberStore, OpContext};
use docnum_application::{Actor, ManualRequest, NumberSource, SeriesConfig};
use docnum_domain::rules::validate_manual_number;
use docnum_domain::{Context, DocumentNumber, NumberState, Reason};

use crate::support::{admin, app_at, code, cor, err_code};

fn manual_cor() -> SeriesConfig {
    SeriesConfig {
        allow_manual_override: true,
        ..cor()
    }
}

fn manual(number: &str) -> ManualRequest {
    ManualRequest {
        document_type: "COR".into(),
        document_number: number.into(),
        reason: "registered from the paper log".into(),
        ..ManualRequest::default()
    }
}

#[tokio::test]
async fn manual_override_on_a_series_that_does_not_allow_it_is_nb007() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let err = app
        .svc
        .register_manual(&manual("COR-2025-00005"), &admin())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB007");
    assert!(app.store.numbers().is_empty());
}

#[tokio::test]
async fn a_number_not_following_the_template_is_nb006() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    for bad in ["COR-2025-0005", "RFA-2025-00005", "LEGACY/42"] {
        assert_eq!(
            err_code(app.svc.register_manual(&manual(bad), &admin()).await),
            "NB006",
            "{bad}"
        );
    }
    assert!(app.store.numbers().is_empty());
}

#[tokio::test]
async fn a_reason_is_required() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    let req = ManualRequest {
        reason: "   ".into(),
        ..manual("COR-2025-00005")
    };
    assert_eq!(
        err_code(app.svc.register_manual(&req, &admin()).await),
        "NB009"
    );
}

#[tokio::test]
async fn an_existing_number_is_nb005() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    let reserved = app.reserve_cor().await;
    assert_eq!(
        err_code(
            app.svc
                .register_manual(&manual(&reserved.document_number), &admin())
                .await
        ),
        "NB005"
    );
    app.svc
        .register_manual(&manual("COR-2025-00007"), &admin())
        .await
        .unwrap();
    assert_eq!(
        err_code(
            app.svc
                .register_manual(&manual("COR-2025-00007"), &admin())
                .await
        ),
        "NB005"
    );
    assert_eq!(app.audit_of("MANUAL_OVERRIDE").await.len(), 1);
}

#[tokio::test]
async fn a_higher_value_raises_the_counter_and_audits_the_skip() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    assert_eq!(app.reserve_cor().await.value, 1);

    let row = app
        .svc
        .register_manual(&manual("COR-2025-00010"), &admin())
        .await
        .unwrap();
    assert_eq!(row.state, NumberState::Confirmed);
    assert_eq!(row.source, NumberSource::Manual);
    assert_eq!(row.value, Some(10));
    assert_eq!(row.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(row.reason.as_deref(), Some("registered from the paper log"));
    assert_eq!(row.issued_by, "admin");
    assert_eq!(app.counter("COR|YEAR=2025").await, 10);

    let overrides = app.audit_of("MANUAL_OVERRIDE").await;
    assert_eq!(overrides.len(), 1);
    assert_eq!(
        overrides[0].document_number.as_deref(),
        Some("COR-2025-00010")
    );
    assert_eq!(overrides[0].new_value.as_deref(), Some("10"));
    assert_eq!(
        overrides[0].metadata["reason"],
        "registered from the paper log"
    );
    let skips = app.audit_of("SEQUENCE_SKIP").await;
    assert_eq!(skips.len(), 1);
    let skip = &skips[0];
    assert_eq!(skip.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(skip.old_value.as_deref(), Some("1"));
    assert_eq!(skip.new_value.as_deref(), Some("10"));
    assert_eq!(skip.metadata["registered"], 10);
    assert_eq!(skip.metadata["skipped_from"], 2);
    assert_eq!(skip.metadata["skipped_to"], 9);
    assert_eq!(skip.metadata["skipped"], serde_json::json!([[2, 9]]));
    assert_eq!(skip.metadata["document_number"], "COR-2025-00010");
    assert_eq!(skip.metadata["reason"], "registered from the paper log");
    assert!(overrides[0].id < skip.id);

    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00011");
}

#[tokio::test]
async fn a_lower_value_never_lowers_the_counter() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    app.svc
        .register_manual(&manual("COR-2025-00010"), &admin())
        .await
        .unwrap();
    app.svc
        .register_manual(&manual("COR-2025-00005"), &admin())
        .await
        .unwrap();
    assert_eq!(app.counter("COR|YEAR=2025").await, 10);
    assert_eq!(app.audit_of("SEQUENCE_SKIP").await.len(), 1);
    assert_eq!(app.audit_of("MANUAL_OVERRIDE").await.len(), 2);
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00011");
}

#[tokio::test]
async fn a_number_of_another_year_raises_that_years_counter() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    app.svc
        .register_manual(&manual("COR-2024-00042"), &admin())
        .await
        .unwrap();
    assert_eq!(app.counter("COR|YEAR=2024").await, 42);
    assert_eq!(app.counter("COR|YEAR=2025").await, 0);
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00001");
}

#[tokio::test]
async fn skip_validation_registers_an_uncounted_number() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    let req = ManualRequest {
        skip_validation: true,
        ..manual("LEGACY/42")
    };
    let row = app.svc.register_manual(&req, &admin()).await.unwrap();
    assert_eq!(row.document_number, "LEGACY/42");
    assert_eq!(row.value, None);
    assert_eq!(row.counter_key, None);
    assert!(app.audit_of("SEQUENCE_SKIP").await.is_empty());
    assert_eq!(
        err_code(app.svc.register_manual(&req, &admin()).await),
        "NB005"
    );
}

fn registration(
    series: &Arc<docnum_application::SeriesRecord>,
    number: &str,
    source: NumberSource,
    op: &OpContext,
) -> ManualRegistration {
    let manual = validate_manual_number(
        &series.series,
        &DocumentNumber::new(number).unwrap(),
        &Context::new(),
        false,
        op.now,
    )
    .unwrap();
    ManualRegistration {
        series: series.clone(),
        manual,
        reason: Reason::new("legacy import").unwrap(),
        metadata: serde_json::Value::Null,
        source,
        issued_at: crate::support::at("2020-01-01T00:00:00Z"),
        op: op.clone(),
    }
}

fn op_now(app: &crate::support::App) -> OpContext {
    OpContext {
        actor: Actor::user("importer"),
        now: app.now(),
        started: std::time::Instant::now(),
        fallback_used: false,
    }
}

#[tokio::test]
async fn registration_is_all_or_nothing() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    let series = Arc::new(app.svc.series("COR").await.unwrap());
    let op = op_now(&app);
    let audit_before = app.audit_of("CONFIG_CHANGE").await.len();

    // The second one repeats the first: nothing at all is written.
    let batch = vec![
        registration(&series, "COR-2024-00003", NumberSource::Import, &op),
        registration(&series, "COR-2024-00003", NumberSource::Import, &op),
    ];
    assert_eq!(err_code(app.store.register_manual(batch).await), "NB005");
    assert!(app.store.numbers().is_empty());
    assert_eq!(app.counter("COR|YEAR=2024").await, 0);
    assert!(app.audit_of("IMPORT").await.is_empty());
    assert!(app.audit_of("SEQUENCE_SKIP").await.is_empty());
    assert_eq!(app.audit_of("CONFIG_CHANGE").await.len(), audit_before);

    // A clean batch registers all, raises once to the highest value.
    let batch = vec![
        registration(&series, "COR-2024-00003", NumberSource::Import, &op),
        registration(&series, "COR-2024-00009", NumberSource::Import, &op),
        registration(&series, "COR-2024-00005", NumberSource::Import, &op),
    ];
    let rows = app.store.register_manual(batch).await.unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.source == NumberSource::Import));
    assert!(
        rows.iter()
            .all(|r| r.issued_at == crate::support::at("2020-01-01T00:00:00Z"))
    );
    assert_eq!(app.counter("COR|YEAR=2024").await, 9);
    assert_eq!(app.audit_of("IMPORT").await.len(), 3);
    let skips = app.audit_of("SEQUENCE_SKIP").await;
    assert_eq!(skips.len(), 1);
    let meta = &skips[0].metadata;
    assert_eq!(meta["document_number"], "COR-2024-00009");
    assert_eq!(meta["registered"], 9);
    assert_eq!(meta["skipped_from"], 1);
    assert_eq!(meta["skipped_to"], 8);
    // 3 and 5 were registered by the same call: only the rest was skipped.
    assert_eq!(meta["skipped"], serde_json::json!([[1, 2], [4, 4], [6, 8]]));
    assert_eq!(skips[0].old_value.as_deref(), Some("0"));
    assert_eq!(skips[0].new_value.as_deref(), Some("9"));
}

#[tokio::test]
async fn registering_the_next_value_raises_without_skipping() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&manual_cor()).await;
    app.reserve_cor().await;
    app.svc
        .register_manual(&manual("COR-2025-00002"), &admin())
        .await
        .unwrap();
    assert_eq!(app.counter("COR|YEAR=2025").await, 2);
    let skips = app.audit_of("SEQUENCE_SKIP").await;
    assert_eq!(skips.len(), 1);
    assert_eq!(skips[0].metadata["skipped"], serde_json::json!([]));
    assert!(skips[0].metadata.get("skipped_from").is_none());
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00003");
}
