//! A series as configured by admins: the serialisable form, stored in the
//! database and in the change history, and turned into a domain [`Series`].

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use docnum_domain::series::{DEFAULT_MAX_LENGTH, DEFAULT_MAX_VALUE};
use docnum_domain::template::ValueSet;
use docnum_domain::{
    ContextName, ContextValue, DocumentType, DomainError, FormatReason, Namespace, Scope, Series,
    SeriesParams, SeriesTimeZone, Template,
};
use serde::{Deserialize, Serialize};

/// A scope as written by admins: a preset name or a list of dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScopeSpec {
    /// `"YEARLY"` and the other presets.
    Preset(String),
    /// `["PROJECT","YEAR"]`.
    Dimensions(Vec<String>),
}

impl ScopeSpec {
    /// Parses into the domain's scope.
    pub fn to_scope(&self) -> Result<Scope, DomainError> {
        match self {
            Self::Preset(p) => Scope::preset(p),
            Self::Dimensions(d) => Scope::list(d.iter().map(String::as_str)),
        }
    }

    /// The spec's JSON text (as stored).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What a context dimension may hold, as admins write it:
/// `{"pattern": "[A-Z0-9]+"}` or `{"codes": ["RFA", "RFI"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ValueSpec {
    /// A class with a count: `[A-Z0-9]+`, `[A-Z]{3}`, `[0-9]{1,4}`.
    Pattern(String),
    /// A list of allowed codes.
    Codes(Vec<String>),
}

/// The most codes one dimension may list.
pub const MAX_CODES: usize = 500;

impl ValueSpec {
    /// The domain's value set for `dimension`.
    fn to_value_set(&self, dimension: &str) -> Result<(ContextName, ValueSet), DomainError> {
        let bad = |detail: String| {
            DomainError::format(
                "values",
                FormatReason::BadDeclaration {
                    dimension: dimension.to_owned(),
                    detail,
                },
            )
        };
        let name = ContextName::parse(dimension)
            .ok_or_else(|| bad("not a context dimension".to_owned()))?;
        let set = match self {
            Self::Pattern(p) => ValueSet::pattern(p).map_err(|e| bad(e.to_string()))?,
            Self::Codes(codes) => {
                if codes.is_empty() || codes.len() > MAX_CODES {
                    return Err(bad(format!("list 1 to {MAX_CODES} codes")));
                }
                for code in codes {
                    ContextValue::new(name, code)?;
                }
                ValueSet::Codes(codes.clone())
            }
        };
        Ok((name, set))
    }
}

/// A series' configuration, every field as admins write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesConfig {
    /// The key: 1–50 of `A-Z0-9_`.
    pub document_type: String,
    /// The format, e.g. `COR-{YYYY}-{SEQ:5}`.
    pub template: String,
    /// What the counter restarts on.
    pub scope: ScopeSpec,
    /// Whether admins may register numbers by hand.
    #[serde(default)]
    pub allow_manual_override: bool,
    /// Highest sequence value.
    #[serde(default = "default_max_value")]
    pub max_value: u64,
    /// Longest rendered number.
    #[serde(default = "default_max_length")]
    pub max_length: u32,
    /// IANA zone for the year/month of numbers.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// Uniqueness domain of rendered numbers.
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// How many days back `document_date` may go (0 = none).
    #[serde(default)]
    pub backdate_days: u32,
    /// Free JSON.
    #[serde(default)]
    pub metadata: serde_json::Value,
    /// What context dimensions may hold, by dimension (issue 21); none
    /// declared: any printable text, as before.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, ValueSpec>,
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

impl SeriesConfig {
    /// A configuration with defaults for everything but the essentials.
    pub fn new(document_type: &str, template: &str, scope: ScopeSpec) -> Self {
        Self {
            document_type: document_type.to_owned(),
            template: template.to_owned(),
            scope,
            allow_manual_override: false,
            max_value: DEFAULT_MAX_VALUE,
            max_length: default_max_length(),
            time_zone: default_time_zone(),
            namespace: default_namespace(),
            backdate_days: 0,
            metadata: serde_json::Value::Null,
            values: BTreeMap::new(),
        }
    }

    /// Validates every field and the rules between them.
    pub fn to_series(&self) -> Result<Series, DomainError> {
        let params = SeriesParams {
            document_type: DocumentType::new(&self.document_type)?,
            template: Template::parse(&self.template)?,
            scope: self.scope.to_scope()?,
            allow_manual_override: self.allow_manual_override,
            max_value: self.max_value,
            max_length: usize::try_from(self.max_length).unwrap_or(usize::MAX),
            time_zone: SeriesTimeZone::new(&self.time_zone)?,
            namespace: Namespace::new(&self.namespace)?,
            backdate_days: self.backdate_days,
            values: self
                .values
                .iter()
                .map(|(dimension, spec)| spec.to_value_set(dimension))
                .collect::<Result<_, _>>()?,
        };
        Series::new(params)
    }
}

/// A stored series: its configuration, the parsed form, and bookkeeping.
#[derive(Debug, Clone)]
pub struct SeriesRecord {
    /// As configured.
    pub config: SeriesConfig,
    /// Parsed and validated.
    pub series: Arc<Series>,
    /// Incremented by every update.
    pub version: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl SeriesRecord {
    /// Builds a record from stored parts; fails if the stored config no
    /// longer validates (which would be a bug or manual tampering).
    pub fn from_stored(
        config: SeriesConfig,
        version: i64,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<Self, DomainError> {
        let series = Arc::new(config.to_series()?);
        Ok(Self {
            config,
            series,
            version,
            created_at,
            updated_at,
        })
    }
}

/// One entry of a series' change history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesChange {
    /// Storage order.
    pub id: i64,
    /// The series.
    pub document_type: String,
    /// The configuration before (`None` at creation).
    pub before: Option<SeriesConfig>,
    /// The configuration after.
    pub after: SeriesConfig,
    /// Who changed it.
    pub changed_by: String,
    /// Why.
    pub reason: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}
