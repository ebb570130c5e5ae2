//! Manual override: register a number typed by an admin (spec §5.4).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use docnum_application::ManualRequest;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::{AuthUser, permissions};
use crate::dto::number::{NumberResponse, NumberView};
use crate::dto::{check_context, check_metadata, fields};
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::Json;
use crate::state::AppState;

/// A number to register by hand.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ManualNumberRequest)]
pub(crate) struct ManualBody {
    /// The series.
    #[validate(length(min = 1, max = fields::DOCUMENT_TYPE_MAX, message = "must be 1-50 characters"))]
    #[schema(schema_with = fields::document_type)]
    document_type: String,
    /// The number as typed.
    #[validate(length(min = 1, max = fields::DOCUMENT_NUMBER_MAX, message = "must be 1-200 characters"))]
    #[schema(schema_with = fields::document_number)]
    document_number: String,
    /// Why (required, kept in the audit log).
    #[validate(length(min = 1, max = fields::REASON_MAX, message = "must be 1-1000 characters"))]
    #[schema(schema_with = fields::reason)]
    reason: String,
    /// Register even if the number does not follow the template (needs
    /// `numbering:skip_validation` as well).
    #[serde(default)]
    skip_validation: bool,
    /// Context values that disambiguate matching the number to the template.
    #[serde(default)]
    #[validate(custom(function = "check_context"))]
    #[schema(schema_with = fields::context)]
    context: BTreeMap<String, String>,
    /// Caller metadata (at most 16 KiB serialised).
    #[serde(default)]
    #[validate(custom(function = "check_metadata"))]
    metadata: serde_json::Value,
}

/// Register a number by hand (manual override).
///
/// Registers a number typed by hand as CONFIRMED. It must follow the
/// series' template (unless `skip_validation`) and be new; a sequence value
/// above the counter raises the counter and the skipped values are audited.
#[utoipa::path(
    post, path = "/manual", operation_id = "registerManualNumber", tag = "numbers",
    request_body = ManualBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Registered as CONFIRMED", body = NumberResponse),
        (status = 403, description = "NB012: the token lacks numbering:manual_override (or numbering:skip_validation); NB007: the series does not allow manual override", body = ErrorEnvelope),
        (status = 404, description = "NB001: no series for this document type", body = ErrorEnvelope),
        (status = 409, description = "NB005: the number (or its sequence value) is already taken", body = ErrorEnvelope),
        (status = 422, description = "NB006: the number does not match the template; NB009: invalid field", body = ErrorEnvelope),
        (status = 503, description = "NB003: counter lock busy; NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn register_manual_number(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<ManualBody>,
) -> Result<(StatusCode, NumberResponse), ApiError> {
    user.require(permissions::MANUAL_OVERRIDE)?;
    if body.skip_validation {
        user.require(permissions::SKIP_VALIDATION)?;
    }
    let request = ManualRequest {
        document_type: body.document_type,
        document_number: body.document_number,
        reason: body.reason,
        skip_validation: body.skip_validation,
        context: body.context,
        metadata: body.metadata,
    };
    let row = state
        .numbering
        .register_manual(&request, &user.actor())
        .await?;
    Ok((StatusCode::CREATED, NumberView::local(row).into()))
}
