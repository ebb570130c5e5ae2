//! Allocation: values, counters, NB002, idempotency, NB005, no reuse.

use docnum_application::{AppError, NumberSource, SeriesConfig};
use docnum_domain::{NumberState, Period};

use super::{
    Store, TTL_SECS, at, audit_all, audit_of, batch, claimed, code, cor, counter, create, draft,
    op, reserve, reserve_n, t0,
};

pub async fn values_are_handed_out_in_order(store: Store) {
    let series = cor(&store).await;
    let first = reserve_n(&store, &series, 3, t0()).await;
    let values: Vec<_> = first.iter().map(|n| n.value).collect();
    assert_eq!(values, [Some(1), Some(2), Some(3)]);
    let next = reserve(&store, &series, t0()).await;
    assert_eq!(next.value, Some(4));
    assert_eq!(next.document_number, "COR-2025-00004");
    assert_eq!(next.state, NumberState::Reserved);
    assert_eq!(next.source, NumberSource::Reserve);
    assert_eq!(next.issued_by, "alice");
    assert_eq!(next.namespace, "default");
    assert_eq!(next.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(next.template, "COR-{YYYY}-{SEQ:5}");
    assert_eq!(next.issued_at, t0());
    assert_eq!(next.expires_at, Some(at(TTL_SECS)));
    assert_eq!(next.metadata, serde_json::json!({ "by": "alice" }));
    assert_eq!(counter(&store, &series).await, 4);

    // What allocate returned is what is stored.
    let stored = store.find_by_token(next.token).await.unwrap().unwrap();
    assert_eq!(stored, next);

    let reserves = audit_of(&store, "RESERVE").await;
    assert_eq!(reserves.len(), 4);
    let last = &reserves[3];
    assert_eq!(last.document_number.as_deref(), Some("COR-2025-00004"));
    assert_eq!(last.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(last.template.as_deref(), Some("COR-{YYYY}-{SEQ:5}"));
    assert_eq!(last.old_value.as_deref(), Some("3"));
    assert_eq!(last.new_value.as_deref(), Some("4"));
    assert_eq!(last.user_id, "alice");
    assert_eq!(last.ip.as_deref(), Some("192.0.2.7"));
    assert_eq!(last.user_agent.as_deref(), Some("contract-test"));
    assert!(!last.fallback_used);
    assert_eq!(last.metadata["token"], serde_json::json!(next.token));
}

pub async fn counters_are_independent(store: Store) {
    let series = cor(&store).await;
    reserve_n(&store, &series, 2, t0()).await;
    let mut next_year = draft("bob", t0());
    next_year.period = Period::new(2026, 1).unwrap();
    let rows = store
        .allocate(batch(&series, vec![next_year]))
        .await
        .unwrap();
    assert_eq!(rows[0].value, Some(1));
    assert_eq!(rows[0].document_number, "COR-2026-00001");
    assert_eq!(rows[0].counter_key.as_deref(), Some("COR|YEAR=2026"));
    assert_eq!(counter(&store, &series).await, 2);
}

pub async fn exhausted_counter_is_nb002_and_writes_nothing(store: Store) {
    let mut config = super::cor_config();
    config.max_value = 3;
    let series = create(&store, config).await;
    reserve_n(&store, &series, 2, t0()).await;
    let audit_before = audit_all(&store).await.len();

    // A batch that would pass max_value fails as a whole.
    let two = vec![draft("alice", t0()), draft("alice", t0())];
    let err = store.allocate(batch(&series, two)).await.unwrap_err();
    assert_eq!(code(&err), "NB002", "{err}");
    assert_eq!(counter(&store, &series).await, 2);

    reserve(&store, &series, t0()).await;
    let err = store
        .allocate(batch(&series, vec![draft("alice", t0())]))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB002", "{err}");
    assert!(err.to_string().contains("COR|YEAR=2025"), "{err}");
    assert_eq!(counter(&store, &series).await, 3);
    assert_eq!(audit_all(&store).await.len(), audit_before + 1);

    // A new counter that cannot fit the batch is not even created.
    let mut other = draft("alice", t0());
    other.period = Period::new(2026, 1).unwrap();
    let drafts = vec![other.clone(), other.clone(), other.clone(), other];
    let drafts = drafts
        .into_iter()
        .map(|mut d| {
            d.token = uuid::Uuid::new_v4();
            d
        })
        .collect();
    let b = batch(&series, drafts);
    let key = b.counter_key.clone();
    assert_eq!(code(&store.allocate(b).await.unwrap_err()), "NB002");
    assert_eq!(store.counter_value(&key).await.unwrap(), 0);
    let status = store.counter_status("COR").await.unwrap();
    assert_eq!(status.len(), 1, "{status:?}");
}

pub async fn idempotency_key_is_unique_per_user(store: Store) {
    let series = cor(&store).await;
    let first = store
        .allocate(batch(&series, vec![claimed("alice", "k-1", "{\"a\":1}")]))
        .await
        .unwrap()
        .remove(0);
    let err = store
        .allocate(batch(&series, vec![claimed("alice", "k-1", "{\"a\":1}")]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::IdempotencyConflict(k) if k == "k-1"),
        "{err:?}"
    );
    // The failed attempt consumed nothing.
    assert_eq!(counter(&store, &series).await, 1);
    // Another user may use the same key.
    let other = store
        .allocate(batch(&series, vec![claimed("bob", "k-1", "{\"b\":2}")]))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(other.value, Some(2));

    let (row, fingerprint) = store
        .find_by_idempotency_key("alice", "k-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.token, first.token);
    assert_eq!(fingerprint, "{\"a\":1}");
    let (row, _) = store
        .find_by_idempotency_key("bob", "k-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.token, other.token);
    assert!(
        store
            .find_by_idempotency_key("carol", "k-1")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(audit_of(&store, "RESERVE").await.len(), 2);
}

pub async fn cancelled_and_expired_values_are_never_reused(store: Store) {
    let series = cor(&store).await;
    let a = reserve(&store, &series, t0()).await;
    store
        .cancel(a.token, Some("not needed"), &op("alice", at(1)))
        .await
        .unwrap();
    let b = reserve(&store, &series, at(2)).await;
    assert_eq!(b.value, Some(2));
    let expired = store
        .expire_due(100, &op("system", at(2 + TTL_SECS)))
        .await
        .unwrap();
    assert_eq!(expired, 1);
    let c = reserve(&store, &series, at(3 + TTL_SECS)).await;
    assert_eq!(c.value, Some(3));
    assert_eq!(
        store.find_by_token(a.token).await.unwrap().unwrap().state,
        NumberState::Cancelled
    );
    assert_eq!(
        store.find_by_token(b.token).await.unwrap().unwrap().state,
        NumberState::Expired
    );
}

pub async fn a_batch_drawn_with_an_old_series_version_is_refused(store: Store) {
    let series = cor(&store).await;
    reserve_n(&store, &series, 2, t0()).await;
    let six = SeriesConfig {
        template: "COR-{YYYY}-{SEQ:6}".into(),
        ..super::cor_config()
    };
    store
        .update_series(&six, 1, "six digits from now on", &op("admin", at(1)))
        .await
        .unwrap();
    let audit_before = audit_all(&store).await.len();

    // `series` is still version 1, as a cache on another instance would be.
    let err = store
        .allocate(batch(
            &series,
            vec![draft("alice", t0()), draft("bob", t0())],
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::SeriesChanged(ref t) if t == "COR"),
        "{err:?}"
    );
    assert_eq!(code(&err), "NB003");
    assert_eq!(counter(&store, &series).await, 2, "nothing drawn");
    assert_eq!(
        audit_all(&store).await.len(),
        audit_before,
        "nothing audited"
    );

    // With the stored series the same batch goes through.
    let current = std::sync::Arc::new(store.get_series("COR").await.unwrap().unwrap());
    let rows = store
        .allocate(batch(&current, vec![draft("alice", t0())]))
        .await
        .unwrap();
    assert_eq!(rows[0].document_number, "COR-2025-000003");
}
