//! A template preview: the unsaved template to lint and render once, and
//! the lint result with its sample.

use std::collections::BTreeMap;

use docnum_application::{TemplatePreview, TemplatePreviewRequest};
use docnum_domain::series::MAX_MAX_VALUE;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::dto::{check_context, envelope, fields};

use super::ScopeDto;
use super::scope::check_scope;

/// An unsaved template to lint and render once.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TemplatePreviewRequest)]
pub(crate) struct TemplatePreviewBody {
    /// The template.
    #[validate(length(min = 1, max = fields::TEMPLATE_MAX, message = "must be 1-200 characters"))]
    #[schema(schema_with = fields::template)]
    template: String,
    /// The scope it would be saved with (default `GLOBAL`).
    #[validate(custom(function = "check_scope"))]
    #[schema(schema_with = fields::scope_choice)]
    scope: Option<ScopeDto>,
    /// Sample context values.
    #[serde(default)]
    #[validate(custom(function = "check_context"))]
    #[schema(schema_with = fields::context)]
    context: BTreeMap<String, String>,
    /// The sample sequence value (default 1).
    #[validate(range(min = 1, max = MAX_MAX_VALUE, message = "must be 1-999999999999999999"))]
    #[schema(schema_with = fields::sample_value)]
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
    #[schema(example = "LCBP3-C2-RFA-0001", required = true)]
    sample: Option<String>,
    /// The counter key the sample would draw from.
    #[schema(required = true)]
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
    /// `{"success": true, "data": TemplatePreview}`
    TemplatePreviewResponse => TemplatePreviewView
);
