//! The number routes end to end: reserve, confirm, read back, cancel, and
//! the status counts of every state.

use axum::http::Method;
use serde_json::json;

use crate::RESERVE;
use crate::common::{api, app, send, token};

#[tokio::test]
async fn reserve_confirm_and_read_back_a_number() {
    let app = app();
    let alice = token("alice", &[RESERVE]);
    let r = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&alice),
        Some(json!({"document_type": "COR", "metadata": {"k": 1}})),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["success"], true);
    let data = &r.body["data"];
    for field in [
        "token",
        "document_number",
        "document_type",
        "scope_value",
        "counter_key",
        "value",
        "context",
        "expires_at",
        "metadata",
    ] {
        assert!(data.get(field).is_some(), "{field} missing: {data}");
    }
    assert_eq!(data["value"], 1);
    assert_eq!(data["metadata"], json!({"k": 1}));
    let number = data["document_number"].as_str().unwrap().to_owned();

    let c1 = send(
        &app.router,
        Method::POST,
        &api("/confirm"),
        Some(&alice),
        Some(json!({"token": data["token"], "document_ref": "DOC-1"})),
    )
    .await;
    assert_eq!(c1.status, 200, "{}", c1.text);
    assert_eq!(c1.body["data"]["document_number"], number.as_str());
    let c2 = send(
        &app.router,
        Method::POST,
        &api("/confirm"),
        Some(&alice),
        Some(json!({"token": data["token"]})),
    )
    .await;
    assert_eq!(c2.body["data"], c1.body["data"], "confirm is idempotent");

    let n = send(
        &app.router,
        Method::GET,
        &api(&format!("/numbers/{number}")),
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(n.status, 200, "{}", n.text);
    assert_eq!(n.body["data"]["state"], "CONFIRMED");
    assert_eq!(n.body["data"]["document_ref"], "DOC-1");
    assert_eq!(n.body["data"]["source"], "RESERVE");
    assert_eq!(n.body["data"]["chain"], json!([number]));
}

#[tokio::test]
async fn cancel_answers_the_state_and_confirming_after_is_nb004() {
    let app = app();
    let alice = token("alice", &[RESERVE]);
    let r = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&alice),
        Some(json!({"document_type": "COR"})),
    )
    .await;
    let tok = r.body["data"]["token"].clone();
    let c = send(
        &app.router,
        Method::POST,
        &api("/cancel"),
        Some(&alice),
        Some(json!({"token": tok, "reason": "typo"})),
    )
    .await;
    assert_eq!(c.status, 200, "{}", c.text);
    assert_eq!(c.body["data"]["state"], "CANCELLED");
    let late = send(
        &app.router,
        Method::POST,
        &api("/confirm"),
        Some(&alice),
        Some(json!({"token": tok})),
    )
    .await;
    assert_eq!((late.status.as_u16(), late.code()), (410, "NB004"));
    assert!(late.message().contains("CANCELLED"), "{}", late.text);
}

#[tokio::test]
async fn status_lists_every_state() {
    let app = app();
    let admin = token("root", &["numbering:admin"]);
    let r = send(
        &app.router,
        Method::GET,
        &api("/status/COR"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let counts = &r.body["data"]["counts_by_state"];
    for state in ["RESERVED", "CONFIRMED", "CANCELLED", "EXPIRED", "VOIDED"] {
        assert_eq!(counts[state], 0, "{state}: {counts}");
    }
    assert_eq!(r.body["data"]["template"], "COR-{YYYY}-{SEQ:5}");
}
