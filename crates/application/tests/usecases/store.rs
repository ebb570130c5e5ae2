//! The reference store's own contract, below the use cases: batches,
//! all-or-nothing failures, unique indexes.

use std::sync::Arc;

use docnum_application::ports::{
    AllocationBatch, GuardedChange, IdempotencyClaim, NumberStore, OpContext, ReservationDraft,
};
use docnum_application::{Actor, ScopeSpec, SeriesConfig, SeriesRecord};
use docnum_domain::{Context, NumberState};
use uuid::Uuid;

use crate::support::{App, alice, app_at, cor, err_code};

fn op(app: &App, user: &str) -> OpContext {
    OpContext {
        actor: Actor::user(user),
        now: app.now(),
        started: std::time::Instant::now(),
        fallback_used: true,
    }
}

fn batch(app: &App, series: &Arc<SeriesRecord>, n: usize) -> AllocationBatch {
    let period = series.series.period_for(app.now(), None).unwrap();
    let context = Context::new();
    let counter_key = series.series.counter_key(&context, period).unwrap();
    let drafts = (0..n)
        .map(|i| ReservationDraft {
            token: Uuid::new_v4(),
            context: context.clone(),
            period,
            metadata: serde_json::json!({ "i": i }),
            idempotency: None,
            expires_at: app.now() + chrono::Duration::seconds(300),
            op: op(app, &format!("user{i}")),
        })
        .collect();
    AllocationBatch {
        series: series.clone(),
        counter_key,
        drafts,
    }
}

#[tokio::test]
async fn a_batch_takes_consecutive_values_in_draft_order() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let series = Arc::new(app.svc.series("COR").await.unwrap());
    app.reserve_cor().await;
    let rows = app
        .store
        .allocate(Arc::new(batch(&app, &series, 3)))
        .await
        .unwrap();
    let values: Vec<_> = rows.iter().map(|r| r.value.unwrap()).collect();
    assert_eq!(values, [2, 3, 4]);
    let users: Vec<_> = rows.iter().map(|r| r.issued_by.as_str()).collect();
    assert_eq!(users, ["user0", "user1", "user2"]);
    assert!(rows.iter().all(|r| r.state == NumberState::Reserved));
    assert_eq!(rows[2].document_number, "COR-2025-00004");
    assert_eq!(app.counter("COR|YEAR=2025").await, 4);
    let audit = app.audit_of("RESERVE").await;
    assert_eq!(audit.len(), 4);
    assert!(audit[1..].iter().all(|e| e.fallback_used));
    assert_eq!(audit[3].user_id, "user2");
}

#[tokio::test]
async fn a_batch_passing_max_value_fails_whole_with_nothing_written() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig {
        max_value: 3,
        ..cor()
    })
    .await;
    let series = Arc::new(app.svc.series("COR").await.unwrap());
    app.reserve_cor().await;
    assert_eq!(
        err_code(app.store.allocate(Arc::new(batch(&app, &series, 3))).await),
        "NB002"
    );
    assert_eq!(app.counter("COR|YEAR=2025").await, 1);
    assert_eq!(app.store.numbers().len(), 1);
    assert_eq!(app.audit_of("RESERVE").await.len(), 1);
    // Exactly up to max_value is fine.
    assert_eq!(
        app.store
            .allocate(Arc::new(batch(&app, &series, 2)))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        app.store
            .allocate(Arc::new(batch(&app, &series, 0)))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn rendered_numbers_are_unique_per_namespace() {
    let app = app_at("2025-06-15T10:00:00Z");
    let global = |t: &str| SeriesConfig::new(t, "X-{SEQ:3}", ScopeSpec::Preset("GLOBAL".into()));
    app.create(&global("AAA")).await;
    app.create(&global("BBB")).await;
    app.create(&SeriesConfig {
        namespace: "other".into(),
        ..global("CCC")
    })
    .await;
    assert_eq!(
        app.reserve_in("AAA", &[]).await.unwrap().document_number,
        "X-001"
    );
    // BBB would render X-001 in the same namespace: the value is skipped
    // (audited), never NB005.
    let b = app.reserve_in("BBB", &[]).await.unwrap();
    assert_eq!((b.document_number.as_str(), b.value), ("X-002", 2));
    assert_eq!(app.counter("BBB").await, 2);
    assert_eq!(app.store.numbers().len(), 2);
    // Another namespace may hold the same text.
    let c = app.reserve_in("CCC", &[]).await.unwrap();
    assert_eq!(c.document_number, "X-001");
    let found = app.store.find_numbers("X-001").await.unwrap();
    let spaces: Vec<_> = found.iter().map(|r| r.namespace.as_str()).collect();
    assert_eq!(spaces, ["default", "other"]);
    // Reading it back without a namespace asks for one.
    assert_eq!(err_code(app.svc.number("X-001", None).await), "NB009");
    assert_eq!(
        app.svc
            .number("X-001", Some("other"))
            .await
            .unwrap()
            .number
            .document_type,
        "CCC"
    );
}

#[tokio::test]
async fn an_idempotency_key_is_unique_per_user() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let series = Arc::new(app.svc.series("COR").await.unwrap());
    let claimed = |fingerprint: &str| {
        let mut b = batch(&app, &series, 1);
        b.drafts[0].idempotency = Some(IdempotencyClaim {
            key: "k".into(),
            fingerprint: fingerprint.into(),
        });
        b
    };
    let first = app.store.allocate(Arc::new(claimed("f1"))).await.unwrap();
    assert_eq!(
        err_code(app.store.allocate(Arc::new(claimed("f1"))).await),
        "NB015"
    );
    assert_eq!(app.counter("COR|YEAR=2025").await, 1);
    let (row, fingerprint) = app
        .store
        .find_by_idempotency_key("user0", "k")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row, first[0]);
    assert_eq!(fingerprint, "f1");
    assert!(
        app.store
            .find_by_idempotency_key("user1", "k")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn guarded_changes_report_what_they_found() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let r = app.reserve_cor().await;
    let o = op(&app, "alice");
    assert_eq!(
        app.store.confirm(Uuid::new_v4(), None, &o).await.unwrap(),
        GuardedChange::NotFound
    );
    let GuardedChange::Applied(row) = app.store.confirm(r.token, None, &o).await.unwrap() else {
        panic!("not applied");
    };
    assert_eq!(row.state, NumberState::Confirmed);
    assert_eq!(
        app.store.cancel(r.token, None, &o).await.unwrap(),
        GuardedChange::NotApplied(row.clone())
    );
    assert_eq!(app.store.find_by_token(r.token).await.unwrap(), Some(row));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reserves_get_distinct_consecutive_values() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let svc = app.svc.clone();
            tokio::spawn(async move {
                svc.reserve(&crate::support::request("COR"), &alice())
                    .await
                    .unwrap()
                    .value
            })
        })
        .collect();
    let mut values = Vec::new();
    for t in tasks {
        values.push(t.await.unwrap());
    }
    values.sort_unstable();
    assert_eq!(values, (1..=200).collect::<Vec<u64>>());
    assert_eq!(app.counter("COR|YEAR=2025").await, 200);
}
