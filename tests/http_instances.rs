//! Several `docnum serve` processes (the real binary) on one PostgreSQL or
//! MariaDB database, as behind a load balancer: every value exactly once
//! across instances, and a reservation confirmed or cancelled through
//! another instance than the one that made it.
//!
//! Runs on the servers `DOCNUM_TEST_POSTGRES_URL` and `DOCNUM_TEST_MYSQL_URL`
//! name, each test on a database of its own (`needs_*` modules: left out of
//! nextest's default run; without the variable or the server, they fail).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::support::{TestServer, seq_of};
use docnum_adapters::testing::TestDatabase;
use serde_json::json;
use tokio::sync::Semaphore;

/// Instances sharing the database.
const INSTANCES: usize = 3;
/// Reservations spread across them.
const RESERVES: usize = 3000;
/// Requests in flight at once (all instances together).
const IN_FLIGHT: usize = 300;

mod needs_postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn three_postgres_instances_hand_out_each_value_once() {
        super::several_instances("DOCNUM_TEST_POSTGRES_URL").await;
    }
}

mod needs_mysql {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn three_mariadb_instances_hand_out_each_value_once() {
        super::several_instances("DOCNUM_TEST_MYSQL_URL").await;
    }
}

/// One reservation: which instance made it, its token and number.
struct Reserved {
    instance: usize,
    token: String,
    number: String,
}

async fn several_instances(var: &str) {
    let db = TestDatabase::on_server_in(var).await;
    let instances = start_together(db.url());
    instances[0].create_cor().await;
    let token = instances[0].token("load", &["numbering:reserve"]);

    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let tasks: Vec<_> = (0..RESERVES)
        .map(|i| {
            let instance = i % INSTANCES;
            let server = instances[instance].clone();
            let (gate, token) = (gate.clone(), token.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire().await.unwrap();
                let data = server
                    .reserve(&token, json!({"document_type": "COR"}))
                    .await;
                Reserved {
                    instance,
                    token: data["token"].as_str().unwrap().to_owned(),
                    number: data["document_number"].as_str().unwrap().to_owned(),
                }
            })
        })
        .collect();
    let mut reserved = Vec::with_capacity(RESERVES);
    for t in tasks {
        reserved.push(t.await.unwrap());
    }
    let numbers: BTreeSet<&str> = reserved.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers.len(), RESERVES, "a number was handed out twice");
    let values: BTreeSet<u64> = reserved.iter().map(|r| seq_of(&r.number)).collect();
    assert_eq!(values, (1..=RESERVES as u64).collect::<BTreeSet<u64>>());

    // Every tenth is confirmed, and the one after it cancelled, through an
    // instance other than the one that reserved it.
    let mut changes = Vec::new();
    for (i, r) in reserved.iter().enumerate() {
        let (path, other) = match i % 10 {
            0 => ("/confirm", (r.instance + 1) % INSTANCES),
            1 => ("/cancel", (r.instance + 2) % INSTANCES),
            _ => continue,
        };
        let server = instances[other].clone();
        let (token, number) = (token.clone(), r.number.clone());
        let body = if path == "/confirm" {
            json!({"token": r.token, "document_ref": format!("DOC-{i}")})
        } else {
            json!({"token": r.token, "reason": "cancelled through another instance"})
        };
        changes.push(tokio::spawn(async move {
            let (status, resp) = server.post(&token, path, body).await;
            assert_eq!(status, 200, "{path} {number} on instance {other}: {resp}");
            if path == "/confirm" {
                assert_eq!(resp["data"]["document_number"], number.as_str());
            }
        }));
    }
    for c in changes {
        c.await.unwrap();
    }

    let (status, resp) = instances[2].get(&instances[2].admin(), "/status/COR").await;
    assert_eq!(status, 200, "{resp}");
    let data = &resp["data"];
    assert_eq!(data["current_value"], RESERVES);
    let counts = &data["counts_by_state"];
    assert_eq!(counts["CONFIRMED"], RESERVES / 10, "{counts}");
    assert_eq!(counts["CANCELLED"], RESERVES / 10, "{counts}");
    assert_eq!(counts["RESERVED"], RESERVES - RESERVES / 5, "{counts}");
    // The servers go before their database.
    drop(instances);
    drop(db);
}

/// Starts the instances at the same moment (their migrations race).
fn start_together(url: &str) -> Vec<Arc<TestServer>> {
    let starts: Vec<_> = (0..INSTANCES)
        .map(|_| {
            let url = url.to_owned();
            std::thread::spawn(move || TestServer::start_on(tempfile::tempdir().unwrap(), url, &[]))
        })
        .collect();
    starts
        .into_iter()
        .map(|s| Arc::new(s.join().unwrap()))
        .collect()
}
