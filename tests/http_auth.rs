//! Authentication and permissions.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::support::{SECRET, TestServer, code};
use serde_json::json;

fn forged(secret: &[u8], exp_offset: i64) -> String {
    let now = i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    let claims =
        json!({"sub": "mallory", "permissions": ["numbering:admin"], "exp": now + exp_offset});
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_without_valid_credentials_are_401_and_without_permission_403() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let body = json!({"document_type": "COR"});

    let resp = server
        .client
        .post(server.api("/reserve"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()
            .get("www-authenticate")
            .map(|h| h.to_str().unwrap().to_owned())
            .as_deref(),
        Some("Bearer")
    );
    let (status, b) = crate::support::read(resp).await;
    assert_eq!((status, code(&b)), (401, "NB011"), "no token: {b}");

    for (what, token) in [
        ("garbage", "not.a.jwt".to_owned()),
        (
            "bad signature",
            forged(b"another-secret-another-secret-0123456789", 3600),
        ),
        ("expired", forged(SECRET.as_bytes(), -3600)),
    ] {
        let (status, b) = server.post(&token, "/reserve", body.clone()).await;
        assert_eq!((status, code(&b)), (401, "NB011"), "{what}: {b}");
    }

    let reader = server.token("bob", &["numbering:void"]);
    let (status, b) = server.post(&reader, "/reserve", body.clone()).await;
    assert_eq!((status, code(&b)), (403, "NB012"), "{b}");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("numbering:reserve"),
        "{b}"
    );
    let user = server.token("alice", &["numbering:reserve"]);
    let (status, b) = server
        .post(
            &user,
            "/series",
            json!({"document_type": "X", "template": "X-{SEQ}", "scope": "GLOBAL"}),
        )
        .await;
    assert_eq!((status, code(&b)), (403, "NB012"), "{b}");

    // Health, docs and metrics need no token.
    assert_eq!(
        server
            .client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        server
            .client
            .get(format!("{}/api-docs/openapi.json", server.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reserve_is_rate_limited_per_user() {
    let server = TestServer::start(&[("NUMBERING_RATE_LIMIT", "3")]);
    server.create_cor().await;
    let alice = server.token("alice", &["numbering:reserve"]);
    let bob = server.token("bob", &["numbering:reserve"]);
    for _ in 0..3 {
        server
            .reserve(&alice, json!({"document_type": "COR"}))
            .await;
    }
    let resp = server
        .client
        .post(server.api("/reserve"))
        .bearer_auth(&alice)
        .json(&json!({"document_type": "COR"}))
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("retry-after"));
    let (status, b) = crate::support::read(resp).await;
    assert_eq!((status, code(&b)), (429, "NB013"), "{b}");
    // Another user is not affected.
    server.reserve(&bob, json!({"document_type": "COR"})).await;
    let _ = Duration::from_secs(0);
}
