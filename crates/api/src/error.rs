//! The API's one error type, [`ApiError`], and the error envelope every
//! failure is answered with: `{"success": false, "error": {"code", "name",
//! "message", "request_id"}}`.
//!
//! When to use what:
//! - A use case failed: `?` on its [`AppError`] (`ApiError::App`). Its NB code
//!   decides the HTTP status ([`status_for`]); never re-map it by hand.
//! - The request is unusable before any use case runs: the variant naming the
//!   failure — [`ApiError::Malformed`] (not JSON, 400),
//!   [`ApiError::UnsupportedMediaType`] (415), [`ApiError::PayloadTooLarge`]
//!   (413), [`ApiError::Invalid`] (422: a field is missing, mistyped or out of
//!   bounds; name the field), [`ApiError::Unauthenticated`] (401),
//!   [`ApiError::Forbidden`] (403; name the permission),
//!   [`ApiError::RateLimited`] (429).
//! - Routing and time: [`ApiError::NotFound`] (404), [`ApiError::MethodNotAllowed`]
//!   (405), [`ApiError::Timeout`] (503).
//! - A bug or a surprise: [`ApiError::Internal`] with the detail. The detail is
//!   logged once (`tracing::error!`) and the client gets a generic message.
//!   Every other variant's message is shown to the client, so it must say
//!   what to do and never carry internals.
//!
//! Every failure response is built by [`ApiError::into_response`] (message in
//! English); the error finisher middleware then renders the message again in
//! the language the request's `Accept-Language` asks for (`Content-Language`
//! says which), adds the `request_id` and counts the code in
//! `numbering_errors_total`. The texts themselves live in the catalogue of
//! `docnum-i18n`; a variant here carries a [`Message`] (key and arguments),
//! never words.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use docnum_application::AppError;
use docnum_domain::{ErrorCode, Message};
use docnum_i18n::Locale;
use serde::Serialize;
use utoipa::ToSchema;

/// Seconds a client should wait before retrying a transient failure.
const RETRY_SOON_SECS: u64 = 1;
/// Seconds a client should wait when the database or Redis is away.
const RETRY_LATER_SECS: u64 = 5;

/// Every way an API request can fail.
///
/// Its `Display` is the English text the logs carry (for [`ApiError::App`]
/// and [`ApiError::Internal`] with the internal detail); clients get
/// [`ApiError::message`] in their language instead.
#[derive(Debug)]
pub enum ApiError {
    /// A use case failed; the NB code decides the status.
    App(AppError),
    /// The body is not (valid) JSON: 400 NB010.
    Malformed(Message),
    /// The body is not declared as `application/json`: 415 NB010.
    UnsupportedMediaType(Message),
    /// The body exceeds the size limit: 413 NB010.
    PayloadTooLarge(Message),
    /// A field is missing, mistyped or out of bounds: 422 NB009.
    Invalid(Message),
    /// No, malformed, expired or wrongly signed token: 401 NB011.
    Unauthenticated(Message),
    /// The token lacks a permission: 403 NB012.
    Forbidden(Message),
    /// Too many requests for this user: 429 NB013.
    RateLimited {
        /// Seconds until the next request is allowed (at least 1).
        retry_after_secs: u64,
    },
    /// No such route or resource outside the use cases: 404 NB010.
    NotFound(Message),
    /// The route exists but not for this method: 405 NB010.
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// The path asked for.
        path: String,
    },
    /// The request took too long (seconds) and was abandoned: 503 NB017.
    Timeout(u64),
    /// The server handles as many requests as it allows: 503 NB017.
    Overloaded(Message),
    /// A bug or an unexpected failure; the text goes to the log only: 500 NB000.
    Internal(String),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::App(e) => e.fmt(f),
            Self::Internal(detail) => write!(f, "internal error: {detail}"),
            other => f.write_str(&docnum_i18n::render(Locale::En, &other.message())),
        }
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::App(e) => e.source(),
            _ => None,
        }
    }
}

/// The HTTP status of each NB code (spec §8). NB010 answers 400 here; the
/// API-level variants that share it pick 404, 405, 413 or 415 themselves.
pub fn status_for(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NB000 => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::NB001 | ErrorCode::NB018 => StatusCode::NOT_FOUND,
        ErrorCode::NB002
        | ErrorCode::NB005
        | ErrorCode::NB016
        | ErrorCode::NB019
        | ErrorCode::NB020 => StatusCode::CONFLICT,
        ErrorCode::NB003 | ErrorCode::NB008 | ErrorCode::NB014 | ErrorCode::NB017 => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        ErrorCode::NB004 => StatusCode::GONE,
        ErrorCode::NB006 | ErrorCode::NB009 | ErrorCode::NB015 => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NB007 | ErrorCode::NB012 => StatusCode::FORBIDDEN,
        ErrorCode::NB010 => StatusCode::BAD_REQUEST,
        ErrorCode::NB011 => StatusCode::UNAUTHORIZED,
        ErrorCode::NB013 => StatusCode::TOO_MANY_REQUESTS,
    }
}

/// The `Retry-After` seconds sent with each transient code, if any.
pub fn retry_after_for(code: ErrorCode) -> Option<u64> {
    match code {
        ErrorCode::NB003 | ErrorCode::NB013 | ErrorCode::NB017 => Some(RETRY_SOON_SECS),
        ErrorCode::NB008 | ErrorCode::NB014 => Some(RETRY_LATER_SECS),
        _ => None,
    }
}

impl ApiError {
    /// The stable NB code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::App(e) => e.code(),
            Self::Malformed(_)
            | Self::UnsupportedMediaType(_)
            | Self::PayloadTooLarge(_)
            | Self::NotFound(_)
            | Self::MethodNotAllowed { .. } => ErrorCode::NB010,
            Self::Invalid(_) => ErrorCode::NB009,
            Self::Unauthenticated(_) => ErrorCode::NB011,
            Self::Forbidden(_) => ErrorCode::NB012,
            Self::RateLimited { .. } => ErrorCode::NB013,
            Self::Timeout(_) | Self::Overloaded(_) => ErrorCode::NB017,
            Self::Internal(_) => ErrorCode::NB000,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            _ => status_for(self.code()),
        }
    }

    /// The `Retry-After` seconds, for failures worth retrying.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs } => Some((*retry_after_secs).max(1)),
            _ => retry_after_for(self.code()),
        }
    }

    /// A 429 for a limiter that says when the next request may come.
    pub fn rate_limited(wait: Duration) -> Self {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Self::RateLimited {
            retry_after_secs: secs.max(1),
        }
    }

    /// What the client is told, as a catalogue message: never internals
    /// (NB000 and NB014 get a generic text; the detail is logged).
    pub fn message(&self) -> Message {
        match self {
            Self::App(e) => e.message(),
            Self::Malformed(m)
            | Self::UnsupportedMediaType(m)
            | Self::PayloadTooLarge(m)
            | Self::Invalid(m)
            | Self::Unauthenticated(m)
            | Self::Forbidden(m)
            | Self::NotFound(m)
            | Self::Overloaded(m) => m.clone(),
            Self::RateLimited { retry_after_secs } => {
                Message::new("rate-limited").with("seconds", *retry_after_secs)
            }
            Self::MethodNotAllowed { method, path } => Message::new("method-not-allowed")
                .with("method", method)
                .with("path", path),
            Self::Timeout(secs) => Message::new("request-timeout").with("seconds", *secs),
            Self::Internal(_) => Message::new("internal-error"),
        }
    }

    /// The message shown to the client, in English (the default language).
    pub fn client_message(&self) -> String {
        docnum_i18n::render(Locale::En, &self.message())
    }

    fn log(&self) {
        match self.code() {
            ErrorCode::NB000 => tracing::error!(error = %self, "internal error"),
            ErrorCode::NB014 => tracing::warn!(error = %self, "database unavailable"),
            code if self.status().is_server_error() => {
                tracing::warn!(code = %code, error = %self, "request failed");
            }
            code => tracing::debug!(code = %code, error = %self, "request rejected"),
        }
    }
}

/// The error half of the envelope: `{"success": false, "error": {…}}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ErrorEnvelope {
    /// Always `false`.
    #[schema(example = false)]
    pub(crate) success: bool,
    /// What went wrong.
    pub(crate) error: ErrorBody,
    /// The message as key and arguments, rendered again in the client's
    /// language once the request's `Accept-Language` is at hand.
    #[serde(skip)]
    pub(crate) message: Message,
}

/// A failure as clients see it. `code` and `name` never change with the
/// language; `message` is written for people, in the language negotiated
/// from `Accept-Language` (English or Thai, see `Content-Language`), so
/// clients must branch on `code`, never on `message`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    /// The stable code, `NB000`–`NB020` (see the code table in docs/api.md).
    #[schema(pattern = "^NB[0-9]{3}$", example = "NB004")]
    pub(crate) code: String,
    /// The code's symbolic name, e.g. `RESERVATION_EXPIRED`.
    #[schema(example = "RESERVATION_EXPIRED")]
    pub(crate) name: String,
    /// What happened and what to do about it, for people, in the language of
    /// the answer's `Content-Language` (`en` or `th`); its words may change
    /// between releases: branch on `code`.
    #[schema(
        example = "reservation expired: its TTL passed before it was confirmed; reserve a new number"
    )]
    pub(crate) message: String,
    /// The request's `x-request-id`, to quote when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) request_id: Option<String>,
}

impl ErrorEnvelope {
    pub(crate) fn to_body(&self) -> axum::body::Body {
        axum::body::Body::from(serde_json::to_vec(self).unwrap_or_else(|_| {
            br#"{"success":false,"error":{"code":"NB000","name":"INTERNAL_ERROR","message":"unserialisable error"}}"#.to_vec()
        }))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let code = self.code();
        let envelope = ErrorEnvelope {
            success: false,
            error: ErrorBody {
                code: code.as_str().to_owned(),
                name: code.name().to_owned(),
                message: self.client_message(),
                request_id: None,
            },
            message: self.message(),
        };
        let mut response = Response::new(envelope.to_body());
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(secs) = self.retry_after() {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if code == ErrorCode::NB011 {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        // Read by the error finisher (language, request id, the count by code).
        response.extensions_mut().insert(envelope);
        response
    }
}
