//! Void and replace: withdraw a confirmed number (spec §5.5).

use axum::extract::State;
use docnum_application::{IssuedNumber, VoidOutcome};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::{AuthUser, permissions};
use crate::dto::number::NumberView;
use crate::dto::{envelope, fields};
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::Json;
use crate::state::AppState;

/// The number to void.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = VoidRequest)]
pub(crate) struct VoidBody {
    /// The confirmed number.
    #[validate(length(min = 1, max = fields::DOCUMENT_NUMBER_MAX, message = "must be 1-200 characters"))]
    #[schema(schema_with = fields::document_number)]
    document_number: String,
    /// Its namespace, when the number exists in several.
    #[validate(length(min = 1, max = fields::NAMESPACE_MAX, message = "must be 1-50 characters"))]
    #[schema(schema_with = fields::namespace_choice)]
    namespace: Option<String>,
    /// Why (at least 10 characters after trimming).
    #[validate(length(max = fields::REASON_MAX, message = "must be at most 1000 characters"))]
    #[schema(schema_with = fields::void_reason)]
    reason: String,
    /// Issue a replacement number of the same series and context, linked to it.
    replace: bool,
}

/// What a void did.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum VoidStatus {
    /// Voided, no replacement.
    Voided,
    /// Voided and replaced.
    Replaced,
}

/// The voided number and, when asked for, its replacement.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = VoidResult)]
pub(crate) struct VoidView {
    /// `VOIDED`, or `REPLACED` when a replacement was issued.
    status: VoidStatus,
    /// The voided number.
    voided: NumberView,
    /// The replacement (CONFIRMED), when `replace` was true; else null.
    #[schema(required = true)]
    replacement: Option<NumberView>,
}

envelope!(
    /// `{"success": true, "data": VoidResult}`
    VoidResponse => VoidView
);

/// Void (and optionally replace) a confirmed number.
///
/// Voids a CONFIRMED number; with `replace`, a new number of the same series
/// and context is issued CONFIRMED in the same transaction and the two are
/// linked (`replaces` / `replaced_by`).
#[utoipa::path(
    post, path = "/void", operation_id = "voidNumber", tag = "numbers",
    request_body = VoidBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Voided (and replaced)", body = VoidResponse),
        (status = 403, description = "NB012: the token lacks numbering:void", body = ErrorEnvelope),
        (status = 404, description = "NB018: the number is not in the registry; NB001: its series is gone", body = ErrorEnvelope),
        (status = 409, description = "NB016: the number is not CONFIRMED; NB002: no value left for the replacement", body = ErrorEnvelope),
        (status = 422, description = "NB009: invalid field (reason under 10 characters, namespace needed)", body = ErrorEnvelope),
        (status = 503, description = "NB003: counter lock busy; NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn void_number(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<VoidBody>,
) -> Result<VoidResponse, ApiError> {
    user.require(permissions::VOID)?;
    let outcome = state
        .numbering
        .void(
            &body.document_number,
            body.namespace.as_deref(),
            &body.reason,
            body.replace,
            &user.actor(),
        )
        .await?;
    Ok(view(&state, outcome).await.into())
}

/// Both numbers share one chain; read it once. The void is done by now, so
/// a failed read must not turn success into an error: fall back to the links
/// the rows themselves carry.
async fn view(state: &AppState, outcome: VoidOutcome) -> VoidView {
    let VoidOutcome {
        voided,
        replacement,
    } = outcome;
    let newest: &IssuedNumber = replacement.as_ref().unwrap_or(&voided);
    let chain = match state
        .numbering
        .number(&newest.document_number, Some(&newest.namespace))
        .await
    {
        Ok(details) => Some(details.chain),
        Err(e) => {
            tracing::warn!(error = %e, "void succeeded but its chain could not be read");
            None
        }
    };
    let make = |row: IssuedNumber| match &chain {
        Some(chain) => NumberView::new(row, chain.clone()),
        None => NumberView::local(row),
    };
    VoidView {
        status: if replacement.is_some() {
            VoidStatus::Replaced
        } else {
            VoidStatus::Voided
        },
        voided: make(voided),
        replacement: replacement.map(make),
    }
}
