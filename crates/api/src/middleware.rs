//! The layers around every route, outermost first: the latency histogram
//! (by route template and status), request id (set, then
//! traced, then echoed in `x-request-id`), the error finisher (renders the
//! message in the request's language, puts the request id into error
//! envelopes and counts `numbering_errors_total`), a
//! 30 s timeout (503 NB017), a panic catcher (500 NB000) and the body limit
//! (413 NB010); plus the 404 and 405 fallbacks, answered with the envelope.

use std::any::Any;
use std::time::{Duration, Instant};

use axum::BoxError;
use axum::Router;
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::http::{HeaderName, Method, Uri};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use docnum_domain::Message;
use tower::ServiceBuilder;
use tower::timeout::TimeoutLayer;
use tower::timeout::error::Elapsed;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::BASE_PATH;
use crate::error::{ApiError, ErrorEnvelope};
use crate::extract::BODY_LIMIT;
use crate::language;
use crate::state::AppState;

/// How long a request may take before it is abandoned.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The `route` label of requests that matched no route (404s).
const UNMATCHED_ROUTE: &str = "unmatched";

/// The request id header (a UUID unless the client sent one).
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `router` in the fallbacks and layers every request goes through.
pub(crate) fn apply(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(from_fn_with_state(state.clone(), record_latency))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(span_for)
                        .on_request(())
                        .on_response(DefaultOnResponse::new().level(Level::INFO))
                        // Failures are logged once, by ApiError.
                        .on_failure(()),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(from_fn_with_state(state.clone(), finish_errors))
                .layer(HandleErrorLayer::new(on_timeout))
                .layer(TimeoutLayer::new(REQUEST_TIMEOUT))
                .layer(CatchPanicLayer::custom(on_panic))
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
}

fn span_for(request: &Request<Body>) -> Span {
    let request_id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id,
        user_id = tracing::field::Empty,
    )
}

/// Observes `http_request_duration_seconds` by method, route template (never
/// the raw path: ids and numbers would make a series each) and status.
async fn record_latency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED_ROUTE.to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    state.numbering.metrics().http_request(
        method.as_str(),
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Finishes error envelopes: the message in the request's language (with
/// `Content-Language`), the request id, and the count by error code.
async fn finish_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let locale = language::requested(request.headers(), state.default_locale);
    let mut response = next.run(request).await;
    if let Some(mut envelope) = response.extensions_mut().remove::<ErrorEnvelope>() {
        state.numbering.metrics().error(&envelope.error.code);
        envelope.error.request_id = request_id;
        envelope.error.message = docnum_i18n::render(locale, &envelope.message);
        *response.body_mut() = envelope.to_body();
        let headers = response.headers_mut();
        headers.remove(CONTENT_LENGTH);
        language::mark(headers, locale);
    }
    response
}

async fn on_timeout(error: BoxError) -> ApiError {
    if error.is::<Elapsed>() {
        ApiError::Timeout(REQUEST_TIMEOUT.as_secs())
    } else {
        ApiError::Internal(format!("middleware failed: {error}"))
    }
}

#[allow(clippy::needless_pass_by_value)] // CatchPanicLayer's signature
fn on_panic(payload: Box<dyn Any + Send + 'static>) -> Response {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-string payload".to_owned());
    ApiError::Internal(format!("handler panicked: {what}")).into_response()
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(
        Message::new("route-not-found")
            .with("path", uri.path())
            .with("base", BASE_PATH),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::MethodNotAllowed {
        method: method.to_string(),
        path: uri.path().to_owned(),
    }
}
