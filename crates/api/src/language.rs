//! The language of an answer: negotiated from the request's
//! `Accept-Language`, else the server's default (`DOCNUM_DEFAULT_LOCALE`).
//!
//! Only error answers carry text for people, so only they are localised and
//! say `Content-Language`; success answers are data (numbers, codes, field
//! names), the same in every language, and carry neither.

use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, VARY};
use axum::http::{HeaderMap, HeaderValue};
use docnum_i18n::{Locale, MAX_ACCEPT_LANGUAGE_BYTES};

/// The language `headers` ask for, `default` when they name none docnum
/// speaks. At most [`MAX_ACCEPT_LANGUAGE_BYTES`] of the header are read,
/// whatever its length.
pub(crate) fn requested(headers: &HeaderMap, default: Locale) -> Locale {
    let Some(value) = headers.get(ACCEPT_LANGUAGE) else {
        return default;
    };
    let bytes = value.as_bytes();
    let head = &bytes[..bytes.len().min(MAX_ACCEPT_LANGUAGE_BYTES)];
    Locale::negotiate(&String::from_utf8_lossy(head), default)
}

/// Marks a localised answer: `Content-Language: <tag>` and, for caches,
/// `Vary: Accept-Language`.
pub(crate) fn mark(headers: &mut HeaderMap, locale: Locale) {
    headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(locale.tag()));
    headers.append(VARY, HeaderValue::from_static("accept-language"));
}
