//! A tiny private fake of the storage ports — just enough for router tests
//! (one series, `COR`; reserve, confirm, cancel and reads). It is no model of
//! the store: the shared in-memory store and the SQLite adapter are tested
//! elsewhere.

#![allow(dead_code)]

pub(crate) mod schema;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use chrono::Utc;
use docnum_api::{ApiState, AuthConfig, MetricsRenderer};
use docnum_application::model::context_to_map;
use docnum_application::ports::{
    AllocationBatch, CounterChange, CounterIntegrity, CounterSet, DatabaseOnlyLocks,
    DuplicateNumber, DuplicateValue, GuardedChange, ManualRegistration, Metrics, NumberStore,
    OpContext, SeriesRepository, SystemClock, VoidRequest, VoidResult,
};
use docnum_application::{
    AppError, AuditEntry, AuditFilter, CounterStatus, IssuedNumber, NumberSource, Numbering, Ports,
    ScopeSpec, SeriesChange, SeriesConfig, SeriesRecord, Settings,
};
use docnum_domain::{CounterKey, NumberState};
use serde_json::Value;
use tower::ServiceExt as _;
use uuid::Uuid;

/// The secret every test app verifies with.
pub(crate) const SECRET: &[u8] = b"docnum-api-test-secret-0123456789abcdef";

/// What the fake's failing methods say; must never reach a client.
pub(crate) const SECRET_DETAIL: &str = "SELECT * FROM secret_table";

/// The fake store.
pub(crate) struct Fake {
    series: SeriesRecord,
    rows: Mutex<Vec<IssuedNumber>>,
    counter: Mutex<u64>,
    pub(crate) down: AtomicBool,
}

impl Fake {
    fn new() -> Self {
        let config = SeriesConfig::new(
            "COR",
            "COR-{YYYY}-{SEQ:5}",
            ScopeSpec::Preset("YEARLY".into()),
        );
        let now = Utc::now();
        Self {
            series: SeriesRecord::from_stored(config, 1, now, now).expect("COR is valid"),
            rows: Mutex::new(Vec::new()),
            counter: Mutex::new(0),
            down: AtomicBool::new(false),
        }
    }

    fn change(
        &self,
        token: Uuid,
        to: NumberState,
        apply: impl FnOnce(&mut IssuedNumber),
    ) -> GuardedChange {
        let mut rows = self.rows.lock().unwrap();
        match rows.iter_mut().find(|r| r.token == token) {
            None => GuardedChange::NotFound,
            Some(row) if row.state == NumberState::Reserved => {
                row.state = to;
                apply(row);
                GuardedChange::Applied(row.clone())
            }
            Some(row) => GuardedChange::NotApplied(row.clone()),
        }
    }
}

fn not_faked() -> AppError {
    AppError::Internal(format!("not faked: {SECRET_DETAIL}"))
}

#[async_trait]
impl SeriesRepository for Fake {
    async fn create_series(
        &self,
        c: &SeriesConfig,
        _: &str,
        _: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        Err(AppError::SeriesExists(c.document_type.clone()))
    }
    async fn update_series(
        &self,
        _: &SeriesConfig,
        _: i64,
        _: &str,
        _: &OpContext,
    ) -> Result<SeriesRecord, AppError> {
        Err(not_faked())
    }
    async fn get_series(&self, document_type: &str) -> Result<Option<SeriesRecord>, AppError> {
        Ok((document_type == "COR").then(|| self.series.clone()))
    }
    async fn list_series(&self) -> Result<Vec<SeriesRecord>, AppError> {
        Ok(vec![self.series.clone()])
    }
    async fn series_history(&self, _: &str) -> Result<Vec<SeriesChange>, AppError> {
        Ok(Vec::new())
    }
}

#[async_trait]
impl NumberStore for Fake {
    async fn allocate(&self, batch: Arc<AllocationBatch>) -> Result<Vec<IssuedNumber>, AppError> {
        let mut counter = self.counter.lock().unwrap();
        let mut out = Vec::new();
        for draft in &batch.drafts {
            *counter += 1;
            let number = batch
                .series
                .series
                .render(*counter, &draft.context, draft.period)?;
            out.push(IssuedNumber {
                token: draft.token,
                document_type: batch.series.config.document_type.clone(),
                namespace: batch.series.config.namespace.clone(),
                document_number: number.into_string(),
                counter_key: Some(batch.counter_key.to_string()),
                value: Some(*counter),
                state: NumberState::Reserved,
                source: NumberSource::Reserve,
                context: context_to_map(&draft.context),
                metadata: draft.metadata.clone(),
                template: batch.series.config.template.clone(),
                document_ref: None,
                issued_at: draft.op.now,
                expires_at: Some(draft.expires_at),
                confirmed_at: None,
                closed_at: None,
                issued_by: draft.op.actor.user_id.clone(),
                reason: None,
                replaces: None,
                replaced_by: None,
            });
        }
        self.rows.lock().unwrap().extend(out.iter().cloned());
        Ok(out)
    }
    async fn confirm(
        &self,
        token: Uuid,
        document_ref: Option<&str>,
        op: &OpContext,
    ) -> Result<GuardedChange, AppError> {
        let now = op.now;
        Ok(self.change(token, NumberState::Confirmed, |row| {
            row.confirmed_at = Some(now);
            row.document_ref = document_ref.map(str::to_owned);
        }))
    }
    async fn cancel(
        &self,
        token: Uuid,
        reason: Option<&str>,
        op: &OpContext,
    ) -> Result<GuardedChange, AppError> {
        let now = op.now;
        Ok(self.change(token, NumberState::Cancelled, |row| {
            row.closed_at = Some(now);
            row.reason = reason.map(str::to_owned);
        }))
    }
    async fn void(&self, _: VoidRequest) -> Result<Option<VoidResult>, AppError> {
        Err(not_faked())
    }
    async fn register_manual(
        &self,
        _: Vec<ManualRegistration>,
    ) -> Result<Vec<IssuedNumber>, AppError> {
        Err(not_faked())
    }
    async fn expire_due(&self, _: u32, _: &OpContext) -> Result<u32, AppError> {
        Ok(0)
    }
    async fn find_by_token(&self, token: Uuid) -> Result<Option<IssuedNumber>, AppError> {
        Ok(self
            .rows
            .lock()
            .unwrap()
            .iter()
            .find(|r| r.token == token)
            .cloned())
    }
    async fn find_by_idempotency_key(
        &self,
        _: &str,
        _: &str,
    ) -> Result<Option<(IssuedNumber, String)>, AppError> {
        Ok(None)
    }
    async fn find_numbers(&self, document_number: &str) -> Result<Vec<IssuedNumber>, AppError> {
        let rows = self.rows.lock().unwrap();
        Ok(rows
            .iter()
            .filter(|r| r.document_number == document_number)
            .cloned()
            .collect())
    }
    async fn counter_value(&self, _: &CounterKey) -> Result<u64, AppError> {
        Ok(*self.counter.lock().unwrap())
    }
    async fn counter_status(&self, _: &str) -> Result<Vec<CounterStatus>, AppError> {
        Ok(Vec::new())
    }
    async fn audit(&self, _: &AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
        Err(not_faked())
    }
    async fn ping(&self) -> Result<(), AppError> {
        if self.down.load(Ordering::Relaxed) {
            Err(AppError::Unavailable(
                "connection refused by 10.1.2.3:5432".into(),
            ))
        } else {
            Ok(())
        }
    }
    async fn set_counter(&self, _: CounterSet) -> Result<CounterChange, AppError> {
        Err(not_faked())
    }
    async fn counter_integrity(&self) -> Result<Vec<CounterIntegrity>, AppError> {
        Err(not_faked())
    }
    async fn issued_values(&self, _: &str, _: u64, _: u32) -> Result<Vec<u64>, AppError> {
        Err(not_faked())
    }
    async fn duplicate_values(&self, _: u32) -> Result<Vec<DuplicateValue>, AppError> {
        Err(not_faked())
    }
    async fn duplicate_numbers(&self, _: u32) -> Result<Vec<DuplicateNumber>, AppError> {
        Err(not_faked())
    }
    async fn existing_numbers(&self, _: &str, _: &[String]) -> Result<Vec<String>, AppError> {
        Err(not_faked())
    }
    async fn taken_values(&self, _: &str, _: &[u64]) -> Result<Vec<u64>, AppError> {
        Err(not_faked())
    }
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

/// A router over a fresh fake, with its store and error recorder.
pub(crate) struct TestApp {
    pub(crate) router: axum::Router,
    pub(crate) fake: Arc<Fake>,
    pub(crate) errors: Arc<RecordedErrors>,
}

/// An app allowing `rate` reservations per user per minute, with `metrics`.
pub(crate) fn app_with(rate: u32, metrics: Option<MetricsRenderer>) -> TestApp {
    let fake = Arc::new(Fake::new());
    let errors = Arc::new(RecordedErrors::default());
    let ports = Ports {
        store: fake.clone(),
        series: fake.clone(),
        clock: Arc::new(SystemClock),
        locks: Arc::new(DatabaseOnlyLocks),
        metrics: errors.clone(),
    };
    let state = ApiState {
        numbering: Numbering::new(ports, Settings::default()),
        auth: AuthConfig::hs256(SECRET),
        rate_limit_per_minute: rate,
        metrics,
    };
    TestApp {
        router: docnum_api::router(state),
        fake,
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
