//! Bad input gets a clear NB-coded error and changes nothing.

use crate::support::{TestServer, code};
use serde_json::{Value, json};

struct Case {
    what: &'static str,
    path: &'static str,
    content_type: Option<&'static str>,
    body: String,
    status: u16,
    code: &'static str,
}

fn case(
    what: &'static str,
    path: &'static str,
    body: Value,
    status: u16,
    code: &'static str,
) -> Case {
    Case {
        what,
        path,
        content_type: Some("application/json"),
        body: body.to_string(),
        status,
        code,
    }
}

async fn snapshot(server: &TestServer) -> (Value, usize) {
    let admin = server.admin();
    let (_, status) = server.get(&admin, "/status").await;
    let (_, audit) = server.get(&admin, "/audit?limit=1000").await;
    (
        status["data"].clone(),
        audit["data"]["entries"].as_array().map_or(0, Vec::len),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn every_bad_request_is_refused_cleanly_and_changes_nothing() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    server
        .create_series(json!({"document_type": "PRJ", "template": "{PROJECT}-{SEQ:4}", "scope": "PROJECT", "max_value": 5}))
        .await;
    let user = server.token("alice", &["numbering:reserve"]);
    server.reserve(&user, json!({"document_type": "COR"})).await;
    let before = snapshot(&server).await;

    let long = "X".repeat(10_000);
    let cases = vec![
        Case {
            what: "malformed JSON",
            path: "/reserve",
            content_type: Some("application/json"),
            body: "{\"document_type\": ".into(),
            status: 400,
            code: "NB010",
        },
        Case {
            what: "wrong content type",
            path: "/reserve",
            content_type: Some("text/plain"),
            body: "{\"document_type\":\"COR\"}".into(),
            status: 415,
            code: "NB010",
        },
        Case {
            what: "no content type",
            path: "/reserve",
            content_type: None,
            body: "{\"document_type\":\"COR\"}".into(),
            status: 415,
            code: "NB010",
        },
        case("missing document_type", "/reserve", json!({}), 422, "NB009"),
        case(
            "document_type of wrong type",
            "/reserve",
            json!({"document_type": 42}),
            422,
            "NB009",
        ),
        case(
            "oversized document_type",
            "/reserve",
            json!({"document_type": long}),
            422,
            "NB009",
        ),
        case(
            "unknown document type",
            "/reserve",
            json!({"document_type": "NOPE"}),
            404,
            "NB001",
        ),
        case(
            "lowercase document type",
            "/reserve",
            json!({"document_type": "cor"}),
            422,
            "NB006",
        ),
        case(
            "control character in context",
            "/reserve",
            json!({"document_type": "PRJ", "context": {"PROJECT": "A\u{0007}B"}}),
            422,
            "NB006",
        ),
        case(
            "newline in context",
            "/reserve",
            json!({"document_type": "PRJ", "context": {"PROJECT": "A\nB"}}),
            422,
            "NB006",
        ),
        case(
            "brace in context",
            "/reserve",
            json!({"document_type": "PRJ", "context": {"PROJECT": "{SEQ}"}}),
            422,
            "NB006",
        ),
        case(
            "unknown context name",
            "/reserve",
            json!({"document_type": "PRJ", "context": {"PROJET": "A"}}),
            422,
            "NB006",
        ),
        case(
            "missing context value",
            "/reserve",
            json!({"document_type": "PRJ"}),
            422,
            "NB006",
        ),
        case(
            "oversized context value",
            "/reserve",
            json!({"document_type": "PRJ", "context": {"PROJECT": long}}),
            422,
            "NB009",
        ),
        case(
            "future document_date",
            "/reserve",
            json!({"document_type": "COR", "document_date": "2999-01-01"}),
            422,
            "NB009",
        ),
        case(
            "malformed document_date",
            "/reserve",
            json!({"document_type": "COR", "document_date": "yesterday"}),
            422,
            "NB009",
        ),
        case(
            "scope_value on a yearly series",
            "/reserve",
            json!({"document_type": "COR", "scope_value": "X"}),
            422,
            "NB009",
        ),
        case(
            "token not a uuid",
            "/confirm",
            json!({"token": "not-a-uuid"}),
            422,
            "NB009",
        ),
        case(
            "unknown token",
            "/confirm",
            json!({"token": "00000000-0000-4000-8000-000000000000"}),
            410,
            "NB004",
        ),
        case(
            "negative value in preview-template",
            "/series/preview-template",
            json!({"template": "A-{SEQ}", "value": -1}),
            422,
            "NB009",
        ),
        case(
            "huge value in preview-template",
            "/series/preview-template",
            json!({"template": "A-{SEQ}", "value": 1e30}),
            422,
            "NB009",
        ),
    ];
    for c in &cases {
        let mut req = server
            .client
            .post(server.api(c.path))
            .bearer_auth(server.admin())
            .body(c.body.clone());
        if let Some(ct) = c.content_type {
            req = req.header("content-type", ct);
        }
        let (status, body) = crate::support::read(req.send().await.unwrap()).await;
        assert_eq!(
            (status, code(&body)),
            (c.status, c.code),
            "{}: {body}",
            c.what
        );
        assert_eq!(body["success"], false, "{}: {body}", c.what);
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}: {body}",
            c.what
        );
    }

    // Series that would not work are refused at save time.
    let admin = server.admin();
    for (what, series, expected) in [
        (
            "no SEQ",
            json!({"document_type": "BAD", "template": "BAD-{YYYY}", "scope": "GLOBAL"}),
            "NB006",
        ),
        (
            "unknown token",
            json!({"document_type": "BAD", "template": "BAD-{YEARS}-{SEQ}", "scope": "GLOBAL"}),
            "NB006",
        ),
        (
            "scope not rendered",
            json!({"document_type": "BAD", "template": "BAD-{SEQ}", "scope": "YEARLY"}),
            "NB006",
        ),
        (
            "unknown zone",
            json!({"document_type": "BAD", "template": "BAD-{SEQ}", "scope": "GLOBAL", "time_zone": "Mars/Base"}),
            "NB006",
        ),
        (
            "max_value 0",
            json!({"document_type": "BAD", "template": "BAD-{SEQ}", "scope": "GLOBAL", "max_value": 0}),
            "NB009",
        ),
        (
            "negative max_value",
            json!({"document_type": "BAD", "template": "BAD-{SEQ}", "scope": "GLOBAL", "max_value": -5}),
            "NB009",
        ),
        (
            "existing",
            json!({"document_type": "COR", "template": "C-{SEQ}", "scope": "GLOBAL"}),
            "NB020",
        ),
    ] {
        let (status, body) = server.post(&admin, "/series", series).await;
        assert_eq!(code(&body), expected, "{what}: {status} {body}");
        assert!((400..500).contains(&status), "{what}: {status}");
    }

    assert_eq!(
        snapshot(&server).await,
        before,
        "a refused request changed the database"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn exhausted_counter_is_nb002_and_consumes_nothing() {
    let server = TestServer::start(&[]);
    server.create_series(json!({"document_type": "TINY", "template": "T-{SEQ}", "scope": "GLOBAL", "max_value": 2})).await;
    let user = server.token("alice", &["numbering:reserve"]);
    server
        .reserve(&user, json!({"document_type": "TINY"}))
        .await;
    server
        .reserve(&user, json!({"document_type": "TINY"}))
        .await;
    let (status, body) = server
        .post(&user, "/reserve", json!({"document_type": "TINY"}))
        .await;
    assert_eq!((status, code(&body)), (409, "NB002"), "{body}");
    let (_, st) = server.get(&server.admin(), "/status/TINY").await;
    assert_eq!(st["data"]["current_value"], 2, "{st}");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_routes_and_methods_answer_in_the_envelope() {
    let server = TestServer::start(&[]);
    let (status, body) = server.get(&server.admin(), "/no-such-thing").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["success"], false);
    let resp = server
        .client
        .get(server.api("/reserve"))
        .bearer_auth(server.admin())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 405);
}
