//! Rows of `series` and `series_history`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::{AsChangeset, Insertable, Queryable, Selectable};
use docnum_application::{ScopeSpec, SeriesChange, SeriesConfig, SeriesRecord};

use super::{instant, json_text, micros, parse_json, parse_value, to_db};
use crate::db::errors::StoreError;
use crate::db::schema::{series, series_history};

/// One row of `series`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = series, primary_key(document_type))]
pub(crate) struct SeriesRow {
    pub(crate) document_type: String,
    pub(crate) template: String,
    pub(crate) scope_json: String,
    pub(crate) allow_manual_override: bool,
    pub(crate) max_value: i64,
    pub(crate) max_length: i32,
    pub(crate) time_zone: String,
    pub(crate) namespace: String,
    pub(crate) backdate_days: i32,
    pub(crate) metadata_json: String,
    pub(crate) values_json: Option<String>,
    pub(crate) version: i64,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

impl SeriesRow {
    /// The row for `config` at `version`.
    pub(crate) fn new(
        config: &SeriesConfig,
        version: i64,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            document_type: config.document_type.clone(),
            template: config.template.clone(),
            scope_json: json_text(&config.scope)?,
            allow_manual_override: config.allow_manual_override,
            max_value: to_db(config.max_value)?,
            max_length: small(config.max_length, "max_length")?,
            time_zone: config.time_zone.clone(),
            namespace: config.namespace.clone(),
            backdate_days: small(config.backdate_days, "backdate_days")?,
            metadata_json: json_text(&config.metadata)?,
            values_json: if config.values.is_empty() {
                None
            } else {
                Some(json_text(&config.values)?)
            },
            version,
            created_at: micros(created_at),
            updated_at: micros(updated_at),
        })
    }

    /// The configuration stored in this row.
    pub(crate) fn config(&self) -> Result<SeriesConfig, StoreError> {
        let what = |field: &str| format!("series {} {field}", self.document_type);
        let scope: ScopeSpec = parse_json(&self.scope_json, &what("scope_json"))?;
        Ok(SeriesConfig {
            document_type: self.document_type.clone(),
            template: self.template.clone(),
            scope,
            allow_manual_override: self.allow_manual_override,
            max_value: u64::try_from(self.max_value)
                .map_err(|_| StoreError::corrupt(what("max_value")))?,
            max_length: u32::try_from(self.max_length)
                .map_err(|_| StoreError::corrupt(what("max_length")))?,
            time_zone: self.time_zone.clone(),
            namespace: self.namespace.clone(),
            backdate_days: u32::try_from(self.backdate_days)
                .map_err(|_| StoreError::corrupt(what("backdate_days")))?,
            metadata: parse_value(&self.metadata_json, &what("metadata_json"))?,
            values: match &self.values_json {
                Some(text) => parse_json(text, &what("values_json"))?,
                None => BTreeMap::new(),
            },
        })
    }

    /// The validated record; a stored config that no longer validates is
    /// reported as corrupt.
    pub(crate) fn into_record(self) -> Result<SeriesRecord, StoreError> {
        let config = self.config()?;
        let document_type = self.document_type.clone();
        SeriesRecord::from_stored(
            config,
            self.version,
            instant(self.created_at)?,
            instant(self.updated_at)?,
        )
        .map_err(|e| {
            StoreError::corrupt(format!("series {document_type} no longer validates: {e}"))
        })
    }
}

fn small(value: u32, field: &str) -> Result<i32, StoreError> {
    i32::try_from(value).map_err(|_| {
        StoreError::App(docnum_application::AppError::invalid(
            field,
            docnum_application::InvalidReason::TooLarge {
                value: value.into(),
            },
        ))
    })
}

/// One row of `series_history`, as read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = series_history)]
pub(crate) struct HistoryRow {
    pub(crate) id: i64,
    pub(crate) document_type: String,
    pub(crate) before_json: Option<String>,
    pub(crate) after_json: String,
    pub(crate) changed_by: String,
    pub(crate) reason: String,
    pub(crate) changed_at: i64,
}

impl HistoryRow {
    /// The history entry.
    pub(crate) fn into_change(self) -> Result<SeriesChange, StoreError> {
        let what = format!("series_history {}", self.id);
        let before = self
            .before_json
            .as_deref()
            .map(|t| parse_json::<SeriesConfig>(t, &what))
            .transpose()?;
        Ok(SeriesChange {
            id: self.id,
            document_type: self.document_type,
            before,
            after: parse_json(&self.after_json, &what)?,
            changed_by: self.changed_by,
            reason: self.reason,
            changed_at: instant(self.changed_at)?,
        })
    }
}

/// One row of `series_history`, to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = series_history, treat_none_as_default_value = false)]
pub(crate) struct NewHistory {
    pub(crate) document_type: String,
    pub(crate) before_json: Option<String>,
    pub(crate) after_json: String,
    pub(crate) changed_by: String,
    pub(crate) reason: String,
    pub(crate) changed_at: i64,
}

impl NewHistory {
    /// The entry recording `before` → `after`.
    pub(crate) fn new(
        before: Option<&SeriesConfig>,
        after: &SeriesConfig,
        changed_by: &str,
        reason: &str,
        changed_at: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            document_type: after.document_type.clone(),
            before_json: before.map(json_text).transpose()?,
            after_json: json_text(after)?,
            changed_by: changed_by.to_owned(),
            reason: reason.to_owned(),
            changed_at: micros(changed_at),
        })
    }
}
