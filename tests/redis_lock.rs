//! `docnum serve` with Redlock on private `redis-server` nodes: a counter
//! held by another instance is NB003 with `Retry-After`; two instances on
//! one database never hand out a value twice, also when a node dies
//! mid-run; with every node down requests succeed through the fallback,
//! the audit and the metric show it, and locks return with Redis.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use crate::support::prom::{sample, scrape};
use crate::support::redis::RedisNode;
use crate::support::{TestServer, eventually};
use docnum_adapters::{RedisLockConfig, RedisLocks};
use docnum_application::ports::LockManager as _;
use serde_json::{Value, json};

fn nodes_env(nodes: &[RedisNode]) -> String {
    nodes
        .iter()
        .map(RedisNode::address)
        .collect::<Vec<_>>()
        .join(",")
}

async fn create_lck(server: &TestServer) {
    server
        .create_series(
            json!({"document_type": "LCK", "template": "LCK-{SEQ:4}", "scope": "GLOBAL"}),
        )
        .await;
}

/// Whether the RESERVE audit entry of `number` says the fallback was used.
async fn fallback_used(server: &TestServer, number: &str) -> bool {
    let (status, body) = server
        .get(
            &server.admin(),
            &format!("/audit?document_number={number}&operation=RESERVE"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let entries = body["data"]["entries"]
        .as_array()
        .or_else(|| body["data"].as_array())
        .unwrap_or_else(|| panic!("no audit entries in {body}"))
        .clone();
    assert_eq!(entries.len(), 1, "{body}");
    entries[0]["fallback_used"].as_bool().unwrap()
}

async fn readiness(server: &TestServer) -> Value {
    let resp = server
        .client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        200,
        "Redis down must not make docnum unready"
    );
    resp.json::<Value>().await.unwrap()["data"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_held_by_another_instance_is_nb003_with_retry_after() {
    let nodes = RedisNode::cluster(3);
    let server = TestServer::start(&[
        ("REDIS_CLUSTER_NODES", &nodes_env(&nodes)),
        ("NUMBERING_RETRY_ATTEMPTS", "1"),
        ("NUMBERING_RETRY_DELAY", "20"),
    ]);
    create_lck(&server).await;
    let admin = server.admin();
    let first = server
        .reserve(&admin, json!({"document_type": "LCK"}))
        .await;
    assert!(!fallback_used(&server, first["document_number"].as_str().unwrap()).await);

    // The test is the other instance: it holds the counter's lock.
    let other = RedisLocks::new(RedisLockConfig::new(
        nodes.iter().map(RedisNode::url).collect(),
    ))
    .unwrap();
    let held = other
        .acquire("numbering:LCK:GLOBAL", Duration::from_secs(30))
        .await
        .unwrap();
    assert!(!held.fallback_used());
    let resp = server
        .client
        .post(server.api("/reserve"))
        .bearer_auth(&admin)
        .json(&json!({"document_type": "LCK"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    assert!(resp.headers().get("retry-after").is_some());
    let body: Value = resp.json().await.unwrap();
    assert_eq!(crate::support::code(&body), "NB003", "{body}");
    held.release().await;

    // Released: the next reservation goes through and nothing was consumed.
    let next = server
        .reserve(&admin, json!({"document_type": "LCK"}))
        .await;
    assert_eq!(next["document_number"], "LCK-0002");
    let text = scrape(&server).await;
    assert_eq!(
        sample(
            &text,
            r#"numbering_lock_failures_total{document_type="LCK",reason="timeout"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(&text, r#"numbering_errors_total{code="NB003"}"#),
        Some(1.0)
    );
    assert_eq!(sample(&text, "numbering_redis_up"), Some(1.0));
    assert_eq!(sample(&text, "numbering_redis_nodes"), Some(3.0));
    let ready = readiness(&server).await;
    assert_eq!(
        ready["redis"],
        json!({"status": "up", "nodes_up": 3, "nodes": 3, "quorum": 2})
    );

    // A failed draw (NB002, exhausted) releases the lock too: the other
    // instance gets it at once, without a single retry.
    server
        .create_series(json!({"document_type": "FULL", "template": "F-{SEQ}", "scope": "GLOBAL", "max_value": 1}))
        .await;
    server
        .reserve(&admin, json!({"document_type": "FULL"}))
        .await;
    let (status, body) = server
        .post(&admin, "/reserve", json!({"document_type": "FULL"}))
        .await;
    assert_eq!(
        (status, crate::support::code(&body)),
        (409, "NB002"),
        "{body}"
    );
    let mut impatient = RedisLockConfig::new(nodes.iter().map(RedisNode::url).collect());
    impatient.retry_attempts = 0;
    let impatient = RedisLocks::new(impatient).unwrap();
    let held = impatient
        .acquire("numbering:FULL:GLOBAL", Duration::from_secs(30))
        .await
        .expect("the failed request released its lock");
    assert!(!held.fallback_used());
    held.release().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_hand_out_each_value_once_while_a_node_dies() {
    let mut nodes = RedisNode::cluster(3);
    let env = [
        ("REDIS_CLUSTER_NODES", nodes_env(&nodes)),
        ("NUMBERING_RETRY_ATTEMPTS", "1000".to_owned()),
        ("NUMBERING_RETRY_DELAY", "5".to_owned()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let a = Arc::new(TestServer::start(&env));
    let b = Arc::new(TestServer::start_on(
        tempfile::tempdir().unwrap(),
        a.database_url.clone(),
        &env,
    ));
    create_lck(&a).await;
    let token = a.token("load", &["numbering:reserve"]);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let server = if i % 2 == 0 { a.clone() } else { b.clone() };
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let (status, body) = server
                .post(&token, "/reserve", json!({"document_type": "LCK"}))
                .await;
            assert_eq!(status, 201, "{body}");
            body["data"]["document_number"].as_str().unwrap().to_owned()
        }));
        if i == 100 {
            nodes[0].kill(); // mid-run: two of three still make a quorum
        }
    }
    let mut numbers = BTreeSet::new();
    for t in tasks {
        let n = t.await.unwrap();
        assert!(numbers.insert(n.clone()), "duplicate {n}");
    }
    let expected: BTreeSet<String> = (1..=200).map(|v| format!("LCK-{v:04}")).collect();
    assert_eq!(numbers, expected);
    for server in [&a, &b] {
        let text = scrape(server).await;
        assert!(
            !text.contains("redis_unavailable"),
            "no fallback with a quorum: {text}"
        );
    }
    let (_, body) = a
        .get(
            &a.admin(),
            "/audit?operation=RESERVE&document_type=LCK&limit=1000",
        )
        .await;
    let entries = body["data"]["entries"]
        .as_array()
        .or_else(|| body["data"].as_array())
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 200);
    assert!(entries.iter().all(|e| e["fallback_used"] == false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_every_node_down_requests_fall_back_and_locks_return_with_redis() {
    let mut nodes = RedisNode::cluster(3);
    let server = TestServer::start(&[
        ("REDIS_CLUSTER_NODES", &nodes_env(&nodes)),
        ("DOCNUM_METRICS_INTERVAL", "1"),
    ]);
    create_lck(&server).await;
    let admin = server.admin();
    let n1 = server
        .reserve(&admin, json!({"document_type": "LCK"}))
        .await;
    assert!(!fallback_used(&server, n1["document_number"].as_str().unwrap()).await);

    for node in &mut nodes {
        node.kill();
    }
    for expected in ["LCK-0002", "LCK-0003", "LCK-0004"] {
        let r = server
            .reserve(&admin, json!({"document_type": "LCK"}))
            .await;
        assert_eq!(r["document_number"], expected);
        assert!(
            fallback_used(&server, expected).await,
            "{expected} audited as fallback"
        );
    }
    let failures =
        r#"numbering_lock_failures_total{document_type="LCK",reason="redis_unavailable"}"#;
    assert_eq!(sample(&scrape(&server).await, failures), Some(3.0));
    let ready = readiness(&server).await;
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["redis"]["status"], "down");
    assert_eq!(ready["redis"]["nodes_up"], 0);
    wait_for_sample(&server, "numbering_redis_up", 0.0).await;

    for node in &mut nodes {
        node.restart();
    }
    // Redis is tried again a second after it was found down: until then
    // each reservation falls back (and is counted as a failure).
    let mut fallbacks = 3.0;
    eventually("locks to be used again once Redis answers", async || {
        let r = server
            .reserve(&admin, json!({"document_type": "LCK"}))
            .await;
        if fallback_used(&server, r["document_number"].as_str().unwrap()).await {
            fallbacks += 1.0;
            None
        } else {
            Some(())
        }
    })
    .await;
    assert_eq!(sample(&scrape(&server).await, failures), Some(fallbacks));
    assert_eq!(readiness(&server).await["redis"]["status"], "up");
    wait_for_sample(&server, "numbering_redis_up", 1.0).await;
}

/// Waits (the gauge loop runs every second here) for a sample's value.
async fn wait_for_sample(server: &TestServer, series: &str, want: f64) {
    eventually(format!("{series} to become {want}"), async || {
        (sample(&scrape(server).await, series) == Some(want)).then_some(())
    })
    .await;
}
