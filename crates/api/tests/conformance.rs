//! Every operation of the document, answered by the real use cases over the
//! in-memory reference store, each answer checked against the OpenAPI
//! document by `common::send` (declared status, JSON body matching the
//! response schema with every object closed). Also: the check itself fails
//! on an undocumented field, an undeclared status and a mistyped value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;

use axum::http::Method;
use common::{SECRET, api, schema, send, send_raw, token};
use docnum_api::{ApiState, AuthConfig};
use docnum_application::memory::MemoryStore;
use docnum_application::{Numbering, Ports, Settings};
use serde_json::{Value, json};

const ADMIN: &str = "numbering:admin";

fn memory_router(rate_limit_per_minute: u32) -> axum::Router {
    let ports = Ports::on_store(Arc::new(MemoryStore::new()));
    docnum_api::router(ApiState {
        numbering: Numbering::new(ports, Settings::default()),
        auth: AuthConfig::hs256(SECRET),
        rate_limit_per_minute,
        metrics: Some(Arc::new(|| "# EOF\n".to_owned())),
        limits: docnum_api::Limits::default(),
        default_locale: docnum_api::Locale::En,
    })
}

#[tokio::test]
async fn every_operation_answers_as_the_document_says() {
    let app = memory_router(100);
    let admin = token("root", &[ADMIN]);
    let t = Some(admin.as_str());
    let post = |path: &str, body: Value| {
        let app = app.clone();
        let uri = api(path);
        async move { send(&app, Method::POST, &uri, t, Some(body)).await }
    };
    let get = |path: &str| {
        let app = app.clone();
        let uri = api(path);
        async move { send(&app, Method::GET, &uri, t, None).await }
    };

    let created = post(
        "/series",
        json!({"document_type": "LETTER", "template": "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:BE}",
               "scope": ["ORIGINATOR", "RECIPIENT", "YEAR"], "allow_manual_override": true,
               "time_zone": "Asia/Bangkok", "metadata": {"owner": "DCC"}}),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let cor = post(
        "/series",
        json!({"document_type": "COR", "template": "COR-{YYYY}-{SEQ:5}", "scope": "YEARLY",
               "allow_manual_override": true}),
    )
    .await;
    assert_eq!(cor.status, 201, "{}", cor.text);
    assert_eq!(post("/series", cor_body()).await.code(), "NB020");

    assert_eq!(get("/series").await.status, 200);
    assert_eq!(get("/series/COR").await.status, 200);
    assert_eq!(get("/series/NOPE").await.code(), "NB001");
    let updated = send(
        &app,
        Method::PUT,
        &api("/series/COR"),
        t,
        Some(
            json!({"document_type": "COR", "template": "COR-{YYYY}-{SEQ:5}", "scope": "YEARLY",
                    "allow_manual_override": true, "reason": "same format, new owner",
                    "expected_version": 1}),
        ),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.body["data"]["version"], 2);
    let history = get("/series/COR/history").await;
    assert_eq!(history.body["data"][0]["before"], Value::Null);
    assert!(history.body["data"][1]["before"].is_object());
    let preview = post(
        "/series/preview-template",
        json!({"template": "LCBP3-{CONTRACT}-RFA-{SEQ:4}", "scope": "CONTRACT",
               "context": {"CONTRACT": "C2"}}),
    )
    .await;
    assert_eq!(preview.body["data"]["sample"], "LCBP3-C2-RFA-0001");
    let invalid = post("/series/preview-template", json!({"template": "NO-SEQ"})).await;
    assert_eq!(invalid.body["data"]["valid"], false);

    let reserved = post(
        "/reserve",
        json!({"document_type": "LETTER", "context": {"ORIGINATOR": "คคง.", "RECIPIENT": "สคฉ.3"}}),
    )
    .await;
    assert_eq!(reserved.status, 201, "{}", reserved.text);
    let number = reserved.body["data"]["document_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let confirmed = post(
        "/confirm",
        json!({"token": reserved.body["data"]["token"], "document_ref": "DOC-1"}),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    let second = post("/reserve", json!({"document_type": "COR"})).await;
    let cancelled = post(
        "/cancel",
        json!({"token": second.body["data"]["token"], "reason": "withdrawn"}),
    )
    .await;
    assert_eq!(cancelled.body["data"]["state"], "CANCELLED");
    let gone = post("/confirm", json!({"token": second.body["data"]["token"]})).await;
    assert_eq!((gone.status.as_u16(), gone.code()), (410, "NB004"));
    let confirmed_twice = post("/cancel", json!({"token": reserved.body["data"]["token"]})).await;
    assert_eq!(confirmed_twice.code(), "NB016");
    assert_eq!(
        post("/preview", json!({"document_type": "COR"}))
            .await
            .status,
        200
    );
    let missing_context = post("/preview", json!({"document_type": "LETTER"})).await;
    assert_eq!(missing_context.code(), "NB006");

    let encoded = number.replace('/', "%2F");
    let read = get(&format!("/numbers/{encoded}")).await;
    assert_eq!(read.body["data"]["state"], "CONFIRMED", "{}", read.text);
    assert_eq!(get("/numbers/NOPE-1").await.code(), "NB018");

    let manual = post(
        "/manual",
        json!({"document_type": "COR", "document_number": "COR-2024-00017",
               "reason": "paper register, page 12"}),
    )
    .await;
    assert_eq!(manual.status, 201, "{}", manual.text);
    let duplicate = post(
        "/manual",
        json!({"document_type": "COR", "document_number": "COR-2024-00017", "reason": "again"}),
    )
    .await;
    assert_eq!(duplicate.code(), "NB005");
    let voided = post(
        "/void",
        json!({"document_number": number, "reason": "sent to the wrong recipient", "replace": true}),
    )
    .await;
    assert_eq!(voided.body["data"]["status"], "REPLACED", "{}", voided.text);
    let plain_void = post(
        "/void",
        json!({"document_number": "COR-2024-00017", "reason": "registered by mistake", "replace": false}),
    )
    .await;
    assert_eq!(plain_void.body["data"]["replacement"], Value::Null);

    assert_eq!(get("/status").await.status, 200);
    assert_eq!(get("/status/LETTER").await.status, 200);
    let audit = get("/audit?limit=2").await;
    assert_eq!(audit.body["data"]["entries"].as_array().unwrap().len(), 2);
    let bad_limit = get("/audit?limit=0").await;
    assert_eq!(bad_limit.code(), "NB009");
    for probe in ["/healthz", "/readyz", "/metrics"] {
        let r = send(&app, Method::GET, probe, None, None).await;
        assert_eq!(r.status, 200, "{probe}");
    }
}

fn cor_body() -> Value {
    json!({"document_type": "COR", "template": "COR-{YYYY}-{SEQ:5}", "scope": "YEARLY"})
}

/// (method, URI, token, content type, body, expected code)
type Refusal<'a> = (
    Method,
    String,
    Option<&'a str>,
    Option<&'a str>,
    String,
    &'static str,
);

#[tokio::test]
async fn refusals_answer_as_the_document_says() {
    let app = memory_router(1);
    let admin = token("root", &[ADMIN]);
    let t = Some(admin.as_str());
    let r = send(&app, Method::POST, &api("/series"), t, Some(cor_body())).await;
    assert_eq!(r.status, 201);
    let cases: Vec<Refusal> = vec![
        (
            Method::POST,
            api("/reserve"),
            t,
            Some("application/json"),
            "{".into(),
            "NB010",
        ),
        (
            Method::POST,
            api("/reserve"),
            t,
            Some("text/plain"),
            "{}".into(),
            "NB010",
        ),
        (
            Method::POST,
            api("/reserve"),
            None,
            Some("application/json"),
            "{}".into(),
            "NB011",
        ),
        (
            Method::POST,
            api("/reserve"),
            t,
            Some("application/json"),
            json!({"document_type": "cor"}).to_string(),
            "NB006",
        ),
        (
            Method::PUT,
            api("/series/COR"),
            t,
            Some("application/json"),
            json!({"document_type": "COR", "template": "COR-{SEQ}", "scope": "GLOBAL",
                   "reason": "x", "version": 3})
            .to_string(),
            "NB009",
        ),
        (
            Method::POST,
            api("/void"),
            t,
            Some("application/json"),
            json!({"document_number": "COR-1", "reason": "short", "replace": false}).to_string(),
            "NB009",
        ),
        (
            Method::GET,
            api("/series/%FF"),
            t,
            None,
            String::new(),
            "NB009",
        ),
        (
            Method::GET,
            "/nowhere".into(),
            None,
            None,
            String::new(),
            "NB010",
        ),
        (
            Method::DELETE,
            api("/series"),
            t,
            None,
            String::new(),
            "NB010",
        ),
    ];
    for (method, uri, token, content_type, body, code) in cases {
        let r = send_raw(&app, method.clone(), &uri, token, content_type, Some(body)).await;
        assert_eq!(r.code(), code, "{method} {uri}: {}", r.text);
    }
    let app = memory_router(1);
    send(&app, Method::POST, &api("/series"), t, Some(cor_body())).await;
    let first = send(
        &app,
        Method::POST,
        &api("/reserve"),
        t,
        Some(json!({"document_type": "COR"})),
    )
    .await;
    assert_eq!(first.status, 201);
    let limited = send(
        &app,
        Method::POST,
        &api("/reserve"),
        t,
        Some(json!({"document_type": "COR"})),
    )
    .await;
    assert_eq!((limited.status.as_u16(), limited.code()), (429, "NB013"));
}

#[test]
fn the_check_fails_on_an_undocumented_field_an_undeclared_status_and_a_wrong_type() {
    let uri = api("/series/COR");
    let good = json!({"success": true, "data": {
        "document_type": "COR", "template": "COR-{YYYY}-{SEQ:5}", "scope": "YEARLY",
        "allow_manual_override": false, "max_value": 999_999, "max_length": 50,
        "time_zone": "UTC", "namespace": "default", "backdate_days": 0, "metadata": null,
        "values": {}, "unambiguous": true, "ambiguous_fields": [],
        "version": 1, "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
        "change": null, "overlaps": null}});
    let json = Some("application/json");
    schema::check("GET", &uri, 200, json, &good.to_string()).unwrap();

    let mut extra = good.clone();
    extra["data"]["internal_id"] = json!(7);
    let e = schema::check("GET", &uri, 200, json, &extra.to_string()).unwrap_err();
    assert!(e.contains("internal_id"), "{e}");

    let e = schema::check("GET", &uri, 418, json, &good.to_string()).unwrap_err();
    assert!(e.contains("does not declare"), "{e}");

    let mut mistyped = good.clone();
    mistyped["data"]["version"] = json!("1");
    assert!(schema::check("GET", &uri, 200, json, &mistyped.to_string()).is_err());

    let mut missing = good;
    missing["data"]
        .as_object_mut()
        .unwrap()
        .remove("updated_at");
    assert!(schema::check("GET", &uri, 200, json, &missing.to_string()).is_err());
}
