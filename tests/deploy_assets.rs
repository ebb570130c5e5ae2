//! The shipped Prometheus rules and Grafana dashboard: valid, checked by
//! promtool, and querying only metrics a real `docnum serve` exports (names
//! taken from a scrape after a run that exercises every metric).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::TestServer;
use crate::support::prom::{metric_names_in, sample_names, scrape};
use crate::support::redis::free_port;
use serde_json::{Value, json};

fn deploy(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy")
        .join(path)
}

/// Every sample name a server exports after reservations, a confirm, a
/// manual override, a void with replacement, errors and a Redis fallback
/// (`REDIS_URL` on a port nothing listens on).
async fn exported_names() -> BTreeSet<String> {
    let dead_redis = format!("redis://127.0.0.1:{}", free_port());
    let server = TestServer::start(&[("REDIS_URL", &dead_redis)]);
    server.create_cor().await;
    let admin = server.admin();
    let r = server
        .reserve(&admin, json!({"document_type": "COR"}))
        .await;
    let (status, _) = server
        .post(&admin, "/confirm", json!({"token": r["token"]}))
        .await;
    assert_eq!(status, 200);
    let year = r["document_number"].as_str().unwrap()[4..8].to_owned();
    let (status, body) = server
        .post(
            &admin,
            "/manual",
            json!({"document_type": "COR", "document_number": format!("COR-{year}-00009"), "reason": "paper register"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = server
        .post(
            &admin,
            "/void",
            json!({"document_number": r["document_number"], "reason": "sent to the wrong party", "replace": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = server
        .post(&admin, "/confirm", json!({"token": uuid::Uuid::new_v4()}))
        .await;
    assert_eq!(status, 410);
    let text = scrape(&server).await;
    let names = sample_names(&text);
    assert!(
        names.contains("numbering_lock_failures_total"),
        "the run must exercise the fallback: {text}"
    );
    names
}

/// The names `file` queries that the exporter did not emit.
fn unknown(file: &str, text: &str, exported: &BTreeSet<String>) -> Vec<String> {
    let used = metric_names_in(text);
    assert!(!used.is_empty(), "{file} queries no docnum metric");
    used.into_iter()
        .filter(|n| !exported.contains(n))
        .map(|n| format!("{file}: {n}"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_and_alerts_query_only_exported_metrics() {
    let exported = exported_names().await;

    let raw = std::fs::read_to_string(deploy("grafana/dashboard.json")).unwrap();
    let dashboard: Value = serde_json::from_str(&raw).expect("dashboard.json is valid JSON");
    let panels = dashboard["panels"].as_array().expect("panels");
    let mut exprs = String::new();
    for panel in panels {
        for target in panel["targets"].as_array().expect("targets") {
            let expr = target["expr"]
                .as_str()
                .expect("every target has a PromQL expr");
            exprs.push_str(expr);
            exprs.push('\n');
        }
    }
    let titles: Vec<&str> = panels.iter().filter_map(|p| p["title"].as_str()).collect();
    for wanted in [
        "Numbers generated per minute",
        "Sequence utilisation",
        "Lock wait p95",
        "Lock failures",
        "Request latency p95 by route",
        "Errors by code",
    ] {
        assert!(
            titles.contains(&wanted),
            "missing panel {wanted}: {titles:?}"
        );
    }
    let utilisation = panels
        .iter()
        .find(|p| p["title"] == "Sequence utilisation")
        .unwrap();
    let steps: Vec<&Value> = utilisation["fieldConfig"]["defaults"]["thresholds"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["value"])
        .collect();
    assert_eq!(steps, [&Value::Null, &json!(90), &json!(95)]);

    let rules = std::fs::read_to_string(deploy("prometheus/alerts.yml")).unwrap();
    let mut missing = unknown("dashboard.json", &exprs, &exported);
    missing.extend(unknown("alerts.yml", &rules, &exported));
    assert!(
        missing.is_empty(),
        "queried but not exported: {missing:?}\nexported: {exported:?}"
    );
}

#[test]
fn promtool_checks_and_unit_tests_the_alert_rules() {
    // .ci/run installs promtool (Debian package prometheus) and runs both
    // checks itself; here they run wherever promtool is present.
    let Ok(version) = Command::new("promtool").arg("--version").output() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "promtool is missing in CI (apt-get install prometheus)"
        );
        eprintln!("promtool not installed: rule checks left to .ci/run");
        return;
    };
    assert!(version.status.success());
    for args in [
        ["check", "rules", "alerts.yml"],
        ["test", "rules", "alerts_test.yml"],
    ] {
        let out = Command::new("promtool")
            .args(args)
            .current_dir(deploy("prometheus"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "promtool {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
