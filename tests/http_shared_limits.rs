//! The per-user and failed-authentication budgets shared by two real
//! instances through one Redis, and what happens when Redis goes away:
//! each instance falls back to its own budget and nothing fails.

use crate::support::TestServer;
use crate::support::prom::{sample, scrape};
use crate::support::redis::RedisNode;
use crate::support::wait::eventually;

/// Two instances (each its own SQLite file: budgets know nothing of the
/// database) on one Redis node.
fn two_instances(node: &RedisNode, env: &[(&str, &str)]) -> (TestServer, TestServer) {
    let url = node.url();
    let mut env = env.to_vec();
    env.push(("REDIS_URL", &url));
    (TestServer::start(&env), TestServer::start(&env))
}

async fn get_series(server: &TestServer, token: &str) -> (u16, bool) {
    let resp = server
        .client
        .get(server.api("/series"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (
        resp.status().as_u16(),
        resp.headers().get("retry-after").is_some(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_budget_and_fall_back_to_their_own_without_redis() {
    let mut node = RedisNode::start();
    let (a, b) = two_instances(
        &node,
        &[
            ("DOCNUM_RATE_LIMIT_READS", "3"),
            ("DOCNUM_METRICS_INTERVAL", "1"),
        ],
    );
    let alice = a.token("alice", &["numbering:reserve"]);
    let bob = a.token("bob", &["numbering:reserve"]);
    // Three reads a minute, spent at either instance.
    assert_eq!(get_series(&a, &alice).await.0, 200);
    assert_eq!(get_series(&b, &alice).await.0, 200);
    assert_eq!(get_series(&a, &alice).await.0, 200);
    assert_eq!(get_series(&b, &alice).await, (429, true));
    assert_eq!(get_series(&a, &alice).await, (429, true));
    // Another user is not affected.
    assert_eq!(get_series(&b, &bob).await.0, 200);

    // Redis gone: every request is still answered, and each instance
    // enforces the budget on its own (alice starts afresh there).
    node.kill();
    for _ in 0..3 {
        assert_eq!(get_series(&a, &alice).await.0, 200);
    }
    assert_eq!(get_series(&a, &alice).await, (429, true));
    assert_eq!(get_series(&b, &alice).await.0, 200);
    // Operators see it: the four checks at `a` were judged without Redis.
    eventually("the fallbacks in /metrics", async || {
        let text = scrape(&a).await;
        sample(&text, "numbering_budget_fallbacks_total").filter(|n| *n >= 4.0)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_authentications_at_either_instance_count_together() {
    let node = RedisNode::start();
    let (a, b) = two_instances(&node, &[("DOCNUM_RATE_LIMIT_FAILED_AUTH", "3")]);
    let admin = a.admin();
    // Three failures a minute per address, wherever they happen: the
    // fourth (at b) is over, and b refuses the address from then on.
    assert_eq!(get_series(&a, "not-a-token").await.0, 401);
    assert_eq!(get_series(&a, "not-a-token").await.0, 401);
    assert_eq!(get_series(&b, "not-a-token").await.0, 401);
    assert_eq!(get_series(&b, "not-a-token").await.0, 401);
    assert_eq!(get_series(&b, &admin).await, (429, true));
    // a refuses it from its own next failure on, good tokens included.
    assert_eq!(get_series(&a, "not-a-token").await.0, 401);
    assert_eq!(get_series(&a, &admin).await, (429, true));
}
