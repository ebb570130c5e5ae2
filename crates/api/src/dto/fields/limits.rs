//! The length and count limits of the request fields, from the domain's
//! constants where it has one.

use docnum_application::usecases::MAX_DOCUMENT_REF_LEN;
use docnum_domain::template::MAX_TEMPLATE_LEN;
use docnum_domain::{ContextName, ContextValue, DocumentNumber, DocumentType, Reason};

/// Longest namespace name (the domain's `Namespace` rule).
pub(super) const MAX_NAMESPACE_LEN: usize = 50;
/// Longest time zone name accepted before the IANA lookup.
pub(super) const MAX_TIME_ZONE_LEN: usize = 64;
/// Most days a series may allow back-dating by (the domain's `Series` rule).
pub(super) const MAX_BACKDATE_DAYS: u32 = 3660;

// The same limits as `validator` takes them (`u64`; `usize` is at most 64 bits).
/// Longest document type.
pub(crate) const DOCUMENT_TYPE_MAX: u64 = DocumentType::MAX_LEN as u64;
/// Longest template.
pub(crate) const TEMPLATE_MAX: u64 = MAX_TEMPLATE_LEN as u64;
/// Longest time zone name.
pub(crate) const TIME_ZONE_MAX: u64 = MAX_TIME_ZONE_LEN as u64;
/// Longest namespace.
pub(crate) const NAMESPACE_MAX: u64 = MAX_NAMESPACE_LEN as u64;
/// Longest reason.
pub(crate) const REASON_MAX: u64 = Reason::MAX_LEN as u64;
/// Longest context value (and `scope_value`).
pub(crate) const CONTEXT_VALUE_MAX: u64 = ContextValue::MAX_LEN as u64;
/// Longest document number.
pub(crate) const DOCUMENT_NUMBER_MAX: u64 = DocumentNumber::MAX_LEN as u64;
/// Longest `document_ref`.
pub(crate) const DOCUMENT_REF_MAX: u64 = MAX_DOCUMENT_REF_LEN as u64;
/// Longest audit-log user filter.
pub(crate) const USER_MAX: u64 = 255;
/// Most context entries: one per context name.
pub(super) const MAX_CONTEXT_ENTRIES: usize = ContextName::ALL.len();
/// Longest preset or dimension name the validator lets through.
pub(crate) const MAX_SCOPE_NAME_LEN: usize = 20;
/// Most dimensions the validator lets through.
pub(crate) const MAX_SCOPE_DIMENSIONS: usize = 12;
/// The scope presets.
pub(crate) const SCOPE_PRESETS: [&str; 5] = ["GLOBAL", "PROJECT", "CONTRACT", "YEARLY", "MONTHLY"];
