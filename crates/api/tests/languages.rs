//! Every NB code the service raises answers in English without
//! `Accept-Language` and in Thai with `Accept-Language: th`, with
//! `Content-Language` saying which, through the real router on the
//! in-memory reference store; `code` and `name` never change. And the
//! English catalogue says what the errors' `Display` (the log text) says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request};
use docnum_api::{ApiError, ApiState, AuthConfig, Locale};
use docnum_application::memory::MemoryStore;
use docnum_application::ports::{DatabaseOnlyLocks, HeldLock, LockManager};
use docnum_application::{
    AppError, Collided, Collision, InvalidReason, Numbering, Ports, Settings,
};
use docnum_domain::{
    DomainError, ErrorCode, FormatReason, MismatchReason, NumberState, Template, TemplateError,
    Transition, ValueReason,
};
use serde_json::{Value, json};
use tower::ServiceExt as _;

const SECRET: &[u8] = b"docnum-api-language-test-secret-0123456789";
const ADMIN: &str = "numbering:admin";

/// A lock manager that fails with a chosen error while one is set: the
/// infrastructure failures (NB000, NB003, NB014, NB017) as the use cases
/// meet them.
#[derive(Default)]
struct SwitchableLocks(Mutex<Option<AppError>>);

#[async_trait::async_trait]
impl LockManager for SwitchableLocks {
    async fn acquire(&self, key: &str, ttl: Duration) -> Result<Box<dyn HeldLock>, AppError> {
        let failure = self.0.lock().unwrap().clone();
        match failure {
            Some(e) => Err(e),
            None => DatabaseOnlyLocks.acquire(key, ttl).await,
        }
    }
}

struct App {
    router: axum::Router,
    locks: Arc<SwitchableLocks>,
}

fn app(rate: u32, default_locale: Locale) -> App {
    let locks = Arc::new(SwitchableLocks::default());
    let mut ports = Ports::on_store(Arc::new(MemoryStore::new()));
    ports.locks = locks.clone();
    let state = ApiState {
        numbering: Numbering::new(ports, Settings::default()),
        auth: AuthConfig::hs256(SECRET),
        rate_limit_per_minute: rate,
        metrics: None,
        limits: docnum_api::Limits {
            readiness_cache: Duration::ZERO,
            ..docnum_api::Limits::default()
        },
        default_locale,
    };
    App {
        router: docnum_api::router(state),
        locks,
    }
}

fn token(permissions: &[&str]) -> String {
    let perms: Vec<String> = permissions.iter().map(|p| (*p).to_owned()).collect();
    docnum_api::issue_token(SECRET, "somchai", &perms, Duration::from_hours(1)).unwrap()
}

/// One request: what to send.
#[derive(Clone)]
struct Call {
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<Value>,
    idempotency_key: Option<&'static str>,
}

fn call(method: Method, path: &str, body: Option<Value>) -> Call {
    Call {
        method,
        path: format!("{}{path}", docnum_api::BASE_PATH),
        token: Some(token(&[ADMIN])),
        body,
        idempotency_key: None,
    }
}

struct Answer {
    status: u16,
    content_language: Option<String>,
    vary: Vec<String>,
    body: Value,
}

impl Answer {
    fn field(&self, name: &str) -> &str {
        self.body["error"][name].as_str().unwrap_or("<none>")
    }
}

async fn send(router: &axum::Router, c: &Call, accept_language: Option<&str>) -> Answer {
    let mut req = Request::builder().method(c.method.clone()).uri(&c.path);
    if let Some(t) = &c.token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(l) = accept_language {
        req = req.header("accept-language", l);
    }
    if let Some(k) = c.idempotency_key {
        req = req.header("idempotency-key", k);
    }
    let body = match &c.body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let resp = router
        .clone()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let header = |name: &str| {
        resp.headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let content_language = header("content-language").into_iter().next();
    let vary = header("vary");
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        content_language,
        vary,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

fn is_thai(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// Sends `c` in both languages and checks the pair; returns the Thai message.
async fn both_languages(router: &axum::Router, c: &Call, code: ErrorCode) -> String {
    let en = send(router, c, None).await;
    let th = send(router, c, Some("th-TH,th;q=0.9,en;q=0.5")).await;
    for (answer, tag) in [(&en, "en"), (&th, "th")] {
        assert_eq!(
            answer.field("code"),
            code.as_str(),
            "{tag}: {}",
            answer.body
        );
        assert_eq!(answer.field("name"), code.name(), "{tag}");
        assert_eq!(answer.content_language.as_deref(), Some(tag), "{code}");
        assert!(
            answer.vary.iter().any(|v| v.contains("accept-language")),
            "{code}: {:?}",
            answer.vary
        );
        assert!(!answer.field("message").contains(['\u{2068}', '\u{2069}']));
    }
    assert_eq!(en.status, th.status, "{code}");
    let (en_text, th_text) = (en.field("message"), th.field("message"));
    assert!(!is_thai(en_text), "{code} English: {en_text}");
    assert!(is_thai(th_text), "{code} Thai: {th_text}");
    th_text.to_owned()
}

async fn create_series(router: &axum::Router, config: Value) {
    let r = send(router, &call(Method::POST, "/series", Some(config)), None).await;
    assert_eq!(r.status, 201, "{}", r.body);
}

async fn reserve(router: &axum::Router, document_type: &str) -> Value {
    let c = call(
        Method::POST,
        "/reserve",
        Some(json!({"document_type": document_type})),
    );
    let r = send(router, &c, None).await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["data"].clone()
}

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

/// One sample of every client-visible variant, with its arguments.
fn samples() -> Vec<AppError> {
    let domain = [
        DomainError::InvalidTemplate(TemplateError::Empty),
        DomainError::MissingContext {
            token: "PROJECT".into(),
            name: "PROJECT",
        },
        DomainError::format("document_type", FormatReason::Length { max: 20, got: 25 }),
        DomainError::NumberMismatch {
            number: "COR-X".into(),
            template: "COR-{SEQ:4}".into(),
            reason: MismatchReason::NoSequence,
        },
        DomainError::InvalidValue {
            field: "reason",
            reason: ValueReason::ControlCharacters,
        },
        DomainError::SequenceExhausted {
            counter_key: "COR|2568".into(),
            max_value: 9999,
        },
        DomainError::ManualOverrideNotAllowed {
            document_type: "COR".into(),
        },
        DomainError::CounterBelowIssued {
            requested: 3,
            highest: 7,
        },
    ];
    let mut all: Vec<AppError> = domain.into_iter().map(AppError::from).collect();
    for state in [
        None,
        Some(NumberState::Expired),
        Some(NumberState::Cancelled),
        Some(NumberState::Confirmed),
    ] {
        all.push(DomainError::ReservationGone { state }.into());
    }
    for from in [
        NumberState::Reserved,
        NumberState::Confirmed,
        NumberState::Cancelled,
        NumberState::Expired,
        NumberState::Voided,
    ] {
        for action in [
            Transition::Confirm,
            Transition::Cancel,
            Transition::Expire,
            Transition::Void,
        ] {
            all.push(DomainError::InvalidTransition { from, action }.into());
        }
    }
    for source in [
        "",
        "COR-{SEQ}-{SEQ:4}",
        "COR-{NOPE}-{SEQ}",
        "COR-{SEQ:99}",
        "COR-{SEQ",
        "COR-\u{7}-{SEQ}",
        &"X".repeat(300),
        "COR-{YYYY}",
    ] {
        let e = Template::parse(source).unwrap_err();
        all.push(DomainError::InvalidTemplate(e).into());
    }
    all.extend([
        AppError::SeriesNotFound("COR".into()),
        AppError::SeriesExists("COR".into()),
        AppError::NumberNotFound("COR-1".into()),
        AppError::NumberTaken {
            number: "COR-1".into(),
            namespace: "default".into(),
        },
        AppError::ValueTaken {
            value: 1,
            counter: "COR|2568".into(),
            number: "COR-1".into(),
        },
        AppError::DuplicateNumber(Collision::Number {
            numbers: Collided::OneOf {
                first: "A".into(),
                last: "B".into(),
            },
            namespace: "default".into(),
        }),
        AppError::IdempotencyConflict("k-1".into()),
        AppError::invalid("from", InvalidReason::FromAfterTo),
        AppError::LockTimeout("COR|2568".into()),
        AppError::SeriesChanged("COR".into()),
        AppError::Overloaded("COR|2568".into()),
    ]);
    all
}

#[test]
fn the_english_catalogue_says_what_the_logs_say() {
    for e in samples() {
        assert_eq!(
            docnum_i18n::render(Locale::En, &e.message()),
            e.to_string(),
            "{e:?}"
        );
    }
}

#[test]
fn every_variant_has_a_thai_message() {
    let api_only = [
        ApiError::RateLimited {
            retry_after_secs: 3,
        },
        ApiError::MethodNotAllowed {
            method: "PATCH".into(),
            path: "/x".into(),
        },
        ApiError::Timeout(30),
        ApiError::Internal("SELECT secret".into()),
    ];
    let all = samples()
        .into_iter()
        .map(ApiError::from)
        .chain(api_only)
        .chain([
            AppError::Unavailable("pool".into()).into(),
            AppError::Internal("SELECT secret".into()).into(),
        ]);
    for e in all {
        let th = docnum_i18n::render(Locale::Th, &e.message());
        let en = e.client_message();
        assert!(is_thai(&th), "{e:?}: {th}");
        assert!(!th.contains('(') || th.contains(')'), "{th}");
        assert_ne!(th, en, "{e:?}");
        assert!(!th.contains("secret") && !en.contains("secret"), "{e:?}");
    }
}
