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

mod limits;
mod number_inputs;
mod patterns;
mod series_settings;

pub(crate) use limits::*;
pub(crate) use number_inputs::*;
pub(crate) use series_settings::*;

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};

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
