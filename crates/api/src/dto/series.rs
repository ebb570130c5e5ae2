//! Series as clients write and read them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use docnum_application::{
    ScopeSpec, SeriesChange, SeriesConfig, SeriesRecord, TemplatePreview, TemplatePreviewRequest,
};
use docnum_domain::series::{DEFAULT_MAX_LENGTH, DEFAULT_MAX_VALUE};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

use crate::dto::{check_context, check_metadata, envelope};

/// What a counter restarts on: a preset name or a list of dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = Scope)]
pub(crate) enum ScopeDto {
    /// `GLOBAL`, `PROJECT`, `CONTRACT`, `YEARLY` or `MONTHLY`.
    #[schema(example = "YEARLY")]
    Preset(String),
    /// Dimensions, e.g. `["PROJECT", "ORIGINATOR", "RECIPIENT", "YEAR"]`.
    Dimensions(Vec<String>),
}

/// By hand, so that a wrong shape gets a message naming what is expected
/// (serde's untagged enums only say that nothing matched).
impl<'de> Deserialize<'de> for ScopeDto {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScopeVisitor;

        impl<'de> serde::de::Visitor<'de> for ScopeVisitor {
            type Value = ScopeDto;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a preset name (GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY) or a list of dimension names",
                )
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ScopeDto, E> {
                Ok(ScopeDto::Preset(v.to_owned()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ScopeDto, A::Error> {
                let mut dimensions = Vec::new();
                while let Some(d) = seq.next_element::<String>()? {
                    dimensions.push(d);
                }
                Ok(ScopeDto::Dimensions(dimensions))
            }
        }

        deserializer.deserialize_any(ScopeVisitor)
    }
}

impl From<ScopeDto> for ScopeSpec {
    fn from(scope: ScopeDto) -> Self {
        match scope {
            ScopeDto::Preset(p) => Self::Preset(p),
            ScopeDto::Dimensions(d) => Self::Dimensions(d),
        }
    }
}

impl From<ScopeSpec> for ScopeDto {
    fn from(scope: ScopeSpec) -> Self {
        match scope {
            ScopeSpec::Preset(p) => Self::Preset(p),
            ScopeSpec::Dimensions(d) => Self::Dimensions(d),
        }
    }
}

fn check_scope(scope: &ScopeDto) -> Result<(), ValidationError> {
    let ok = match scope {
        ScopeDto::Preset(p) => (1..=20).contains(&p.len()),
        ScopeDto::Dimensions(d) => d.len() <= 12 && d.iter().all(|x| (1..=20).contains(&x.len())),
    };
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("scope")
            .with_message("must be a preset name or a list of at most 12 dimension names".into()))
    }
}

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

/// A series' configuration (spec §1); omitted optional fields take their defaults.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SeriesConfig)]
pub(crate) struct SeriesConfigDto {
    /// The key: 1–50 of `A-Z`, `0-9`, `_`.
    #[validate(length(min = 1, max = 50, message = "must be 1-50 characters"))]
    #[schema(
        example = "COR",
        min_length = 1,
        max_length = 50,
        pattern = "^[A-Z0-9_]+$"
    )]
    document_type: String,
    /// The format, e.g. `COR-{YYYY}-{SEQ:5}` (spec §2).
    #[validate(length(min = 1, max = 200, message = "must be 1-200 characters"))]
    #[schema(example = "COR-{YYYY}-{SEQ:5}", min_length = 1, max_length = 200)]
    template: String,
    /// What the counter restarts on (spec §3).
    #[validate(custom(function = "check_scope"))]
    scope: ScopeDto,
    /// Whether admins may register numbers by hand.
    #[serde(default)]
    allow_manual_override: bool,
    /// Highest sequence value (1 to 999999999999999999); reaching it is NB002.
    #[serde(default = "default_max_value")]
    #[schema(default = 999_999, minimum = 1)]
    max_value: u64,
    /// Longest rendered number, in characters.
    #[serde(default = "default_max_length")]
    #[schema(default = 50, minimum = 1, maximum = 200)]
    max_length: u32,
    /// IANA time zone deciding the year/month of numbers.
    #[serde(default = "default_time_zone")]
    #[validate(length(min = 1, max = 64, message = "must be 1-64 characters"))]
    #[schema(default = "UTC", example = "Asia/Bangkok")]
    time_zone: String,
    /// Uniqueness domain of rendered numbers.
    #[serde(default = "default_namespace")]
    #[validate(length(min = 1, max = 50, message = "must be 1-50 characters"))]
    #[schema(default = "default")]
    namespace: String,
    /// How many days back `document_date` may go (0 = no back-dating).
    #[serde(default)]
    backdate_days: u32,
    /// Free JSON (at most 16 KiB serialised).
    #[serde(default)]
    #[validate(custom(function = "check_metadata"))]
    metadata: serde_json::Value,
}

impl From<SeriesConfigDto> for SeriesConfig {
    fn from(dto: SeriesConfigDto) -> Self {
        Self {
            document_type: dto.document_type,
            template: dto.template,
            scope: dto.scope.into(),
            allow_manual_override: dto.allow_manual_override,
            max_value: dto.max_value,
            max_length: dto.max_length,
            time_zone: dto.time_zone,
            namespace: dto.namespace,
            backdate_days: dto.backdate_days,
            metadata: dto.metadata,
        }
    }
}

impl From<SeriesConfig> for SeriesConfigDto {
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
        }
    }
}

/// A change to a series: its complete new configuration (a replacement, not
/// a patch: omitted fields take their defaults), why, and optionally the
/// version it was based on (optimistic locking).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[schema(as = SeriesUpdate)]
pub(crate) struct UpdateSeriesBody {
    /// The new configuration; `document_type` must match the path.
    #[serde(flatten)]
    pub(crate) config: SeriesConfigDto,
    /// Why (kept in the history).
    #[validate(length(min = 1, max = 1000, message = "must be 1-1000 characters"))]
    #[schema(
        example = "add the originator to the format",
        min_length = 1,
        max_length = 1000
    )]
    pub(crate) reason: String,
    /// Apply only if the series is still at this version; otherwise the
    /// update is refused as a conflict (409) and nothing changes.
    pub(crate) expected_version: Option<i64>,
    /// Fields nobody asked for: refused, so that a typo cannot reset a setting.
    #[serde(flatten)]
    #[validate(custom(function = "check_no_unknown"))]
    #[schema(ignore)]
    pub(crate) unknown: BTreeMap<String, serde_json::Value>,
}

fn check_no_unknown(unknown: &BTreeMap<String, serde_json::Value>) -> Result<(), ValidationError> {
    if unknown.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = unknown.keys().map(String::as_str).collect();
    Err(ValidationError::new("unknown_field").with_message(
        format!(
            "unknown field(s) {}; a series update is the configuration plus reason and expected_version",
            names.join(", ")
        )
        .into(),
    ))
}

/// A stored series: its configuration plus bookkeeping.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Series)]
pub(crate) struct SeriesView {
    /// The configuration.
    #[serde(flatten)]
    config: SeriesConfigDto,
    /// Incremented by every update; send it back as `expected_version`.
    #[schema(example = 1)]
    version: i64,
    /// When it was created.
    created_at: DateTime<Utc>,
    /// When it last changed.
    updated_at: DateTime<Utc>,
}

impl From<SeriesRecord> for SeriesView {
    fn from(record: SeriesRecord) -> Self {
        Self {
            config: record.config.into(),
            version: record.version,
            created_at: record.created_at,
            updated_at: record.updated_at,
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
    before: Option<SeriesConfigDto>,
    /// The configuration after.
    after: SeriesConfigDto,
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

/// An unsaved template to lint and render once.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TemplatePreviewRequest)]
pub(crate) struct TemplatePreviewBody {
    /// The template.
    #[validate(length(min = 1, max = 200, message = "must be 1-200 characters"))]
    #[schema(
        example = "LCBP3-{CONTRACT}-RFA-{SEQ:4}",
        min_length = 1,
        max_length = 200
    )]
    template: String,
    /// The scope it would be saved with (default `GLOBAL`).
    #[validate(custom(function = "check_scope"))]
    scope: Option<ScopeDto>,
    /// Sample context values.
    #[serde(default)]
    #[validate(custom(function = "check_context"))]
    context: BTreeMap<String, String>,
    /// The sample sequence value (default 1).
    #[schema(minimum = 1)]
    value: Option<u64>,
}

impl From<TemplatePreviewBody> for TemplatePreviewRequest {
    fn from(body: TemplatePreviewBody) -> Self {
        Self {
            template: body.template,
            scope: body.scope.map(Into::into),
            context: body.context,
            value: body.value,
        }
    }
}

/// The lint result and a sample rendering.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = TemplatePreview)]
pub(crate) struct TemplatePreviewView {
    /// Whether the template (and scope) would be accepted.
    valid: bool,
    /// Errors that prevent saving.
    errors: Vec<String>,
    /// Remarks that do not prevent saving (e.g. deprecated tokens).
    warnings: Vec<String>,
    /// The sample number, when the template is valid and the context complete.
    #[schema(example = "LCBP3-C2-RFA-0001")]
    sample: Option<String>,
    /// The counter key the sample would draw from.
    counter_key: Option<String>,
}

impl From<TemplatePreview> for TemplatePreviewView {
    fn from(p: TemplatePreview) -> Self {
        Self {
            valid: p.valid,
            errors: p.errors,
            warnings: p.warnings,
            sample: p.sample,
            counter_key: p.counter_key,
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
envelope!(
    /// `{"success": true, "data": TemplatePreview}`
    TemplatePreviewResponse => TemplatePreviewView
);
