//! Reading the audit log: filters, order, keyset pages.

use docnum_application::AuditFilter;

use super::{Store, at, audit_all, batch, cor, draft, op, reserve, t0};

fn filter() -> AuditFilter {
    AuditFilter {
        limit: 100,
        ..AuditFilter::default()
    }
}

pub async fn audit_filters_and_pages(store: Store) {
    let series = cor(&store).await; // CONFIG_CHANGE by admin at t0
    let a = reserve(&store, &series, at(10)).await; // RESERVE by alice at +10
    let bob = store
        .allocate(batch(&series, vec![draft("bob", at(20))]))
        .await
        .unwrap()
        .remove(0); // RESERVE by bob at +20
    store
        .confirm(a.token, None, &op("alice", at(30)))
        .await
        .unwrap(); // CONFIRM at +30

    let all = audit_all(&store).await;
    let ops: Vec<_> = all.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(ops, ["CONFIG_CHANGE", "RESERVE", "RESERVE", "CONFIRM"]);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));

    let by_user = store
        .audit(&AuditFilter {
            user_id: Some("bob".into()),
            ..filter()
        })
        .await
        .unwrap();
    assert_eq!(by_user.len(), 1);
    assert_eq!(
        by_user[0].document_number,
        Some(bob.document_number.clone())
    );

    let by_op = store
        .audit(&AuditFilter {
            operation: Some("RESERVE".into()),
            ..filter()
        })
        .await
        .unwrap();
    assert_eq!(by_op.len(), 2);

    let by_type = store
        .audit(&AuditFilter {
            document_type: Some("COR".into()),
            ..filter()
        })
        .await
        .unwrap();
    assert_eq!(by_type.len(), 4);
    let none = store
        .audit(&AuditFilter {
            document_type: Some("RFA".into()),
            ..filter()
        })
        .await
        .unwrap();
    assert!(none.is_empty());

    let by_number = store
        .audit(&AuditFilter {
            document_number: Some(a.document_number.clone()),
            ..filter()
        })
        .await
        .unwrap();
    let ops: Vec<_> = by_number.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(ops, ["RESERVE", "CONFIRM"]);

    // from is inclusive, to exclusive.
    let window = store
        .audit(&AuditFilter {
            from: Some(at(10)),
            to: Some(at(30)),
            ..filter()
        })
        .await
        .unwrap();
    assert_eq!(window.len(), 2);
    assert_eq!(window[0].occurred_at, at(10));
    let before = store
        .audit(&AuditFilter {
            to: Some(t0()),
            ..filter()
        })
        .await
        .unwrap();
    assert!(before.is_empty());

    // Keyset pages of two.
    let page1 = store
        .audit(&AuditFilter {
            limit: 2,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let page2 = store
        .audit(&AuditFilter {
            limit: 2,
            after_id: page1.last().map(|e| e.id),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let page3 = store
        .audit(&AuditFilter {
            limit: 2,
            after_id: page2.last().map(|e| e.id),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(page1.len(), 2);
    assert_eq!(page2.len(), 2);
    assert!(page3.is_empty());
    let paged: Vec<_> = page1.into_iter().chain(page2).collect();
    assert_eq!(paged, all);

    // Filters combine.
    let combined = store
        .audit(&AuditFilter {
            user_id: Some("alice".into()),
            operation: Some("CONFIRM".into()),
            ..filter()
        })
        .await
        .unwrap();
    assert_eq!(combined.len(), 1);
    assert_eq!(combined[0].occurred_at, at(30));
}
