//! The reason inside an NB006/NB009/NB005 message is in the reader's
//! language too: with `Accept-Language: th` a refused context value, a
//! malformed manual number, an invalid template or a bad scope answers in
//! Thai with no English reason words, through the real router; and every
//! typed reason's English entry says what its `Display` (the log) says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request};
use docnum_api::{ApiState, AuthConfig, Locale};
use docnum_application::memory::MemoryStore;
use docnum_application::{Numbering, Ports, Settings};
use serde_json::{Value, json};
use tower::ServiceExt as _;

#[path = "languages_reasons/samples.rs"]
mod samples;

use samples::reasons;

const SECRET: &[u8] = b"docnum-api-language-reasons-secret-0123456789";

fn router() -> axum::Router {
    let state = ApiState {
        numbering: Numbering::new(
            Ports::on_store(Arc::new(MemoryStore::new())),
            Settings::default(),
        ),
        auth: AuthConfig::hs256(SECRET),
        rate_limit_per_minute: 1000,
        metrics: None,
        limits: docnum_api::Limits::default(),
        default_locale: Locale::En,
    };
    docnum_api::router(state)
}

/// Sends `body` to `path` as an admin; returns (status, code, message).
async fn post(
    router: &axum::Router,
    path: &str,
    body: &Value,
    language: &str,
) -> (u16, String, String) {
    let token = docnum_api::issue_token(
        SECRET,
        "somchai",
        &["numbering:admin".to_owned()],
        Duration::from_hours(1),
    )
    .unwrap();
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("{}{path}", docnum_api::BASE_PATH))
        .header("authorization", format!("Bearer {token}"))
        .header("accept-language", language)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let field = |name: &str| body["error"][name].as_str().unwrap_or_default().to_owned();
    (status, field("code"), field("message"))
}

fn is_thai(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// The English words left in `text`: runs of four or more lowercase ASCII
/// letters standing alone. Identifiers with `_`, `.`, `-`, `/`, digits or
/// capitals (`max_length`, `context.PROJECT`, `COR-{SEQ:4}`, `Asia/Bangkok`),
/// commands in backticks and the name docnum never count; `allowed` names
/// the bare words a message quotes on purpose (a field such as `context`, a
/// value the client sent).
fn english_words<'a>(text: &'a str, allowed: &[&str]) -> Vec<&'a str> {
    text.split('`')
        .step_by(2)
        .flat_map(|outside| {
            outside.split(|c: char| !(c.is_ascii_alphanumeric() || "_.-/:{}|=".contains(c)))
        })
        .filter(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase()))
        .filter(|w| *w != "docnum" && !allowed.contains(w))
        .collect()
}

/// Refused in both languages with `code`; the Thai message is Thai and
/// carries no English word beyond `allowed`.
async fn refused_in_thai(
    router: &axum::Router,
    path: &str,
    body: Value,
    code: &str,
    allowed: &[&str],
) -> String {
    let (en_status, en_code, en) = post(router, path, &body, "en").await;
    let (th_status, th_code, th) = post(router, path, &body, "th").await;
    assert_eq!((en_code.as_str(), th_code.as_str()), (code, code), "{en}");
    assert_eq!(en_status, th_status);
    assert!(!is_thai(&en), "{en}");
    assert!(is_thai(&th), "{th}");
    let left = english_words(&th, allowed);
    assert!(left.is_empty(), "English {left:?} in: {th}");
    th
}

#[test]
fn the_english_word_check_catches_a_reason_and_spares_identifiers() {
    assert_eq!(
        english_words("ค่าของ reason ไม่ถูกต้อง: must be at least 10", &["reason"]),
        ["must", "least"]
    );
    assert!(
        english_words(
            "'COR-{SEQ' ต้องใช้ max_length กับ context.PROJECT ที่ Asia/Bangkok (`docnum migrate`)",
            &[]
        )
        .is_empty()
    );
}

#[tokio::test]
async fn thai_answers_carry_no_english_reason_words() {
    let r = router();
    for config in [
        json!({"document_type": "PRJ", "template": "PRJ-{PROJECT}-{SEQ:4}", "scope": "PROJECT"}),
        json!({"document_type": "COR", "template": "COR-{YEAR:BE}-{SEQ:4}", "scope": "YEARLY",
               "allow_manual_override": true}),
    ] {
        let (status, code, message) = post(&r, "/series", &config, "en").await;
        assert_eq!(status, 201, "{code} {message}");
    }

    // Context values: invisible, padded, braces, unknown name.
    let reserve = |context: Value| json!({"document_type": "PRJ", "context": context});
    let th = refused_in_thai(
        &r,
        "/reserve",
        reserve(json!({"PROJECT": "LC\u{200b}BP3"})),
        "NB006",
        &[],
    )
    .await;
    assert!(th.contains("U+200B") && th.contains("ตำแหน่ง 3"), "{th}");
    for context in [
        json!({"PROJECT": " LCBP3"}),
        json!({"PROJECT": "LC{BP}3"}),
        json!({"PROJET": "LCBP3"}),
    ] {
        refused_in_thai(&r, "/reserve", reserve(context), "NB006", &[]).await;
    }

    // A manual number that leaves its template, and one that cannot be a number.
    let manual = |number: &str| json!({"document_type": "COR", "document_number": number, "reason": "legacy letter"});
    let th = refused_in_thai(&r, "/manual", manual("COR-25X8-0001"), "NB006", &[]).await;
    assert!(th.contains("ตัวอักษรที่ 5"), "{th}");
    refused_in_thai(&r, "/manual", manual("COR-2568-0001 "), "NB006", &[]).await;

    // Templates.
    let series = |template: &str, scope: Value| json!({"document_type": "NEW", "template": template, "scope": scope});
    for template in ["NEW-{SEQ", "NEW-{NOPE}-{SEQ}", "NEW-{SEQ:99}", "NEW-{YYYY}"] {
        refused_in_thai(
            &r,
            "/series",
            series(template, json!("GLOBAL")),
            "NB006",
            &[],
        )
        .await;
    }

    // Scopes: unknown, a dimension twice, a dimension the template does not show.
    let th = refused_in_thai(
        &r,
        "/series",
        series("NEW-{SEQ:4}", json!("WEEKLY")),
        "NB006",
        &["scope"],
    )
    .await;
    assert!(th.contains("'WEEKLY'"), "{th}");
    for scope in [
        json!(["YEAR", "YEAR"]),
        json!(["WEEK"]),
        json!("YEARLY"),
        json!(["PROJECT"]),
    ] {
        refused_in_thai(
            &r,
            "/series",
            series("NEW-{SEQ:4}", scope),
            "NB006",
            &["scope"],
        )
        .await;
    }

    // A series whose numbers can be another's under both declarations.
    let letters = json!({"document_type": "LTR", "template": "{ORIGINATOR}-{SEQ:4}",
        "scope": "GLOBAL", "values": {"ORIGINATOR": {"codes": ["HR", "IT"]}}});
    let (status, code, message) = post(&r, "/series", &letters, "en").await;
    assert_eq!(status, 201, "{code} {message}");
    let memos = json!({"document_type": "MEMO", "template": "{RECIPIENT}-{SEQ:4}",
        "scope": "GLOBAL", "values": {"RECIPIENT": {"pattern": "[A-Z]+"}}});
    let th = refused_in_thai(&r, "/series", memos, "NB009", &["template"]).await;
    assert!(th.contains("LTR") && th.contains("HR-0001"), "{th}");

    // Values out of range (NB009).
    refused_in_thai(
        &r,
        "/series",
        json!({"document_type": "NEW", "template": "NEW-{SEQ:4}", "scope": "GLOBAL",
               "time_zone": "Mars/Olympus"}),
        "NB006",
        &[],
    )
    .await;
    refused_in_thai(
        &r,
        "/reserve",
        json!({"document_type": "COR", "document_date": "2999-01-01"}),
        "NB009",
        &[],
    )
    .await;
}

#[test]
fn every_typed_reason_says_in_english_what_the_log_says() {
    for e in reasons() {
        assert_eq!(
            docnum_i18n::render(Locale::En, &e.message()),
            e.to_string(),
            "{e:?}"
        );
    }
}

#[test]
fn every_typed_reason_has_a_thai_text_without_english_words() {
    // What the samples themselves quote: field names, user data and a
    // driver's detail.
    let quoted = [
        "scope",
        "context",
        "default",
        "yesterday",
        "permission",
        "denied",
        "oracle",
    ];
    for e in reasons() {
        let th = docnum_i18n::render(Locale::Th, &e.message());
        assert!(is_thai(&th), "{e:?}: {th}");
        let left = english_words(&th, &quoted);
        assert!(left.is_empty(), "English {left:?} in: {th}");
    }
}
