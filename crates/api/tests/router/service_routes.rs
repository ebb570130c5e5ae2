//! The routes around the API: liveness and readiness probes, metrics, the
//! OpenAPI document and Swagger UI.

use axum::http::Method;
use docnum_application::AppError;
use serde_json::json;
use std::sync::Arc;

use crate::common::{app, app_with, send};

#[tokio::test]
async fn probes_report_liveness_and_readiness() {
    let app = app();
    let h = send(&app.router, Method::GET, "/healthz", None, None).await;
    assert_eq!(
        (h.status.as_u16(), &h.body),
        (200, &json!({"success": true, "data": {"status": "ok"}}))
    );
    let ready = send(&app.router, Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, 200);
    let refused = "connection refused by 10.1.2.3:5432".to_owned();
    app.store.fail_all(Some(AppError::Unavailable(refused)));
    let down = send(&app.router, Method::GET, "/readyz", None, None).await;
    assert_eq!(
        (down.status.as_u16(), down.code()),
        (503, "NB014"),
        "{}",
        down.text
    );
    assert!(down.headers.contains_key("retry-after"));
    assert!(!down.text.contains("10.1.2.3"), "{}", down.text);
    let live = send(&app.router, Method::GET, "/healthz", None, None).await;
    assert_eq!(live.status, 200, "liveness does not depend on the database");
}

#[tokio::test]
async fn metrics_are_served_when_configured() {
    let disabled = send(&app().router, Method::GET, "/metrics", None, None).await;
    assert_eq!((disabled.status.as_u16(), disabled.code()), (404, "NB010"));
    let app = app_with(
        100,
        Some(Arc::new(|| {
            "numbering_errors_total{code=\"NB001\"} 1\n".to_owned()
        })),
    );
    let r = send(&app.router, Method::GET, "/metrics", None, None).await;
    assert_eq!(r.status, 200);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(r.text.contains("numbering_errors_total"));
}

#[tokio::test]
async fn the_served_document_is_openapi_and_swagger_ui_is_up() {
    let app = app();
    let doc = send(
        &app.router,
        Method::GET,
        docnum_api::OPENAPI_PATH,
        None,
        None,
    )
    .await;
    assert_eq!(doc.status, 200);
    assert_eq!(
        doc.body,
        serde_json::to_value(docnum_api::openapi()).unwrap()
    );
    let ui = send(&app.router, Method::GET, "/swagger-ui/", None, None).await;
    assert_eq!(ui.status, 200);
    assert!(ui.text.contains("swagger"), "{}", ui.text);
}
