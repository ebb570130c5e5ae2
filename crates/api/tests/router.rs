//! The whole router over the in-memory store: envelopes, rejections, auth,
//! rate limit, probes, metrics and docs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use axum::http::Method;
use common::{SECRET_DETAIL, api, app, app_with, send, send_raw, token};
use docnum_application::AppError;
use serde_json::{Value, json};
use std::sync::Arc;

const RESERVE: &str = "numbering:reserve";

/// (what, content type, body, status, code, what the message says)
type BodyCase = (
    &'static str,
    Option<&'static str>,
    String,
    u16,
    &'static str,
    &'static str,
);

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
async fn a_scope_of_the_wrong_shape_says_what_is_expected() {
    let app = app();
    let admin = token("root", &["numbering:admin"]);
    let body = json!({"document_type": "NEW", "template": "N-{SEQ}", "scope": 5});
    let r = send(
        &app.router,
        Method::POST,
        &api("/series"),
        Some(&admin),
        Some(body),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "NB009"), "{}", r.text);
    assert!(r.message().contains("a preset name"), "{}", r.text);
}

#[tokio::test]
async fn a_malformed_document_type_is_nb006_not_an_unknown_series() {
    let app = app();
    let alice = token("alice", &[RESERVE]);
    let r = send(
        &app.router,
        Method::POST,
        &api("/reserve"),
        Some(&alice),
        Some(json!({"document_type": "cor"})),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "NB006"), "{}", r.text);
}

#[tokio::test]
async fn body_rejections_map_to_their_codes() {
    let app = app();
    let t = token("alice", &[RESERVE]);
    let t = Some(t.as_str());
    let url = api("/reserve");
    let json = Some("application/json");
    let cases: Vec<BodyCase> = vec![
        (
            "syntax",
            json,
            "{\"document_type\": ".into(),
            400,
            "NB010",
            "not valid JSON",
        ),
        (
            "trailing garbage",
            json,
            "{\"document_type\": \"COR\"} x".into(),
            400,
            "NB010",
            "not valid JSON",
        ),
        (
            "text/plain",
            Some("text/plain"),
            "{}".into(),
            415,
            "NB010",
            "application/json",
        ),
        (
            "no content type",
            None,
            "{}".into(),
            415,
            "NB010",
            "application/json",
        ),
        (
            "missing field",
            json,
            "{}".into(),
            422,
            "NB009",
            "missing field `document_type`",
        ),
        (
            "wrong type",
            json,
            "{\"document_type\": 42}".into(),
            422,
            "NB009",
            "document_type",
        ),
        (
            "unknown field",
            json,
            "{\"document_type\": \"COR\", \"contex\": {}}".into(),
            422,
            "NB009",
            "unknown field `contex`",
        ),
        (
            "too long",
            json,
            json!({"document_type": "X".repeat(51)}).to_string(),
            422,
            "NB009",
            "document_type: must be 1-50 characters",
        ),
        (
            "long context value",
            json,
            json!({"document_type": "COR", "context": {"PROJECT": "P".repeat(101)}}).to_string(),
            422,
            "NB009",
            "context: value of PROJECT must be 1-100 characters",
        ),
        (
            "bad date",
            json,
            json!({"document_type": "COR", "document_date": "yesterday"}).to_string(),
            422,
            "NB009",
            "document_date",
        ),
        (
            "big metadata",
            json,
            json!({"document_type": "COR", "metadata": {"x": "m".repeat(17 * 1024)}}).to_string(),
            422,
            "NB009",
            "metadata: must be at most 16 KiB",
        ),
        (
            "huge body",
            json,
            json!({"document_type": "COR", "metadata": {"x": "m".repeat(70 * 1024)}}).to_string(),
            413,
            "NB010",
            "64 KiB",
        ),
    ];
    for (what, content_type, body, status, code, says) in cases {
        let r = send_raw(&app.router, Method::POST, &url, t, content_type, Some(body)).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (status, code),
            "{what}: {}",
            r.text
        );
        assert!(r.message().contains(says), "{what}: {}", r.text);
        assert_eq!(r.body["success"], false, "{what}");
    }
    let bad_uuid = send(
        &app.router,
        Method::POST,
        &api("/confirm"),
        t,
        Some(json!({"token": "not-a-uuid"})),
    )
    .await;
    assert_eq!(
        (bad_uuid.status.as_u16(), bad_uuid.code()),
        (422, "NB009"),
        "{}",
        bad_uuid.text
    );
    assert!(bad_uuid.message().contains("token"), "{}", bad_uuid.text);
}

#[tokio::test]
async fn query_rejections_are_nb009() {
    let app = app();
    let admin = token("root", &["numbering:admin"]);
    for query in [
        "limit=0",
        "limit=1001",
        "limit=x",
        "from=yesterday",
        "after_id=1.5",
    ] {
        let r = send(
            &app.router,
            Method::GET,
            &api(&format!("/audit?{query}")),
            Some(&admin),
            None,
        )
        .await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (422, "NB009"),
            "{query}: {}",
            r.text
        );
    }
}

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
async fn probes_report_liveness_and_readiness() {
    let app = app();
    let h = send(&app.router, Method::GET, "/healthz", None, None).await;
    assert_eq!(
        (h.status.as_u16(), &h.body),
        (200, &json!({"success": true, "data": {"status": "ok"}}))
    );
    let ready = send(&app.router, Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, 200);
    let refused = "connection refused by 10.1.2.3:5432".to_owned();
    app.store.fail_all(Some(AppError::Unavailable(refused)));
    let down = send(&app.router, Method::GET, "/readyz", None, None).await;
    assert_eq!(
        (down.status.as_u16(), down.code()),
        (503, "NB014"),
        "{}",
        down.text
    );
    assert!(down.headers.contains_key("retry-after"));
    assert!(!down.text.contains("10.1.2.3"), "{}", down.text);
    let live = send(&app.router, Method::GET, "/healthz", None, None).await;
    assert_eq!(live.status, 200, "liveness does not depend on the database");
}

#[tokio::test]
async fn metrics_are_served_when_configured() {
    let disabled = send(&app().router, Method::GET, "/metrics", None, None).await;
    assert_eq!((disabled.status.as_u16(), disabled.code()), (404, "NB010"));
    let app = app_with(
        100,
        Some(Arc::new(|| {
            "numbering_errors_total{code=\"NB001\"} 1\n".to_owned()
        })),
    );
    let r = send(&app.router, Method::GET, "/metrics", None, None).await;
    assert_eq!(r.status, 200);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(r.text.contains("numbering_errors_total"));
}

#[tokio::test]
async fn the_served_document_is_openapi_and_swagger_ui_is_up() {
    let app = app();
    let doc = send(
        &app.router,
        Method::GET,
        docnum_api::OPENAPI_PATH,
        None,
        None,
    )
    .await;
    assert_eq!(doc.status, 200);
    assert_eq!(
        doc.body,
        serde_json::to_value(docnum_api::openapi()).unwrap()
    );
    let ui = send(&app.router, Method::GET, "/swagger-ui/", None, None).await;
    assert_eq!(ui.status, 200);
    assert!(ui.text.contains("swagger"), "{}", ui.text);
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

#[tokio::test]
async fn series_updates_refuse_unknown_fields() {
    let app = app();
    let admin = token("root", &["numbering:admin"]);
    let body: Value = json!({"document_type": "COR", "template": "COR-{YYYY}-{SEQ:5}", "scope": "YEARLY",
        "reason": "x", "allow_manual_overide": true});
    let r = send(
        &app.router,
        Method::PUT,
        &api("/series/COR"),
        Some(&admin),
        Some(body),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "NB009"), "{}", r.text);
    assert!(r.message().contains("allow_manual_overide"), "{}", r.text);
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
