//! `/metrics` of a real `docnum serve` after known operations: exact values
//! with the spec's names and labels, and counter gauges that follow the
//! database when another instance allocates.

use crate::support::prom::{sample, scrape};
use crate::support::{TestServer, eventually};
use serde_json::json;

const CURRENT: &str = r#"numbering_sequence_current{document_type="MET",scope="GLOBAL"}"#;

async fn create_met(server: &TestServer) {
    server
        .create_series(json!({
            "document_type": "MET",
            "template": "MET-{SEQ:4}",
            "scope": "GLOBAL",
            "max_value": 1000,
            "allow_manual_override": true
        }))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_known_operations_exactly() {
    let server = TestServer::start(&[("DOCNUM_METRICS_INTERVAL", "1")]);
    create_met(&server).await;
    let admin = server.admin();
    let mut reserved = Vec::new();
    for _ in 0..3 {
        reserved.push(
            server
                .reserve(&admin, json!({"document_type": "MET"}))
                .await,
        );
    }
    let (status, _) = server
        .post(&admin, "/confirm", json!({"token": reserved[0]["token"]}))
        .await;
    assert_eq!(status, 200);
    let (status, body) = server
        .post(
            &admin,
            "/manual",
            json!({"document_type": "MET", "document_number": "MET-0010", "reason": "paper register"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = server
        .post(
            &admin,
            "/void",
            json!({"document_number": "MET-0001", "reason": "sent to the wrong party", "replace": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    for _ in 0..2 {
        let (status, _) = server
            .post(&admin, "/confirm", json!({"token": uuid::Uuid::new_v4()}))
            .await;
        assert_eq!(status, 410);
    }
    let status = server
        .client
        .get(format!("{}/no-such-page/42", server.base))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 404);

    let text = scrape(&server).await;
    let value = |series: &str| sample(&text, series);
    // 3 reservations + 1 replacement; the manual number is not drawn.
    assert_eq!(
        value(r#"numbering_sequences_total{document_type="MET"}"#),
        Some(4.0)
    );
    // The counter: 3 drawn, raised to 10 by hand, 11 for the replacement.
    assert_eq!(value(CURRENT), Some(11.0), "{text}");
    assert_eq!(
        value(r#"numbering_sequence_utilization{document_type="MET"}"#),
        Some(1.1)
    );
    assert_eq!(
        value(r#"numbering_manual_overrides_total{document_type="MET"}"#),
        Some(1.0)
    );
    assert_eq!(value(r#"numbering_errors_total{code="NB004"}"#), Some(2.0));
    assert_eq!(value(r#"numbering_errors_total{code="NB010"}"#), Some(1.0));
    // Every draw waited for the (database-only) lock once, none failed.
    assert_eq!(
        value(r#"numbering_lock_wait_seconds_count{document_type="MET"}"#),
        Some(4.0)
    );
    assert_eq!(
        value(r#"numbering_lock_wait_seconds_bucket{document_type="MET",le="5"}"#),
        Some(4.0)
    );
    assert!(!text.contains("numbering_lock_failures_total{"), "{text}");
    // Latency by route template and status, never by raw path.
    let reserve_route = "/api/v1/document-numbering/reserve";
    assert_eq!(
        value(&format!(
            r#"http_request_duration_seconds_count{{method="POST",route="{reserve_route}",status="2xx"}}"#
        )),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        value(
            r#"http_request_duration_seconds_count{method="GET",route="unmatched",status="4xx"}"#
        ),
        Some(1.0)
    );
    assert!(!text.contains("no-such-page"));
    // The pool gauge (SQLite, default size 8); no Redis configured.
    assert_eq!(value("numbering_db_pool_max_connections"), Some(8.0));
    assert!(value(r#"numbering_db_pool_connections{state="idle"}"#).is_some());
    assert!(!text.contains("numbering_redis_up"));
    assert!(text.contains("# TYPE numbering_lock_wait_seconds histogram"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_gauges_follow_the_database_across_instances() {
    let first = TestServer::start(&[("DOCNUM_METRICS_INTERVAL", "1")]);
    create_met(&first).await;
    let admin = first.admin();
    for _ in 0..2 {
        first.reserve(&admin, json!({"document_type": "MET"})).await;
    }
    let second = TestServer::start_on(
        tempfile::tempdir().unwrap(),
        first.database_url.clone(),
        &[("DOCNUM_METRICS_INTERVAL", "1")],
    );
    // At start-up the second instance reads the counters from the database.
    assert_eq!(sample(&scrape(&second).await, CURRENT), Some(2.0));
    for _ in 0..5 {
        second
            .reserve(&admin, json!({"document_type": "MET"}))
            .await;
    }
    assert_eq!(sample(&scrape(&second).await, CURRENT), Some(7.0));
    // The first instance learns it from the database on its next refresh.
    let text = eventually("the first instance to report the new value", async || {
        let text = scrape(&first).await;
        (sample(&text, CURRENT) == Some(7.0)).then_some(text)
    })
    .await;
    assert_eq!(
        sample(
            &text,
            r#"numbering_sequence_utilization{document_type="MET"}"#
        ),
        Some(0.7)
    );
    // Issued counts stay per instance (sum them in PromQL).
    assert_eq!(
        sample(&text, r#"numbering_sequences_total{document_type="MET"}"#),
        Some(2.0)
    );
}
