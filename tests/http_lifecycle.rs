//! Expiry, idempotency, manual override and void/replace over real HTTP.

use crate::support::{TestServer, code, eventually, seq_of};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn expired_reservation_cannot_be_confirmed_and_is_never_reused() {
    let server = TestServer::start(&[
        ("NUMBERING_RESERVATION_TTL", "1"),
        ("DOCNUM_EXPIRY_INTERVAL", "1"),
    ]);
    server.create_cor().await;
    let user = server.token("alice", &["numbering:reserve"]);
    let r = server.reserve(&user, json!({"document_type": "COR"})).await;
    let number = r["document_number"].as_str().unwrap().to_owned();
    // The expiry job (every second) marks it once its TTL (1 s) has passed.
    eventually("the expiry job to expire the reservation", async || {
        let (_, details) = server
            .get(&server.admin(), &format!("/numbers/{number}"))
            .await;
        (details["data"]["state"] == "EXPIRED").then_some(())
    })
    .await;

    let (status, body) = server
        .post(&user, "/confirm", json!({"token": r["token"]}))
        .await;
    assert_eq!((status, code(&body)), (410, "NB004"), "{body}");
    let (_, details) = server
        .get(&server.admin(), &format!("/numbers/{number}"))
        .await;
    assert_eq!(details["data"]["state"], "EXPIRED", "{details}");
    let (_, audit) = server
        .get(
            &server.admin(),
            &format!("/audit?operation=EXPIRE&document_number={number}"),
        )
        .await;
    assert_eq!(
        audit["data"]["entries"].as_array().unwrap().len(),
        1,
        "{audit}"
    );
    assert_eq!(audit["data"]["entries"][0]["user_id"], "system");

    let next = server.reserve(&user, json!({"document_type": "COR"})).await;
    assert_eq!(seq_of(next["document_number"].as_str().unwrap()), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn idempotency_key_replays_the_same_reservation() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let user = server.token("alice", &["numbering:reserve"]);
    let send = |key: &'static str, body: serde_json::Value| {
        let req = server
            .client
            .post(server.api("/reserve"))
            .bearer_auth(&user)
            .header("Idempotency-Key", key)
            .json(&body);
        async move { crate::support::read(req.send().await.unwrap()).await }
    };
    let (s1, b1) = send("k-1", json!({"document_type": "COR", "metadata": {"a": 1}})).await;
    let (s2, b2) = send("k-1", json!({"document_type": "COR", "metadata": {"a": 1}})).await;
    assert_eq!(s1, 201, "{b1}");
    assert!(s2 == 201 || s2 == 200, "{b2}");
    assert_eq!(b1["data"]["token"], b2["data"]["token"]);
    assert_eq!(b1["data"]["document_number"], b2["data"]["document_number"]);

    let (s3, b3) = send("k-1", json!({"document_type": "COR", "metadata": {"a": 2}})).await;
    assert_eq!((s3, code(&b3)), (422, "NB015"), "{b3}");
    // Only one number left the counter.
    let next = server.reserve(&user, json!({"document_type": "COR"})).await;
    assert_eq!(seq_of(next["document_number"].as_str().unwrap()), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn manual_override_rules() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    server
        .create_series(
            json!({"document_type": "LOCKED", "template": "L-{SEQ:3}", "scope": "GLOBAL"}),
        )
        .await;
    let admin = server.admin();
    let year = chrono_year();

    let (s, b) = server
        .post(
            &admin,
            "/manual",
            json!({"document_type": "LOCKED", "document_number": "L-001", "reason": "legacy"}),
        )
        .await;
    assert_eq!((s, code(&b)), (403, "NB007"), "{b}");
    let (s, b) = server
        .post(
            &admin,
            "/manual",
            json!({"document_type": "COR", "document_number": "COR-XX-1", "reason": "legacy"}),
        )
        .await;
    assert_eq!((s, code(&b)), (422, "NB006"), "{b}");
    let (s, b) = server
        .post(&admin, "/manual", json!({"document_type": "COR", "document_number": format!("COR-{year}-00010"), "reason": "paper register"}))
        .await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = server
        .post(&admin, "/manual", json!({"document_type": "COR", "document_number": format!("COR-{year}-00010"), "reason": "again"}))
        .await;
    assert_eq!((s, code(&b)), (409, "NB005"), "{b}");
    // The counter was raised to 10: the next reservation is 11.
    let user = server.token("alice", &["numbering:reserve"]);
    let next = server.reserve(&user, json!({"document_type": "COR"})).await;
    assert_eq!(seq_of(next["document_number"].as_str().unwrap()), 11);
    // A lower manual value fills a gap but never lowers the counter.
    let (s, b) = server
        .post(&admin, "/manual", json!({"document_type": "COR", "document_number": format!("COR-{year}-00005"), "reason": "late entry"}))
        .await;
    assert_eq!(s, 201, "{b}");
    let next = server.reserve(&user, json!({"document_type": "COR"})).await;
    assert_eq!(seq_of(next["document_number"].as_str().unwrap()), 12);
    // The skipped values are in the audit.
    let (_, audit) = server.get(&admin, "/audit?operation=SEQUENCE_SKIP").await;
    let entries = audit["data"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["old_value"], "0");
    assert_eq!(entries[0]["new_value"], "10");
    // Without the permission it is refused.
    let (s, b) = server
        .post(&user, "/manual", json!({"document_type": "COR", "document_number": format!("COR-{year}-00020"), "reason": "x"}))
        .await;
    assert_eq!((s, code(&b)), (403, "NB012"), "{b}");
}

#[tokio::test(flavor = "multi_thread")]
async fn void_and_replace_chain_is_readable_from_every_member() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let user = server.token("alice", &["numbering:reserve"]);
    let voider = server.token("boss", &["numbering:void", "numbering:reserve"]);
    let a = server.reserve(&user, json!({"document_type": "COR"})).await;
    let a_number = a["document_number"].as_str().unwrap().to_owned();

    // Only confirmed numbers can be voided.
    let (s, b) = server
        .post(
            &voider,
            "/void",
            json!({"document_number": a_number, "reason": "wrong recipient", "replace": true}),
        )
        .await;
    assert_eq!((s, code(&b)), (409, "NB016"), "{b}");
    server
        .post(&user, "/confirm", json!({"token": a["token"]}))
        .await;
    // Reason too short.
    let (s, b) = server
        .post(
            &voider,
            "/void",
            json!({"document_number": a_number, "reason": "short", "replace": true}),
        )
        .await;
    assert_eq!((s, code(&b)), (422, "NB009"), "{b}");

    let (s, ab) = server
        .post(
            &voider,
            "/void",
            json!({"document_number": a_number, "reason": "wrong recipient", "replace": true}),
        )
        .await;
    assert_eq!(s, 200, "{ab}");
    assert_eq!(ab["data"]["status"], "REPLACED");
    let b_number = ab["data"]["replacement"]["document_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let (s, bc) = server
        .post(
            &voider,
            "/void",
            json!({"document_number": b_number, "reason": "wrong date again", "replace": true}),
        )
        .await;
    assert_eq!(s, 200, "{bc}");
    let c_number = bc["data"]["replacement"]["document_number"]
        .as_str()
        .unwrap()
        .to_owned();

    for member in [&a_number, &b_number, &c_number] {
        let (s, d) = server.get(&user, &format!("/numbers/{member}")).await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(
            d["data"]["chain"],
            json!([a_number, b_number, c_number]),
            "{d}"
        );
    }
    let (_, c) = server.get(&user, &format!("/numbers/{c_number}")).await;
    assert_eq!(c["data"]["state"], "CONFIRMED");
    assert_eq!(c["data"]["replaces"], b_number.as_str());
    // Voiding without the permission is refused.
    let (s, b) = server
        .post(
            &user,
            "/void",
            json!({"document_number": c_number, "reason": "no permission here", "replace": false}),
        )
        .await;
    assert_eq!((s, code(&b)), (403, "NB012"), "{b}");
}

fn chrono_year() -> i32 {
    use chrono::Datelike as _;
    chrono::Utc::now().year()
}
