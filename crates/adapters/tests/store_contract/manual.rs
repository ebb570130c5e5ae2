//! Manual override and import.

use docnum_application::NumberSource;
use docnum_domain::NumberState;

use super::{Store, audit_of, code, cor, counter, manual, reserve, reserve_n, t0};

pub async fn registration_raises_the_counter_and_audits_the_skip(store: Store) {
    let series = cor(&store).await;
    reserve_n(&store, &series, 2, t0()).await;
    let rows = store
        .register_manual(vec![manual(
            &series,
            "COR-2025-00010",
            NumberSource::Manual,
        )])
        .await
        .unwrap();
    let row = &rows[0];
    assert_eq!(row.state, NumberState::Confirmed);
    assert_eq!(row.source, NumberSource::Manual);
    assert_eq!(row.value, Some(10));
    assert_eq!(row.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(row.reason.as_deref(), Some("typed from the paper register"));
    assert_eq!(row.issued_by, "admin");
    assert!(row.confirmed_at.is_some());
    assert_eq!(
        store.find_by_token(row.token).await.unwrap().as_ref(),
        Some(row)
    );
    assert_eq!(counter(&store, &series).await, 10);

    let overrides = audit_of(&store, "MANUAL_OVERRIDE").await;
    assert_eq!(overrides.len(), 1);
    assert_eq!(
        overrides[0].document_number.as_deref(),
        Some("COR-2025-00010")
    );
    assert_eq!(
        overrides[0].metadata["reason"],
        "typed from the paper register"
    );
    let skips = audit_of(&store, "SEQUENCE_SKIP").await;
    assert_eq!(skips.len(), 1);
    let skip = &skips[0];
    assert_eq!(skip.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(skip.old_value.as_deref(), Some("2"));
    assert_eq!(skip.new_value.as_deref(), Some("10"));
    assert_eq!(skip.metadata["skipped_from"], 3);
    assert_eq!(skip.metadata["skipped_to"], 9);
    assert_eq!(skip.metadata["registered"], 10);

    // The next reservation continues after the registered value.
    assert_eq!(reserve(&store, &series, t0()).await.value, Some(11));
}

pub async fn registration_never_lowers_the_counter(store: Store) {
    let series = cor(&store).await;
    store
        .register_manual(vec![manual(
            &series,
            "COR-2025-00005",
            NumberSource::Manual,
        )])
        .await
        .unwrap();
    assert_eq!(counter(&store, &series).await, 5);
    store
        .register_manual(vec![manual(
            &series,
            "COR-2025-00003",
            NumberSource::Manual,
        )])
        .await
        .unwrap();
    assert_eq!(counter(&store, &series).await, 5);
    let skips = audit_of(&store, "SEQUENCE_SKIP").await;
    assert_eq!(skips.len(), 1, "{skips:?}");
    assert_eq!(skips[0].old_value.as_deref(), Some("0"));
    assert_eq!(skips[0].new_value.as_deref(), Some("5"));
    assert_eq!(audit_of(&store, "MANUAL_OVERRIDE").await.len(), 2);
    assert_eq!(reserve(&store, &series, t0()).await.value, Some(6));

    // One batch raising to its highest value; the skipped ranges leave out
    // the values the batch registered itself.
    store
        .register_manual(vec![
            manual(&series, "COR-2025-00009", NumberSource::Manual),
            manual(&series, "COR-2025-00012", NumberSource::Manual),
        ])
        .await
        .unwrap();
    assert_eq!(counter(&store, &series).await, 12);
    let skips = audit_of(&store, "SEQUENCE_SKIP").await;
    assert_eq!(skips.len(), 2);
    assert_eq!(skips[1].old_value.as_deref(), Some("6"));
    assert_eq!(skips[1].new_value.as_deref(), Some("12"));
    assert_eq!(
        skips[1].metadata["skipped"],
        serde_json::json!([[7, 8], [10, 11]])
    );
}

pub async fn duplicate_registration_is_nb005_and_all_or_nothing(store: Store) {
    let series = cor(&store).await;
    let taken = reserve(&store, &series, t0()).await;
    let err = store
        .register_manual(vec![
            manual(&series, "COR-2025-00020", NumberSource::Manual),
            manual(&series, &taken.document_number, NumberSource::Manual),
        ])
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB005", "{err}");
    assert!(err.to_string().contains(&taken.document_number), "{err}");
    assert!(
        store
            .find_numbers("COR-2025-00020")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(counter(&store, &series).await, 1);
    assert!(audit_of(&store, "MANUAL_OVERRIDE").await.is_empty());
    assert!(audit_of(&store, "SEQUENCE_SKIP").await.is_empty());

    // Twice in one batch.
    let err = store
        .register_manual(vec![
            manual(&series, "COR-2025-00030", NumberSource::Manual),
            manual(&series, "COR-2025-00030", NumberSource::Manual),
        ])
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB005", "{err}");
    assert!(
        store
            .find_numbers("COR-2025-00030")
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn import_is_audited_as_import(store: Store) {
    let series = cor(&store).await;
    let rows = store
        .register_manual(vec![
            manual(&series, "COR-2025-00001", NumberSource::Import),
            manual(&series, "COR-2025-00002", NumberSource::Import),
        ])
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.source == NumberSource::Import));
    assert_eq!(audit_of(&store, "IMPORT").await.len(), 2);
    assert!(audit_of(&store, "MANUAL_OVERRIDE").await.is_empty());
    let skips = audit_of(&store, "SEQUENCE_SKIP").await;
    assert_eq!(skips.len(), 1);
    assert_eq!(skips[0].metadata["skipped"], serde_json::json!([]));
    assert_eq!(counter(&store, &series).await, 2);
}
