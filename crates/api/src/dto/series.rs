//! Series as clients write and read them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use docnum_application::{
    SeriesChange, SeriesConfig, SeriesCreated, SeriesRecord, SeriesUpdateOutcome, UpdateSeries,
};
use docnum_domain::series::{DEFAULT_MAX_LENGTH, DEFAULT_MAX_VALUE};
use docnum_domain::template::Verdict;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::dto::series_effect::SeriesEffectView;
use crate::dto::series_overlap::SeriesOverlapView;
use crate::dto::{check_metadata, envelope, fields};

mod preview;
mod scope;
mod values;

pub(crate) use preview::{TemplatePreviewBody, TemplatePreviewResponse, TemplatePreviewView};
pub(crate) use scope::ScopeDto;
use scope::check_scope;
pub(crate) use values::ValueSpecDto;
use values::check_values;

fn default_max_value() -> u64 {
    DEFAULT_MAX_VALUE
}
fn default_max_length() -> u32 {
    u32::try_from(DEFAULT_MAX_LENGTH).unwrap_or(50)
}
fn default_time_zone() -> String {
    "UTC".to_owned()
}
fn default_namespace() -> String {
    "default".to_owned()
}

/// Declares a request body made of a series' configuration fields (and the
/// extra fields given), so that the create body and the update body share
/// one definition and each is a plain object in the document — no `allOf`
/// whose parts could contradict each other.
macro_rules! series_config_body {
    ($(#[$attr:meta])* $name:ident { $($(#[$field_attr:meta])* $field:ident: $ty:ty,)* }) => {
        #[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
        $(#[$attr])*
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            /// The series' key.
            #[validate(length(min = 1, max = fields::DOCUMENT_TYPE_MAX, message = "must be 1-50 characters"))]
            #[schema(schema_with = fields::document_type)]
            pub(crate) document_type: String,
            /// The format (spec §2).
            #[validate(length(min = 1, max = fields::TEMPLATE_MAX, message = "must be 1-200 characters"))]
            #[schema(schema_with = fields::template)]
            pub(crate) template: String,
            /// What the counter restarts on (spec §3).
            #[validate(custom(function = "check_scope"))]
            pub(crate) scope: ScopeDto,
            /// Whether admins may register numbers by hand.
            #[serde(default)]
            pub(crate) allow_manual_override: bool,
            /// Highest sequence value (the domain checks the range).
            #[serde(default = "default_max_value")]
            #[schema(schema_with = fields::max_value)]
            pub(crate) max_value: u64,
            /// Longest rendered number (the domain checks the range).
            #[serde(default = "default_max_length")]
            #[schema(schema_with = fields::max_length)]
            pub(crate) max_length: u32,
            /// IANA time zone.
            #[serde(default = "default_time_zone")]
            #[validate(length(min = 1, max = fields::TIME_ZONE_MAX, message = "must be 1-64 characters"))]
            #[schema(schema_with = fields::time_zone)]
            pub(crate) time_zone: String,
            /// Uniqueness domain.
            #[serde(default = "default_namespace")]
            #[validate(length(min = 1, max = fields::NAMESPACE_MAX, message = "must be 1-50 characters"))]
            #[schema(schema_with = fields::namespace)]
            pub(crate) namespace: String,
            /// Days of back-dating (the domain checks the range).
            #[serde(default)]
            #[schema(schema_with = fields::backdate_days)]
            pub(crate) backdate_days: u32,
            /// Free JSON (at most 16 KiB serialised).
            #[serde(default)]
            #[validate(custom(function = "check_metadata"))]
            pub(crate) metadata: serde_json::Value,
            /// What context dimensions may hold, by dimension (undeclared:
            /// any printable text); see "what makes a series unambiguous".
            #[serde(default)]
            #[validate(custom(function = "check_values"))]
            pub(crate) values: BTreeMap<String, ValueSpecDto>,
            $($(#[$field_attr])* pub(crate) $field: $ty,)*
        }

        impl $name {
            /// The configuration part.
            fn config(&self) -> SeriesConfig {
                SeriesConfig {
                    document_type: self.document_type.clone(),
                    template: self.template.clone(),
                    scope: self.scope.clone().into(),
                    allow_manual_override: self.allow_manual_override,
                    max_value: self.max_value,
                    max_length: self.max_length,
                    time_zone: self.time_zone.clone(),
                    namespace: self.namespace.clone(),
                    backdate_days: self.backdate_days,
                    metadata: self.metadata.clone(),
                    values: self
                        .values
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone().into()))
                        .collect(),
                }
            }
        }
    };
}

series_config_body!(
    /// A series' configuration (spec §1); omitted optional fields take their defaults.
    #[schema(as = SeriesConfig)]
    SeriesConfigDto {}
);

impl From<SeriesConfigDto> for SeriesConfig {
    fn from(dto: SeriesConfigDto) -> Self {
        dto.config()
    }
}

series_config_body!(
    /// A change to a series: its complete new configuration (a replacement, not
    /// a patch: omitted fields take their defaults), why, and optionally the
    /// version it was based on (optimistic locking). The read-only fields of a
    /// stored series (`version`, `created_at`, `updated_at`) are refused.
    #[schema(as = SeriesUpdate)]
    UpdateSeriesBody {
        /// Why (kept in the history).
        #[validate(length(min = 1, max = fields::REASON_MAX, message = "must be 1-1000 characters"))]
        #[schema(schema_with = fields::reason)]
        reason: String,
        /// Apply only if the series is still at this version; otherwise the
        /// update is refused (422 NB009 naming `version`) and nothing changes.
        #[schema(example = 1)]
        expected_version: Option<i64>,
    }
);

impl From<UpdateSeriesBody> for UpdateSeries {
    fn from(body: UpdateSeriesBody) -> Self {
        Self {
            config: body.config(),
            reason: body.reason,
            expected_version: body.expected_version,
        }
    }
}

/// A series' configuration as stored (in its change history).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = StoredSeriesConfig)]
pub(crate) struct SeriesConfigView {
    /// The series' key.
    #[schema(example = "COR")]
    document_type: String,
    /// The format.
    #[schema(example = "COR-{YYYY}-{SEQ:5}")]
    template: String,
    /// What the counter restarts on.
    scope: ScopeDto,
    /// Whether admins may register numbers by hand.
    allow_manual_override: bool,
    /// Highest sequence value.
    #[schema(example = 999_999)]
    max_value: u64,
    /// Longest rendered number, in characters.
    #[schema(example = 50)]
    max_length: u32,
    /// IANA time zone deciding the year/month of numbers.
    #[schema(example = "UTC")]
    time_zone: String,
    /// Uniqueness domain of rendered numbers.
    #[schema(example = "default")]
    namespace: String,
    /// How many days back `document_date` may go.
    backdate_days: u32,
    /// Free JSON.
    metadata: serde_json::Value,
    /// What context dimensions may hold (empty: nothing declared).
    values: BTreeMap<String, ValueSpecDto>,
}

impl From<SeriesConfig> for SeriesConfigView {
    fn from(config: SeriesConfig) -> Self {
        Self {
            document_type: config.document_type,
            template: config.template,
            scope: config.scope.into(),
            allow_manual_override: config.allow_manual_override,
            max_value: config.max_value,
            max_length: config.max_length,
            time_zone: config.time_zone,
            namespace: config.namespace,
            backdate_days: config.backdate_days,
            metadata: config.metadata,
            values: config
                .values
                .into_iter()
                .map(|(k, v)| (k, v.into()))
                .collect(),
        }
    }
}

/// A stored series: its configuration plus bookkeeping (a type of its own,
/// not a composition, so that no part forbids the others' fields).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Series)]
pub(crate) struct SeriesView {
    /// The series' key.
    #[schema(example = "COR")]
    document_type: String,
    /// The format.
    #[schema(example = "COR-{YYYY}-{SEQ:5}")]
    template: String,
    /// What the counter restarts on.
    scope: ScopeDto,
    /// Whether admins may register numbers by hand.
    allow_manual_override: bool,
    /// Highest sequence value.
    #[schema(example = 999_999)]
    max_value: u64,
    /// Longest rendered number, in characters.
    #[schema(example = 50)]
    max_length: u32,
    /// IANA time zone deciding the year/month of numbers.
    #[schema(example = "UTC")]
    time_zone: String,
    /// Uniqueness domain of rendered numbers.
    #[schema(example = "default")]
    namespace: String,
    /// How many days back `document_date` may go.
    backdate_days: u32,
    /// Free JSON.
    metadata: serde_json::Value,
    /// What context dimensions may hold (empty: nothing declared).
    values: BTreeMap<String, ValueSpecDto>,
    /// Whether every number of the series parses back one way only under
    /// its declarations (the rule: docs/api.md, "What makes a series
    /// unambiguous"); `false` is a warning, the series works all the same.
    #[schema(example = true)]
    unambiguous: bool,
    /// When not `unambiguous`: the fields whose values can run into each
    /// other (declare what they may hold to prove it).
    ambiguous_fields: Vec<String>,
    /// Incremented by every update; send it back as `expected_version`.
    #[schema(example = 1)]
    version: i64,
    /// When it was created.
    created_at: DateTime<Utc>,
    /// When it last changed.
    updated_at: DateTime<Utc>,
    /// In the answer of an update: what it did (or, in a dry run, would
    /// do) to the series' counters; null elsewhere.
    #[schema(required = true)]
    change: Option<SeriesEffectView>,
    /// In the answer of a create or update: the other series of the
    /// namespace (and, for a change of template or scope, the earlier
    /// versions of this one) whose numbers this series' numbers can
    /// coincide with — warnings; an overlap under both series'
    /// declarations is refused instead (NB009). Empty: none can. Null
    /// elsewhere.
    #[schema(required = true)]
    overlaps: Option<Vec<SeriesOverlapView>>,
}

impl SeriesView {
    /// The view of an update's answer.
    pub(crate) fn updated(outcome: SeriesUpdateOutcome) -> Self {
        let mut view = Self::from(outcome.record);
        view.change = Some(SeriesEffectView::new(outcome.effect, outcome.dry_run));
        view.overlaps = Some(outcome.overlaps.into_iter().map(Into::into).collect());
        view
    }

    /// The view of a create's answer.
    pub(crate) fn created(created: SeriesCreated) -> Self {
        let mut view = Self::from(created.record);
        view.overlaps = Some(created.overlaps.into_iter().map(Into::into).collect());
        view
    }
}

impl From<SeriesRecord> for SeriesView {
    fn from(record: SeriesRecord) -> Self {
        let ambiguous_fields = match record.series.proof() {
            Verdict::Unambiguous => Vec::new(),
            Verdict::Ambiguous { fields } => fields,
        };
        let c = SeriesConfigView::from(record.config);
        Self {
            document_type: c.document_type,
            template: c.template,
            scope: c.scope,
            allow_manual_override: c.allow_manual_override,
            max_value: c.max_value,
            max_length: c.max_length,
            time_zone: c.time_zone,
            namespace: c.namespace,
            backdate_days: c.backdate_days,
            metadata: c.metadata,
            values: c.values,
            unambiguous: ambiguous_fields.is_empty(),
            ambiguous_fields,
            version: record.version,
            created_at: record.created_at,
            updated_at: record.updated_at,
            change: None,
            overlaps: None,
        }
    }
}

/// One entry of a series' change history.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SeriesChange)]
pub(crate) struct SeriesChangeView {
    /// Storage order.
    id: i64,
    /// The series.
    document_type: String,
    /// The configuration before (null at creation).
    #[schema(required = true)]
    before: Option<SeriesConfigView>,
    /// The configuration after.
    after: SeriesConfigView,
    /// Who changed it.
    changed_by: String,
    /// Why.
    reason: String,
    /// When.
    changed_at: DateTime<Utc>,
}

impl From<SeriesChange> for SeriesChangeView {
    fn from(change: SeriesChange) -> Self {
        Self {
            id: change.id,
            document_type: change.document_type,
            before: change.before.map(Into::into),
            after: change.after.into(),
            changed_by: change.changed_by,
            reason: change.reason,
            changed_at: change.changed_at,
        }
    }
}

envelope!(
    /// `{"success": true, "data": Series}`
    SeriesResponse => SeriesView
);
envelope!(
    /// `{"success": true, "data": [Series]}`
    SeriesListResponse => Vec<SeriesView>
);
envelope!(
    /// `{"success": true, "data": [SeriesChange]}`
    SeriesHistoryResponse => Vec<SeriesChangeView>
);
