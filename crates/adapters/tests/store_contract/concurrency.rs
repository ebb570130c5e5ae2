//! Many concurrent allocations on one counter.

use std::collections::BTreeSet;

use super::{Store, audit_of, batch, cor, counter, draft, t0};

pub async fn thousand_concurrent_allocations_are_1_to_1000(store: Store) {
    let series = cor(&store).await;
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let store = store.clone();
            let series = series.clone();
            tokio::spawn(async move {
                let user = format!("user{}", i % 7);
                store
                    .allocate(batch(&series, vec![draft(&user, t0())]))
                    .await
                    .map(|mut rows| rows.remove(0))
            })
        })
        .collect();
    let mut values = Vec::with_capacity(1000);
    let mut numbers = BTreeSet::new();
    for task in tasks {
        let row = task.await.expect("task").expect("allocate");
        values.push(row.value.expect("value"));
        assert!(numbers.insert(row.document_number), "duplicate number");
    }
    values.sort_unstable();
    assert_eq!(values, (1..=1000).collect::<Vec<u64>>());
    assert_eq!(counter(&store, &series).await, 1000);
    let reserves = audit_of(&store, "RESERVE").await;
    assert_eq!(reserves.len(), 1000);
    let audited: BTreeSet<_> = reserves
        .into_iter()
        .filter_map(|e| e.document_number)
        .collect();
    assert_eq!(audited, numbers);
}
