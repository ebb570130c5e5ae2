//! Status of series and their counters (spec §5.7); needs `numbering:admin`.

use std::collections::BTreeMap;

use axum::extract::State;
use chrono::{DateTime, Utc};
use docnum_application::{CounterStatus, SeriesStatus};
use docnum_domain::NumberState;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{AuthUser, permissions};
use crate::dto::envelope;
use crate::dto::fields::DocumentTypePath;
use crate::dto::series::ScopeDto;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::PathParams;
use crate::state::AppState;

/// One counter's figures.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CounterStatus)]
pub(crate) struct CounterStatusView {
    /// The counter.
    #[schema(example = "COR|YEAR=2025")]
    counter_key: String,
    /// The last value handed out.
    #[schema(example = 42)]
    current_value: u64,
    /// When it last changed.
    #[schema(required = true)]
    last_used_at: Option<DateTime<Utc>>,
    /// Registry rows per state (every state present, 0 when none).
    #[schema(example = json!({"RESERVED": 1, "CONFIRMED": 40, "CANCELLED": 1, "EXPIRED": 0, "VOIDED": 0}))]
    counts_by_state: BTreeMap<String, u64>,
}

/// A series' figures over all its counters.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SeriesStatus)]
pub(crate) struct SeriesStatusView {
    /// The series.
    #[schema(example = "COR")]
    document_type: String,
    /// Its template.
    #[schema(example = "COR-{YYYY}-{SEQ:5}")]
    template: String,
    /// Its scope.
    scope: ScopeDto,
    /// The highest current value among its counters.
    #[schema(example = 42)]
    current_value: u64,
    /// Its maximum.
    #[schema(example = 999_999)]
    max_value: u64,
    /// The fullest counter's use of `max_value`, in percent.
    #[schema(example = 0.0042)]
    utilization_percent: f64,
    /// When any counter last changed.
    #[schema(required = true)]
    last_used_at: Option<DateTime<Utc>>,
    /// Registry rows per state over all counters (every state present).
    counts_by_state: BTreeMap<String, u64>,
    /// Whether manual override is allowed.
    allow_manual_override: bool,
    /// Its counters.
    counters: Vec<CounterStatusView>,
}

/// Every state with its count, 0 when absent, so the shape never varies.
fn all_states(counts: BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    let mut out: BTreeMap<String, u64> = NumberState::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect();
    out.extend(counts);
    out
}

impl From<CounterStatus> for CounterStatusView {
    fn from(c: CounterStatus) -> Self {
        Self {
            counter_key: c.counter_key.into_string(),
            current_value: c.current_value,
            last_used_at: c.last_used_at,
            counts_by_state: all_states(c.counts_by_state),
        }
    }
}

impl From<SeriesStatus> for SeriesStatusView {
    fn from(s: SeriesStatus) -> Self {
        let current_value = s.current_value();
        let utilization_percent = s.utilization_percent();
        let last_used_at = s.last_used_at();
        let counts_by_state = all_states(s.counts_by_state());
        let config = s.series.config;
        Self {
            document_type: config.document_type,
            template: config.template,
            scope: config.scope.into(),
            current_value,
            max_value: config.max_value,
            utilization_percent,
            last_used_at,
            counts_by_state,
            allow_manual_override: config.allow_manual_override,
            counters: s.counters.into_iter().map(Into::into).collect(),
        }
    }
}

envelope!(
    /// `{"success": true, "data": [SeriesStatus]}`
    StatusListResponse => Vec<SeriesStatusView>
);
envelope!(
    /// `{"success": true, "data": SeriesStatus}`
    StatusResponse => SeriesStatusView
);

/// Status of every series.
///
/// Status of every series.
#[utoipa::path(
    get, path = "/status", operation_id = "listSeriesStatus", tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every series with its counters", body = StatusListResponse),
        (status = 403, description = "NB012: the token lacks numbering:admin", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn list_series_status(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<StatusListResponse, ApiError> {
    user.require(permissions::ADMIN)?;
    let all = state.numbering.status_all().await?;
    Ok(all.into_iter().map(Into::into).collect::<Vec<_>>().into())
}

/// Status of one series.
///
/// Status of one series.
#[utoipa::path(
    get, path = "/status/{document_type}", operation_id = "getSeriesStatus", tag = "admin",
    params(DocumentTypePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The series with its counters", body = StatusResponse),
        (status = 403, description = "NB012: the token lacks numbering:admin", body = ErrorEnvelope),
        (status = 404, description = "NB001: no such series", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn get_series_status(
    State(state): State<AppState>,
    user: AuthUser,
    PathParams(document_type): PathParams<String>,
) -> Result<StatusResponse, ApiError> {
    user.require(permissions::ADMIN)?;
    let status = state.numbering.status(&document_type).await?;
    Ok(SeriesStatusView::from(status).into())
}
