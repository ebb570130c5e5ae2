//! Setting a counter by hand, and the integrity queries.

use std::sync::Arc;

use docnum_application::ports::CounterSet;
use docnum_application::{NumberSource, SeriesConfig, SeriesRecord};
use docnum_domain::{Context, CounterKey, Period, Reason};

use super::{Store, at, audit_of, code, cor, counter, create, manual, op, reserve, reserve_n, t0};

fn key(series: &Arc<SeriesRecord>, year: i32) -> CounterKey {
    series
        .series
        .counter_key(&Context::new(), Period::new(year, 6).expect("period"))
        .expect("key")
}

fn set(series: &Arc<SeriesRecord>, year: i32, value: u64) -> CounterSet {
    CounterSet {
        series: series.clone(),
        counter_key: key(series, year),
        value,
        reason: Reason::new("aligned with the paper register").expect("reason"),
        op: op("admin", at(20)),
    }
}

pub async fn set_counter_raises_and_records_the_skipped_values(store: Store) {
    let series = cor(&store).await;
    reserve_n(&store, &series, 2, t0()).await;
    let change = store.set_counter(set(&series, 2025, 10)).await.unwrap();
    assert_eq!(change.counter_key, "COR|YEAR=2025");
    assert_eq!((change.old_value, change.new_value), (2, 10));
    assert_eq!(change.highest_issued, 2);
    assert!(change.changed);
    assert_eq!(counter(&store, &series).await, 10);
    let sets = audit_of(&store, "SEQUENCE_SET").await;
    assert_eq!(sets.len(), 1);
    let entry = &sets[0];
    assert_eq!(entry.counter_key.as_deref(), Some("COR|YEAR=2025"));
    assert_eq!(entry.template.as_deref(), Some("COR-{YYYY}-{SEQ:5}"));
    assert_eq!(entry.old_value.as_deref(), Some("2"));
    assert_eq!(entry.new_value.as_deref(), Some("10"));
    assert_eq!(entry.user_id, "admin");
    assert_eq!(entry.metadata["skipped"], serde_json::json!([[3, 10]]));
    assert_eq!(entry.metadata["skipped_from"], 3);
    assert_eq!(entry.metadata["skipped_to"], 10);
    assert_eq!(entry.metadata["highest_issued"], 2);
    assert_eq!(entry.metadata["reason"], "aligned with the paper register");
    assert_eq!(reserve(&store, &series, t0()).await.value, Some(11));
}

/// A counter raised behind the store's back (by `set` here; another
/// instance alike) is drawn from where it stands: rows a store drew ahead
/// from its own last raise are not inserted.
pub async fn a_counter_moved_elsewhere_is_drawn_from_where_it_stands(store: Store) {
    let series = cor(&store).await;
    reserve_n(&store, &series, 2, t0()).await;
    store.set_counter(set(&series, 2025, 10)).await.unwrap();
    let values: Vec<_> = reserve_n(&store, &series, 3, t0())
        .await
        .iter()
        .map(|n| n.value)
        .collect();
    assert_eq!(values, [Some(11), Some(12), Some(13)]);
    assert_eq!(reserve(&store, &series, t0()).await.value, Some(14));
    let held = store.issued_values("COR|YEAR=2025", 0, 100).await.unwrap();
    assert_eq!(held, [1, 2, 11, 12, 13, 14]);
    assert_eq!(audit_of(&store, "RESERVE").await.len(), 6);
}

pub async fn set_counter_never_goes_below_the_highest_issued_value(store: Store) {
    let series = cor(&store).await;
    reserve_n(&store, &series, 3, t0()).await;
    store.set_counter(set(&series, 2025, 8)).await.unwrap();
    let err = store.set_counter(set(&series, 2025, 2)).await.unwrap_err();
    assert_eq!(code(&err), "NB019");
    assert!(err.to_string().contains("value 3"), "{err}");
    assert_eq!(counter(&store, &series).await, 8);
    assert_eq!(audit_of(&store, "SEQUENCE_SET").await.len(), 1);
    // Down to the highest issued value is allowed; nothing is skipped.
    let change = store.set_counter(set(&series, 2025, 3)).await.unwrap();
    assert_eq!((change.old_value, change.new_value), (8, 3));
    let sets = audit_of(&store, "SEQUENCE_SET").await;
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[1].metadata["skipped"], serde_json::json!([]));
    assert_eq!(reserve(&store, &series, t0()).await.value, Some(4));
}

pub async fn set_counter_respects_max_value_and_creates_new_counters(store: Store) {
    let mut config = super::cor_config();
    config.max_value = 50;
    let series = create(&store, config).await;
    let err = store.set_counter(set(&series, 2024, 51)).await.unwrap_err();
    assert_eq!(code(&err), "NB009");
    let change = store.set_counter(set(&series, 2024, 50)).await.unwrap();
    assert_eq!(change.old_value, 0);
    assert_eq!(store.counter_value(&key(&series, 2024)).await.unwrap(), 50);
    // A set to where the counter stands changes and audits nothing.
    let again = store.set_counter(set(&series, 2024, 50)).await.unwrap();
    assert!(!again.changed);
    assert_eq!(audit_of(&store, "SEQUENCE_SET").await.len(), 1);
    let status = store.counter_status("COR").await.unwrap();
    assert_eq!(status.len(), 1, "{status:?}");
}

pub async fn integrity_queries_see_counters_values_and_no_duplicates(store: Store) {
    let series = cor(&store).await;
    let other = create(
        &store,
        SeriesConfig {
            document_type: "RFA".into(),
            template: "RFA-{SEQ:4}".into(),
            scope: docnum_application::ScopeSpec::Preset("GLOBAL".into()),
            ..super::cor_config()
        },
    )
    .await;
    reserve_n(&store, &series, 3, t0()).await;
    store
        .register_manual(vec![manual(
            &series,
            "COR-2025-00010",
            NumberSource::Manual,
        )])
        .await
        .unwrap();
    store.set_counter(set(&other, 2025, 4)).await.unwrap();

    let counters = store.counter_integrity().await.unwrap();
    let keys: Vec<&str> = counters.iter().map(|c| c.counter_key.as_str()).collect();
    assert_eq!(keys, ["COR|YEAR=2025", "RFA"]);
    let cor_counter = &counters[0];
    assert_eq!(cor_counter.document_type, "COR");
    assert_eq!(cor_counter.current_value, Some(10));
    assert_eq!(cor_counter.highest_issued, Some(10));
    assert_eq!(cor_counter.issued, 4);
    assert_eq!(counters[1].current_value, Some(4));
    assert_eq!(counters[1].highest_issued, None);
    assert_eq!(counters[1].issued, 0);

    let k = "COR|YEAR=2025";
    assert_eq!(store.issued_values(k, 0, 2).await.unwrap(), [1, 2]);
    assert_eq!(store.issued_values(k, 2, 10).await.unwrap(), [3, 10]);
    assert!(store.issued_values(k, 10, 10).await.unwrap().is_empty());
    assert!(store.duplicate_values(100).await.unwrap().is_empty());
    assert!(store.duplicate_numbers(100).await.unwrap().is_empty());

    let asked = vec![
        "COR-2025-00010".to_owned(),
        "COR-2025-00099".to_owned(),
        "COR-2025-00001".to_owned(),
        "COR-2025-00001".to_owned(),
    ];
    assert_eq!(
        store.existing_numbers("default", &asked).await.unwrap(),
        ["COR-2025-00001", "COR-2025-00010"]
    );
    assert!(
        store
            .existing_numbers("other", &asked)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.taken_values(k, &[10, 5, 1, 1]).await.unwrap(),
        [1, 10]
    );
    // Look-ups larger than one IN list.
    let many: Vec<u64> = (1..=1200).collect();
    assert_eq!(store.taken_values(k, &many).await.unwrap(), [1, 2, 3, 10]);
}
