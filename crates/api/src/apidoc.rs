//! The OpenAPI 3.1 document. Paths come from the handlers' `#[utoipa::path]`
//! through utoipa-axum's router, so the document and the router are one
//! value and cannot drift. Each handler declares the failures particular to
//! it; [`complete`] adds those every operation of a kind shares (401, the
//! per-user budgets' 429, 500 and the timeout's or the in-flight cap's 503
//! when it is secured, 400/413/415 when it takes a body, 422 when it takes
//! parameters) as shared `components.responses`.

use axum::Router;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr, Required};
use utoipa_axum::router::OpenApiRouter;

use crate::error::ErrorEnvelope;
use crate::state::AppState;

/// The name of the bearer security scheme operations refer to.
pub(crate) const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "docnum",
        description = "Document numbering: reserve, confirm, cancel, void and audit document numbers \
                       that are never handed out twice. Every answer is an envelope: \
                       `{\"success\": true, \"data\": …}` or \
                       `{\"success\": false, \"error\": {\"code\", \"name\", \"message\", \"request_id\"}}`. \
                       Error messages are localised: English by default, Thai with \
                       `Accept-Language: th` (q-values honoured; the server's default is \
                       `DOCNUM_DEFAULT_LOCALE`), and every error answer says which in \
                       `Content-Language`. `code` and `name` never change with the language: \
                       clients must branch on `code`, never on `message`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    tags(
        (name = "numbers", description = "Reserve, confirm, cancel, preview, register by hand, void and read numbers"),
        (name = "series", description = "Numbering configurations and their history"),
        (name = "admin", description = "Status of counters and the audit log"),
        (name = "health", description = "Probes and metrics (no authentication)"),
    ),
    components(schemas(ErrorEnvelope)),
)]
struct ApiDoc;

/// The router and its document, built together.
pub(crate) fn build() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::routes::routes())
        .split_for_parts();
    complete(&mut doc);
    (router, doc)
}

/// Shared responses: (component name, status, description).
const SHARED: [(&str, &str, &str); 8] = [
    (
        "MalformedRequest",
        "400",
        "NB010: the body is not valid JSON",
    ),
    (
        "Unauthenticated",
        "401",
        "NB011: the bearer token is missing, malformed, expired or wrongly signed; get a new one",
    ),
    (
        "PayloadTooLarge",
        "413",
        "NB010: the body is larger than 64 KiB",
    ),
    (
        "UnsupportedMediaType",
        "415",
        "NB010: the body is not sent as `Content-Type: application/json`",
    ),
    (
        "InvalidParameter",
        "422",
        "NB009: a path or query parameter is malformed or out of bounds",
    ),
    (
        "RateLimited",
        "429",
        "NB013: this user spent its request budget for now (reads and other requests are \
         counted apart), or this address failed authentication too often; retry after \
         `Retry-After` seconds",
    ),
    (
        "InternalError",
        "500",
        "NB000: an unexpected failure, logged with the request id; report it if it persists",
    ),
    (
        "Abandoned",
        "503",
        "NB017: the request took longer than the server's request timeout (30 s by default) \
         and was abandoned, its effect unknown; or the server is at its cap of requests in \
         flight and did not start it. Retry after `Retry-After` seconds (with the same \
         `Idempotency-Key` for a reservation)",
    ),
];

/// Adds the bearer scheme and the shared failure responses.
fn complete(doc: &mut utoipa::openapi::OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "A JWT with `sub`, `permissions` (e.g. `[\"numbering:reserve\"]`) and `exp` \
                     (`nbf`, `aud` and `iss` checked when present or configured): HS256 with \
                     the shared secret, or RS256/ES256 from an identity provider's keys",
                ))
                .build(),
        ),
    );
    for (name, status, description) in SHARED {
        components.responses.insert(
            name.to_owned(),
            RefOr::T(shared_response(status, description)),
        );
    }
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in operations.into_iter().flatten() {
            add_shared(op);
        }
    }
}

fn add_shared(op: &mut Operation) {
    // A path parameter is always required (utoipa loses that for one whose
    // schema comes from `schema_with`).
    for parameter in op.parameters.iter_mut().flatten() {
        if let RefOr::T(parameter) = parameter
            && parameter.parameter_in == ParameterIn::Path
        {
            parameter.required = Required::True;
        }
    }
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = op.request_body.is_some();
    let has_parameters = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    for (name, status, _) in SHARED {
        // 401, 429, 500 and 503 on secured operations; the body failures where
        // there is one; 422 where there are parameters to get wrong. An
        // operation's own answer for a status is kept.
        let applies = match status {
            "400" | "413" | "415" => has_body,
            "422" => has_parameters,
            _ => secured,
        };
        if applies {
            op.responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
        }
    }
}

fn shared_response(status: &str, description: &str) -> Response {
    let mut response = ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
            .build(),
    );
    if status == "503" || status == "429" {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(0)),
                ))
                .description(Some("Seconds to wait"))
                .build(),
        );
    }
    if status == "401" {
        response = response.header(
            "WWW-Authenticate",
            HeaderBuilder::new()
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .description(Some("`Bearer`"))
                .build(),
        );
    }
    response.build()
}
