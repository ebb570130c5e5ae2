//! The router tests' harness: an app over the in-memory store behind the
//! shared fault-injecting wrapper (`docnum_application::testing`), with one
//! series, `COR`.

#![allow(dead_code)]

pub(crate) mod schema;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use docnum_api::{ApiState, AuthConfig, MetricsRenderer};
use docnum_application::ports::{
    DatabaseOnlyLocks, Metrics, OpContext, SeriesRepository, SystemClock,
};
use docnum_application::testing::FaultyStore;
use docnum_application::{Actor, Numbering, Ports, ScopeSpec, SeriesConfig, Settings};
use futures_util::FutureExt as _;
use serde_json::Value;
use tower::ServiceExt as _;

/// The secret every test app verifies with.
pub(crate) const SECRET: &[u8] = b"docnum-api-test-secret-0123456789abcdef";

/// What a failing store says in the tests that make it fail; must never
/// reach a client.
pub(crate) const SECRET_DETAIL: &str = "SELECT * FROM secret_table";

/// The store every test app runs on.
pub(crate) type Store = FaultyStore;

/// A fresh in-memory store holding the series `COR`.
fn store() -> Arc<Store> {
    let store = Arc::new(FaultyStore::in_memory());
    let config = SeriesConfig::new(
        "COR",
        "COR-{YYYY}-{SEQ:5}",
        ScopeSpec::Preset("YEARLY".into()),
    );
    let op = OpContext {
        actor: Actor::user("setup"),
        now: chrono::Utc::now(),
        started: std::time::Instant::now(),
        fallback_used: false,
    };
    // The in-memory store answers at once: its futures are ready when polled.
    store
        .create_series(&config, "test series", &op)
        .now_or_never()
        .expect("the in-memory store answers at once")
        .expect("COR is valid");
    store
}

/// Error codes the API reported, in order.
#[derive(Default)]
pub(crate) struct RecordedErrors(pub(crate) Mutex<Vec<String>>);

impl Metrics for RecordedErrors {
    fn numbers_issued(&self, _: &str, _: u64) {}
    fn counter_value(&self, _: &str, _: &str, _: u64, _: u64) {}
    fn lock_wait(&self, _: &str, _: f64) {}
    fn lock_failure(&self, _: &str, _: &str) {}
    fn manual_override(&self, _: &str) {}
    fn error(&self, code: &str) {
        self.0.lock().unwrap().push(code.to_owned());
    }
}

/// A router over a fresh store, with the store and the error recorder.
pub(crate) struct TestApp {
    pub(crate) router: axum::Router,
    pub(crate) store: Arc<Store>,
    pub(crate) errors: Arc<RecordedErrors>,
}

/// An app allowing `rate` reservations per user per minute, with `metrics`;
/// readiness is checked afresh on every probe.
pub(crate) fn app_with(rate: u32, metrics: Option<MetricsRenderer>) -> TestApp {
    let limits = docnum_api::Limits {
        readiness_cache: Duration::ZERO,
        ..docnum_api::Limits::default()
    };
    app_with_limits(rate, metrics, limits)
}

/// [`app_with`] with `limits`.
pub(crate) fn app_with_limits(
    rate: u32,
    metrics: Option<MetricsRenderer>,
    limits: docnum_api::Limits,
) -> TestApp {
    let store = store();
    let errors = Arc::new(RecordedErrors::default());
    let ports = Ports {
        store: store.clone(),
        series: store.clone(),
        integrity: store.clone(),
        upgrade: store.clone(),
        clock: Arc::new(SystemClock),
        locks: Arc::new(DatabaseOnlyLocks),
        metrics: errors.clone(),
    };
    let state = ApiState {
        numbering: Numbering::new(ports, Settings::default()),
        auth: AuthConfig::hs256(SECRET),
        rate_limit_per_minute: rate,
        metrics,
        limits,
        default_locale: docnum_api::Locale::En,
    };
    TestApp {
        router: docnum_api::router(state),
        store,
        errors,
    }
}

/// The default app (100 reservations per minute, no metrics).
pub(crate) fn app() -> TestApp {
    app_with(100, None)
}

/// A one-hour token for `user` with `permissions`.
pub(crate) fn token(user: &str, permissions: &[&str]) -> String {
    let perms: Vec<String> = permissions.iter().map(|p| (*p).to_owned()).collect();
    docnum_api::issue_token(SECRET, user, &perms, Duration::from_hours(1)).unwrap()
}

/// A response's status, headers and JSON body (Null when not JSON).
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Value,
    pub(crate) text: String,
}

impl Reply {
    /// The error code of an envelope.
    pub(crate) fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("<none>")
    }

    /// The error message of an envelope.
    pub(crate) fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("<none>")
    }
}

/// Sends one request; `body` is sent as is with `content_type` when given.
pub(crate) async fn send_raw(
    router: &axum::Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: Option<String>,
) -> Reply {
    let method_name = method.to_string();
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let req = req.body(body.map_or_else(Body::empty, Body::from)).unwrap();
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
    if let Err(e) = schema::check(&method_name, uri, status.as_u16(), content_type, &text) {
        panic!("the answer does not match the OpenAPI document: {e}");
    }
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text,
    }
}

/// Sends JSON (or nothing) with a token.
pub(crate) async fn send(
    router: &axum::Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let content_type = body.as_ref().map(|_| "application/json");
    send_raw(
        router,
        method,
        uri,
        token,
        content_type,
        body.map(|b| b.to_string()),
    )
    .await
}

/// The full path of an API endpoint.
pub(crate) fn api(path: &str) -> String {
    format!("{}{path}", docnum_api::BASE_PATH)
}
