//! `/metrics` against a hostile client: garbage methods add no series, and
//! the exposition can sit on its own listener behind a token.

use crate::support::TestServer;

/// The sample lines of an exposition, values left out (so that counts and
/// sums changing do not count; only new series would), in order.
fn series(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.rsplit_once(' ').map_or(l, |(name, _)| name).to_owned())
        .collect()
}

async fn scrape_text(server: &TestServer) -> String {
    let resp = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distinct_garbage_methods_leave_the_metrics_unchanged() {
    let server = TestServer::start(&[]);
    let send = async |method: &str| {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        server
            .client
            .request(method, format!("{}/healthz", server.base))
            .send()
            .await
            .unwrap()
            .status()
    };
    // Every series a garbage method can make, made once; then two scrapes so
    // that the scrape's own series exist.
    assert_eq!(send("WARMUP").await, 405);
    scrape_text(&server).await;
    let before = series(&scrape_text(&server).await);
    for i in 0..200 {
        send(&format!("FOO{i}{}", "A".repeat(i))).await;
    }
    let text = scrape_text(&server).await;
    assert_eq!(series(&text), before, "new series after garbage methods");
    assert!(!text.contains("FOO"), "a client's method became a label");
    assert!(text.contains(r#"method="OTHER""#), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_can_live_on_their_own_listener_behind_a_token() {
    let server = TestServer::start(&[
        ("DOCNUM_METRICS_BIND", "127.0.0.1:0"),
        ("DOCNUM_METRICS_TOKEN", "scrape-me-0123456789"),
    ]);
    // Not on the API's port any more.
    let api = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    let url = server.metrics_url.clone().expect("the metrics listener");
    let bare = server.client.get(&url).send().await.unwrap();
    assert_eq!(bare.status(), 401);
    let wrong = server
        .client
        .get(&url)
        .bearer_auth("scrape-me-0123456788")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let scraped = server
        .client
        .get(&url)
        .bearer_auth("scrape-me-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(scraped.text().await.unwrap().contains("numbering_db_pool"));
}
