//! The error mapping: every NB code has its HTTP status, transient codes
//! carry Retry-After, and internals never reach the client.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use axum::http::StatusCode;
use axum::response::IntoResponse as _;
use docnum_api::{ApiError, retry_after_for, status_for};
use docnum_application::AppError;
use docnum_domain::{DomainError, ErrorCode, Message, NumberState};

#[test]
fn every_error_code_has_the_status_of_the_spec() {
    let expected = [
        (ErrorCode::NB000, 500),
        (ErrorCode::NB001, 404),
        (ErrorCode::NB002, 409),
        (ErrorCode::NB003, 503),
        (ErrorCode::NB004, 410),
        (ErrorCode::NB005, 409),
        (ErrorCode::NB006, 422),
        (ErrorCode::NB007, 403),
        (ErrorCode::NB008, 503),
        (ErrorCode::NB009, 422),
        (ErrorCode::NB010, 400),
        (ErrorCode::NB011, 401),
        (ErrorCode::NB012, 403),
        (ErrorCode::NB013, 429),
        (ErrorCode::NB014, 503),
        (ErrorCode::NB015, 422),
        (ErrorCode::NB016, 409),
        (ErrorCode::NB017, 503),
        (ErrorCode::NB018, 404),
        (ErrorCode::NB019, 409),
        (ErrorCode::NB020, 409),
    ];
    assert_eq!(expected.len(), ErrorCode::ALL.len());
    for (code, status) in expected {
        assert_eq!(status_for(code).as_u16(), status, "{code}");
    }
}

#[test]
fn unavailable_and_throttled_codes_say_when_to_retry() {
    for code in ErrorCode::ALL {
        let status = status_for(code);
        let transient =
            status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::TOO_MANY_REQUESTS;
        assert_eq!(retry_after_for(code).is_some(), transient, "{code}");
    }
}

#[test]
fn application_errors_keep_their_code_and_status() {
    let cases: [(AppError, ErrorCode, u16); 7] = [
        (AppError::SeriesNotFound("X".into()), ErrorCode::NB001, 404),
        (
            DomainError::ReservationGone {
                state: Some(NumberState::Expired),
            }
            .into(),
            ErrorCode::NB004,
            410,
        ),
        (
            AppError::IdempotencyConflict("k".into()),
            ErrorCode::NB015,
            422,
        ),
        (
            AppError::LockTimeout("COR|GLOBAL".into()),
            ErrorCode::NB003,
            503,
        ),
        (AppError::SeriesChanged("COR".into()), ErrorCode::NB003, 503),
        (
            AppError::NumberNotFound("COR-1".into()),
            ErrorCode::NB018,
            404,
        ),
        (AppError::SeriesExists("COR".into()), ErrorCode::NB020, 409),
    ];
    for (app, code, status) in cases {
        let err = ApiError::from(app);
        assert_eq!((err.code(), err.status().as_u16()), (code, status), "{err}");
    }
}

#[test]
fn api_level_failures_have_their_own_statuses() {
    let cases = [
        (
            ApiError::Malformed(Message::new("x")),
            ErrorCode::NB010,
            400,
        ),
        (
            ApiError::UnsupportedMediaType(Message::new("x")),
            ErrorCode::NB010,
            415,
        ),
        (
            ApiError::PayloadTooLarge(Message::new("x")),
            ErrorCode::NB010,
            413,
        ),
        (ApiError::Invalid(Message::new("x")), ErrorCode::NB009, 422),
        (
            ApiError::Unauthenticated(Message::new("x")),
            ErrorCode::NB011,
            401,
        ),
        (
            ApiError::Forbidden(Message::new("x")),
            ErrorCode::NB012,
            403,
        ),
        (
            ApiError::RateLimited {
                retry_after_secs: 3,
            },
            ErrorCode::NB013,
            429,
        ),
        (ApiError::NotFound(Message::new("x")), ErrorCode::NB010, 404),
        (
            ApiError::MethodNotAllowed {
                method: "GET".into(),
                path: "/x".into(),
            },
            ErrorCode::NB010,
            405,
        ),
        (ApiError::Timeout(30), ErrorCode::NB017, 503),
        (ApiError::Internal("x".into()), ErrorCode::NB000, 500),
    ];
    for (err, code, status) in cases {
        assert_eq!((err.code(), err.status().as_u16()), (code, status), "{err}");
    }
}

#[test]
fn rate_limit_wait_is_rounded_up_to_whole_seconds() {
    use std::time::Duration;
    let secs = |d| ApiError::rate_limited(d).retry_after();
    assert_eq!(secs(Duration::from_millis(1)), Some(1));
    assert_eq!(secs(Duration::from_millis(1500)), Some(2));
    assert_eq!(secs(Duration::from_secs(3)), Some(3));
    assert_eq!(secs(Duration::ZERO), Some(1));
}

async fn envelope_of(err: ApiError) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
    let resp = err.into_response();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, headers, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn internal_errors_answer_a_generic_message() {
    let (status, _, body) =
        envelope_of(AppError::Internal("pool: password=hunter2".into()).into()).await;
    assert_eq!(status, 500);
    assert_eq!(body["success"], false);
    assert_eq!(body["error"]["code"], "NB000");
    assert_eq!(body["error"]["name"], "INTERNAL_ERROR");
    assert!(!body.to_string().contains("hunter2"), "{body}");
}

#[tokio::test]
async fn database_details_stay_in_the_log() {
    let (status, headers, body) =
        envelope_of(AppError::Unavailable("host db-7.internal refused".into()).into()).await;
    assert_eq!(status, 503);
    assert_eq!(headers["retry-after"], "5");
    assert_eq!(body["error"]["code"], "NB014");
    assert!(!body.to_string().contains("db-7"), "{body}");
}

#[tokio::test]
async fn the_envelope_names_the_code_and_says_what_to_do() {
    let gone = DomainError::ReservationGone {
        state: Some(NumberState::Cancelled),
    };
    let (status, headers, body) = envelope_of(AppError::from(gone).into()).await;
    assert_eq!(status, 410);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(body["error"]["code"], "NB004");
    assert_eq!(body["error"]["name"], "RESERVATION_EXPIRED");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("CANCELLED"),
        "{body}"
    );
}

#[tokio::test]
async fn unauthenticated_answers_carry_www_authenticate() {
    let (status, headers, _) =
        envelope_of(ApiError::Unauthenticated(Message::new("auth-expired"))).await;
    assert_eq!(status, 401);
    assert_eq!(headers["www-authenticate"], "Bearer");
}
