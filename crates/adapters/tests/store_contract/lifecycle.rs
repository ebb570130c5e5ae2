//! Confirm and cancel: guarded, idempotent, audited; expiry found on the way.

use docnum_application::ports::GuardedChange;
use docnum_domain::NumberState;

use super::{Store, TTL_SECS, at, audit_of, cor, op, reserve, t0};

fn applied(change: GuardedChange) -> docnum_application::IssuedNumber {
    match change {
        GuardedChange::Applied(row) => row,
        other => panic!("expected Applied, got {other:?}"),
    }
}

fn not_applied(change: GuardedChange) -> docnum_application::IssuedNumber {
    match change {
        GuardedChange::NotApplied(row) => row,
        other => panic!("expected NotApplied, got {other:?}"),
    }
}

pub async fn confirm_applies_once_and_is_audited(store: Store) {
    let series = cor(&store).await;
    let n = reserve(&store, &series, t0()).await;
    let row = applied(
        store
            .confirm(n.token, Some("DOC-42"), &op("alice", at(10)))
            .await
            .unwrap(),
    );
    assert_eq!(row.state, NumberState::Confirmed);
    assert_eq!(row.confirmed_at, Some(at(10)));
    assert_eq!(row.document_ref.as_deref(), Some("DOC-42"));
    assert_eq!(row.document_number, n.document_number);

    let again = not_applied(
        store
            .confirm(n.token, Some("DOC-43"), &op("alice", at(20)))
            .await
            .unwrap(),
    );
    assert_eq!(again.state, NumberState::Confirmed);
    assert_eq!(again.confirmed_at, Some(at(10)));
    assert_eq!(again.document_ref.as_deref(), Some("DOC-42"));

    let confirms = audit_of(&store, "CONFIRM").await;
    assert_eq!(confirms.len(), 1);
    assert_eq!(
        confirms[0].document_number.as_deref(),
        Some(n.document_number.as_str())
    );
    assert_eq!(confirms[0].old_value.as_deref(), Some("RESERVED"));
    assert_eq!(confirms[0].new_value.as_deref(), Some("CONFIRMED"));
    assert_eq!(confirms[0].occurred_at, at(10));
}

pub async fn confirm_after_ttl_marks_expired(store: Store) {
    let series = cor(&store).await;
    let n = reserve(&store, &series, t0()).await;
    // Exactly at expires_at the reservation is gone.
    let row = not_applied(
        store
            .confirm(n.token, None, &op("alice", at(TTL_SECS)))
            .await
            .unwrap(),
    );
    assert_eq!(row.state, NumberState::Expired);
    assert_eq!(row.closed_at, Some(at(TTL_SECS)));
    assert_eq!(row.confirmed_at, None);
    let stored = store.find_by_token(n.token).await.unwrap().unwrap();
    assert_eq!(stored.state, NumberState::Expired);
    let expires = audit_of(&store, "EXPIRE").await;
    assert_eq!(expires.len(), 1);
    assert_eq!(
        expires[0].document_number.as_deref(),
        Some(n.document_number.as_str())
    );
    assert!(audit_of(&store, "CONFIRM").await.is_empty());

    // Asking again changes nothing and audits nothing more.
    let again = not_applied(
        store
            .confirm(n.token, None, &op("alice", at(TTL_SECS + 5)))
            .await
            .unwrap(),
    );
    assert_eq!(again.state, NumberState::Expired);
    assert_eq!(audit_of(&store, "EXPIRE").await.len(), 1);
    // The expiry job has nothing left to do.
    assert_eq!(
        store
            .expire_due(10, &op("system", at(TTL_SECS + 10)))
            .await
            .unwrap(),
        0
    );
}

pub async fn unknown_token_is_not_found(store: Store) {
    cor(&store).await;
    let token = uuid::Uuid::new_v4();
    assert_eq!(
        store
            .confirm(token, None, &op("alice", t0()))
            .await
            .unwrap(),
        GuardedChange::NotFound
    );
    assert_eq!(
        store.cancel(token, None, &op("alice", t0())).await.unwrap(),
        GuardedChange::NotFound
    );
    assert!(store.find_by_token(token).await.unwrap().is_none());
}

pub async fn cancel_is_guarded(store: Store) {
    let series = cor(&store).await;
    let n = reserve(&store, &series, t0()).await;
    let row = applied(
        store
            .cancel(n.token, Some("typo in the subject"), &op("alice", at(5)))
            .await
            .unwrap(),
    );
    assert_eq!(row.state, NumberState::Cancelled);
    assert_eq!(row.closed_at, Some(at(5)));
    assert_eq!(row.reason.as_deref(), Some("typo in the subject"));

    let again = not_applied(
        store
            .cancel(n.token, None, &op("alice", at(6)))
            .await
            .unwrap(),
    );
    assert_eq!(again.state, NumberState::Cancelled);
    assert_eq!(again.reason.as_deref(), Some("typo in the subject"));
    let confirm = not_applied(
        store
            .confirm(n.token, None, &op("alice", at(7)))
            .await
            .unwrap(),
    );
    assert_eq!(confirm.state, NumberState::Cancelled);

    // A confirmed number cannot be cancelled.
    let m = reserve(&store, &series, t0()).await;
    applied(
        store
            .confirm(m.token, None, &op("alice", at(8)))
            .await
            .unwrap(),
    );
    let refused = not_applied(
        store
            .cancel(m.token, None, &op("alice", at(9)))
            .await
            .unwrap(),
    );
    assert_eq!(refused.state, NumberState::Confirmed);

    let cancels = audit_of(&store, "CANCEL").await;
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].metadata["reason"], "typo in the subject");
    assert_eq!(cancels[0].old_value.as_deref(), Some("RESERVED"));
    assert_eq!(cancels[0].new_value.as_deref(), Some("CANCELLED"));
    assert_eq!(audit_of(&store, "CONFIRM").await.len(), 1);
}

pub async fn cancel_after_ttl_marks_expired(store: Store) {
    let series = cor(&store).await;
    let n = reserve(&store, &series, t0()).await;
    let row = not_applied(
        store
            .cancel(n.token, Some("late"), &op("alice", at(TTL_SECS + 1)))
            .await
            .unwrap(),
    );
    assert_eq!(row.state, NumberState::Expired);
    assert_eq!(row.reason, None);
    assert_eq!(audit_of(&store, "EXPIRE").await.len(), 1);
    assert!(audit_of(&store, "CANCEL").await.is_empty());
}
