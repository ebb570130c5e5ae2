//! Reading the audit log (spec §6) and series status (§5.7).

use docnum_application::{Actor, AuditFilter};

use crate::support::{alice, app_at, at, cor, err_code};

fn all() -> AuditFilter {
    AuditFilter {
        limit: 1000,
        ..AuditFilter::default()
    }
}

#[tokio::test]
async fn audit_filters_order_and_pages() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await; // CONFIG_CHANGE by admin at 10:00
    app.clock.advance_secs(60);
    let a = app.reserve_cor().await; // RESERVE by alice at 10:01
    app.clock.advance_secs(60);
    app.svc.confirm(a.token, None, &alice()).await.unwrap(); // CONFIRM at 10:02
    app.clock.advance_secs(60);
    let bob = Actor::user("bob");
    let b = app
        .svc
        .reserve(&crate::support::request("COR"), &bob)
        .await
        .unwrap(); // RESERVE by bob at 10:03

    let every = app.svc.audit(&all()).await.unwrap();
    assert_eq!(every.len(), 4);
    assert!(every.windows(2).all(|w| w[0].id < w[1].id));
    let ops: Vec<&str> = every.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(ops, ["CONFIG_CHANGE", "RESERVE", "CONFIRM", "RESERVE"]);

    let by = |f: AuditFilter| {
        let svc = app.svc.clone();
        async move { svc.audit(&f).await.unwrap() }
    };
    let alice_only = by(AuditFilter {
        user_id: Some("alice".into()),
        ..all()
    })
    .await;
    assert_eq!(alice_only.len(), 2);
    let reserves = by(AuditFilter {
        operation: Some("RESERVE".into()),
        ..all()
    })
    .await;
    assert_eq!(reserves.len(), 2);
    let for_b = by(AuditFilter {
        document_number: Some(b.document_number.clone()),
        ..all()
    })
    .await;
    assert_eq!(for_b.len(), 1);
    assert_eq!(for_b[0].user_id, "bob");
    let of_type = by(AuditFilter {
        document_type: Some("COR".into()),
        ..all()
    })
    .await;
    assert_eq!(of_type.len(), 4);
    let none = by(AuditFilter {
        document_type: Some("RFA".into()),
        ..all()
    })
    .await;
    assert!(none.is_empty());
    // from is inclusive, to exclusive.
    let window = by(AuditFilter {
        from: Some(at("2025-06-15T10:01:00Z")),
        to: Some(at("2025-06-15T10:03:00Z")),
        ..all()
    })
    .await;
    let ops: Vec<&str> = window.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(ops, ["RESERVE", "CONFIRM"]);
    // Keyset pages.
    let page1 = by(AuditFilter { limit: 3, ..all() }).await;
    assert_eq!(page1.len(), 3);
    let page2 = by(AuditFilter {
        limit: 3,
        after_id: Some(page1[2].id),
        ..all()
    })
    .await;
    assert_eq!(page2.len(), 1);
    assert_eq!(page2[0].id, every[3].id);
}

#[tokio::test]
async fn audit_limit_and_range_are_validated() {
    let app = app_at("2025-06-15T10:00:00Z");
    for limit in [0, 1001] {
        assert_eq!(
            err_code(app.svc.audit(&AuditFilter { limit, ..all() }).await),
            "NB009"
        );
    }
    let backwards = AuditFilter {
        from: Some(at("2025-06-15T11:00:00Z")),
        to: Some(at("2025-06-15T10:00:00Z")),
        ..all()
    };
    assert_eq!(err_code(app.svc.audit(&backwards).await), "NB009");
}

#[tokio::test]
async fn status_counts_numbers_by_state_per_counter() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let a = app.reserve_cor().await;
    let b = app.reserve_cor().await;
    app.reserve_cor().await;
    app.svc.confirm(a.token, None, &alice()).await.unwrap();
    app.svc.cancel(b.token, None, &alice()).await.unwrap();
    app.clock.set(at("2026-02-01T00:00:00Z"));
    app.reserve_cor().await;

    let status = app.svc.status("COR").await.unwrap();
    assert_eq!(status.counters.len(), 2);
    let c2025 = &status.counters[0];
    assert_eq!(c2025.counter_key, "COR|YEAR=2025");
    assert_eq!(c2025.current_value, 3);
    assert_eq!(c2025.last_used_at, Some(at("2025-06-15T10:00:00Z")));
    assert_eq!(c2025.counts_by_state["CONFIRMED"], 1);
    assert_eq!(c2025.counts_by_state["CANCELLED"], 1);
    assert_eq!(c2025.counts_by_state["RESERVED"], 1);
    assert_eq!(status.current_value(), 3);
    assert_eq!(status.counts_by_state()["RESERVED"], 2);
    assert_eq!(status.last_used_at(), Some(at("2026-02-01T00:00:00Z")));
    assert!((status.utilization_percent() - 3.0 / 999_999.0 * 100.0).abs() < 1e-9);

    assert_eq!(app.svc.status_all().await.unwrap().len(), 1);
    assert_eq!(err_code(app.svc.status("RFA").await), "NB001");
}
