//! Every answer the router gives in these tests is checked against the
//! OpenAPI document it serves: the status must be declared for the operation
//! and the JSON body must match that response's schema, with every object
//! schema closed (an undocumented field fails, though the published document
//! leaves objects open so that clients tolerate additions). Answers outside
//! any operation (404 and 405 fallbacks) must be the error envelope.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use serde_json::{Map, Value};

/// The document with `#/components/schemas/` moved to `#/$defs/` and every
/// object schema closed, so that one schema can hold any response's.
static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let text = serde_json::to_string(&docnum_api::openapi())
        .unwrap_or_default()
        .replace("#/components/schemas/", "#/$defs/");
    let mut doc: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    close_objects(&mut doc["components"]["schemas"]);
    doc
});

/// Compiled validators by (operation key, status).
static VALIDATORS: LazyLock<Mutex<HashMap<String, jsonschema::Validator>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Adds `additionalProperties: false` to every object schema that lists its
/// properties and says nothing about others.
pub(crate) fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".to_owned(), Value::Bool(false));
            }
            for v in map.values_mut() {
                close_objects(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// The document's path template matching `path` for `method`, preferring
/// literal segments over parameters (`/series/preview-template` over
/// `/series/{document_type}`).
fn operation_for(method: &str, path: &str) -> Option<(String, Value)> {
    let paths = DOCUMENT["paths"].as_object()?;
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Option<(usize, String, Value)> = None;
    for (template, item) in paths {
        let Some(op) = item.get(method) else { continue };
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut literal = 0;
        let matches = parts.iter().zip(&segments).all(|(t, s)| {
            if t.starts_with('{') && t.ends_with('}') {
                !s.is_empty()
            } else {
                literal += 1;
                t == s
            }
        });
        if matches && best.as_ref().is_none_or(|(l, ..)| literal > *l) {
            best = Some((literal, template.clone(), op.clone()));
        }
    }
    best.map(|(_, template, op)| (template, op))
}

/// The response object for `status`, shared responses resolved.
fn response_for(op: &Value, status: u16) -> Option<Value> {
    let response = op["responses"].get(status.to_string())?;
    match response["$ref"].as_str() {
        Some(r) => {
            let name = r.trim_start_matches("#/components/responses/");
            Some(DOCUMENT["components"]["responses"][name].clone())
        }
        None => Some(response.clone()),
    }
}

fn validator(key: &str, schema: &Value) -> Result<(), String> {
    let mut cache = VALIDATORS.lock().map_err(|e| e.to_string())?;
    if !cache.contains_key(key) {
        let mut full = Map::new();
        full.insert(
            "$schema".to_owned(),
            Value::String("https://json-schema.org/draft/2020-12/schema".to_owned()),
        );
        full.insert(
            "$defs".to_owned(),
            DOCUMENT["components"]["schemas"].clone(),
        );
        full.insert("allOf".to_owned(), Value::Array(vec![schema.clone()]));
        let compiled = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&Value::Object(full))
            .map_err(|e| format!("the document's schema for {key} does not compile: {e}"))?;
        cache.insert(key.to_owned(), compiled);
    }
    Ok(())
}

/// Checks one answer; `Err` says what is wrong.
pub(crate) fn check(
    method: &str,
    uri: &str,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<(), String> {
    let path = uri.split('?').next().unwrap_or(uri);
    if path.starts_with("/swagger-ui") || path == docnum_api::OPENAPI_PATH {
        return Ok(());
    }
    let method = method.to_ascii_lowercase();
    let (key, schema) = match operation_for(&method, path) {
        Some((template, op)) => {
            let Some(response) = response_for(&op, status) else {
                return Err(format!(
                    "{method} {template} answered {status}, which its operation does not declare"
                ));
            };
            let json = &response["content"]["application/json"]["schema"];
            if json.is_null() {
                // Not JSON (the metrics text): the declared status is all there is to check.
                return Ok(());
            }
            (format!("{method} {template} {status}"), json.clone())
        }
        None => (
            "fallback".to_owned(),
            serde_json::json!({"$ref": "#/$defs/ErrorEnvelope"}),
        ),
    };
    if !content_type.is_some_and(|c| c.starts_with("application/json")) {
        return Err(format!(
            "{key}: content type {content_type:?}, expected application/json"
        ));
    }
    let instance: Value =
        serde_json::from_str(body).map_err(|e| format!("{key}: the body is not JSON: {e}"))?;
    validator(&key, &schema)?;
    let cache = VALIDATORS.lock().map_err(|e| e.to_string())?;
    let Some(compiled) = cache.get(&key) else {
        return Err(format!("{key}: no validator"));
    };
    let errors: Vec<String> = compiled
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{key}: the body breaks its schema: {}\nbody: {body}",
            errors.join("; ")
        ))
    }
}
