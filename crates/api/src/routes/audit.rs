//! Reading the audit log (spec §6); needs `numbering:admin`.

use axum::extract::State;
use chrono::{DateTime, Utc};
use docnum_application::{AuditEntry, AuditFilter};
use docnum_domain::CounterKey;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::{AuthUser, permissions};
use crate::dto::{envelope, fields};
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::QueryParams;
use crate::state::AppState;

/// Entries per page unless `limit` says otherwise.
const DEFAULT_LIMIT: u32 = 100;

fn default_limit() -> u32 {
    DEFAULT_LIMIT
}

/// Filters and paging for the audit log (all optional, combined with AND).
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditQuery {
    /// Only this user id.
    #[validate(length(max = fields::USER_MAX, message = "must be at most 255 characters"))]
    #[param(max_length = 255)]
    user: Option<String>,
    /// Only this operation (RESERVE, CONFIRM, CANCEL, EXPIRE, MANUAL_OVERRIDE,
    /// VOID, REPLACE, SEQUENCE_SET, SEQUENCE_SKIP, CONFIG_CHANGE, IMPORT,
    /// LOOK_ALIKE_KEPT).
    #[validate(length(max = 50, message = "must be at most 50 characters"))]
    #[param(example = "RESERVE", max_length = 50)]
    operation: Option<String>,
    /// Only this series.
    #[validate(length(max = fields::DOCUMENT_TYPE_MAX, message = "must be at most 50 characters"))]
    #[param(max_length = 50)]
    document_type: Option<String>,
    /// Only this number.
    #[validate(length(max = fields::DOCUMENT_NUMBER_MAX, message = "must be at most 200 characters"))]
    #[param(max_length = 200)]
    document_number: Option<String>,
    /// At or after this instant (RFC 3339; encode `+` as `%2B`).
    from: Option<DateTime<Utc>>,
    /// Before this instant (RFC 3339).
    to: Option<DateTime<Utc>>,
    /// Entries after this id: pass the previous page's `next_after_id`.
    after_id: Option<i64>,
    /// Page size, 1–1000.
    #[serde(default = "default_limit")]
    #[validate(range(min = 1, max = 1000, message = "must be 1-1000"))]
    #[param(default = 100, minimum = 1, maximum = 1000)]
    limit: u32,
}

/// One audit log entry.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditEntry)]
pub(crate) struct AuditEntryView {
    /// Monotonic id (storage order).
    id: i64,
    /// When it happened.
    occurred_at: DateTime<Utc>,
    /// What happened.
    #[schema(example = "RESERVE")]
    operation: String,
    /// The series.
    document_type: String,
    /// The number concerned, if any.
    #[schema(required = true)]
    document_number: Option<String>,
    /// The counter concerned, if any.
    #[schema(required = true)]
    counter_key: Option<String>,
    /// The template in force.
    #[schema(required = true)]
    template: Option<String>,
    /// Counter value (or state) before.
    #[schema(required = true)]
    old_value: Option<String>,
    /// Counter value (or state) after.
    #[schema(required = true)]
    new_value: Option<String>,
    /// Who.
    user_id: String,
    /// From where.
    #[schema(required = true)]
    ip: Option<String>,
    /// With what client.
    #[schema(required = true)]
    user_agent: Option<String>,
    /// How long the operation had taken when it was recorded, in ms.
    duration_ms: i64,
    /// Whether the lock fell back to database-only.
    fallback_used: bool,
    /// Anything else (reason, token, document_ref …).
    metadata: serde_json::Value,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(e: AuditEntry) -> Self {
        Self {
            id: e.id,
            occurred_at: e.occurred_at,
            operation: e.operation.as_str().to_owned(),
            document_type: e.document_type,
            document_number: e.document_number,
            counter_key: e.counter_key.map(CounterKey::into_string),
            template: e.template,
            old_value: e.old_value,
            new_value: e.new_value,
            user_id: e.user_id,
            ip: e.ip,
            user_agent: e.user_agent,
            duration_ms: e.duration_ms,
            fallback_used: e.fallback_used,
            metadata: e.metadata,
        }
    }
}

/// One page of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuditPage {
    /// The entries, oldest first.
    entries: Vec<AuditEntryView>,
    /// Pass as `after_id` for the next page; null when this page is the last.
    #[schema(required = true)]
    next_after_id: Option<i64>,
}

envelope!(
    /// `{"success": true, "data": AuditPage}`
    AuditResponse => AuditPage
);

/// Search the audit log.
///
/// Audit entries matching the filters, oldest first, one page at a time.
#[utoipa::path(
    get, path = "/audit", operation_id = "listAuditEntries", tag = "admin",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of entries", body = AuditResponse),
        (status = 403, description = "NB012: the token lacks numbering:admin", body = ErrorEnvelope),
        (status = 422, description = "NB009: invalid filter (limit out of range, from after to, malformed instant)", body = ErrorEnvelope),
        (status = 503, description = "NB014: database unavailable",
            body = ErrorEnvelope, headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub(crate) async fn list_audit_entries(
    State(state): State<AppState>,
    user: AuthUser,
    QueryParams(query): QueryParams<AuditQuery>,
) -> Result<AuditResponse, ApiError> {
    user.require(permissions::ADMIN)?;
    let filter = AuditFilter {
        user_id: query.user,
        operation: query.operation,
        document_type: query.document_type,
        document_number: query.document_number,
        from: query.from,
        to: query.to,
        after_id: query.after_id,
        limit: query.limit,
    };
    let entries = state.numbering.audit(&filter).await?;
    let full_page = u32::try_from(entries.len()).is_ok_and(|n| n >= filter.limit);
    let next_after_id = if full_page {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage {
        entries: entries.into_iter().map(Into::into).collect(),
        next_after_id,
    }
    .into())
}
