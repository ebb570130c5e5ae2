//! Reserve, confirm, cancel and preview: the lifecycle of a number as its
//! caller drives it (spec §5.1–5.3, §2 preview). All need `numbering:reserve`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use docnum_application::{Confirmation, IssuedNumber, Preview, Reservation, ReserveRequest};
use docnum_domain::Message;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{AuthUser, permissions};
use crate::dto::number::NumberStateView;
use crate::dto::{check_context, check_metadata, envelope, fields};
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::Json;
use crate::state::AppState;

/// The header that makes a reserve safe to retry.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// What to reserve.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReserveRequest)]
pub(crate) struct ReserveBody {
    /// The series.
    #[validate(length(min = 1, max = fields::DOCUMENT_TYPE_MAX, message = "must be 1-50 characters"))]
    #[schema(schema_with = fields::document_type)]
    document_type: String,
    /// Context values by name.
    #[serde(default)]
    #[validate(custom(function = "check_context"))]
    #[schema(schema_with = fields::context)]
    context: BTreeMap<String, String>,
    /// Shorthand for the value of the series' single scope dimension.
    #[validate(length(min = 1, max = fields::CONTEXT_VALUE_MAX, message = "must be 1-100 characters"))]
    #[schema(schema_with = fields::scope_value)]
    scope_value: Option<String>,
    /// Back-dating (`YYYY-MM-DD`), within the series' `backdate_days`.
    document_date: Option<NaiveDate>,
    /// Caller metadata stored with the number (at most 16 KiB serialised).
    #[serde(default)]
    #[validate(custom(function = "check_metadata"))]
    metadata: serde_json::Value,
}

/// The headers reserve reads.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // read from the `HeaderMap`; declared for the document
pub(crate) struct ReserveHeaders {
    /// Makes the reserve safe to retry.
    #[param(rename = "Idempotency-Key", schema_with = fields::idempotency_key)]
    idempotency_key: Option<String>,
}

/// A reservation: confirm it (or cancel it) with its token before `expires_at`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Reservation)]
pub(crate) struct ReservationView {
    /// The token to confirm or cancel with.
    token: Uuid,
    /// The number.
    #[schema(example = "COR-2025-00042")]
    document_number: String,
    /// The series.
    #[schema(example = "COR")]
    document_type: String,
    /// The counter key without the document type.
    #[schema(example = "YEAR=2025")]
    scope_value: String,
    /// The counter key.
    #[schema(example = "COR|YEAR=2025")]
    counter_key: String,
    /// The sequence value.
    #[schema(example = 42)]
    value: u64,
    /// The context the number was rendered with.
    context: BTreeMap<String, String>,
    /// When it lapses unless confirmed.
    expires_at: DateTime<Utc>,
    /// Caller metadata.
    metadata: serde_json::Value,
}

impl From<Reservation> for ReservationView {
    fn from(r: Reservation) -> Self {
        Self {
            token: r.token,
            document_number: r.document_number,
            document_type: r.document_type,
            scope_value: r.scope_value,
            counter_key: r.counter_key,
            value: r.value,
            context: r.context,
            expires_at: r.expires_at,
            metadata: r.metadata,
        }
    }
}

envelope!(
    /// `{"success": true, "data": Reservation}`
    ReservationResponse => ReservationView
);

/// Reserve the next number.
///
/// Reserves the next number of a series. Send an `Idempotency-Key` to retry
/// safely: the same key with the same body returns the original reservation
/// (for at least 24 h); the same key with another body is NB015.
#[utoipa::path(
    post, path = "/reserve", operation_id = "reserveNumber", tag = "numbers",
    request_body = ReserveBody,
    params(ReserveHeaders),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Reserved; confirm before `expires_at`", body = ReservationResponse),
        (status = 403, description = "NB012: the token lacks numbering:reserve", body = ErrorEnvelope),
        (status = 404, description = "NB001: no series for this document type", body = ErrorEnvelope),
        (status = 409, description = "NB002: the counter reached max_value; NB005: the number exists", body = ErrorEnvelope),
        (status = 422, description = "NB006: context missing or malformed for the template; NB009: invalid field; NB015: Idempotency-Key reused with another body", body = ErrorEnvelope),
        (status = 429, description = "NB013: too many reservations for this user",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "NB003: counter lock busy; NB014: database unavailable; NB017: overloaded",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn reserve_number(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    Json(body): Json<ReserveBody>,
) -> Result<(StatusCode, ReservationResponse), ApiError> {
    user.require(permissions::RESERVE)?;
    state.check_reserve_rate(&user.user_id).await?;
    let idempotency_key = match headers.get(IDEMPOTENCY_KEY) {
        Some(v) => Some(
            v.to_str()
                .map(str::to_owned)
                .map_err(|_| ApiError::Invalid(Message::new("idempotency-key-not-ascii")))?,
        ),
        None => None,
    };
    let request = ReserveRequest {
        document_type: body.document_type,
        context: body.context,
        scope_value: body.scope_value,
        document_date: body.document_date,
        metadata: body.metadata,
        idempotency_key,
    };
    // A replay is charged like any request (its lookup is a database read)
    // and refunded once recognised.
    let (reservation, replayed) = state
        .numbering
        .reserve_or_replay(&request, &user.actor())
        .await?;
    if replayed {
        state.refund_reservation(&user.user_id).await;
    }
    Ok((
        StatusCode::CREATED,
        ReservationView::from(reservation).into(),
    ))
}

/// Which reservation to confirm.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ConfirmRequest)]
pub(crate) struct ConfirmBody {
    /// The reservation's token.
    token: Uuid,
    /// Your document's id, kept with the number.
    #[validate(length(max = fields::DOCUMENT_REF_MAX, message = "must be at most 200 characters"))]
    #[schema(schema_with = fields::document_ref)]
    document_ref: Option<String>,
}

/// A confirmed number.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Confirmation)]
pub(crate) struct ConfirmationView {
    /// The number, now in use.
    #[schema(example = "COR-2025-00042")]
    document_number: String,
    /// When it was (first) confirmed.
    confirmed_at: DateTime<Utc>,
}

impl From<Confirmation> for ConfirmationView {
    fn from(c: Confirmation) -> Self {
        Self {
            document_number: c.document_number,
            confirmed_at: c.confirmed_at,
        }
    }
}

envelope!(
    /// `{"success": true, "data": Confirmation}`
    ConfirmationResponse => ConfirmationView
);

/// Confirm a reservation.
///
/// Confirms a reservation. Confirming again returns the same answer.
#[utoipa::path(
    post, path = "/confirm", operation_id = "confirmReservation", tag = "numbers",
    request_body = ConfirmBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Confirmed (or already confirmed)", body = ConfirmationResponse),
        (status = 403, description = "NB012: the token lacks numbering:reserve", body = ErrorEnvelope),
        (status = 409, description = "NB016: the number was confirmed and has since been voided", body = ErrorEnvelope),
        (status = 410, description = "NB004: the reservation expired, was cancelled or never existed; reserve a new number", body = ErrorEnvelope),
        (status = 422, description = "NB009: invalid field (e.g. a token that is not a UUID)", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn confirm_reservation(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<ConfirmBody>,
) -> Result<ConfirmationResponse, ApiError> {
    user.require(permissions::RESERVE)?;
    let confirmation = state
        .numbering
        .confirm(body.token, body.document_ref.as_deref(), &user.actor())
        .await?;
    Ok(ConfirmationView::from(confirmation).into())
}

/// Which reservation to cancel.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CancelRequest)]
pub(crate) struct CancelBody {
    /// The reservation's token.
    token: Uuid,
    /// Why (kept in the audit log).
    #[validate(length(max = fields::REASON_MAX, message = "must be at most 1000 characters"))]
    #[schema(schema_with = fields::reason_choice)]
    reason: Option<String>,
}

/// A cancelled number (never reused).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Cancellation)]
pub(crate) struct CancellationView {
    /// The number.
    #[schema(example = "COR-2025-00042")]
    document_number: String,
    /// Its state: `CANCELLED`.
    state: NumberStateView,
}

impl From<IssuedNumber> for CancellationView {
    fn from(row: IssuedNumber) -> Self {
        Self {
            document_number: row.document_number,
            state: row.state.into(),
        }
    }
}

envelope!(
    /// `{"success": true, "data": Cancellation}`
    CancellationResponse => CancellationView
);

/// Cancel a reservation.
///
/// Cancels a reservation; its number is never reused. Cancelling twice is a
/// no-op; a confirmed number cannot be cancelled (void it).
#[utoipa::path(
    post, path = "/cancel", operation_id = "cancelReservation", tag = "numbers",
    request_body = CancelBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Cancelled (or already cancelled)", body = CancellationResponse),
        (status = 403, description = "NB012: the token lacks numbering:reserve", body = ErrorEnvelope),
        (status = 409, description = "NB016: the number is confirmed (void it instead) or voided", body = ErrorEnvelope),
        (status = 410, description = "NB004: the reservation expired or the token is unknown", body = ErrorEnvelope),
        (status = 422, description = "NB009: invalid field", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn cancel_reservation(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<CancelBody>,
) -> Result<CancellationResponse, ApiError> {
    user.require(permissions::RESERVE)?;
    let row = state
        .numbering
        .cancel(body.token, body.reason.as_deref(), &user.actor())
        .await?;
    Ok(CancellationView::from(row).into())
}

/// What to preview.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PreviewRequest)]
pub(crate) struct PreviewBody {
    /// The series.
    #[validate(length(min = 1, max = fields::DOCUMENT_TYPE_MAX, message = "must be 1-50 characters"))]
    #[schema(schema_with = fields::document_type)]
    document_type: String,
    /// Context values by name, as for reserve.
    #[serde(default)]
    #[validate(custom(function = "check_context"))]
    #[schema(schema_with = fields::context)]
    context: BTreeMap<String, String>,
    /// Shorthand for the value of the series' single scope dimension.
    #[validate(length(min = 1, max = fields::CONTEXT_VALUE_MAX, message = "must be 1-100 characters"))]
    #[schema(schema_with = fields::scope_value)]
    scope_value: Option<String>,
    /// Back-dating (`YYYY-MM-DD`), as for reserve.
    document_date: Option<NaiveDate>,
}

/// The number the next reservation would get (nothing is consumed).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Preview)]
pub(crate) struct PreviewView {
    /// The number.
    #[schema(example = "COR-2025-00043")]
    document_number: String,
    /// Its sequence value.
    #[schema(example = 43)]
    next_value: u64,
    /// Its counter.
    #[schema(example = "COR|YEAR=2025")]
    counter_key: String,
}

impl From<Preview> for PreviewView {
    fn from(p: Preview) -> Self {
        Self {
            document_number: p.document_number,
            next_value: p.next_value,
            counter_key: p.counter_key,
        }
    }
}

envelope!(
    /// `{"success": true, "data": Preview}`
    PreviewResponse => PreviewView
);

/// Preview the next number.
///
/// Shows the number the next reservation would get, without consuming it.
/// Under concurrency another request may take it first.
#[utoipa::path(
    post, path = "/preview", operation_id = "previewNumber", tag = "numbers",
    request_body = PreviewBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The next number", body = PreviewResponse),
        (status = 403, description = "NB012: the token lacks numbering:reserve", body = ErrorEnvelope),
        (status = 404, description = "NB001: no series for this document type", body = ErrorEnvelope),
        (status = 409, description = "NB002: the counter reached max_value", body = ErrorEnvelope),
        (status = 422, description = "NB006: context missing or malformed; NB009: invalid field", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn preview_number(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<PreviewBody>,
) -> Result<PreviewResponse, ApiError> {
    user.require(permissions::RESERVE)?;
    let preview = state
        .numbering
        .preview(
            &body.document_type,
            &body.context,
            body.scope_value.as_deref(),
            body.document_date,
        )
        .await?;
    Ok(PreviewView::from(preview).into())
}
