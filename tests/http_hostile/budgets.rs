//! Every route has a budget: per user for reads and mutations, per address
//! for failed authentication.

use serde_json::{Value, json};

use crate::support::TestServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_over_budget_on_confirm_cancel_void_gets_429_and_others_do_not() {
    let server = TestServer::start(&[("DOCNUM_RATE_LIMIT_MUTATIONS", "3")]);
    let alice = server.token("alice", &["numbering:reserve", "numbering:void"]);
    let bob = server.token("bob", &["numbering:reserve", "numbering:void"]);
    let void = json!({"document_number": "COR-2025-00001", "reason": "sent to the wrong party"});
    let missing = json!({"token": uuid::Uuid::new_v4()});
    // Three mutations spend alice's budget (their answers do not matter).
    for (path, body) in [
        ("/confirm", &missing),
        ("/cancel", &missing),
        ("/void", &void),
    ] {
        let (status, body) = server.post(&alice, path, body.clone()).await;
        assert_ne!(status, 429, "{path} within budget: {body}");
    }
    for (path, body) in [
        ("/confirm", &missing),
        ("/cancel", &missing),
        ("/void", &void),
    ] {
        let resp = server
            .client
            .post(server.api(path))
            .bearer_auth(&alice)
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 429, "{path} over budget");
        let retry: u64 = resp.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry >= 1);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "NB013", "{body}");
    }
    // Bob has his own budget.
    let (status, body) = server.post(&bob, "/confirm", missing.clone()).await;
    assert_eq!(status, 410, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_have_their_own_budget() {
    let server = TestServer::start(&[("DOCNUM_RATE_LIMIT_READS", "2")]);
    let admin = server.admin();
    for _ in 0..2 {
        assert_eq!(server.get(&admin, "/series").await.0, 200);
    }
    let (status, body) = server.get(&admin, "/series").await;
    assert_eq!(status, 429, "{body}");
    // Mutations are counted apart.
    server.create_cor().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_authentication_is_limited_per_address_before_verifying() {
    let server = TestServer::start(&[
        ("DOCNUM_RATE_LIMIT_FAILED_AUTH", "3"),
        ("DOCNUM_TRUSTED_PROXIES", "127.0.0.1"),
    ]);
    let admin = server.admin();
    let get = async |token: &str, forwarded: Option<&str>| {
        let mut req = server.client.get(server.api("/series")).bearer_auth(token);
        if let Some(addr) = forwarded {
            req = req.header("x-forwarded-for", addr);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let retry = resp.headers().get("retry-after").is_some();
        (status, retry)
    };
    let client = Some("203.0.113.7");
    // The fourth failure within the minute is over the budget of 3: still
    // answered 401, and from then on the address is refused.
    for _ in 0..4 {
        assert_eq!(get("not-a-token", client).await.0, 401);
    }
    // Refused before the token is looked at, even a good one.
    assert_eq!(get("not-a-token", client).await, (429, true));
    assert_eq!(get(&admin, client).await, (429, true));
    // Another client behind the same (trusted) proxy is not affected.
    assert_eq!(get(&admin, Some("198.51.100.2")).await.0, 200);
    assert_eq!(get("not-a-token", Some("198.51.100.2")).await.0, 401);
}
