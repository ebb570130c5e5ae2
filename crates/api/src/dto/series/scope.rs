//! [`ScopeDto`]: a series' scope as clients write it, read with a message
//! naming the expected shape, and the size check `validator` calls.

use std::borrow::Cow;

use docnum_application::ScopeSpec;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use validator::ValidationError;

use crate::dto::fields;

/// What a counter restarts on: a preset name or a list of dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub(crate) enum ScopeDto {
    /// `GLOBAL`, `PROJECT`, `CONTRACT`, `YEARLY` or `MONTHLY`.
    Preset(String),
    /// Dimensions, e.g. `["PROJECT", "ORIGINATOR", "RECIPIENT", "YEAR"]`.
    Dimensions(Vec<String>),
}

/// By hand: the presets and dimension names are the domain's.
impl utoipa::PartialSchema for ScopeDto {
    fn schema() -> RefOr<Schema> {
        fields::scope().into()
    }
}

impl ToSchema for ScopeDto {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Scope")
    }
}

/// By hand, so that a wrong shape gets a message naming what is expected
/// (serde's untagged enums only say that nothing matched).
impl<'de> Deserialize<'de> for ScopeDto {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScopeVisitor;

        impl<'de> serde::de::Visitor<'de> for ScopeVisitor {
            type Value = ScopeDto;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a preset name (GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY) or a list of dimension names",
                )
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ScopeDto, E> {
                Ok(ScopeDto::Preset(v.to_owned()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ScopeDto, A::Error> {
                let mut dimensions = Vec::new();
                while let Some(d) = seq.next_element::<String>()? {
                    dimensions.push(d);
                }
                Ok(ScopeDto::Dimensions(dimensions))
            }
        }

        deserializer.deserialize_any(ScopeVisitor)
    }
}

impl From<ScopeDto> for ScopeSpec {
    fn from(scope: ScopeDto) -> Self {
        match scope {
            ScopeDto::Preset(p) => Self::Preset(p),
            ScopeDto::Dimensions(d) => Self::Dimensions(d),
        }
    }
}

impl From<ScopeSpec> for ScopeDto {
    fn from(scope: ScopeSpec) -> Self {
        match scope {
            ScopeSpec::Preset(p) => Self::Preset(p),
            ScopeSpec::Dimensions(d) => Self::Dimensions(d),
        }
    }
}

pub(super) fn check_scope(scope: &ScopeDto) -> Result<(), ValidationError> {
    let ok = match scope {
        ScopeDto::Preset(p) => (1..=fields::MAX_SCOPE_NAME_LEN).contains(&p.chars().count()),
        ScopeDto::Dimensions(d) => {
            d.len() <= fields::MAX_SCOPE_DIMENSIONS
                && d.iter()
                    .all(|x| (1..=fields::MAX_SCOPE_NAME_LEN).contains(&x.chars().count()))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("scope")
            .with_message("must be a preset name or a list of at most 12 dimension names".into()))
    }
}
