//! docnum's domain: the pure rules of document numbering.
//!
//! No I/O, no async. Everything here is a value or a function of values:
//! templates (parse, lint, render, match), periods, counter keys, the number
//! lifecycle, the admin rules and the NB error codes.

pub mod audit;
pub mod context;
pub mod document_type;
pub mod error;
pub mod lifecycle;
pub mod number;
pub mod period;
pub mod rules;
pub mod scope;
pub mod series;
pub mod template;
mod text;

pub use audit::AuditOperation;
pub use context::{Context, ContextName, ContextValue};
pub use document_type::DocumentType;
pub use error::{DomainError, ErrorCode};
pub use lifecycle::{NumberState, Outcome, Transition, is_due};
pub use number::{DocumentNumber, Namespace, Reason};
pub use period::{Era, Period, SeriesTimeZone};
pub use scope::{CounterKey, Dimension, Scope, ScopePreset};
pub use series::{Series, SeriesParams};
pub use template::{MatchedNumber, RenderVars, Template, TemplateError, Token};
