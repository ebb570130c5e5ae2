//! Reading one number of the registry, with its void/replace chain.

use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::auth::{AuthUser, permissions};
use crate::dto::fields;
use crate::dto::number::{NumberResponse, NumberView};
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{PathParams, QueryParams};
use crate::state::AppState;

/// Which namespace to look in.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NumberQuery {
    /// The namespace, when the number exists in several.
    #[validate(length(min = 1, max = fields::NAMESPACE_MAX, message = "must be 1-50 characters"))]
    #[param(schema_with = fields::namespace_param)]
    namespace: Option<String>,
}

/// Read a number.
///
/// One number with its state, timestamps, links and whole replace chain.
#[utoipa::path(
    get, path = "/numbers/{document_number}", operation_id = "getNumber", tag = "numbers",
    params(
        ("document_number" = String, Path,
            description = "The number, URL-encoded (e.g. `/` as `%2F`)", example = "COR-2025-00042"),
        NumberQuery,
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The number", body = NumberResponse),
        (status = 403, description = "NB012: the token lacks numbering:reserve", body = ErrorEnvelope),
        (status = 404, description = "NB018: the number is not in the registry", body = ErrorEnvelope),
        (status = 422, description = "NB009: the number exists in several namespaces; say which", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn get_number(
    State(state): State<AppState>,
    user: AuthUser,
    PathParams(document_number): PathParams<String>,
    QueryParams(query): QueryParams<NumberQuery>,
) -> Result<NumberResponse, ApiError> {
    user.require(permissions::RESERVE)?;
    let details = state
        .numbering
        .number(&document_number, query.namespace.as_deref())
        .await?;
    Ok(NumberView::new(details.number, details.chain).into())
}
