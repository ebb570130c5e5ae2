//! Void and replace.

use std::sync::Arc;

use docnum_application::NumberSource;
use docnum_application::ports::VoidRequest;
use docnum_domain::{NumberState, Reason};

use super::{Store, at, audit_of, batch, cor, counter, draft, op, reserve, t0};

fn request(
    number: &str,
    replacement: Option<docnum_application::ports::AllocationBatch>,
) -> VoidRequest {
    VoidRequest {
        namespace: "default".to_owned(),
        document_number: number.to_owned(),
        reason: Reason::for_void("sent to the wrong contractor").unwrap(),
        replacement,
        op: op("carol", at(100)),
    }
}

async fn confirmed(
    store: &Store,
    series: &std::sync::Arc<docnum_application::SeriesRecord>,
) -> docnum_application::IssuedNumber {
    let n = reserve(store, series, t0()).await;
    store
        .confirm(n.token, None, &op("alice", at(1)))
        .await
        .unwrap();
    store.find_by_token(n.token).await.unwrap().unwrap()
}

pub async fn void_and_replace_link_both_ways(store: Store) {
    let series = cor(&store).await;
    let a = confirmed(&store, &series).await;
    let mut d = draft("carol", at(100));
    d.expires_at = at(100);
    let done = store
        .void(request(
            &a.document_number,
            Some(Arc::unwrap_or_clone(batch(&series, vec![d]))),
        ))
        .await
        .unwrap()
        .expect("voided");
    let b = done.replacement.expect("replacement");
    assert_eq!(done.voided.state, NumberState::Voided);
    assert_eq!(done.voided.closed_at, Some(at(100)));
    assert_eq!(
        done.voided.reason.as_deref(),
        Some("sent to the wrong contractor")
    );
    assert_eq!(
        done.voided.replaced_by.as_deref(),
        Some(b.document_number.as_str())
    );
    assert_eq!(b.state, NumberState::Confirmed);
    assert_eq!(b.source, NumberSource::Replacement);
    assert_eq!(b.confirmed_at, Some(at(100)));
    assert_eq!(b.value, Some(2));
    assert_eq!(b.replaces.as_deref(), Some(a.document_number.as_str()));
    assert_eq!(b.issued_by, "carol");
    assert_eq!(counter(&store, &series).await, 2);

    // Both links are stored.
    let stored_a = store.find_numbers(&a.document_number).await.unwrap();
    assert_eq!(stored_a, vec![done.voided.clone()]);
    let stored_b = store.find_numbers(&b.document_number).await.unwrap();
    assert_eq!(stored_b, vec![b.clone()]);

    let voids = audit_of(&store, "VOID").await;
    assert_eq!(voids.len(), 1);
    assert_eq!(
        voids[0].document_number.as_deref(),
        Some(a.document_number.as_str())
    );
    assert_eq!(voids[0].user_id, "carol");
    assert_eq!(voids[0].metadata["reason"], "sent to the wrong contractor");
    let replaces = audit_of(&store, "REPLACE").await;
    assert_eq!(replaces.len(), 1);
    assert_eq!(
        replaces[0].document_number.as_deref(),
        Some(b.document_number.as_str())
    );
    assert_eq!(replaces[0].old_value.as_deref(), Some("1"));
    assert_eq!(replaces[0].new_value.as_deref(), Some("2"));
    assert!(voids[0].id < replaces[0].id);
    // The replacement came straight from the counter: no RESERVE row for it.
    assert_eq!(audit_of(&store, "RESERVE").await.len(), 1);
}

pub async fn void_without_replacement(store: Store) {
    let series = cor(&store).await;
    let a = confirmed(&store, &series).await;
    let done = store
        .void(request(&a.document_number, None))
        .await
        .unwrap()
        .expect("voided");
    assert_eq!(done.voided.state, NumberState::Voided);
    assert!(done.replacement.is_none());
    assert_eq!(done.voided.replaced_by, None);
    assert_eq!(counter(&store, &series).await, 1);
    assert_eq!(audit_of(&store, "VOID").await.len(), 1);
    assert!(audit_of(&store, "REPLACE").await.is_empty());
}

pub async fn void_of_a_non_confirmed_number_is_none(store: Store) {
    let series = cor(&store).await;
    let reserved = reserve(&store, &series, t0()).await;
    let mut d = draft("carol", at(100));
    d.expires_at = at(100);
    let outcome = store
        .void(request(
            &reserved.document_number,
            Some(Arc::unwrap_or_clone(batch(&series, vec![d]))),
        ))
        .await
        .unwrap();
    assert!(outcome.is_none());
    // Nothing was written: no state change, no replacement drawn.
    assert_eq!(
        store
            .find_by_token(reserved.token)
            .await
            .unwrap()
            .unwrap()
            .state,
        NumberState::Reserved
    );
    assert_eq!(counter(&store, &series).await, 1);
    assert!(
        store
            .void(request("COR-2025-99999", None))
            .await
            .unwrap()
            .is_none()
    );

    // Voiding twice: the second finds no CONFIRMED row.
    let a = confirmed(&store, &series).await;
    assert!(
        store
            .void(request(&a.document_number, None))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .void(request(&a.document_number, None))
            .await
            .unwrap()
            .is_none()
    );
    // Another namespace does not match.
    let mut elsewhere = request(&a.document_number, None);
    "other".clone_into(&mut elsewhere.namespace);
    assert!(store.void(elsewhere).await.unwrap().is_none());
    assert_eq!(audit_of(&store, "VOID").await.len(), 1);
    assert!(audit_of(&store, "REPLACE").await.is_empty());
}
