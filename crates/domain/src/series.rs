//! A series: how one document type is numbered.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::context::{Context, ContextName, ContextValue};
use crate::document_type::DocumentType;
use crate::error::DomainError;
use crate::error_reason::{FormatReason, ValueReason};
use crate::number::{DocumentNumber, Namespace};
use crate::period::{Period, SeriesTimeZone};
use crate::scope::{CounterKey, Scope};
use crate::template::{MatchedNumber, RenderVars, Template, ValueSet, Verdict};

mod coincidence;

pub use coincidence::Coincidence;

/// Default highest sequence value.
pub const DEFAULT_MAX_VALUE: u64 = 999_999;
/// Default longest rendered number.
pub const DEFAULT_MAX_LENGTH: usize = 50;
/// The highest `max_value` accepted (18 digits; fits every backend's BIGINT).
pub const MAX_MAX_VALUE: u64 = 999_999_999_999_999_999;
/// The most days a series may allow back-dating by (about ten years).
pub const MAX_BACKDATE_DAYS: u32 = 3660;

/// The validated parts of a series, before the cross-field checks.
#[derive(Debug, Clone)]
pub struct SeriesParams {
    /// The key.
    pub document_type: DocumentType,
    /// The format.
    pub template: Template,
    /// What counters restart on.
    pub scope: Scope,
    /// Whether admins may register numbers by hand.
    pub allow_manual_override: bool,
    /// Highest sequence value (1..=[`MAX_MAX_VALUE`]).
    pub max_value: u64,
    /// Longest rendered number (1..=200).
    pub max_length: usize,
    /// Zone deciding the year/month of a number.
    pub time_zone: SeriesTimeZone,
    /// Uniqueness domain of rendered numbers.
    pub namespace: Namespace,
    /// How many days a `document_date` may lie in the past (0 = no back-dating).
    pub backdate_days: u32,
    /// What context dimensions may hold (undeclared: any printable text).
    pub values: BTreeMap<ContextName, ValueSet>,
}

impl SeriesParams {
    /// Parameters with the spec's defaults for everything but the essentials.
    pub fn with_defaults(document_type: DocumentType, template: Template, scope: Scope) -> Self {
        Self {
            document_type,
            template,
            scope,
            allow_manual_override: false,
            max_value: DEFAULT_MAX_VALUE,
            max_length: DEFAULT_MAX_LENGTH,
            time_zone: SeriesTimeZone::default(),
            namespace: Namespace::default(),
            backdate_days: 0,
            values: BTreeMap::new(),
        }
    }
}

/// A series whose parts agree with each other. Only [`Series::new`] makes one.
#[derive(Debug, Clone)]
pub struct Series(SeriesParams);

impl Series {
    /// Checks the cross-field rules and builds the series.
    pub fn new(params: SeriesParams) -> Result<Self, DomainError> {
        if !(1..=MAX_MAX_VALUE).contains(&params.max_value) {
            return Err(DomainError::value(
                "max_value",
                ValueReason::OutOfRange {
                    min: 1,
                    max: MAX_MAX_VALUE,
                    got: params.max_value,
                },
            ));
        }
        if !(1..=DocumentNumber::MAX_LEN).contains(&params.max_length) {
            return Err(DomainError::value(
                "max_length",
                ValueReason::OutOfRange {
                    min: 1,
                    max: DocumentNumber::MAX_LEN as u64,
                    got: params.max_length as u64,
                },
            ));
        }
        if params.backdate_days > MAX_BACKDATE_DAYS {
            return Err(DomainError::value(
                "backdate_days",
                ValueReason::TooManyDays {
                    max: MAX_BACKDATE_DAYS.into(),
                    got: params.backdate_days.into(),
                },
            ));
        }
        params.scope.check_rendered_by(&params.template)?;
        let rendered = params.template.context_names();
        if let Some(name) = params.values.keys().find(|n| !rendered.contains(n)) {
            return Err(DomainError::format(
                "values",
                FormatReason::DeclaredNotRendered {
                    dimension: name.as_str().to_owned(),
                },
            ));
        }
        Ok(Self(params))
    }

    /// Refuses a context value outside what the series declares its
    /// dimension may hold (NB009, naming value, dimension and declaration).
    pub fn check_values(&self, context: &Context) -> Result<(), DomainError> {
        for (name, set) in &self.0.values {
            if let Some(value) = context.get(*name)
                && !set.accepts(value.as_str())
            {
                return Err(DomainError::value(
                    "context",
                    ValueReason::OutsideDeclaration {
                        dimension: name.as_str(),
                        value: value.as_str().to_owned(),
                        allowed: set.to_string(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// Whether the series' numbers parse back one way only under its
    /// declarations ([`Template::proof`]).
    pub fn proof(&self) -> Verdict {
        self.0.template.proof(&self.0.values)
    }

    /// The series' parameters.
    pub fn params(&self) -> &SeriesParams {
        &self.0
    }

    /// The document type.
    pub fn document_type(&self) -> &DocumentType {
        &self.0.document_type
    }

    /// The template.
    pub fn template(&self) -> &Template {
        &self.0.template
    }

    /// The period of a number reserved at `now`, or back-dated to `document_date`
    /// (allowed up to `backdate_days` before today in the series' zone, never in
    /// the future).
    pub fn period_for(
        &self,
        now: DateTime<Utc>,
        document_date: Option<NaiveDate>,
    ) -> Result<Period, DomainError> {
        let today = self.0.time_zone.date_of(now);
        let Some(date) = document_date else {
            return Period::of_date(today);
        };
        if date > today {
            return Err(DomainError::value(
                "document_date",
                ValueReason::DateInFuture {
                    date: date.to_string(),
                    today: today.to_string(),
                    time_zone: self.0.time_zone.name(),
                },
            ));
        }
        let age = (today - date).num_days();
        if age > i64::from(self.0.backdate_days) {
            return Err(DomainError::value(
                "document_date",
                ValueReason::BackdatedTooFar {
                    date: date.to_string(),
                    days: age.unsigned_abs(),
                    document_type: self.0.document_type.to_string(),
                    max: self.0.backdate_days.into(),
                },
            ));
        }
        Period::new(date.year(), date.month())
    }

    /// Turns a bare `scope_value` into the context it stands for.
    pub fn context_from_scope_value(&self, scope_value: &str) -> Result<Context, DomainError> {
        let Some(name) = self.0.scope.single_context_dimension() else {
            return Err(DomainError::value(
                "scope_value",
                ValueReason::NotSingleContext {
                    document_type: self.0.document_type.to_string(),
                },
            ));
        };
        let mut ctx = Context::new();
        ctx.insert(name, ContextValue::new(name, scope_value)?);
        Ok(ctx)
    }

    /// The counter a number with this context and period draws from.
    pub fn counter_key(
        &self,
        context: &Context,
        period: Period,
    ) -> Result<CounterKey, DomainError> {
        self.0.template.check_context(context)?;
        CounterKey::build(
            &self.0.document_type,
            &self.0.scope,
            &self.0.template,
            context,
            period,
        )
    }

    /// Renders the number for `value`.
    pub fn render(
        &self,
        value: u64,
        context: &Context,
        period: Period,
    ) -> Result<DocumentNumber, DomainError> {
        let vars = RenderVars {
            document_type: &self.0.document_type,
            context,
            period,
        };
        self.0.template.render(value, vars, self.0.max_length)
    }

    /// Matches a number against the template.
    pub fn match_number(
        &self,
        number: &DocumentNumber,
        hint: &Context,
    ) -> Result<MatchedNumber, DomainError> {
        self.0
            .template
            .match_number(number.as_str(), &self.0.document_type, hint)
    }
}

#[cfg(test)]
mod tests;
