//! The exposition after known observations.

use docnum_application::ports::{LockHealth, Metrics, PoolUsage};

use super::PrometheusMetrics;

/// The value of the sample line `name{labels}` (labels as rendered).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[test]
fn counters_and_gauges_render_with_the_spec_names_and_labels() {
    let m = PrometheusMetrics::new();
    m.numbers_issued("COR", 2);
    m.numbers_issued("COR", 1);
    m.counter_value("COR", "YEAR=2025", 3, 1000);
    m.lock_failure("COR", "redis_unavailable");
    m.manual_override("RFA");
    m.error("NB004");
    m.error("NB004");
    let text = m.render();
    assert_eq!(
        sample(&text, r#"numbering_sequences_total{document_type="COR"}"#),
        Some(3.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"numbering_sequence_current{document_type="COR",scope="YEAR=2025"}"#
        ),
        Some(3.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"numbering_sequence_utilization{document_type="COR"}"#
        ),
        Some(0.3)
    );
    assert_eq!(
        sample(
            &text,
            r#"numbering_lock_failures_total{document_type="COR",reason="redis_unavailable"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"numbering_manual_overrides_total{document_type="RFA"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(&text, r#"numbering_errors_total{code="NB004"}"#),
        Some(2.0)
    );
    assert!(text.contains("# HELP numbering_sequences_total"), "{text}");
}

#[test]
fn histograms_have_the_spec_buckets() {
    let m = PrometheusMetrics::new();
    m.lock_wait("COR", 0.02);
    m.http_request("POST", "/api/v1/document-numbering/reserve", 201, 0.003);
    let text = m.render();
    for le in [
        "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf",
    ] {
        let line =
            format!(r#"numbering_lock_wait_seconds_bucket{{document_type="COR",le="{le}"}}"#);
        let want = if le == "0.01" { 0.0 } else { 1.0 };
        assert_eq!(sample(&text, &line), Some(want), "{line} in {text}");
    }
    assert_eq!(
        sample(
            &text,
            r#"http_request_duration_seconds_count{method="POST",route="/api/v1/document-numbering/reserve",status="2xx"}"#
        ),
        Some(1.0),
        "{text}"
    );
}

#[test]
fn allocations_never_lower_a_counter() {
    let m = PrometheusMetrics::new();
    m.counter_value("COR", "GLOBAL", 6, 100);
    m.counter_value("COR", "GLOBAL", 5, 100); // a slower, earlier allocation
    m.counter_value("COR", "OTHER", 1, 100);
    let text = m.render();
    let current = r#"numbering_sequence_current{document_type="COR",scope="GLOBAL"}"#;
    let util = r#"numbering_sequence_utilization{document_type="COR"}"#;
    assert_eq!(sample(&text, current), Some(6.0));
    assert_eq!(sample(&text, util), Some(6.0), "the fullest counter");
}

#[test]
fn pool_and_redis_gauges() {
    let m = PrometheusMetrics::new();
    m.record_pool(PoolUsage {
        connections: 5,
        idle: 3,
        max: 8,
    });
    m.record_lock_backend(None);
    assert!(!m.render().contains("numbering_redis_up"));
    m.record_lock_backend(Some(LockHealth {
        nodes: 3,
        nodes_up: 1,
        quorum: 2,
    }));
    let text = m.render();
    assert_eq!(
        sample(&text, r#"numbering_db_pool_connections{state="in_use"}"#),
        Some(2.0)
    );
    assert_eq!(
        sample(&text, r#"numbering_db_pool_connections{state="idle"}"#),
        Some(3.0)
    );
    assert_eq!(
        sample(&text, "numbering_db_pool_max_connections"),
        Some(8.0)
    );
    assert_eq!(sample(&text, "numbering_redis_up"), Some(0.0));
    assert_eq!(sample(&text, "numbering_redis_nodes_up"), Some(1.0));
    assert_eq!(sample(&text, "numbering_redis_nodes"), Some(3.0));
}

#[test]
fn batch_size_and_queue_wait_histograms() {
    let m = PrometheusMetrics::new();
    m.batch_size("COR", 1);
    m.batch_size("COR", 100);
    m.queue_wait("COR", 0.003);
    let text = m.render();
    let bucket =
        |le: &str| format!(r#"numbering_batch_size_bucket{{document_type="COR",le="{le}"}}"#);
    assert_eq!(sample(&text, &bucket("1")), Some(1.0), "{text}");
    assert_eq!(sample(&text, &bucket("64")), Some(1.0), "{text}");
    assert_eq!(sample(&text, &bucket("128")), Some(2.0), "{text}");
    assert_eq!(
        sample(&text, r#"numbering_batch_size_sum{document_type="COR"}"#),
        Some(101.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"numbering_queue_wait_seconds_bucket{document_type="COR",le="0.0025"}"#
        ),
        Some(0.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"numbering_queue_wait_seconds_bucket{document_type="COR",le="0.005"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert!(text.contains("# HELP numbering_batch_size"), "{text}");
}

#[test]
fn counter_gauges_beyond_the_limit_are_summed_up_and_never_hide_the_fullest() {
    let m = PrometheusMetrics::bounded(2, None);
    m.counter_value("COR", "A", 10, 100);
    m.counter_value("COR", "B", 20, 100);
    // No room left: C and D are summed up in "(other)" (their highest).
    m.counter_value("COR", "C", 99, 100);
    m.counter_value("COR", "D", 30, 100);
    let text = m.render();
    let current = |scope: &str| {
        sample(
            &text,
            &format!(r#"numbering_sequence_current{{document_type="COR",scope="{scope}"}}"#),
        )
    };
    assert_eq!(current("A"), Some(10.0), "{text}");
    assert_eq!(current("B"), Some(20.0), "{text}");
    assert_eq!(current("C"), None, "{text}");
    assert_eq!(current("(other)"), Some(99.0), "{text}");
    assert_eq!(
        sample(
            &text,
            r#"numbering_sequence_utilization{document_type="COR"}"#
        ),
        Some(99.0),
        "the fullest counter counts, exported or not"
    );
}

#[test]
fn the_exported_counters_are_the_fullest() {
    let mut counters = super::Counters::new();
    for (scope, current, max) in [("A", 10, 100), ("B", 90, 100), ("C", 5, 10), ("D", 1, 1000)] {
        counters.insert(
            ("COR".to_owned(), scope.to_owned()),
            super::CounterGauge { current, max },
        );
    }
    let chosen: Vec<String> = super::fullest(&counters, 2)
        .into_iter()
        .map(|(_, scope)| scope)
        .collect();
    assert_eq!(chosen, ["B", "C"]);
}
