//! The seed's flow over real HTTP against the real binary on SQLite.

use crate::support::{TestServer, code, seq_of};
use serde_json::json;

fn is_cor_number(n: &str) -> bool {
    // ^COR-\d{4}-\d{5}$
    let b = n.as_bytes();
    n.len() == 14
        && n.starts_with("COR-")
        && b[8] == b'-'
        && b[4..8].iter().chain(&b[9..]).all(u8::is_ascii_digit)
}

#[tokio::test(flavor = "multi_thread")]
async fn reserve_confirm_and_cancel_follow_the_seed_flow() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let user = server.token("alice", &["numbering:reserve"]);

    let first = server.reserve(&user, json!({"document_type": "COR"})).await;
    let number = first["document_number"].as_str().unwrap();
    assert!(is_cor_number(number), "{number}");
    assert!(
        first["token"].as_str().is_some_and(|t| t.len() == 36),
        "{first}"
    );
    assert_eq!(seq_of(number), 1);

    let (status, confirmed) = server
        .post(
            &user,
            "/confirm",
            json!({"token": first["token"], "document_ref": "DOC-1"}),
        )
        .await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["data"]["document_number"], number);
    // Confirming again is idempotent: the same answer.
    let (status, again) = server
        .post(&user, "/confirm", json!({"token": first["token"]}))
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["data"], confirmed["data"]);

    let second = server.reserve(&user, json!({"document_type": "COR"})).await;
    assert_eq!(seq_of(second["document_number"].as_str().unwrap()), 2);
    let (status, cancelled) = server
        .post(
            &user,
            "/cancel",
            json!({"token": second["token"], "reason": "typo"}),
        )
        .await;
    assert_eq!(status, 200, "{cancelled}");
    // Cancelling twice is a no-op.
    let (status, _) = server
        .post(&user, "/cancel", json!({"token": second["token"]}))
        .await;
    assert_eq!(status, 200);
    // A cancelled number is never reused.
    let third = server.reserve(&user, json!({"document_type": "COR"})).await;
    assert_eq!(seq_of(third["document_number"].as_str().unwrap()), 3);
    // Confirming a cancelled token is NB004 naming the state.
    let (status, body) = server
        .post(&user, "/confirm", json!({"token": second["token"]}))
        .await;
    assert_eq!((status, code(&body)), (410, "NB004"), "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("CANCELLED"),
        "{body}"
    );
    // Cancelling a confirmed number is refused: use void.
    let (status, body) = server
        .post(&user, "/cancel", json!({"token": first["token"]}))
        .await;
    assert_eq!((status, code(&body)), (409, "NB016"), "{body}");

    // The registry and the audit log tell the story.
    let admin = server.admin();
    let (status, details) = server.get(&admin, &format!("/numbers/{number}")).await;
    assert_eq!(status, 200, "{details}");
    assert_eq!(details["data"]["state"], "CONFIRMED");
    assert_eq!(details["data"]["document_ref"], "DOC-1");
    let (status, audit) = server
        .get(&admin, "/audit?document_type=COR&limit=100")
        .await;
    assert_eq!(status, 200, "{audit}");
    let ops: Vec<&str> = audit["data"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        ops,
        [
            "CONFIG_CHANGE",
            "RESERVE",
            "CONFIRM",
            "RESERVE",
            "CANCEL",
            "RESERVE"
        ]
    );
    let reserve_entry = &audit["data"]["entries"][1];
    assert_eq!(reserve_entry["user_id"], "alice");
    assert_eq!(reserve_entry["ip"], "127.0.0.1");
}

#[tokio::test(flavor = "multi_thread")]
async fn thai_letter_is_reserved_with_its_context() {
    let server = TestServer::start(&[]);
    server
        .create_series(json!({
            "document_type": "LETTER",
            "template": "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}",
            "scope": ["ORIGINATOR", "RECIPIENT", "YEAR"],
            "time_zone": "Asia/Bangkok",
            "backdate_days": 3660
        }))
        .await;
    let user = server.token("somchai", &["numbering:reserve"]);
    let body = json!({
        "document_type": "LETTER",
        "context": {"ORIGINATOR": "คคง.", "RECIPIENT": "สคฉ.3"},
        "document_date": "2025-06-15"
    });
    let got = server.reserve(&user, body.clone()).await;
    assert_eq!(got["document_number"], "คคง.-สคฉ.3-0001-2568");
    assert_eq!(got["context"]["ORIGINATOR"], "คคง.");
    let next = server.reserve(&user, body).await;
    assert_eq!(next["document_number"], "คคง.-สคฉ.3-0002-2568");
    // Another recipient has its own counter.
    let other = server
        .reserve(&user, json!({"document_type": "LETTER", "context": {"ORIGINATOR": "คคง.", "RECIPIENT": "กทพ."}, "document_date": "2025-06-15"}))
        .await;
    assert_eq!(other["document_number"], "คคง.-กทพ.-0001-2568");
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_consumes_nothing_and_status_counts() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let user = server.token("alice", &["numbering:reserve"]);
    let (status, p1) = server
        .post(&user, "/preview", json!({"document_type": "COR"}))
        .await;
    assert_eq!(status, 200, "{p1}");
    assert_eq!(p1["data"]["next_value"], 1);
    let (_, p2) = server
        .post(&user, "/preview", json!({"document_type": "COR"}))
        .await;
    assert_eq!(p2["data"], p1["data"]);
    let got = server.reserve(&user, json!({"document_type": "COR"})).await;
    assert_eq!(got["document_number"], p1["data"]["document_number"]);

    let (status, st) = server.get(&server.admin(), "/status/COR").await;
    assert_eq!(status, 200, "{st}");
    assert_eq!(st["data"]["current_value"], 1);
    assert_eq!(st["data"]["counts_by_state"]["RESERVED"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn health_readiness_and_openapi_are_served() {
    let server = TestServer::start(&[]);
    let c = &server.client;
    assert_eq!(
        c.get(format!("{}/healthz", server.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        c.get(format!("{}/readyz", server.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let doc: serde_json::Value = c
        .get(format!("{}/api-docs/openapi.json", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert!(doc["paths"]["/api/v1/document-numbering/reserve"]["post"].is_object());
    let ui = c
        .get(format!("{}/swagger-ui/", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ui.status(), 200);
}
