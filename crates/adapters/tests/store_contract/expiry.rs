//! The expiry job.

use docnum_domain::NumberState;

use super::{Store, TTL_SECS, at, audit_of, cor, op, reserve, reserve_n, t0};

pub async fn expire_due_counts_audits_and_is_idempotent(store: Store) {
    let series = cor(&store).await;
    let early = reserve_n(&store, &series, 3, t0()).await;
    let late = reserve(&store, &series, at(100)).await;
    store
        .confirm(early[0].token, None, &op("alice", at(1)))
        .await
        .unwrap();

    // Not yet due.
    assert_eq!(
        store
            .expire_due(100, &op("system", at(TTL_SECS - 1)))
            .await
            .unwrap(),
        0
    );
    // Due: the two unconfirmed early ones, not the later one.
    assert_eq!(
        store
            .expire_due(100, &op("system", at(TTL_SECS)))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .expire_due(100, &op("system", at(TTL_SECS)))
            .await
            .unwrap(),
        0
    );

    for (token, state) in [
        (early[0].token, NumberState::Confirmed),
        (early[1].token, NumberState::Expired),
        (early[2].token, NumberState::Expired),
        (late.token, NumberState::Reserved),
    ] {
        assert_eq!(
            store.find_by_token(token).await.unwrap().unwrap().state,
            state
        );
    }
    let expired = store.find_by_token(early[1].token).await.unwrap().unwrap();
    assert_eq!(expired.closed_at, Some(at(TTL_SECS)));

    let entries = audit_of(&store, "EXPIRE").await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].user_id, "system");
    assert_eq!(entries[0].old_value.as_deref(), Some("RESERVED"));
    assert_eq!(entries[0].new_value.as_deref(), Some("EXPIRED"));
    let numbers: Vec<_> = entries
        .iter()
        .filter_map(|e| e.document_number.clone())
        .collect();
    assert_eq!(
        numbers,
        [
            early[1].document_number.clone(),
            early[2].document_number.clone()
        ]
    );
}

pub async fn expire_due_respects_the_limit(store: Store) {
    let series = cor(&store).await;
    reserve_n(&store, &series, 5, t0()).await;
    let later = op("system", at(TTL_SECS + 1));
    assert_eq!(store.expire_due(2, &later).await.unwrap(), 2);
    assert_eq!(store.expire_due(2, &later).await.unwrap(), 2);
    assert_eq!(store.expire_due(2, &later).await.unwrap(), 1);
    assert_eq!(store.expire_due(2, &later).await.unwrap(), 0);
    assert_eq!(audit_of(&store, "EXPIRE").await.len(), 5);
}
