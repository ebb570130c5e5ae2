//! The layers around every route, outermost first: the latency histogram
//! (by route template and status), request id (set, then
//! traced, then echoed in `x-request-id`), the error finisher (renders the
//! message in the request's language, puts the request id into error
//! envelopes and counts `numbering_errors_total`), a timeout
//! (`Limits::request_timeout`, 30 s by default: 503 NB017), a panic catcher
//! (500 NB000) and the body limit
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

/// The `route` label of requests that matched no route (404s).
const UNMATCHED_ROUTE: &str = "unmatched";

/// The request id header (a UUID unless the client sent a fit one).
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client request id kept (it is logged and echoed).
const MAX_REQUEST_ID_LEN: usize = 128;

/// Wraps `router` in the fallbacks and layers every request goes through.
pub(crate) fn apply(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    let timeout = state.limits.request_timeout;
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(from_fn_with_state(state.clone(), record_latency))
                .layer(axum::middleware::from_fn(drop_unfit_request_id))
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
                .layer(HandleErrorLayer::new(move |e| {
                    std::future::ready(on_timeout(&e, timeout))
                }))
                .layer(TimeoutLayer::new(timeout))
                .layer(CatchPanicLayer::custom(on_panic))
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
}

/// Removes a client's `x-request-id` that is not 1-128 printable ASCII
/// characters (or sent twice), so that a fresh UUID replaces it: it is copied
/// into every log line and error of the request.
async fn drop_unfit_request_id(mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let mut sent = headers.get_all(&REQUEST_ID).iter();
    let fit = match (sent.next(), sent.next()) {
        (Some(value), None) => {
            let bytes = value.as_bytes();
            !bytes.is_empty()
                && bytes.len() <= MAX_REQUEST_ID_LEN
                && bytes.iter().all(u8::is_ascii_graphic)
        }
        (None, _) => true,
        (Some(_), Some(_)) => false,
    };
    if !fit {
        request.headers_mut().remove(&REQUEST_ID);
    }
    next.run(request).await
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
/// the raw path: ids and numbers would make a series each) and status. Every
/// label comes from a closed set, so no client can make a new time series:
/// the route is a template of the router (or `unmatched`), the method one of
/// the standard nine (or `OTHER`), the status one the server chose.
async fn record_latency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED_ROUTE.to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    state.numbering.metrics().http_request(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// The `method` label: a standard method, or `OTHER` for any extension
/// method (hyper accepts any token as a method).
pub(crate) fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::CONNECT => "CONNECT",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        Method::PATCH => "PATCH",
        _ => "OTHER",
    }
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

fn on_timeout(error: &BoxError, timeout: Duration) -> ApiError {
    if error.is::<Elapsed>() {
        ApiError::Timeout(timeout.as_secs())
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
