//! Many clients at once on one counter: every value exactly once.

use std::collections::BTreeSet;

use crate::support::{TestServer, seq_of};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousand_concurrent_reserves_get_values_one_to_thousand() {
    let server = std::sync::Arc::new(TestServer::start(&[]));
    server.create_cor().await;
    let token = server.token("load", &["numbering:reserve"]);
    let mut tasks = Vec::new();
    for _ in 0..1000 {
        let server = server.clone();
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let (status, body) = server
                .post(&token, "/reserve", json!({"document_type": "COR"}))
                .await;
            assert_eq!(status, 201, "{body}");
            body["data"]["document_number"].as_str().unwrap().to_owned()
        }));
    }
    let mut numbers = BTreeSet::new();
    let mut values = BTreeSet::new();
    for t in tasks {
        let n = t.await.unwrap();
        values.insert(seq_of(&n));
        assert!(numbers.insert(n.clone()), "duplicate number {n}");
    }
    assert_eq!(numbers.len(), 1000);
    assert_eq!(values, (1..=1000).collect::<BTreeSet<u64>>());
}
