//! The error envelope: request ids, internal failures without details,
//! unknown routes and methods, and errors counted by code.

use axum::http::Method;
use docnum_application::AppError;
use serde_json::json;

use crate::RESERVE;
use crate::common::{SECRET_DETAIL, api, app, send, token};

#[tokio::test]
async fn errors_come_in_the_envelope_with_the_request_id() {
    let app = app();
    let alice = token("alice", &[RESERVE]);
    let r = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&alice),
        Some(json!({"document_type": "NOPE"})),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (404, "NB001"), "{}", r.text);
    assert_eq!(r.body["success"], false);
    assert_eq!(r.body["error"]["name"], "CONFIG_NOT_FOUND");
    let header = r.headers["x-request-id"].to_str().unwrap();
    assert_eq!(r.body["error"]["request_id"], header);
    assert_eq!(uuid::Uuid::parse_str(header).unwrap().get_version_num(), 4);
    if let Some(len) = r.headers.get("content-length") {
        assert_eq!(
            len.to_str().unwrap(),
            r.text.len().to_string(),
            "rewritten body, stale length"
        );
    }
}

#[tokio::test]
async fn internal_failures_are_500_without_details() {
    let app = app();
    let failure = format!("the database said: {SECRET_DETAIL}");
    app.store.fail_all(Some(AppError::Internal(failure)));
    let admin = token("root", &["numbering:admin"]);
    let r = send(&app.router, Method::GET, &api("/audit"), Some(&admin), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (500, "NB000"), "{}", r.text);
    assert!(!r.text.contains(SECRET_DETAIL), "{}", r.text);
    assert!(r.body["error"]["request_id"].is_string());
}

#[tokio::test]
async fn errors_are_counted_by_code() {
    let app = app();
    let alice = token("alice", &[RESERVE]);
    send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        None,
        Some(json!({})),
    )
    .await;
    send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&alice),
        Some(json!({"document_type": "NOPE"})),
    )
    .await;
    send(&app.router, Method::GET, "/nowhere", None, None).await;
    assert_eq!(*app.errors.0.lock().unwrap(), ["NB011", "NB001", "NB010"]);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_envelope() {
    let app = app();
    let r = send(&app.router, Method::GET, &api("/no-such-thing"), None, None).await;
    assert_eq!((r.status.as_u16(), r.code()), (404, "NB010"), "{}", r.text);
    let r = send(&app.router, Method::GET, &api("/reserve"), None, None).await;
    assert_eq!((r.status.as_u16(), r.code()), (405, "NB010"), "{}", r.text);
    assert_eq!(r.headers["allow"], "POST");
    assert_eq!(r.body["success"], false);
}

#[tokio::test]
async fn a_client_request_id_is_kept() {
    let app = app();
    let req = axum::http::Request::builder()
        .uri("/healthz")
        .header("x-request-id", "client-chosen-1")
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-request-id"], "client-chosen-1");
}
