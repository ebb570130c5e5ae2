//! Data shared by several endpoint groups: the success envelope, the number
//! view, the series views, and the validation checks `validator` calls.
//! DTOs used by one group only live in that group's file under `routes/`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use validator::ValidationError;

pub(crate) mod fields;
pub(crate) mod number;
pub(crate) mod series;
pub(crate) mod series_effect;
pub(crate) mod series_overlap;

/// The most bytes `metadata` may take, serialised.
pub(crate) const MAX_METADATA_BYTES: usize = 16 * 1024;
/// The longest context value (spec: context values ≤ 100 characters).
const MAX_CONTEXT_VALUE_CHARS: usize = docnum_domain::ContextValue::MAX_LEN;
/// The most context entries a request may carry (there are ten names).
const MAX_CONTEXT_ENTRIES: usize = 16;

/// Declares a named success envelope `{"success": true, "data": <T>}`.
///
/// Named (rather than a generic `Envelope<T>`) so that the OpenAPI document
/// gives every response its own schema with `data` as a `$ref`, which is what
/// client generators turn into readable types. Handlers return the envelope
/// type itself, so the document cannot drift from what is sent.
macro_rules! envelope {
    ($(#[$doc:meta])* $name:ident => $data:ty) => {
        $(#[$doc])*
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub(crate) struct $name {
            /// Always `true`.
            #[schema(example = true)]
            success: bool,
            /// The payload.
            data: $data,
        }

        impl From<$data> for $name {
            fn from(data: $data) -> Self {
                Self { success: true, data }
            }
        }

        impl axum::response::IntoResponse for $name {
            fn into_response(self) -> axum::response::Response {
                axum::Json(self).into_response()
            }
        }
    };
}
pub(crate) use envelope;

fn invalid(code: &'static str, message: String) -> ValidationError {
    ValidationError::new(code).with_message(Cow::Owned(message))
}

/// `metadata` must serialise to at most 16 KiB.
pub(crate) fn check_metadata(value: &serde_json::Value) -> Result<(), ValidationError> {
    let len = serde_json::to_vec(value).map_or(usize::MAX, |v| v.len());
    if len > MAX_METADATA_BYTES {
        return Err(invalid(
            "metadata_size",
            format!(
                "must be at most {} KiB serialised, got {len} bytes",
                MAX_METADATA_BYTES / 1024
            ),
        ));
    }
    Ok(())
}

/// Context names are short, values 1–100 characters (the domain checks the
/// names themselves and the characters).
pub(crate) fn check_context(context: &BTreeMap<String, String>) -> Result<(), ValidationError> {
    if context.len() > MAX_CONTEXT_ENTRIES {
        return Err(invalid(
            "context_size",
            format!("at most {MAX_CONTEXT_ENTRIES} entries"),
        ));
    }
    for (name, value) in context {
        if name.is_empty() || name.len() > 30 {
            return Err(invalid(
                "context_name",
                format!("name '{}' must be 1-30 characters", name.escape_debug()),
            ));
        }
        let len = value.chars().count();
        if len == 0 || len > MAX_CONTEXT_VALUE_CHARS {
            return Err(invalid(
                "context_value",
                format!(
                    "value of {name} must be 1-{MAX_CONTEXT_VALUE_CHARS} characters, got {len}"
                ),
            ));
        }
    }
    Ok(())
}
