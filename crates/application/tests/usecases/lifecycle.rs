//! Reserve → confirm / cancel / expire (spec §4, §5.1–5.3, §5.6).

use docnum_domain::NumberState;
use uuid::Uuid;

use crate::support::{alice, app_at, code, cor, err_code};

#[tokio::test]
async fn seed_flow_reserve_confirm_cancel() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;

    let r = app.reserve_cor().await;
    assert_eq!(r.document_number, "COR-2025-00001");
    assert_eq!(r.document_type, "COR");
    assert_eq!(r.value, 1);
    assert_eq!(r.counter_key, "COR|YEAR=2025");
    assert_eq!(r.scope_value, "YEAR=2025");
    assert_eq!(r.expires_at, crate::support::at("2025-06-15T10:05:00Z"));

    app.clock.advance_secs(10);
    let c = app
        .svc
        .confirm(r.token, Some("DOC-1"), &alice())
        .await
        .unwrap();
    assert_eq!(c.document_number, "COR-2025-00001");
    assert_eq!(c.confirmed_at, crate::support::at("2025-06-15T10:00:10Z"));
    assert_eq!(c.number.state, NumberState::Confirmed);
    assert_eq!(c.number.document_ref.as_deref(), Some("DOC-1"));

    // Confirming again is idempotent: the same answer, even later.
    app.clock.advance_secs(3600);
    let again = app
        .svc
        .confirm(r.token, Some("DOC-1"), &alice())
        .await
        .unwrap();
    assert_eq!(again, c);
    assert_eq!(app.audit_of("CONFIRM").await.len(), 1);

    // A cancelled number is never reused.
    let r2 = app.reserve_cor().await;
    assert_eq!(r2.document_number, "COR-2025-00002");
    let cancelled = app
        .svc
        .cancel(r2.token, Some("typo"), &alice())
        .await
        .unwrap();
    assert_eq!(cancelled.state, NumberState::Cancelled);
    assert_eq!(cancelled.reason.as_deref(), Some("typo"));
    // Cancelling twice is a no-op.
    let twice = app.svc.cancel(r2.token, None, &alice()).await.unwrap();
    assert_eq!(twice, cancelled);
    assert_eq!(app.audit_of("CANCEL").await.len(), 1);

    let r3 = app.reserve_cor().await;
    assert_eq!(r3.document_number, "COR-2025-00003");
    assert_eq!(app.counter("COR|YEAR=2025").await, 3);
}

#[tokio::test]
async fn reserve_is_audited_with_counter_values_and_request_details() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let r1 = app.reserve_cor().await;
    let r2 = app.reserve_cor().await;
    let entries = app.audit_of("RESERVE").await;
    assert_eq!(entries.len(), 2);
    let e = &entries[1];
    assert_eq!(e.document_type, "COR");
    assert_eq!(e.document_number.as_deref(), Some("COR-2025-00002"));
    assert_eq!(e.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(e.template.as_deref(), Some("COR-{YYYY}-{SEQ:5}"));
    assert_eq!(e.old_value.as_deref(), Some("1"));
    assert_eq!(e.new_value.as_deref(), Some("2"));
    assert_eq!(e.user_id, "alice");
    assert_eq!(e.ip.as_deref(), Some("10.0.0.7"));
    assert_eq!(e.user_agent.as_deref(), Some("docnum-tests/1"));
    assert!(!e.fallback_used);
    assert!(e.duration_ms >= 0);
    assert_eq!(e.occurred_at, crate::support::at("2025-06-15T10:00:00Z"));
    assert_eq!(e.metadata["token"], r2.token.to_string());
    assert_eq!(entries[0].metadata["token"], r1.token.to_string());
    assert!(entries[0].id < entries[1].id);
}

#[tokio::test]
async fn confirm_of_an_unknown_token_is_nb004() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    assert_eq!(
        err_code(app.svc.confirm(Uuid::new_v4(), None, &alice()).await),
        "NB004"
    );
    assert_eq!(
        err_code(app.svc.cancel(Uuid::new_v4(), None, &alice()).await),
        "NB004"
    );
}

#[tokio::test]
async fn confirm_of_a_cancelled_token_is_nb004_naming_the_state() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let r = app.reserve_cor().await;
    app.svc.cancel(r.token, None, &alice()).await.unwrap();
    let err = app.svc.confirm(r.token, None, &alice()).await.unwrap_err();
    assert_eq!(code(&err), "NB004");
    assert!(err.to_string().contains("CANCELLED"), "{err}");
}

#[tokio::test]
async fn cancel_of_a_confirmed_number_is_nb016_use_void() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let r = app.reserve_cor().await;
    app.svc.confirm(r.token, None, &alice()).await.unwrap();
    let err = app.svc.cancel(r.token, None, &alice()).await.unwrap_err();
    assert_eq!(code(&err), "NB016");
    assert!(err.to_string().contains("void"), "{err}");
    let row = app.store.numbers().pop().unwrap();
    assert_eq!(row.state, NumberState::Confirmed);
}

#[tokio::test]
async fn confirm_after_expiry_is_nb004_and_marks_the_row_expired() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let r = app.reserve_cor().await;
    // Exactly at expires_at the reservation has lapsed.
    app.clock.advance_secs(300);
    let err = app.svc.confirm(r.token, None, &alice()).await.unwrap_err();
    assert_eq!(code(&err), "NB004");
    assert!(err.to_string().contains("expired"), "{err}");

    let rows = app.store.numbers();
    assert_eq!(rows[0].state, NumberState::Expired);
    assert_eq!(rows[0].closed_at, Some(app.now()));
    let expired = app.audit_of("EXPIRE").await;
    assert_eq!(expired.len(), 1);
    assert_eq!(
        expired[0].document_number.as_deref(),
        Some("COR-2025-00001")
    );
    assert_eq!(expired[0].old_value.as_deref(), Some("RESERVED"));
    assert_eq!(expired[0].new_value.as_deref(), Some("EXPIRED"));
    assert_eq!(expired[0].metadata["token"], r.token.to_string());
    assert!(app.audit_of("CONFIRM").await.is_empty());

    // Still NB004, and no second EXPIRE entry.
    assert_eq!(
        err_code(app.svc.confirm(r.token, None, &alice()).await),
        "NB004"
    );
    assert_eq!(app.audit_of("EXPIRE").await.len(), 1);
    // The value is never reused.
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00002");
}

#[tokio::test]
async fn confirm_just_before_expiry_succeeds() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let r = app.reserve_cor().await;
    app.clock.advance_secs(299);
    assert!(app.svc.confirm(r.token, None, &alice()).await.is_ok());
}

#[tokio::test]
async fn cancel_after_expiry_is_nb004() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let r = app.reserve_cor().await;
    app.clock.advance_secs(301);
    assert_eq!(
        err_code(app.svc.cancel(r.token, None, &alice()).await),
        "NB004"
    );
    assert_eq!(app.store.numbers()[0].state, NumberState::Expired);
}

#[tokio::test]
async fn expire_reservations_marks_due_rows_and_audits_each() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let a = app.reserve_cor().await;
    let b = app.reserve_cor().await;
    let c = app.reserve_cor().await;
    app.svc.confirm(b.token, None, &alice()).await.unwrap();
    app.clock.advance_secs(200);
    let fresh = app.reserve_cor().await;
    app.clock.advance_secs(150); // a and c are due, fresh is not

    assert_eq!(app.svc.expire_reservations().await.unwrap(), 2);
    let state = |t| {
        app.store
            .numbers()
            .into_iter()
            .find(|r| r.token == t)
            .unwrap()
            .state
    };
    assert_eq!(state(a.token), NumberState::Expired);
    assert_eq!(state(b.token), NumberState::Confirmed);
    assert_eq!(state(c.token), NumberState::Expired);
    assert_eq!(state(fresh.token), NumberState::Reserved);
    let entries = app.audit_of("EXPIRE").await;
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e.user_id == "system"));

    // Running it again is harmless.
    assert_eq!(app.svc.expire_reservations().await.unwrap(), 0);
    assert_eq!(app.audit_of("EXPIRE").await.len(), 2);
    // The fresh one is still confirmable.
    assert!(app.svc.confirm(fresh.token, None, &alice()).await.is_ok());
}

#[tokio::test]
async fn the_period_is_fixed_at_reserve_time() {
    let app = app_at("2025-12-31T23:59:59Z");
    app.create(&cor()).await;
    let r = app.reserve_cor().await;
    app.clock.advance_secs(2); // now 2026
    let c = app.svc.confirm(r.token, None, &alice()).await.unwrap();
    assert_eq!(c.document_number, "COR-2025-00001");
    // A new period starts a new counter at 1; the old one is kept.
    assert_eq!(app.reserve_cor().await.document_number, "COR-2026-00001");
    assert_eq!(app.counter("COR|YEAR=2025").await, 1);
    assert_eq!(app.counter("COR|YEAR=2026").await, 1);
}
