//! The schemas of what a caller sends to reserve, look up, confirm or void
//! numbers.

use docnum_application::usecases::{MAX_DOCUMENT_REF_LEN, MAX_IDEMPOTENCY_KEY_LEN};
use docnum_domain::{ContextName, ContextValue, DocumentNumber, Reason};
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Type};

use super::limits::MAX_CONTEXT_ENTRIES;
use super::patterns::{
    CONTEXT_VALUE_PATTERN, DOCUMENT_NUMBER_PATTERN, DOCUMENT_REF_PATTERN, IDEMPOTENCY_KEY_PATTERN,
    REASON_PATTERN, VOID_REASON_PATTERN,
};
use super::{nullable, text};

/// A context map: known names to printable values.
pub(crate) fn context() -> ObjectBuilder {
    let names: Vec<&str> = ContextName::ALL.iter().map(|n| n.as_str()).collect();
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!(
            "Context values by name ({}), each 1-{} printable characters without braces or surrounding whitespace.",
            names.join(", "),
            ContextValue::MAX_LEN
        )))
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(names)),
        ))
        .additional_properties(Some(context_value()))
        .max_properties(Some(MAX_CONTEXT_ENTRIES))
        .examples([json!({"PROJECT": "LCBP3", "ORIGINATOR": "C2"})])
}

fn context_value() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(ContextValue::MAX_LEN))
        .pattern(Some(CONTEXT_VALUE_PATTERN))
}

/// The value of a series' single scope dimension.
pub(crate) fn scope_value() -> ObjectBuilder {
    nullable(text(
        "Shorthand for the value of the series' single scope dimension (a context value: printable, no braces, no surrounding whitespace).",
        1,
        ContextValue::MAX_LEN,
        Some(CONTEXT_VALUE_PATTERN),
    ))
}

/// A number as typed.
pub(crate) fn document_number() -> ObjectBuilder {
    text(
        "The number: 1-200 printable characters without surrounding whitespace.",
        1,
        DocumentNumber::MAX_LEN,
        Some(DOCUMENT_NUMBER_PATTERN),
    )
    .examples([json!("COR-2025-00042")])
}

/// A required reason.
pub(crate) fn reason() -> ObjectBuilder {
    text(
        "Why (kept in the audit log): at most 1000 characters, not blank, no control characters but line breaks and tabs.",
        1,
        Reason::MAX_LEN,
        Some(REASON_PATTERN),
    )
}

/// An optional reason.
pub(crate) fn reason_choice() -> ObjectBuilder {
    nullable(reason())
}

/// A void's reason.
pub(crate) fn void_reason() -> ObjectBuilder {
    text(
        "Why: at least 10 characters after trimming, at most 1000, no control characters but line breaks and tabs.",
        Reason::VOID_MIN_LEN,
        Reason::MAX_LEN,
        Some(VOID_REASON_PATTERN),
    )
    .examples([json!("issued twice by mistake for one letter")])
}

/// The caller's document id.
pub(crate) fn document_ref() -> ObjectBuilder {
    nullable(text(
        "Your document's id, kept with the number: at most 200 characters, no control characters.",
        0,
        MAX_DOCUMENT_REF_LEN,
        Some(DOCUMENT_REF_PATTERN),
    ))
    .examples([json!("DOC-8812")])
}

/// The `Idempotency-Key` header.
pub(crate) fn idempotency_key() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "1-200 visible ASCII characters (spaces only inside), unique per request: a replay \
             with the same body returns the original reservation, another body is NB015.",
        ))
        .min_length(Some(1))
        .max_length(Some(MAX_IDEMPOTENCY_KEY_LEN))
        .pattern(Some(IDEMPOTENCY_KEY_PATTERN))
}
