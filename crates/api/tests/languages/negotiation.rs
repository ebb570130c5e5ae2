//! Which language an answer is in: the server default, a rate-limit wait,
//! an oversized header, and success answers that carry no language.

use axum::http::Method;
use docnum_api::Locale;
use docnum_domain::ErrorCode;
use serde_json::json;

use crate::harness::{app, both_languages, call, create_series, is_thai, reserve, send};

#[tokio::test]
async fn the_rate_limit_answers_in_thai_with_its_wait() {
    let a = app(1, Locale::En);
    create_series(
        &a.router,
        json!({"document_type": "COR", "template": "COR-{SEQ:4}", "scope": "GLOBAL"}),
    )
    .await;
    reserve(&a.router, "COR").await;
    let c = call(
        Method::POST,
        "/reserve",
        Some(json!({"document_type": "COR"})),
    );
    let th = both_languages(&a.router, &c, ErrorCode::NB013).await;
    assert!(th.starts_with("ส่งคำขอเกินขีดจำกัดแล้ว กรุณาลองใหม่ในอีก "), "{th}");
    assert!(th.ends_with(" วินาที"), "{th}");
}

#[tokio::test]
async fn the_server_default_applies_when_the_header_names_no_language_docnum_speaks() {
    let a = app(100, Locale::Th);
    let c = call(Method::GET, "/numbers/X-1", None);
    for (header, tag) in [
        (None, "th"),
        (Some("fr-FR, de;q=0.8"), "th"),
        (Some("*"), "th"),
        (Some("en"), "en"),
        (Some("th;q=0.2, en-GB;q=0.7"), "en"),
        (Some("en;q=0, th;q=0.1"), "th"),
    ] {
        let r = send(&a.router, &c, header).await;
        assert_eq!(r.field("code"), "NB018");
        assert_eq!(r.content_language.as_deref(), Some(tag), "{header:?}");
        assert_eq!(is_thai(r.field("message")), tag == "th", "{header:?}");
    }
}

#[tokio::test]
async fn a_megabyte_accept_language_is_cut_short_not_parsed() {
    let a = app(100, Locale::En);
    let c = call(Method::GET, "/numbers/X-1", None);
    let huge = format!("{}th", "xx-yy;q=0.5,".repeat(90_000));
    assert!(huge.len() > 1_000_000);
    let r = send(&a.router, &c, Some(&huge)).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.field("code"), "NB018");
    assert_eq!(r.content_language.as_deref(), Some("en"));
    let bytes = "\u{e0}".repeat(600) + "th";
    let r = send(&a.router, &c, Some(&bytes)).await;
    assert_eq!(r.content_language.as_deref(), Some("en"));
}

#[tokio::test]
async fn success_answers_are_data_without_a_content_language() {
    let a = app(100, Locale::Th);
    let r = send(&a.router, &call(Method::GET, "/series", None), Some("th")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.content_language, None);
    assert_eq!(r.body["success"], true);
}
