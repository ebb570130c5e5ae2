//! The schemas of a series' settings and of the path that names it.

use docnum_domain::series::MAX_MAX_VALUE;
use docnum_domain::template::MAX_TEMPLATE_LEN;
use docnum_domain::{ContextName, Dimension, DocumentNumber, DocumentType};
use serde_json::json;
use utoipa::openapi::schema::{
    ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{KnownFormat, RefOr};

use super::limits::{
    MAX_BACKDATE_DAYS, MAX_NAMESPACE_LEN, MAX_SCOPE_DIMENSIONS, MAX_SCOPE_NAME_LEN,
    MAX_TIME_ZONE_LEN, SCOPE_PRESETS,
};
use super::patterns::{DOCUMENT_TYPE_PATTERN, NAMESPACE_PATTERN};
use super::{nullable, text};

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
