//! Preview: what the next number would be, and what an unsaved template renders.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use docnum_domain::Template;

use crate::error::AppError;
use crate::series_config::{ScopeSpec, SeriesConfig};
use crate::service::Numbering;
use crate::usecases::reserve::resolve_context;

/// The number the next reservation would get (nothing consumed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The number.
    pub document_number: String,
    /// Its sequence value.
    pub next_value: u64,
    /// Its counter.
    pub counter_key: String,
}

/// An unsaved template to lint and render once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplatePreviewRequest {
    /// The template.
    pub template: String,
    /// The scope it would be saved with (default GLOBAL).
    pub scope: Option<ScopeSpec>,
    /// Sample context values.
    pub context: BTreeMap<String, String>,
    /// The sample sequence value (default 1).
    pub value: Option<u64>,
}

/// The lint result and a sample rendering.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplatePreview {
    /// Whether the template (and scope) would be accepted.
    pub valid: bool,
    /// Errors that prevent saving.
    pub errors: Vec<String>,
    /// Remarks that do not prevent saving.
    pub warnings: Vec<String>,
    /// The sample number, when the template is valid and the context complete.
    pub sample: Option<String>,
    /// The counter key the sample would draw from.
    pub counter_key: Option<String>,
}

impl Numbering {
    /// The number the next reservation with this context would get. Under
    /// concurrency another request may take it first; nothing is consumed.
    pub async fn preview(
        &self,
        document_type: &str,
        context: &BTreeMap<String, String>,
        scope_value: Option<&str>,
        document_date: Option<NaiveDate>,
    ) -> Result<Preview, AppError> {
        let series = self.load_series(document_type).await?;
        let ctx = resolve_context(&series, context, scope_value)?;
        let period = series
            .series
            .period_for(self.ports.clock.now(), document_date)?;
        let counter_key = series.series.counter_key(&ctx, period)?;
        let current = self.ports.store.counter_value(&counter_key).await?;
        let next_value = current.saturating_add(1);
        if next_value > series.config.max_value {
            return Err(docnum_domain::DomainError::SequenceExhausted {
                counter_key: counter_key.to_string(),
                max_value: series.config.max_value,
            }
            .into());
        }
        let number = series.series.render(next_value, &ctx, period)?;
        Ok(Preview {
            document_number: number.into_string(),
            next_value,
            counter_key: counter_key.to_string(),
        })
    }

    /// Lints a template that is not saved yet and renders a sample.
    pub fn preview_template(&self, request: &TemplatePreviewRequest) -> TemplatePreview {
        let mut out = TemplatePreview::default();
        match Template::parse(&request.template) {
            Ok(t) => out.warnings = t.warnings().iter().map(|w| w.message.clone()).collect(),
            Err(e) => {
                out.errors.push(e.to_string());
                return out;
            }
        }
        let mut config = SeriesConfig::new(
            "PREVIEW",
            &request.template,
            ScopeSpec::Preset("GLOBAL".into()),
        );
        if let Some(scope) = &request.scope {
            config.scope = scope.clone();
        }
        let series = match config.to_series() {
            Ok(s) => s,
            Err(e) => {
                out.errors.push(e.to_string());
                return out;
            }
        };
        out.valid = true;
        let sample = (|| -> Result<(String, String), AppError> {
            let ctx = docnum_domain::Context::from_pairs(
                request
                    .context
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )?;
            let period = series.period_for(self.ports.clock.now(), None)?;
            let key = series.counter_key(&ctx, period)?;
            let number = series.render(request.value.unwrap_or(1), &ctx, period)?;
            Ok((number.into_string(), key.to_string()))
        })();
        match sample {
            Ok((number, key)) => {
                out.sample = Some(number);
                out.counter_key = Some(key);
            }
            Err(e) => out.warnings.push(format!("no sample: {e}")),
        }
        out
    }
}
