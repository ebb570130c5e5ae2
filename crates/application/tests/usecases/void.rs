//! Void and replace (spec §5.5).

use docnum_application::{NumberSource, SeriesConfig};
use docnum_domain::NumberState;

use crate::support::{admin, alice, app_at, code, cor, err_code};

const REASON: &str = "issued to the wrong contractor";

#[tokio::test]
async fn void_and_replace_builds_a_chain_readable_from_any_member() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let a = app.confirmed_cor().await;
    assert_eq!(a, "COR-2025-00001");

    let first = app
        .svc
        .void(&a, None, REASON, true, &admin())
        .await
        .unwrap();
    assert_eq!(first.voided.document_number, a);
    assert_eq!(first.voided.state, NumberState::Voided);
    assert_eq!(first.voided.reason.as_deref(), Some(REASON));
    let b = first.replacement.unwrap();
    assert_eq!(b.document_number, "COR-2025-00002");
    assert_eq!(b.state, NumberState::Confirmed);
    assert_eq!(b.source, NumberSource::Replacement);
    assert_eq!(b.replaces.as_deref(), Some(a.as_str()));
    assert_eq!(
        first.voided.replaced_by.as_deref(),
        Some(b.document_number.as_str())
    );
    assert!(b.confirmed_at.is_some());
    assert_eq!(b.expires_at, None);

    let second = app
        .svc
        .void(&b.document_number, None, REASON, true, &admin())
        .await
        .unwrap();
    let c = second.replacement.unwrap();
    assert_eq!(c.document_number, "COR-2025-00003");

    let chain = vec![
        a.clone(),
        b.document_number.clone(),
        c.document_number.clone(),
    ];
    for member in &chain {
        let details = app.svc.number(member, None).await.unwrap();
        assert_eq!(&details.number.document_number, member);
        assert_eq!(details.chain, chain, "{member}");
    }
    let a_row = app.svc.number(&a, None).await.unwrap().number;
    assert_eq!(a_row.state, NumberState::Voided);
    let b_row = app
        .svc
        .number(&b.document_number, None)
        .await
        .unwrap()
        .number;
    assert_eq!(b_row.state, NumberState::Voided);
    assert_eq!(b_row.replaces.as_deref(), Some(a.as_str()));
    assert_eq!(
        b_row.replaced_by.as_deref(),
        Some(c.document_number.as_str())
    );

    let voids = app.audit_of("VOID").await;
    assert_eq!(voids.len(), 2);
    assert_eq!(voids[0].document_number.as_deref(), Some(a.as_str()));
    assert_eq!(voids[0].old_value.as_deref(), Some("CONFIRMED"));
    assert_eq!(voids[0].new_value.as_deref(), Some("VOIDED"));
    assert_eq!(voids[0].metadata["reason"], REASON);
    let replaces = app.audit_of("REPLACE").await;
    assert_eq!(replaces.len(), 2);
    assert_eq!(
        replaces[0].document_number.as_deref(),
        Some("COR-2025-00002")
    );
    assert_eq!(replaces[0].metadata["replaces"], a.as_str());
    assert_eq!(replaces[0].old_value.as_deref(), Some("1"));
    assert_eq!(replaces[0].new_value.as_deref(), Some("2"));
    assert!(voids[0].id < replaces[0].id);
    // The replacement took a value from the counter: the next reserve follows.
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00004");
}

#[tokio::test]
async fn void_without_replace_only_voids() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let a = app.confirmed_cor().await;
    let out = app
        .svc
        .void(&a, None, REASON, false, &admin())
        .await
        .unwrap();
    assert_eq!(out.voided.state, NumberState::Voided);
    assert_eq!(out.voided.replaced_by, None);
    assert!(out.replacement.is_none());
    assert_eq!(
        app.svc.number(&a, None).await.unwrap().chain,
        vec![a.clone()]
    );
    assert!(app.audit_of("REPLACE").await.is_empty());
    // Voiding twice is refused.
    assert_eq!(
        err_code(app.svc.void(&a, None, REASON, false, &admin()).await),
        "NB016"
    );
}

#[tokio::test]
async fn only_confirmed_numbers_can_be_voided_nb016() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let reserved = app.reserve_cor().await;
    let err = app
        .svc
        .void(&reserved.document_number, None, REASON, true, &admin())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB016");
    let cancelled = app.reserve_cor().await;
    app.svc
        .cancel(cancelled.token, None, &alice())
        .await
        .unwrap();
    assert_eq!(
        err_code(
            app.svc
                .void(&cancelled.document_number, None, REASON, false, &admin())
                .await
        ),
        "NB016"
    );
    assert!(app.audit_of("VOID").await.is_empty());
    assert_eq!(app.counter("COR|YEAR=2025").await, 2);
}

#[tokio::test]
async fn a_void_reason_under_ten_characters_is_nb009() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let a = app.confirmed_cor().await;
    let err = app
        .svc
        .void(&a, None, "  too short ", false, &admin())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB009");
    assert_eq!(
        app.svc.number(&a, None).await.unwrap().number.state,
        NumberState::Confirmed
    );
}

#[tokio::test]
async fn voiding_an_unknown_number_is_nb018() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    assert_eq!(
        err_code(
            app.svc
                .void("COR-2025-99999", None, REASON, false, &admin())
                .await
        ),
        "NB018"
    );
}

#[tokio::test]
async fn a_replacement_that_cannot_be_issued_leaves_the_number_confirmed() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig {
        max_value: 1,
        ..cor()
    })
    .await;
    let a = app.confirmed_cor().await;
    assert_eq!(
        err_code(app.svc.void(&a, None, REASON, true, &admin()).await),
        "NB002"
    );
    let row = app.svc.number(&a, None).await.unwrap().number;
    assert_eq!(row.state, NumberState::Confirmed);
    assert_eq!(row.replaced_by, None);
    assert!(app.audit_of("VOID").await.is_empty());
    assert_eq!(app.counter("COR|YEAR=2025").await, 1);
}
