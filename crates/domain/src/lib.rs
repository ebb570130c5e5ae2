//! docnum's domain: the pure rules of document numbering.
//!
//! A series of correspondence numbered per project and per year, from
//! template to counter key:
//!
//! ```
//! use docnum_domain::{
//!     Context, DocumentType, DomainError, Period, Scope, Series, SeriesParams, Template,
//! };
//!
//! // Parse the template once; a typo is an NB error naming the known tokens.
//! let template = Template::parse("{PROJECT}-COR-{YEAR:BE}-{SEQ:4}")?;
//! let series = Series::new(SeriesParams::with_defaults(
//!     DocumentType::new("COR")?,
//!     template,
//!     Scope::preset("YEARLY")?,
//! ))?;
//!
//! // Render the 42nd number of March 2025 for project LCBP3 (Buddhist year).
//! let context = Context::from_pairs([("PROJECT", "LCBP3")])?;
//! let period = Period::new(2025, 3)?;
//! let number = series.render(42, &context, period)?;
//! assert_eq!(number.as_str(), "LCBP3-COR-2568-0042");
//!
//! // Match it back: the value, the (Gregorian) year and the context return.
//! let matched = series.match_number(&number, &Context::new())?;
//! assert_eq!(
//!     (matched.value, matched.year, &matched.context),
//!     (42, Some(2025), &context)
//! );
//!
//! // The counter it draws from: the scope's year plus every context value
//! // the template renders. The key is the same on every backend.
//! let key = series.counter_key(&matched.context, period)?;
//! assert_eq!(key.as_str(), "COR|YEAR=2025|PROJECT=LCBP3");
//! assert_eq!(key.scope_value(), "YEAR=2025|PROJECT=LCBP3");
//!
//! // A number that does not follow the template is refused with its NB code.
//! let stray = docnum_domain::DocumentNumber::new("LCBP3-RFA-2568-0042")?;
//! let refused = series.match_number(&stray, &Context::new()).unwrap_err();
//! assert_eq!(refused.code().as_str(), "NB006");
//! # Ok::<(), DomainError>(())
//! ```
//!
//! No I/O, no async. Everything here is a value or a function of values:
//! templates (parse, lint, render, match), periods, counter keys, the number
//! lifecycle, the admin rules, the NB error codes and the messages that
//! explain them (as keys and arguments; the words live in `docnum-i18n`).

pub mod audit;
pub mod context;
pub mod document_type;
pub mod error;
mod error_message;
pub mod error_reason;
pub mod lifecycle;
pub mod message;
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
pub use error_reason::{FormatReason, MismatchReason, ValueReason};
pub use lifecycle::{NumberState, Outcome, Transition, is_due};
pub use message::{Arg, Message};
pub use number::{DocumentNumber, Namespace, Reason};
pub use period::{Era, Period, SeriesTimeZone};
pub use scope::{CounterKey, Dimension, Scope, ScopePreset};
pub use series::{Coincidence, Series, SeriesParams};
pub use template::{MatchedNumber, RenderVars, Template, TemplateError, Token};
pub use text::{NUMBER_KEY_MAX_LEN, compatibility_key, number_key};
