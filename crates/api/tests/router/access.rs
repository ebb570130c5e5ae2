//! Who may call what: credentials, permissions, and the per-user rate
//! limit.

use axum::http::Method;
use serde_json::json;

use crate::RESERVE;
use crate::common::{api, app, app_with, send, token};

#[tokio::test]
async fn credentials_and_permissions_are_checked() {
    let app = app();
    let body = Some(json!({"document_type": "COR"}));
    let none = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        None,
        body.clone(),
    )
    .await;
    assert_eq!((none.status.as_u16(), none.code()), (401, "NB011"));
    assert_eq!(none.headers["www-authenticate"], "Bearer");
    let garbage = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some("not.a.jwt"),
        body.clone(),
    )
    .await;
    assert_eq!((garbage.status.as_u16(), garbage.code()), (401, "NB011"));

    let voider = token("bob", &["numbering:void"]);
    let r = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&voider),
        body,
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "NB012"));
    assert!(r.message().contains("numbering:reserve"), "{}", r.text);

    let admin_only = send(
        &app.router,
        Method::GET,
        &api("/status"),
        Some(&token("alice", &[RESERVE])),
        None,
    )
    .await;
    assert_eq!(
        (admin_only.status.as_u16(), admin_only.code()),
        (403, "NB012")
    );
    let reads = send(
        &app.router,
        Method::GET,
        &api("/series"),
        Some(&token("reader", &[])),
        None,
    )
    .await;
    assert_eq!(
        reads.status, 200,
        "series reads need only a valid token: {}",
        reads.text
    );
}

#[tokio::test]
async fn skipping_validation_needs_its_own_permission() {
    let app = app();
    let manual = token("carol", &["numbering:manual_override"]);
    let body = json!({"document_type": "COR", "document_number": "ANY-1", "reason": "legacy", "skip_validation": true});
    let r = send(
        &app.router,
        Method::POST,
        &api("/manual"),
        Some(&manual),
        Some(body),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "NB012"), "{}", r.text);
    assert!(
        r.message().contains("numbering:skip_validation"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn reserve_is_rate_limited_per_user() {
    let app = app_with(2, None);
    let alice = token("alice", &[RESERVE]);
    let bob = token("bob", &[RESERVE]);
    let body = Some(json!({"document_type": "COR"}));
    for _ in 0..2 {
        let r = send(
            &app.router,
            Method::POST,
            &api("/reserve"),
            Some(&alice),
            body.clone(),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&alice),
        body.clone(),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (429, "NB013"), "{}", r.text);
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    let other = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&bob),
        body,
    )
    .await;
    assert_eq!(other.status, 201, "another user is not limited");
}
