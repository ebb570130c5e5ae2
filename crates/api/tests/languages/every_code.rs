//! Every NB code the service raises, in English and in Thai.

use axum::http::Method;
use docnum_api::Locale;
use docnum_application::AppError;
use docnum_domain::ErrorCode;
use serde_json::json;

use crate::harness::{Call, app, both_languages, call, create_series, reserve, send, token};

#[tokio::test]
#[allow(clippy::too_many_lines)] // one scenario per code, read top to bottom
async fn every_code_answers_in_english_by_default_and_in_thai_when_asked() {
    let a = app(100, Locale::En);
    let r = &a.router;
    create_series(
        r,
        json!({"document_type": "COR", "template": "COR-{YEAR:BE}-{SEQ:4}", "scope": "YEARLY",
               "allow_manual_override": true, "time_zone": "Asia/Bangkok"}),
    )
    .await;
    create_series(
        r,
        json!({"document_type": "ONE", "template": "ONE-{SEQ:1}", "scope": "GLOBAL", "max_value": 1}),
    )
    .await;
    let first = reserve(r, "COR").await;
    let number = first["document_number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("COR-25"), "{number}");
    let confirm = call(
        Method::POST,
        "/confirm",
        Some(json!({"token": first["token"]})),
    );
    assert_eq!(send(r, &confirm, None).await.status, 200);
    let open = reserve(r, "COR").await;
    reserve(r, "ONE").await;

    let mut seen = Vec::new();
    let mut check = async |c: Call, code: ErrorCode| {
        let th = both_languages(r, &c, code).await;
        seen.push(code);
        th
    };

    let th = check(
        call(
            Method::POST,
            "/reserve",
            Some(json!({"document_type": "NOPE"})),
        ),
        ErrorCode::NB001,
    )
    .await;
    assert_eq!(
        th,
        "ยังไม่มีชุดเลขที่สำหรับประเภทเอกสาร NOPE กรุณาสร้างชุดเลขที่ก่อน (POST /series หรือ `docnum series create`)"
    );
    let th = check(
        call(
            Method::POST,
            "/reserve",
            Some(json!({"document_type": "ONE"})),
        ),
        ErrorCode::NB002,
    )
    .await;
    assert!(th.starts_with("เลขลำดับหมดแล้ว: ตัวนับ ONE"), "{th}");
    let th = check(
        call(
            Method::POST,
            "/confirm",
            Some(json!({"token": uuid::Uuid::new_v4()})),
        ),
        ErrorCode::NB004,
    )
    .await;
    assert_eq!(th, "ไม่พบการจอง: ไม่รู้จักโทเคนการจองนี้ กรุณาจองเลขที่ใหม่");
    let th = check(
        call(
            Method::POST,
            "/manual",
            Some(json!({"document_type": "COR", "document_number": number, "reason": "register again"})),
        ),
        ErrorCode::NB005,
    )
    .await;
    assert_eq!(
        th,
        format!("เลขที่เอกสาร {number} มีอยู่แล้วในขอบเขตเลขที่ default กรุณาใช้เลขที่อื่น")
    );
    check(
        call(
            Method::POST,
            "/reserve",
            Some(json!({"document_type": "bad type!"})),
        ),
        ErrorCode::NB006,
    )
    .await;
    let th = check(
        call(
            Method::POST,
            "/manual",
            Some(json!({"document_type": "ONE", "document_number": "ONE-9", "reason": "legacy"})),
        ),
        ErrorCode::NB007,
    )
    .await;
    assert_eq!(
        th,
        "ชุดเลขที่ของประเภทเอกสาร ONE ไม่อนุญาตให้กำหนดเลขที่เอง กรุณาเปิด allow_manual_override ของชุดเลขที่ก่อน"
    );
    check(
        call(
            Method::POST,
            "/reserve",
            Some(json!({"document_type": "COR", "typo": 1})),
        ),
        ErrorCode::NB009,
    )
    .await;
    let th = check(call(Method::GET, "/nowhere", None), ErrorCode::NB010).await;
    assert!(
        th.starts_with("ไม่มีเส้นทาง /api/v1/document-numbering/nowhere"),
        "{th}"
    );
    let mut anonymous = call(Method::GET, "/series", None);
    anonymous.token = None;
    let th = check(anonymous, ErrorCode::NB011).await;
    assert_eq!(
        th,
        "ไม่มีส่วนหัว Authorization กรุณาส่ง `Authorization: Bearer <token>`"
    );
    let mut reader = call(Method::POST, "/void", None);
    reader.token = Some(token(&["numbering:reserve"]));
    reader.body =
        Some(json!({"document_number": number, "reason": "wrong letter sent", "replace": false}));
    let th = check(reader, ErrorCode::NB012).await;
    assert_eq!(
        th,
        "การดำเนินการนี้ต้องมีสิทธิ์ numbering:void แต่โทเคนของ somchai ไม่มีสิทธิ์นี้"
    );
    let mut keyed = call(
        Method::POST,
        "/reserve",
        Some(json!({"document_type": "COR"})),
    );
    keyed.idempotency_key = Some("letter-7");
    assert_eq!(send(r, &keyed, None).await.status, 201);
    keyed.body = Some(json!({"document_type": "COR", "metadata": {"other": true}}));
    check(keyed, ErrorCode::NB015).await;
    let th = check(
        call(
            Method::POST,
            "/void",
            Some(json!({"document_number": open["document_number"], "reason": "wrong letter sent", "replace": false})),
        ),
        ErrorCode::NB016,
    )
    .await;
    assert_eq!(
        th,
        "ไม่สามารถยกเลิกเลขที่ได้ เพราะเลขที่นี้อยู่ในสถานะ RESERVED กรุณายืนยันเลขที่ก่อน หรือยกเลิกการจอง"
    );
    let th = check(
        call(Method::GET, "/numbers/COR-2568-9999", None),
        ErrorCode::NB018,
    )
    .await;
    assert_eq!(th, "ไม่พบเลขที่เอกสาร COR-2568-9999 ในทะเบียนเลขที่");
    check(
        call(
            Method::POST,
            "/series",
            Some(json!({"document_type": "COR", "template": "COR-{SEQ:4}", "scope": "GLOBAL"})),
        ),
        ErrorCode::NB020,
    )
    .await;

    // What only infrastructure raises, as the reserve use case meets it.
    let reserve_cor = call(
        Method::POST,
        "/reserve",
        Some(json!({"document_type": "COR"})),
    );
    for (failure, code) in [
        (AppError::LockTimeout("COR|2568".into()), ErrorCode::NB003),
        (
            AppError::Unavailable("pool timed out".into()),
            ErrorCode::NB014,
        ),
        (AppError::Overloaded("COR|2568".into()), ErrorCode::NB017),
        (AppError::Internal("SELECT secret".into()), ErrorCode::NB000),
    ] {
        *a.locks.0.lock().unwrap() = Some(failure);
        let th = check(reserve_cor.clone(), code).await;
        assert!(!th.contains("secret") && !th.contains("pool"), "{th}");
    }
    *a.locks.0.lock().unwrap() = None;

    seen.sort_by_key(|c| c.as_str());
    // NB013 has its own test below, NB019 (no HTTP endpoint sets a counter)
    // is the CLI's test, and NB008 is never raised: no operation requires
    // Redis.
    let expected: Vec<ErrorCode> = ErrorCode::ALL
        .into_iter()
        .filter(|c| ![ErrorCode::NB008, ErrorCode::NB013, ErrorCode::NB019].contains(c))
        .collect();
    assert_eq!(seen, expected);
}
