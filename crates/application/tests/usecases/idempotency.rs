//! Idempotency-Key on reserve (spec §5.1).

use docnum_application::{Actor, ReserveRequest};
use serde_json::json;

use crate::support::{alice, app_at, code, cor, request};

fn keyed(key: &str, metadata: serde_json::Value) -> ReserveRequest {
    ReserveRequest {
        idempotency_key: Some(key.into()),
        metadata,
        ..request("COR")
    }
}

#[tokio::test]
async fn same_key_and_body_returns_the_original_reservation() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let req = keyed("k-1", json!({"subject": "site visit"}));
    let first = app.svc.reserve(&req, &alice()).await.unwrap();
    app.clock.advance_secs(30);
    let replay = app.svc.reserve(&req, &alice()).await.unwrap();
    assert_eq!(replay, first);
    assert_eq!(replay.document_number, "COR-2025-00001");
    assert_eq!(app.counter("COR|YEAR=2025").await, 1);
    assert_eq!(app.audit_of("RESERVE").await.len(), 1);
    assert_eq!(
        app.audit_of("RESERVE").await[0].metadata["idempotency_key"],
        "k-1"
    );

    // Still the same after the number was confirmed.
    app.svc.confirm(first.token, None, &alice()).await.unwrap();
    let later = app.svc.reserve(&req, &alice()).await.unwrap();
    assert_eq!(later.token, first.token);
    assert_eq!(later.document_number, first.document_number);
}

#[tokio::test]
async fn same_key_with_another_body_is_nb015() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    app.svc
        .reserve(&keyed("k-1", json!({"subject": "a"})), &alice())
        .await
        .unwrap();
    let err = app
        .svc
        .reserve(&keyed("k-1", json!({"subject": "b"})), &alice())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB015");
    assert!(err.to_string().contains("k-1"), "{err}");
    assert_eq!(app.counter("COR|YEAR=2025").await, 1);
}

#[tokio::test]
async fn another_user_with_the_same_key_is_independent() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let req = keyed("k-1", json!(null));
    let a = app.svc.reserve(&req, &alice()).await.unwrap();
    let b = app.svc.reserve(&req, &Actor::user("bob")).await.unwrap();
    assert_ne!(a.token, b.token);
    assert_eq!(a.document_number, "COR-2025-00001");
    assert_eq!(b.document_number, "COR-2025-00002");
    // And each replays their own.
    assert_eq!(app.svc.reserve(&req, &Actor::user("bob")).await.unwrap(), b);
}

#[tokio::test]
async fn an_empty_or_oversized_key_is_nb009() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    for bad in [String::new(), "k".repeat(201), "a\nb".to_owned()] {
        let err = app
            .svc
            .reserve(&keyed(&bad, json!(null)), &alice())
            .await
            .unwrap_err();
        assert_eq!(code(&err), "NB009", "{bad:?}");
    }
}
