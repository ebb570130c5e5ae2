//! `docnum load-test` against a real `docnum serve`: the report parses and
//! finds no duplicate.

use std::collections::BTreeSet;
use std::process::Command;

use crate::support::{TestServer, binary, eventually};

fn load_test(server: &TestServer, token: Option<&str>, extra: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(binary());
    cmd.args(["load-test", "--url", &server.base, "--type", "COR"])
        .args(extra)
        .env_remove("DOCNUM_TOKEN")
        .current_dir(server.dir.path());
    if let Some(token) = token {
        cmd.env("DOCNUM_TOKEN", token);
    }
    cmd.output().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn load_test_reports_throughput_latency_and_no_duplicates() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let token = server.token("load", &["numbering:reserve"]);
    let out = load_test(
        &server,
        Some(&token),
        &[
            "--requests",
            "300",
            "--concurrency",
            "16",
            "--confirm",
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["succeeded"], 300);
    assert_eq!(report["duplicate_count"], 0);
    assert_eq!(report["duplicates"], serde_json::json!([]));
    assert_eq!(report["errors"], serde_json::json!({}));
    assert!(report["throughput_per_second"].as_f64().unwrap() > 0.0);
    let latency = &report["latency_ms"];
    let p = |k: &str| latency[k].as_f64().unwrap();
    assert!(
        p("p50") <= p("p95") && p("p95") <= p("p99") && p("p99") <= p("max"),
        "{latency}"
    );

    // The database agrees: 300 confirmed numbers, values 1..=300.
    let (status, body) = server.get(&server.admin(), "/status/COR").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["current_value"], 300);
    assert_eq!(body["data"]["counts_by_state"]["CONFIRMED"], 300);

    // Human output, token from --token.
    let out = load_test(
        &server,
        None,
        &["--token", &token, "--requests", "20", "--concurrency", "4"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "20 of 20 iterations",
        "p50",
        "p99",
        "errors: none",
        "duplicates: none",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_are_counted_by_code_and_a_run_without_success_exits_1() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    // A token without numbering:reserve: every request is refused.
    let token = server.token("nobody", &["numbering:void"]);
    let out = load_test(
        &server,
        Some(&token),
        &["--requests", "10", "--concurrency", "2", "--json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["succeeded"], 0);
    let errors = report["errors"].as_object().unwrap();
    let codes: BTreeSet<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(codes, BTreeSet::from(["NB012"]));
    assert_eq!(errors["NB012"], 10);

    // No token at all is bad usage, and so is a URL it cannot speak to.
    assert_eq!(load_test(&server, None, &[]).status.code(), Some(2));
    let out = Command::new(binary())
        .args(["load-test", "--url", "https://127.0.0.1:1", "--type", "COR"])
        .env("DOCNUM_TOKEN", &token)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("http://"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_paces_an_open_loop_run() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let token = server.token("load", &["numbering:reserve"]);
    let out = load_test(
        &server,
        Some(&token),
        &[
            "--requests",
            "100",
            "--concurrency",
            "8",
            "--rate",
            "200",
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["rate"], 200);
    assert_eq!(report["succeeded"], 100);
    assert_eq!(report["duplicate_count"], 0);
    // Not a performance figure: the schedule itself puts the 100th
    // iteration at 99/200 s, so a run that finished sooner did not pace.
    assert!(
        report["elapsed_seconds"].as_f64().unwrap() >= 99.0 / 200.0,
        "{report}"
    );
    let (_, body) = server.get(&server.admin(), "/status/COR").await;
    assert_eq!(body["data"]["current_value"], 100);

    // A rate of zero is bad usage, and nothing is sent.
    let out = load_test(&server, Some(&token), &["--rate", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--rate"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, body) = server.get(&server.admin(), "/status/COR").await;
    assert_eq!(body["data"]["current_value"], 100);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_restarted_mid_run_is_reconnected_to() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let token = server.token("load", &["numbering:reserve"]);
    // Paced over about two seconds, so the restart falls in the middle.
    let run = Command::new(binary())
        .args(["load-test", "--url", &server.base, "--type", "COR"])
        .args(["--requests", "400", "--concurrency", "4"])
        .args(["--rate", "200", "--json"])
        .env("DOCNUM_TOKEN", &token)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Restarted once the run is under way: its first reservations are in.
    eventually("the load test's first reservations", async || {
        let (_, body) = server.get(&server.admin(), "/status/COR").await;
        (body["data"]["current_value"].as_u64() > Some(0)).then_some(())
    })
    .await;
    let port = server.port();
    let (dir, database_url) = server.crash();
    let server = TestServer::start_at(dir, database_url, port, &[]);
    let out = tokio::task::spawn_blocking(move || run.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["duplicate_count"], 0);
    // What the kill cut off, or what found the port closed, is counted as
    // a connection error; nothing else went wrong.
    let errors = report["errors"].as_object().unwrap();
    let codes: BTreeSet<&str> = errors.keys().map(String::as_str).collect();
    assert!(codes.is_subset(&BTreeSet::from(["CONNECTION"])), "{report}");
    let failed = errors.get("CONNECTION").map_or(0, |n| n.as_u64().unwrap());
    assert_eq!(report["succeeded"].as_u64().unwrap() + failed, 400);

    // The clients came back: the new process answered reservations.
    let metrics = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let answered: f64 = metrics
        .lines()
        .find(|l| {
            l.starts_with("http_request_duration_seconds_count")
                && l.contains("/reserve\"")
                && l.contains("status=\"2xx\"")
        })
        .and_then(|l| l.rsplit(' ').next())
        .map_or(0.0, |v| v.parse().unwrap());
    assert!(answered > 0.0, "{metrics}");
}
