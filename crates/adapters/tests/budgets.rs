//! The shared request budgets against real `redis-server` processes: two
//! instances spend from one budget, a refund gives one request back, the
//! budget refills by Redis's clock, and a node that is down is reported
//! (so the caller uses its own budget) and used again once it is back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../../../tests/support/redis.rs"]
mod redis_nodes;
#[path = "../../../tests/support/wait.rs"]
mod wait;

use std::time::Duration;

use docnum_adapters::{RedisBudgets, RedisLockConfig};
use docnum_application::ports::{BudgetUnavailable, SharedBudgets};
use redis_nodes::RedisNode;
use wait::eventually;

fn budgets(node: &RedisNode) -> RedisBudgets {
    RedisBudgets::new(&RedisLockConfig::new(vec![node.url()]))
        .unwrap()
        .expect("one node configured")
}

#[tokio::test]
async fn two_instances_spend_from_one_budget_and_a_refund_gives_one_back() {
    let node = RedisNode::start();
    let (a, b) = (budgets(&node), budgets(&node));
    // 3 a minute: a burst of 3, then one every 20 s.
    assert_eq!(a.spend("reads:alice", 3).await, Ok(None));
    assert_eq!(b.spend("reads:alice", 3).await, Ok(None));
    assert_eq!(a.spend("reads:alice", 3).await, Ok(None));
    let wait = b
        .spend("reads:alice", 3)
        .await
        .unwrap()
        .expect("the fourth request of the minute is refused, whichever instance gets it");
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(20),
        "{wait:?}"
    );
    // Another user's budget is untouched.
    assert_eq!(b.spend("reads:bob", 3).await, Ok(None));
    // A refund at one instance lets one more through at the other, once.
    a.refund("reads:alice", 3).await.unwrap();
    assert_eq!(b.spend("reads:alice", 3).await, Ok(None));
    assert!(b.spend("reads:alice", 3).await.unwrap().is_some());
    // Each budget is one key under docnum's prefix, expiring by itself.
    let ttl = node.command("PTTL docnum:budget:reads:alice");
    let ms: i64 = ttl.trim().trim_start_matches(':').parse().unwrap();
    assert!(ms > 0 && ms <= 60_000, "{ttl}");
}

#[tokio::test]
async fn a_refund_never_makes_a_budget_larger_than_full() {
    let node = RedisNode::start();
    let a = budgets(&node);
    for _ in 0..5 {
        a.refund("mutations:carol", 2).await.unwrap();
    }
    assert_eq!(
        node.command("EXISTS docnum:budget:mutations:carol").trim(),
        ":0"
    );
    assert_eq!(a.spend("mutations:carol", 2).await, Ok(None));
    assert_eq!(a.spend("mutations:carol", 2).await, Ok(None));
    assert!(a.spend("mutations:carol", 2).await.unwrap().is_some());
}

#[tokio::test]
async fn the_budget_refills_by_the_clock() {
    let node = RedisNode::start();
    let a = budgets(&node);
    // 60 a minute: a burst of 60, then one a second. Spend until refused
    // (however slow the machine, spending outpaces one a second).
    let mut refused = None;
    for _ in 0..10_000 {
        refused = a.spend("reads:dave", 60).await.unwrap();
        if refused.is_some() {
            break;
        }
    }
    let wait = refused.expect("the burst is spent");
    assert!(wait <= Duration::from_secs(1), "{wait:?}");
    eventually("the budget to refill", async || {
        (a.spend("reads:dave", 60).await == Ok(None)).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_node_that_is_down_is_reported_and_used_again_once_back() {
    let mut node = RedisNode::start();
    let a = budgets(&node);
    assert_eq!(a.spend("reads:erin", 1).await, Ok(None));
    node.kill();
    assert_eq!(a.spend("reads:erin", 1).await, Err(BudgetUnavailable));
    assert_eq!(a.refund("reads:erin", 1).await, Err(BudgetUnavailable));
    assert_eq!(a.fallbacks(), 2, "each answer without Redis is counted");
    node.restart();
    // The node came back empty (it keeps nothing on disk): a fresh budget.
    eventually("the budgets to use Redis again", async || {
        (a.spend("reads:erin", 1).await == Ok(None)).then_some(())
    })
    .await;
    assert!(a.spend("reads:erin", 1).await.unwrap().is_some());
}

#[test]
fn no_nodes_means_no_shared_budgets() {
    assert!(
        RedisBudgets::new(&RedisLockConfig::new(Vec::new()))
            .unwrap()
            .is_none()
    );
}
