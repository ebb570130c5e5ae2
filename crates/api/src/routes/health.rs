//! Liveness, readiness and metrics, for orchestrators and Prometheus. No
//! authentication (but `/metrics` may require its own bearer token), and no
//! rate limit: readiness answers from a result at most
//! `Limits::readiness_cache` old, so no flood of probes reaches the database
//! more often than that.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use docnum_application::AppError;
use docnum_application::ports::LockHealth;
use docnum_domain::Message;
use serde::Serialize;
use utoipa::ToSchema;

use crate::dto::envelope;
use crate::error::{ApiError, ErrorEnvelope};
use crate::state::{AppState, MetricsRenderer};

/// How long readiness waits for the database.
const READY_TIMEOUT: Duration = Duration::from_secs(5);
/// Content type of the Prometheus text exposition format.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// A probe's answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Probe)]
pub(crate) struct ProbeView {
    /// `ok` (liveness) or `ready` (readiness).
    #[schema(example = "ok")]
    status: &'static str,
    /// Readiness only, when Redis locking is configured: the nodes' state.
    #[serde(skip_serializing_if = "Option::is_none")]
    redis: Option<RedisProbeView>,
}

/// The Redis lock nodes as readiness found them. Redis is optional: without
/// a quorum docnum locks through the database alone, so `down` does not make
/// the instance unready.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RedisProbe)]
pub(crate) struct RedisProbeView {
    /// `up` (every node answers), `degraded` (a quorum answers) or `down`
    /// (no quorum: database-only locking).
    #[schema(example = "up")]
    status: &'static str,
    /// Nodes answering a PING.
    #[schema(example = 3)]
    nodes_up: usize,
    /// Nodes configured.
    #[schema(example = 3)]
    nodes: usize,
    /// Nodes needed to hold a lock.
    #[schema(example = 2)]
    quorum: usize,
}

impl From<LockHealth> for RedisProbeView {
    fn from(h: LockHealth) -> Self {
        let status = if h.nodes_up == h.nodes {
            "up"
        } else if h.has_quorum() {
            "degraded"
        } else {
            "down"
        };
        Self {
            status,
            nodes_up: h.nodes_up,
            nodes: h.nodes,
            quorum: h.quorum,
        }
    }
}

envelope!(
    /// `{"success": true, "data": Probe}`
    ProbeResponse => ProbeView
);

/// Liveness probe.
///
/// Liveness: 200 whenever the process serves HTTP.
#[utoipa::path(
    get, path = "/healthz", operation_id = "checkHealth", tag = "health",
    responses((status = 200, description = "The process is up", body = ProbeResponse))
)]
pub(crate) async fn check_health() -> ProbeResponse {
    ProbeView {
        status: "ok",
        redis: None,
    }
    .into()
}

/// Readiness probe.
///
/// Readiness: 200 when the database answers within 5 s, else 503 NB014.
/// With Redis locking configured, the answer also reports the Redis nodes;
/// Redis being down does not make the instance unready (locking falls back
/// to the database).
#[utoipa::path(
    get, path = "/readyz", operation_id = "checkReadiness", tag = "health",
    responses(
        (status = 200, description = "The database answers (Redis, when configured, is reported, up or down)", body = ProbeResponse),
        (status = 503, description = "NB014: the database does not answer",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn check_readiness(
    State(state): State<AppState>,
) -> Result<ProbeResponse, ApiError> {
    let outcome = state.readiness.get_or_check(|| check(&state)).await;
    match outcome {
        Ok(redis) => Ok(ProbeView {
            status: "ready",
            redis: redis.map(RedisProbeView::from),
        }
        .into()),
        // Whatever the cause, a probe must see "not ready", never a 500.
        Err(e) => Err(AppError::Unavailable(e).into()),
    }
}

/// What a readiness check found: the Redis nodes, or why it is not ready.
type Readiness = Result<Option<LockHealth>, String>;

/// Asks the database (and Redis) once.
async fn check(state: &AppState) -> Readiness {
    let checks = async { tokio::join!(state.numbering.ready(), state.numbering.lock_health()) };
    match tokio::time::timeout(READY_TIMEOUT, checks).await {
        Ok((Ok(()), redis)) => Ok(redis),
        Ok((Err(e), _)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", READY_TIMEOUT.as_secs())),
    }
}

/// The last readiness answer, reused while younger than `fresh_for`; one
/// check runs at a time and the probes arriving meanwhile wait for it.
pub(crate) struct ReadinessCache {
    fresh_for: Duration,
    last: tokio::sync::Mutex<Option<(Instant, Readiness)>>,
}

impl ReadinessCache {
    pub(crate) fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            last: tokio::sync::Mutex::new(None),
        }
    }

    async fn get_or_check<F: Future<Output = Readiness>>(
        &self,
        check: impl FnOnce() -> F,
    ) -> Readiness {
        let mut last = self.last.lock().await;
        if let Some((at, answer)) = last.as_ref()
            && at.elapsed() < self.fresh_for
        {
            return answer.clone();
        }
        let answer = check().await;
        *last = Some((Instant::now(), answer.clone()));
        answer
    }
}

/// Prometheus metrics.
///
/// Prometheus metrics in the text exposition format.
#[utoipa::path(
    get, path = "/metrics", operation_id = "getMetrics", tag = "health",
    responses(
        (status = 200, description = "The metrics", content_type = "text/plain", body = String),
        (status = 401, description = "NB011: this server's /metrics requires a bearer token \
            (`DOCNUM_METRICS_TOKEN`) and none or another was sent", body = ErrorEnvelope,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        (status = 404, description = "NB010: metrics are not enabled on this server", body = ErrorEnvelope),
    )
)]
pub(crate) async fn get_metrics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let render = state
        .metrics
        .as_ref()
        .ok_or_else(|| ApiError::NotFound(Message::new("metrics-disabled")))?;
    metrics_answer(render, state.limits.metrics_token.as_deref(), &headers)
}

/// The exposition, when `headers` carry `token` (if one is required).
pub(crate) fn metrics_answer(
    render: &MetricsRenderer,
    token: Option<&str>,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = token {
        let sent = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim());
        if !sent.is_some_and(|sent| same_secret(sent.as_bytes(), token.as_bytes())) {
            return Err(ApiError::Unauthenticated(Message::new(
                "metrics-token-required",
            )));
        }
    }
    Ok(([(CONTENT_TYPE, PROMETHEUS_TEXT)], render()).into_response())
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
