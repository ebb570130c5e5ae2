//! Extractors whose every rejection is an [`ApiError`] (and so an envelope):
//! [`Json`] (parsed *and* validated body), [`PathParams`] and [`QueryParams`].
//!
//! Rejections map as follows: a body that is not JSON → 400 NB010; not
//! declared `application/json` → 415 NB010; too large → 413 NB010; JSON of
//! the wrong shape (missing, unknown or mistyped field) → 422 NB009 with
//! serde's message; a `validator` rule broken → 422 NB009 naming each field;
//! a malformed path or query parameter → 422 NB009.

use std::borrow::Cow;
use std::collections::BTreeMap;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use docnum_domain::Message;
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::error::ApiError;

/// The largest request body accepted, in bytes.
pub(crate) const BODY_LIMIT: usize = 64 * 1024;

/// A JSON request body, deserialised and then validated.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Json<T>(pub(crate) T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        value.validate()?;
        Ok(Self(value))
    }
}

/// Path parameters; a malformed one is 422 NB009.
#[derive(Debug, Clone)]
pub(crate) struct PathParams<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for PathParams<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

/// Query parameters, validated; a malformed one is 422 NB009.
#[derive(Debug, Clone)]
pub(crate) struct QueryParams<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for QueryParams<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        value.validate()?;
        Ok(Self(value))
    }
}

/// axum's rejection text is `"<what failed>: <why>"`; clients need the why.
fn reason_of(body_text: &str) -> &str {
    body_text.split_once(": ").map_or(body_text, |(_, why)| why)
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let text = rejection.body_text();
        match rejection {
            JsonRejection::JsonDataError(_) => {
                Self::Invalid(Message::new("body-invalid").with("reason", reason_of(&text)))
            }
            JsonRejection::JsonSyntaxError(_) => {
                Self::Malformed(Message::new("body-not-json").with("reason", reason_of(&text)))
            }
            JsonRejection::MissingJsonContentType(_) => {
                Self::UnsupportedMediaType(Message::new("body-not-declared-json"))
            }
            _ if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Self::PayloadTooLarge(
                    Message::new("body-too-large").with("limit", BODY_LIMIT / 1024),
                )
            }
            _ => Self::Malformed(Message::new("body-unreadable").with("reason", text)),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::Invalid(
            Message::new("path-invalid").with("reason", reason_of(&rejection.body_text())),
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::Invalid(
            Message::new("query-invalid").with("reason", reason_of(&rejection.body_text())),
        )
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        let mut problems = BTreeMap::new();
        collect(&errors, "", &mut problems);
        let text = problems
            .into_iter()
            .map(|(field, why)| format!("{field}: {why}"))
            .collect::<Vec<_>>()
            .join("; ");
        Self::Invalid(Message::new("request-invalid").with("problems", text))
    }
}

/// Flattens nested validation errors into `path.to.field → message`.
fn collect(errors: &ValidationErrors, prefix: &str, out: &mut BTreeMap<String, String>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                let why = list
                    .iter()
                    .map(|e| e.message.clone().unwrap_or(Cow::Borrowed("is invalid")))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.insert(path, why);
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}
