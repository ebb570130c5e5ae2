//! The OpenAPI document: snapshot and structural checks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

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
            for status in ["401", "429", "503"] {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{method} {path} does not declare {status}"
                );
            }
        }
    }
}

/// An operation's answer for `status`, through its `$ref` if it has one.
fn response<'a>(doc: &'a Value, op: &'a Value, status: &str) -> &'a Value {
    let response = &op["responses"][status];
    match response["$ref"].as_str() {
        Some(r) => &doc["components"]["responses"][r.trim_start_matches("#/components/responses/")],
        None => response,
    }
}

#[test]
fn every_429_and_503_says_when_to_retry() {
    let doc = document();
    for (path, method, op) in operations(&doc) {
        for status in ["429", "503"] {
            if op["responses"].get(status).is_some() {
                assert!(
                    response(&doc, &op, status)["headers"]
                        .get("Retry-After")
                        .is_some(),
                    "{method} {path} {status} has no Retry-After"
                );
            }
        }
    }
}

#[test]
fn metrics_declares_the_401_of_its_optional_token() {
    let doc = document();
    let metrics = &doc["paths"]["/metrics"]["get"];
    assert!(
        response(&doc, metrics, "401")["description"]
            .as_str()
            .is_some_and(|d| d.contains("DOCNUM_METRICS_TOKEN")),
        "{metrics}"
    );
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

#[test]
fn no_schema_is_a_composition() {
    // Composition (allOf) with closed parts is what made `Series` reject its
    // own answers and `SeriesUpdate` unsatisfiable: every schema is one
    // plain object (or a oneOf of alternatives).
    let text = serde_json::to_string(&document()).unwrap_or_default();
    assert!(!text.contains("\"allOf\""), "the document composes schemas");
}

#[test]
fn only_request_bodies_refuse_unknown_fields() {
    let doc = document();
    let schemas = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let closed: BTreeSet<&str> = schemas
        .iter()
        .filter(|(_, s)| s["additionalProperties"] == Value::Bool(false))
        .map(|(name, _)| name.as_str())
        .collect();
    let bodies: BTreeSet<String> = operations(&doc)
        .iter()
        .filter_map(|(_, _, op)| {
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .map(|r| r.trim_start_matches("#/components/schemas/").to_owned())
        })
        .collect();
    let bodies: BTreeSet<&str> = bodies.iter().map(String::as_str).collect();
    assert_eq!(closed, bodies);
}

/// The schema of `property` in component `schema`.
fn property(doc: &Value, schema: &str, property: &str) -> Value {
    doc["components"]["schemas"][schema]["properties"][property].clone()
}

fn accepts(schema: &Value, value: &str) -> bool {
    jsonschema::draft202012::new(schema)
        .unwrap_or_else(|e| panic!("{schema} does not compile: {e}"))
        .is_valid(&Value::String(value.to_owned()))
}

/// Every string of 1-3 characters over an alphabet of the edge cases
/// (letters, digits, punctuation, ASCII and Unicode whitespace, control
/// characters, separators, braces, Thai), plus lengths around the limits.
fn samples() -> Vec<String> {
    let alphabet = [
        "A", "z", "0", "_", "-", ".", "/", " ", "\t", "\n", "\r", "{", "}", "ก", "\u{85}",
        "\u{a0}", "\u{2028}", "\u{3000}", "\u{feff}", "\u{7f}", "\u{1}", "\u{200b}", "\u{202e}",
    ];
    let mut out = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..3 {
        let next: Vec<String> = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        out.extend(next.iter().cloned());
        last = next;
    }
    for n in [
        9, 10, 11, 49, 50, 51, 99, 100, 101, 199, 200, 201, 999, 1000, 1001,
    ] {
        out.push("X".repeat(n));
        out.push(format!(" {}", "ก".repeat(n)));
    }
    let pairs: Vec<String> = out
        .iter()
        .filter(|s| s.chars().count() == 2)
        .cloned()
        .collect();
    for s in pairs {
        out.push(format!("{s}123456789"));
        out.push(format!("123456789{s}"));
        out.push(format!("1234{s}5678"));
        out.push(format!("{s}12345678"));
    }
    out
}

fn assert_agrees(what: &str, schema: &Value, server: impl Fn(&str) -> bool) {
    let validator = jsonschema::draft202012::new(schema)
        .unwrap_or_else(|e| panic!("{what}: {schema} does not compile: {e}"));
    for s in samples() {
        let published = validator.is_valid(&Value::String(s.clone()));
        assert_eq!(
            published,
            server(&s),
            "{what}: the document says {published} for {s:?}"
        );
    }
}

#[test]
fn published_patterns_and_lengths_are_the_servers_rules() {
    use docnum_domain::{
        ContextName, ContextValue, DocumentNumber, DocumentType, Namespace, Reason,
    };
    let doc = document();
    let chars = |s: &str| s.chars().count();
    assert_agrees(
        "document_type",
        &property(&doc, "ReserveRequest", "document_type"),
        |s| DocumentType::new(s).is_ok(),
    );
    assert_agrees(
        "context value",
        &property(&doc, "ReserveRequest", "context")["additionalProperties"],
        |s| ContextValue::new(ContextName::Project, s).is_ok(),
    );
    assert_agrees(
        "namespace",
        &property(&doc, "SeriesConfig", "namespace"),
        |s| Namespace::new(s).is_ok(),
    );
    assert_agrees(
        "document_number",
        &property(&doc, "ManualNumberRequest", "document_number"),
        |s| DocumentNumber::new(s).is_ok(),
    );
    // The validator bounds the raw text, the domain the trimmed one.
    assert_agrees(
        "reason",
        &property(&doc, "ManualNumberRequest", "reason"),
        |s| (1..=Reason::MAX_LEN).contains(&chars(s)) && Reason::new(s).is_ok(),
    );
    assert_agrees(
        "cancel reason",
        &property(&doc, "CancelRequest", "reason"),
        |s| chars(s) <= Reason::MAX_LEN && Reason::new(s).is_ok(),
    );
    assert_agrees(
        "void reason",
        &property(&doc, "VoidRequest", "reason"),
        |s| chars(s) <= Reason::MAX_LEN && Reason::for_void(s).is_ok(),
    );
    assert_agrees(
        "document_ref",
        &property(&doc, "ConfirmRequest", "document_ref"),
        |s| {
            chars(s) <= docnum_application::usecases::MAX_DOCUMENT_REF_LEN
                && !s.chars().any(char::is_control)
        },
    );
    let context = property(&doc, "ReserveRequest", "context");
    let names: Vec<&str> = ContextName::ALL.iter().map(|n| n.as_str()).collect();
    assert_eq!(context["propertyNames"]["enum"], serde_json::json!(names));
    assert!(accepts(
        &property(&doc, "SeriesConfig", "time_zone"),
        "Asia/Bangkok"
    ));
}

#[test]
fn the_idempotency_key_header_is_published_with_its_rule() {
    let doc = document();
    let op = &doc["paths"]["/api/v1/document-numbering/reserve"]["post"];
    let param = op["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "Idempotency-Key"))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(param["in"], "header");
    assert_eq!(param["required"], false);
    let schema = &param["schema"];
    for ok in ["a", "letter-8812", "a b", &"k".repeat(200)] {
        assert!(accepts(schema, ok), "{ok:?}");
    }
    for bad in ["", " a", "a ", "ก", "a\tb", &"k".repeat(201)] {
        assert!(!accepts(schema, bad), "{bad:?}");
    }
}
