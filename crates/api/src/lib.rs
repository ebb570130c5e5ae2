//! docnum's HTTP API: the axum router, its DTOs, bearer-JWT auth, the
//! per-user reserve rate limit, and the OpenAPI 3.1 document.
//!
//! The composition root (the CLI) builds an [`ApiState`] around a
//! [`docnum_application::Numbering`] and serves [`router`] with
//! `into_make_service_with_connect_info::<SocketAddr>()` (the client address
//! is recorded in the audit log). [`openapi`] is the same document the router
//! serves at `/api-docs/openapi.json`.

mod apidoc;
mod auth;
mod client_addr;
mod dto;
mod error;
mod extract;
mod language;
mod limits;
mod middleware;
mod routes;
mod state;

pub use auth::{AuthConfig, AuthUser, DEFAULT_MAX_LIFETIME, KeyError, issue_token, permissions};
pub use docnum_i18n::Locale;
pub use error::{ApiError, retry_after_for, status_for};
pub use limits::Limits;
pub use state::{ApiState, MetricsRenderer};

use utoipa_swagger_ui::SwaggerUi;

/// The prefix of every numbering endpoint.
pub const BASE_PATH: &str = "/api/v1/document-numbering";
/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api-docs/openapi.json";
/// Where Swagger UI is served.
pub const SWAGGER_UI_PATH: &str = "/swagger-ui";

/// The complete application: numbering API, probes, metrics, OpenAPI
/// document, Swagger UI, fallbacks and middleware.
pub fn router(state: ApiState) -> axum::Router {
    let state = state::AppState::new(state);
    let (api, doc) = apidoc::build();
    let app = api.merge(SwaggerUi::new(SWAGGER_UI_PATH).url(OPENAPI_PATH, doc));
    middleware::apply(app, &state).with_state(state)
}

/// A router serving only `GET /metrics` (for a listener of its own, kept
/// off the public network), requiring `Bearer <token>` when one is given.
pub fn metrics_router(render: MetricsRenderer, token: Option<String>) -> axum::Router {
    use axum::http::HeaderMap;
    use axum::response::IntoResponse as _;
    axum::Router::new().route(
        "/metrics",
        axum::routing::get(move |headers: HeaderMap| {
            let answer = routes::metrics_answer(&render, token.as_deref(), &headers);
            async move { answer.into_response() }
        }),
    )
}

/// The OpenAPI 3.1 document (the one [`router`] serves).
pub fn openapi() -> utoipa::openapi::OpenApi {
    apidoc::build().1
}
