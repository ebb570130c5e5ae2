//! A crash under load: the real `docnum serve` (coalescing reservations into
//! shared transactions) is killed with SIGKILL while 64 clients reserve
//! numbers from one counter, then started again on the same database.
//!
//! Every number a client was given is in the registry as RESERVED and its
//! token confirms it (a number is answered only after its transaction
//! committed), none was given twice, every value the counter passed is in
//! the registry (a batch commits whole or not at all), and `docnum validate`
//! is clean. On SQLite, and on PostgreSQL (`DOCNUM_TEST_POSTGRES_URL`, in
//! `needs_postgres`: left out of nextest's default run).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::support::{TestServer, eventually, read, seq_of};
use serde_json::{Value, json};

/// Clients reserving at once.
const CLIENTS: usize = 64;
/// Numbers handed out before the kill.
const BEFORE_KILL: usize = 2000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_on_sqlite_loses_no_reserved_number() {
    let server = TestServer::start(&[]);
    crash_and_check(server).await;
}

mod needs_postgres {
    use docnum_adapters::testing::TestDatabase;

    use crate::support::TestServer;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sigkill_under_load_on_postgres_loses_no_reserved_number() {
        let db = TestDatabase::on_server_in("DOCNUM_TEST_POSTGRES_URL").await;
        let server = TestServer::start_on(tempfile::tempdir().unwrap(), db.url().to_owned(), &[]);
        super::crash_and_check(server).await;
        drop(db);
    }
}

/// Number → token, as the clients received them.
type Received = Arc<Mutex<Vec<(String, String)>>>;

async fn crash_and_check(server: TestServer) {
    server.create_cor().await;
    let token = server.token("load", &["numbering:reserve"]);
    let received: Received = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, url) = (server.client.clone(), server.api("/reserve"));
            let (token, received, stop) = (token.clone(), received.clone(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let sent = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&json!({"document_type": "COR"}))
                        .send()
                        .await;
                    // The server is gone: this client is done.
                    let Ok(resp) = sent else { break };
                    let (status, body) = read(resp).await;
                    if status == 201 {
                        let data = &body["data"];
                        let number = data["document_number"].as_str().unwrap().to_owned();
                        let token = data["token"].as_str().unwrap().to_owned();
                        received.lock().unwrap().push((number, token));
                    }
                }
            })
        })
        .collect();
    eventually(format!("{BEFORE_KILL} numbers handed out"), async || {
        (received.lock().unwrap().len() >= BEFORE_KILL).then_some(())
    })
    .await;
    let (dir, database_url) = server.crash();
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }

    let server = TestServer::start_on(dir, database_url, &[]);
    let received = received.lock().unwrap().clone();
    let by_number: BTreeMap<&str, &str> = received
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    assert_eq!(by_number.len(), received.len(), "a number was given twice");
    let admin = server.admin();
    for (number, token) in &by_number {
        let (status, body) = server.get(&admin, &format!("/numbers/{number}")).await;
        assert_eq!(status, 200, "{number} is lost: {body}");
        assert_eq!(body["data"]["state"], "RESERVED", "{body}");
        assert_eq!(body["data"]["value"], seq_of(number), "{body}");
        // The token the client got is the number's: it confirms it.
        let (status, body) = server
            .post(&admin, "/confirm", json!({"token": token}))
            .await;
        assert_eq!(status, 200, "confirm {number}: {body}");
        assert_eq!(body["data"]["document_number"], *number, "{body}");
    }
    let (status, body) = server.get(&admin, "/status/COR").await;
    assert_eq!(status, 200, "{body}");
    let current = body["data"]["current_value"].as_u64().unwrap();
    let rows: u64 = body["data"]["counts_by_state"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        rows, current,
        "every value the counter passed is registered: {body}"
    );
    let highest = by_number.keys().map(|n| seq_of(n)).max().unwrap();
    assert!(current >= highest, "counter {current} < {highest}");

    let out = server.cli(&["validate", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert!(
        out.status.success(),
        "validate: {report} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["ok"], true, "{report}");
}
