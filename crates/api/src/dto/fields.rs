//! The schemas of the constrained request fields, built from the same
//! constants the checks use (the domain's limits, and the validators' here),
//! so that the OpenAPI document states what the server enforces: a generated
//! client or form builder that follows the document is never refused for a
//! length, a character or a name.
//!
//! The character rules are the domain's (`docnum_domain::text`,
//! `DocumentType`, `Namespace`, `ContextValue`, `DocumentNumber`, `Reason`)
//! written as ECMA-262 patterns; `tests/openapi.rs` holds them against the
//! domain's own checks on a set of samples. What no JSON Schema can say —
//! template grammar, IANA zone names, a context the template needs — stays in
//! the operation descriptions (422 NB006).

use docnum_application::usecases::{MAX_DOCUMENT_REF_LEN, MAX_IDEMPOTENCY_KEY_LEN};
use docnum_domain::series::MAX_MAX_VALUE;
use docnum_domain::template::MAX_TEMPLATE_LEN;
use docnum_domain::{ContextName, ContextValue, Dimension, DocumentNumber, DocumentType, Reason};
use serde_json::json;
use utoipa::openapi::schema::{
    ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{KnownFormat, RefOr};

/// Longest namespace name (the domain's `Namespace` rule).
const MAX_NAMESPACE_LEN: usize = 50;
/// Longest time zone name accepted before the IANA lookup.
const MAX_TIME_ZONE_LEN: usize = 64;
/// Most days a series may allow back-dating by (the domain's `Series` rule).
const MAX_BACKDATE_DAYS: u32 = 3660;

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
const MAX_CONTEXT_ENTRIES: usize = ContextName::ALL.len();
/// Longest preset or dimension name the validator lets through.
pub(crate) const MAX_SCOPE_NAME_LEN: usize = 20;
/// Most dimensions the validator lets through.
pub(crate) const MAX_SCOPE_DIMENSIONS: usize = 12;
/// The scope presets.
pub(crate) const SCOPE_PRESETS: [&str; 5] = ["GLOBAL", "PROJECT", "CONTRACT", "YEARLY", "MONTHLY"];

// Character classes, as pattern fragments. Whitespace is Rust's
// `char::is_whitespace` (Unicode White_Space), what `str::trim` removes;
// control characters are `char::is_control` (Unicode Cc).
macro_rules! white_space {
    () => {
        r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}
macro_rules! control {
    () => {
        r"\x00-\x1f\x7f-\x9f"
    };
}

/// Invisible characters the domain refuses in context values and numbers
/// (`docnum_domain`'s `text::is_printable`): the format characters (Cf) of
/// the Basic Multilingual Plane, the BMP private-use area and the fillers.
/// A pattern cannot list unassigned code points or the rare astral format
/// characters; the server refuses those too (422 NB006).
macro_rules! invisible {
    () => {
        concat!(
            r"\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160",
            r"\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164",
            r"\ue000-\uf8ff\ufeff\uffa0\ufff9-\ufffb"
        )
    };
}

/// `A-Z`, `0-9`, `_` (`DocumentType`).
pub(crate) const DOCUMENT_TYPE_PATTERN: &str = "^[A-Z0-9_]+$";
/// `a-z`, `0-9`, `_`, `-`, `.` (`Namespace`).
pub(crate) const NAMESPACE_PATTERN: &str = r"^[a-z0-9_.\-]+$";
/// Printable (no control character, no line or paragraph separator), no
/// braces, no whitespace at either end (`ContextValue`).
pub(crate) const CONTEXT_VALUE_PATTERN: &str = concat!(
    "^[^",
    control!(),
    invisible!(),
    white_space!(),
    "{}](?:[^",
    control!(),
    invisible!(),
    r"\u2028\u2029{}]*[^",
    control!(),
    invisible!(),
    white_space!(),
    "{}])?$"
);
/// Printable, no whitespace at either end (`DocumentNumber`).
pub(crate) const DOCUMENT_NUMBER_PATTERN: &str = concat!(
    "^[^",
    control!(),
    invisible!(),
    white_space!(),
    "](?:[^",
    control!(),
    invisible!(),
    r"\u2028\u2029]*[^",
    control!(),
    invisible!(),
    white_space!(),
    "])?$"
);
/// At least one character that is not whitespace, and between the first and
/// the last of those no control character but line feed and tab (`Reason`).
pub(crate) const REASON_PATTERN: &str = concat!(
    "^[",
    white_space!(),
    "]*[^",
    control!(),
    white_space!(),
    r"](?:[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^",
    control!(),
    white_space!(),
    "])?[",
    white_space!(),
    "]*$"
);
/// As [`REASON_PATTERN`], with at least ten characters between the first and
/// the last that are not whitespace (`Reason::for_void`; the count is
/// [`Reason::VOID_MIN_LEN`], checked in `tests/openapi.rs`).
pub(crate) const VOID_REASON_PATTERN: &str = concat!(
    "^[",
    white_space!(),
    "]*[^",
    control!(),
    white_space!(),
    r"][^\x00-\x08\x0b-\x1f\x7f-\x9f]{8,}[^",
    control!(),
    white_space!(),
    "][",
    white_space!(),
    "]*$"
);
/// No control character (the confirm use case's `document_ref` rule).
pub(crate) const DOCUMENT_REF_PATTERN: &str = concat!("^[^", control!(), "]*$");
/// Visible ASCII, spaces only inside: what an HTTP header value can carry
/// once its surrounding spaces are stripped, without control characters.
pub(crate) const IDEMPOTENCY_KEY_PATTERN: &str = r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$";

fn text(description: &str, min: usize, max: usize, pattern: Option<&str>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .min_length(Some(min))
        .max_length(Some(max))
        .pattern(pattern)
}

fn nullable(object: ObjectBuilder) -> ObjectBuilder {
    object.schema_type(SchemaType::from_iter([Type::String, Type::Null]))
}

/// A series' key.
pub(crate) fn document_type() -> ObjectBuilder {
    text(
        "The series: 1-50 of `A-Z`, `0-9`, `_` (anything else is NB006).",
        1,
        DocumentType::MAX_LEN,
        Some(DOCUMENT_TYPE_PATTERN),
    )
    .examples([json!("COR")])
}

/// The `{document_type}` path parameter, published with the same rule as
/// the body field (a malformed one is 422 NB006, not an unknown series).
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // read with `PathParams<String>`; declared for the document
pub(crate) struct DocumentTypePath {
    /// The series.
    #[param(schema_with = document_type)]
    document_type: String,
}

/// A uniqueness domain.
pub(crate) fn namespace() -> ObjectBuilder {
    text(
        "Uniqueness domain of rendered numbers: 1-50 of `a-z`, `0-9`, `_`, `-`, `.`.",
        1,
        MAX_NAMESPACE_LEN,
        Some(NAMESPACE_PATTERN),
    )
    .default(Some(json!("default")))
}

/// An optional namespace, to pick a number that exists in several.
pub(crate) fn namespace_choice() -> ObjectBuilder {
    nullable(text(
        "The namespace, when the number exists in several (1-50 of `a-z`, `0-9`, `_`, `-`, `.`).",
        1,
        MAX_NAMESPACE_LEN,
        Some(NAMESPACE_PATTERN),
    ))
}

/// The namespace query parameter (absent rather than null).
pub(crate) fn namespace_param() -> ObjectBuilder {
    text(
        "The namespace, when the number exists in several (1-50 of `a-z`, `0-9`, `_`, `-`, `.`).",
        1,
        MAX_NAMESPACE_LEN,
        Some(NAMESPACE_PATTERN),
    )
}

/// A template.
pub(crate) fn template() -> ObjectBuilder {
    text(
        "The format, e.g. `COR-{YYYY}-{SEQ:5}` (exactly one `{SEQ}`); its grammar is checked by the server (NB006).",
        1,
        MAX_TEMPLATE_LEN,
        None,
    )
    .examples([json!("COR-{YYYY}-{SEQ:5}")])
}

/// An IANA time zone name.
pub(crate) fn time_zone() -> ObjectBuilder {
    text(
        "IANA time zone deciding the year/month of numbers; an unknown zone is NB006.",
        1,
        MAX_TIME_ZONE_LEN,
        None,
    )
    .default(Some(json!("UTC")))
    .examples([json!("Asia/Bangkok")])
}

/// The highest sequence value of a series.
pub(crate) fn max_value() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .description(Some(
            "Highest sequence value; reaching it is NB002 (JavaScript clients lose precision above 2^53).",
        ))
        .minimum(Some(1))
        .maximum(Some(MAX_MAX_VALUE))
        .default(Some(json!(docnum_domain::series::DEFAULT_MAX_VALUE)))
}

/// A sample sequence value for a template preview.
pub(crate) fn sample_value() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Integer, Type::Null]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .description(Some("The sample sequence value (default 1)."))
        .minimum(Some(1))
        .maximum(Some(MAX_MAX_VALUE))
}

/// The longest rendered number of a series.
pub(crate) fn max_length() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some("Longest rendered number, in characters."))
        .minimum(Some(1))
        .maximum(Some(DocumentNumber::MAX_LEN))
        .default(Some(json!(docnum_domain::series::DEFAULT_MAX_LENGTH)))
}

/// How far back `document_date` may go.
pub(crate) fn backdate_days() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .description(Some(
            "How many days back `document_date` may go (0 = no back-dating).",
        ))
        .minimum(Some(0))
        .maximum(Some(MAX_BACKDATE_DAYS))
        .default(Some(json!(0)))
}

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

/// What a counter restarts on.
pub(crate) fn scope() -> Schema {
    let dimensions: Vec<&str> = [Dimension::Year, Dimension::Month]
        .into_iter()
        .chain(ContextName::ALL.into_iter().map(Dimension::Context))
        .map(Dimension::as_str)
        .collect();
    let count = dimensions.len();
    OneOfBuilder::new()
        .description(Some(
            "What a counter restarts on: a preset name, or a list of distinct dimensions \
             (`YEAR`, `MONTH` or a context name), e.g. `[\"ORIGINATOR\", \"RECIPIENT\", \"YEAR\"]`.",
        ))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(SCOPE_PRESETS))
                .examples([json!("YEARLY")]),
        )
        .item(
            ArrayBuilder::new()
                .items(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(dimensions)),
                )
                .max_items(Some(count))
                .unique_items(true),
        )
        .into()
}

/// The scope of a template preview, or null: any preset or dimension
/// names of the sizes the validator allows, since the preview reports an
/// unknown or repeated name as `valid: false` rather than refusing it.
pub(crate) fn scope_choice() -> RefOr<Schema> {
    let name = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX_SCOPE_NAME_LEN))
    };
    OneOfBuilder::new()
        .description(Some(
            "The scope it would be saved with (default `GLOBAL`): a preset or a list of dimensions, \
             as for a series; an unknown or repeated name is reported in `errors`.",
        ))
        .item(name())
        .item(
            ArrayBuilder::new()
                .items(name())
                .max_items(Some(MAX_SCOPE_DIMENSIONS)),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}
