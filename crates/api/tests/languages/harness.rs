//! The router on the in-memory store with a lock manager that fails on
//! demand, and one request sent with or without `Accept-Language`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request};
use docnum_api::{ApiState, AuthConfig, Locale};
use docnum_application::memory::MemoryStore;
use docnum_application::ports::{DatabaseOnlyLocks, HeldLock, LockManager};
use docnum_application::{AppError, Numbering, Ports, Settings};
use docnum_domain::ErrorCode;
use serde_json::{Value, json};
use tower::ServiceExt as _;

pub(crate) const SECRET: &[u8] = b"docnum-api-language-test-secret-0123456789";
pub(crate) const ADMIN: &str = "numbering:admin";

/// A lock manager that fails with a chosen error while one is set: the
/// infrastructure failures (NB000, NB003, NB014, NB017) as the use cases
/// meet them.
#[derive(Default)]
pub(crate) struct SwitchableLocks(pub(crate) Mutex<Option<AppError>>);

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

pub(crate) struct App {
    pub(crate) router: axum::Router,
    pub(crate) locks: Arc<SwitchableLocks>,
}

pub(crate) fn app(rate: u32, default_locale: Locale) -> App {
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

pub(crate) fn token(permissions: &[&str]) -> String {
    let perms: Vec<String> = permissions.iter().map(|p| (*p).to_owned()).collect();
    docnum_api::issue_token(SECRET, "somchai", &perms, Duration::from_hours(1)).unwrap()
}

/// One request: what to send.
#[derive(Clone)]
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) token: Option<String>,
    pub(crate) body: Option<Value>,
    pub(crate) idempotency_key: Option<&'static str>,
}

pub(crate) fn call(method: Method, path: &str, body: Option<Value>) -> Call {
    Call {
        method,
        path: format!("{}{path}", docnum_api::BASE_PATH),
        token: Some(token(&[ADMIN])),
        body,
        idempotency_key: None,
    }
}

pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_language: Option<String>,
    pub(crate) vary: Vec<String>,
    pub(crate) body: Value,
}

impl Answer {
    pub(crate) fn field(&self, name: &str) -> &str {
        self.body["error"][name].as_str().unwrap_or("<none>")
    }
}

pub(crate) async fn send(router: &axum::Router, c: &Call, accept_language: Option<&str>) -> Answer {
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

pub(crate) fn is_thai(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// Sends `c` in both languages and checks the pair; returns the Thai message.
pub(crate) async fn both_languages(router: &axum::Router, c: &Call, code: ErrorCode) -> String {
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

pub(crate) async fn create_series(router: &axum::Router, config: Value) {
    let r = send(router, &call(Method::POST, "/series", Some(config)), None).await;
    assert_eq!(r.status, 201, "{}", r.body);
}

pub(crate) async fn reserve(router: &axum::Router, document_type: &str) -> Value {
    let c = call(
        Method::POST,
        "/reserve",
        Some(json!({"document_type": document_type})),
    );
    let r = send(router, &c, None).await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["data"].clone()
}
