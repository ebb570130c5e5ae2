//! The OpenAPI document: snapshot and structural checks.

use std::collections::BTreeSet;

use serde_json::Value;

fn document() -> Value {
    serde_json::to_value(docnum_api::openapi()).unwrap_or(Value::Null)
}

/// Every (path, method, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "put", "post", "delete", "patch"] {
                if let Some(op) = item.get(method) {
                    out.push((path.clone(), method.to_owned(), op.clone()));
                }
            }
        }
    }
    out
}

#[test]
fn openapi_document_matches_the_snapshot() {
    insta::assert_json_snapshot!("openapi", document());
}

#[test]
fn document_is_openapi_3_1() {
    assert_eq!(document()["openapi"], "3.1.0");
}

#[test]
fn every_operation_has_a_unique_operation_id() {
    let doc = document();
    let ops = operations(&doc);
    assert!(ops.len() >= 19, "only {} operations", ops.len());
    let mut seen = BTreeSet::new();
    for (path, method, op) in &ops {
        let id = op["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(seen.insert(id.to_owned()), "operationId {id} is used twice");
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{method} {path} has no tag"
        );
    }
}

#[test]
fn every_operation_except_probes_and_metrics_needs_the_bearer_token() {
    let doc = document();
    for (path, method, op) in operations(&doc) {
        let public = matches!(path.as_str(), "/healthz" | "/readyz" | "/metrics");
        let secured = op["security"]
            .as_array()
            .is_some_and(|reqs| reqs.iter().any(|r| r.get("bearer").is_some()));
        assert_eq!(secured, !public, "{method} {path}: secured = {secured}");
        if secured {
            assert!(
                op["responses"].get("401").is_some(),
                "{method} {path} does not declare 401"
            );
        }
    }
}

#[test]
fn the_bearer_scheme_is_a_jwt_http_scheme() {
    let doc = document();
    let scheme = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert_eq!(scheme["bearerFormat"], "JWT");
}

#[test]
fn every_error_response_carries_the_error_envelope() {
    let doc = document();
    let shared = &doc["components"]["responses"];
    for (path, method, op) in operations(&doc) {
        let Some(responses) = op["responses"].as_object() else {
            panic!("{method} {path} has no responses");
        };
        for (status, response) in responses {
            if !status.starts_with('4') && !status.starts_with('5') {
                continue;
            }
            let response = match response["$ref"].as_str() {
                Some(r) => &shared[r.trim_start_matches("#/components/responses/")],
                None => response,
            };
            assert_eq!(
                response["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorEnvelope",
                "{method} {path} {status}"
            );
        }
    }
}

#[test]
fn operations_with_a_body_declare_the_body_failures() {
    let doc = document();
    for (path, method, op) in operations(&doc) {
        if op.get("requestBody").is_none() {
            continue;
        }
        for status in ["400", "413", "415", "422"] {
            assert!(
                op["responses"].get(status).is_some(),
                "{method} {path} does not declare {status}"
            );
        }
    }
}
