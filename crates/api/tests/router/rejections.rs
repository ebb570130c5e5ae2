//! Bodies, queries and path values the router refuses, each with its code
//! and a message that says what was expected.

use axum::http::Method;
use serde_json::{Value, json};

use crate::RESERVE;
use crate::common::{api, app, send, send_raw, token};

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
