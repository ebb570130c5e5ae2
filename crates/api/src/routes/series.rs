//! Series administration (spec §1): list, create, read, update, history, and
//! the template preview. Reads need any valid token; writes need
//! `numbering:admin`.

use axum::extract::State;
use axum::http::StatusCode;
use docnum_application::{SeriesConfig, UpdateSeries};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::auth::{AuthUser, permissions};
use crate::dto::fields::DocumentTypePath;
use crate::dto::series::{
    SeriesConfigDto, SeriesHistoryResponse, SeriesListResponse, SeriesResponse, SeriesView,
    TemplatePreviewBody, TemplatePreviewResponse, TemplatePreviewView, UpdateSeriesBody,
};
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::{Json, PathParams, QueryParams};
use crate::state::AppState;

/// List series.
///
/// Every series, by document type.
#[utoipa::path(
    get, path = "/series", operation_id = "listSeries", tag = "series",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All series", body = SeriesListResponse),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn list_series(
    State(state): State<AppState>,
    _user: AuthUser,
) -> Result<SeriesListResponse, ApiError> {
    let all = state.numbering.list_series().await?;
    Ok(all
        .into_iter()
        .map(SeriesView::from)
        .collect::<Vec<_>>()
        .into())
}

/// Create a series.
///
/// Creates a series after validating it completely (template lint
/// included). A series whose numbers can be the same text as another
/// series' of the namespace under both series' declarations is refused
/// (NB009, naming the other series and a number of both); an overlap
/// possible only through an undeclared value is listed in `overlaps`.
#[utoipa::path(
    post, path = "/series", operation_id = "createSeries", tag = "series",
    request_body = SeriesConfigDto,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = SeriesResponse),
        (status = 403, description = "NB012: the token lacks numbering:admin", body = ErrorEnvelope),
        (status = 409, description = "NB020: a series with this document type exists", body = ErrorEnvelope),
        (status = 422, description = "NB006: invalid template, scope, time zone or document type; NB009: invalid field, or numbers that can be another series' under both declarations", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn create_series(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<SeriesConfigDto>,
) -> Result<(StatusCode, SeriesResponse), ApiError> {
    user.require(permissions::ADMIN)?;
    let config = SeriesConfig::from(body);
    let created = state
        .numbering
        .create_series_with_overlaps(&config, &user.actor())
        .await?;
    Ok((StatusCode::CREATED, SeriesView::created(created).into()))
}

/// Read a series.
///
/// One series.
#[utoipa::path(
    get, path = "/series/{document_type}", operation_id = "getSeries", tag = "series",
    params(DocumentTypePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The series", body = SeriesResponse),
        (status = 404, description = "NB001: no such series", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn get_series(
    State(state): State<AppState>,
    _user: AuthUser,
    PathParams(document_type): PathParams<String>,
) -> Result<SeriesResponse, ApiError> {
    let record = state.numbering.series(&document_type).await?;
    Ok(SeriesView::from(record).into())
}

/// Whether an update only reports what it would do.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UpdateSeriesQuery {
    /// Check the change and report what it would do to the counters, but
    /// change nothing (the answer's `change.dry_run` is true).
    #[serde(default)]
    dry_run: bool,
}

/// Update a series.
///
/// Replaces a series' configuration (omitted optional fields take their
/// defaults). Numbers already issued keep their rendering; the previous
/// configuration is kept in the history with the reason. The answer's
/// `change` says, for each counter the series draws from today under the
/// new configuration, how many values its next draw will skip because
/// their renderings already exist (a collision skips, never blocks); with
/// `dry_run=true` nothing changes and the answer shows the series as it
/// would stand. Overlaps with the other series of the namespace are
/// checked as at creation; a change of template or scope is also compared
/// with the series' earlier versions (`overlaps`, kind `earlier_version`).
#[utoipa::path(
    put, path = "/series/{document_type}", operation_id = "updateSeries", tag = "series",
    params(DocumentTypePath, UpdateSeriesQuery),
    request_body = UpdateSeriesBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated (or, with `dry_run`, what the update would be)", body = SeriesResponse),
        (status = 403, description = "NB012: the token lacks numbering:admin", body = ErrorEnvelope),
        (status = 404, description = "NB001: no such series", body = ErrorEnvelope),
        (status = 422, description = "NB006: invalid template, scope or time zone; NB009: invalid field (`dry_run` not a boolean, document_type differs from the path, reason missing, numbers that can be another series' under both declarations, or the series changed since `expected_version`: read it again and retry)", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn update_series(
    State(state): State<AppState>,
    user: AuthUser,
    PathParams(document_type): PathParams<String>,
    QueryParams(query): QueryParams<UpdateSeriesQuery>,
    Json(body): Json<UpdateSeriesBody>,
) -> Result<SeriesResponse, ApiError> {
    user.require(permissions::ADMIN)?;
    let update = UpdateSeries::from(body);
    let outcome = state
        .numbering
        .change_series(&document_type, &update, query.dry_run, &user.actor())
        .await?;
    Ok(SeriesView::updated(outcome).into())
}

/// Read a series' change history.
///
/// A series' change history, oldest first (before, after, who, why, when).
#[utoipa::path(
    get, path = "/series/{document_type}/history", operation_id = "getSeriesHistory", tag = "series",
    params(DocumentTypePath),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The history, oldest first", body = SeriesHistoryResponse),
        (status = 404, description = "NB001: no such series", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn get_series_history(
    State(state): State<AppState>,
    _user: AuthUser,
    PathParams(document_type): PathParams<String>,
) -> Result<SeriesHistoryResponse, ApiError> {
    let history = state.numbering.series_history(&document_type).await?;
    Ok(history
        .into_iter()
        .map(Into::into)
        .collect::<Vec<_>>()
        .into())
}

/// Lint and sample an unsaved template.
///
/// Lints a template that is not saved yet and renders a sample. An invalid
/// template is a normal answer (`valid: false` with the errors), not a failure.
#[utoipa::path(
    post, path = "/series/preview-template", operation_id = "previewTemplate", tag = "series",
    request_body = TemplatePreviewBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The lint result and a sample", body = TemplatePreviewResponse),
        (status = 422, description = "NB009: invalid field", body = ErrorEnvelope),
    )
)]
pub(crate) async fn preview_template(
    State(state): State<AppState>,
    _user: AuthUser,
    Json(body): Json<TemplatePreviewBody>,
) -> Result<TemplatePreviewResponse, ApiError> {
    let preview = state.numbering.preview_template(&body.into());
    Ok(TemplatePreviewView::from(preview).into())
}
