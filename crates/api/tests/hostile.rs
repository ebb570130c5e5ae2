//! The router against a hostile client: random methods, paths, headers and
//! bodies never give a 5xx, a panic or a change to the database; a flood
//! of readiness probes reaches the database at most once a second.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::Instant;

use axum::body::Body;
use axum::http::{Method, Request};
use common::{api, app, send, token};
use proptest::prelude::*;
use serde_json::Value;
use tower::ServiceExt as _;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_readiness_probes_touches_the_database_at_most_once_a_second() {
    // The default: an answer is reused for a second.
    let app = common::app_with_limits(100, None, docnum_api::Limits::default());
    let started = Instant::now();
    let probes: Vec<_> = (0..500)
        .map(|_| {
            let router = app.router.clone();
            tokio::spawn(async move {
                let req = Request::get("/readyz").body(Body::empty()).unwrap();
                router.oneshot(req).await.unwrap().status().as_u16()
            })
        })
        .collect();
    for probe in probes {
        assert_eq!(probe.await.unwrap(), 200);
    }
    let seconds = usize::try_from(started.elapsed().as_secs()).unwrap();
    let pings = app.store.pings();
    assert!(pings >= 1);
    assert!(
        pings <= seconds + 1,
        "{pings} database pings in {seconds} s of probes"
    );
}

/// Methods a client may send: the standard ones and garbage.
fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::GET),
        Just(Method::POST),
        Just(Method::PUT),
        Just(Method::PATCH),
        Just(Method::DELETE),
        Just(Method::HEAD),
        Just(Method::OPTIONS),
        "[A-Z]{1,40}".prop_map(|m| Method::from_bytes(m.as_bytes()).unwrap()),
    ]
}

/// Paths: the real routes with random segments, and random text.
fn path() -> impl Strategy<Value = String> {
    let route = prop_oneof![
        Just(api("/reserve")),
        Just(api("/confirm")),
        Just(api("/cancel")),
        Just(api("/preview")),
        Just(api("/manual")),
        Just(api("/void")),
        Just(api("/series")),
        Just(api("/status")),
        Just(api("/audit")),
        Just("/readyz".to_owned()),
        Just("/healthz".to_owned()),
        Just("/metrics".to_owned()),
        Just(api("")),
    ];
    prop_oneof![
        route.clone(),
        (route.clone(), "[a-zA-Z0-9%._~-]{0,60}").prop_map(|(r, s)| format!("{r}/{s}")),
        (route, "[a-zA-Z0-9=&%_-]{0,60}").prop_map(|(r, q)| format!("{r}?{q}")),
        "/[a-zA-Z0-9%/._~-]{0,80}",
    ]
}

/// A body: nothing, random bytes, or JSON-looking text.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        proptest::collection::vec(any::<u8>(), 0..512),
        r#"\{("[a-z_]{1,12}": ?("[ -~]{0,40}"|-?[0-9]{1,25}|null|true|\[\]|\{\}),? ?){0,6}\}"#
            .prop_map(String::into_bytes),
    ]
}

/// Headers: random names and values, and the ones the API reads.
fn headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    let name = prop_oneof![
        Just("content-type".to_owned()),
        Just("idempotency-key".to_owned()),
        Just("x-request-id".to_owned()),
        Just("x-forwarded-for".to_owned()),
        Just("accept-language".to_owned()),
        Just("user-agent".to_owned()),
        "[a-z][a-z0-9-]{0,30}",
    ];
    let value = prop_oneof![
        Just(b"application/json".to_vec()),
        proptest::collection::vec(0x20u8..0x7f, 0..200),
        proptest::collection::vec(0x80u8..=0xff, 0..50),
    ];
    proptest::collection::vec((name, value), 0..6)
}

/// What the caller presents: nothing, garbage, or a valid token without
/// any permission (so that nothing may change).
fn authorization() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        Just(None),
        Just(Some(
            format!("Bearer {}", token("mallory", &[])).into_bytes()
        )),
        proptest::collection::vec(0x20u8..0x7f, 0..300).prop_map(Some),
        "[A-Za-z0-9_-]{1,60}\\.[A-Za-z0-9_-]{1,200}\\.[A-Za-z0-9_-]{0,100}"
            .prop_map(|t| Some(format!("Bearer {t}").into_bytes())),
    ]
}

/// Everything the store holds, as an admin reads it through the API.
async fn snapshot(router: &axum::Router) -> (Value, Value) {
    let admin = token("root", &["numbering:admin"]);
    let series = send(router, Method::GET, &api("/series"), Some(&admin), None).await;
    let audit = send(router, Method::GET, &api("/audit"), Some(&admin), None).await;
    assert_eq!(series.status, 200);
    assert_eq!(audit.status, 200);
    (series.body["data"].clone(), audit.body["data"].clone())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_requests_never_fail_the_server_or_change_the_database(
        requests in proptest::collection::vec(
            (method(), path(), headers(), authorization(), body()),
            1..8,
        )
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let app = app();
            let before = snapshot(&app.router).await;
            for (method, path, headers, authorization, body) in requests {
                let Ok(mut req) = Request::builder()
                    .method(method.clone())
                    .uri(&path)
                    .body(Body::from(body))
                else {
                    continue; // not a request a client could send
                };
                for (name, value) in headers {
                    if let (Ok(name), Ok(value)) = (
                        axum::http::HeaderName::from_bytes(name.as_bytes()),
                        axum::http::HeaderValue::from_bytes(&value),
                    ) {
                        req.headers_mut().append(name, value);
                    }
                }
                if let Some(auth) = authorization
                    && let Ok(value) = axum::http::HeaderValue::from_bytes(&auth)
                {
                    req.headers_mut().insert("authorization", value);
                }
                let resp = app.router.clone().oneshot(req).await.unwrap();
                let status = resp.status().as_u16();
                // The body must be readable to its end, too.
                axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
                prop_assert!(status < 500, "{method} {path}: {status}");
            }
            prop_assert_eq!(app.store.calls(), 0, "a number was drawn");
            prop_assert_eq!(snapshot(&app.router).await, before);
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn an_idempotent_replay_is_refunded_from_the_reservation_budget() {
    let app = common::app_with(2, None);
    let alice = token("alice", &["numbering:reserve"]);
    let reserve = async |key: Option<&str>| {
        let mut req = Request::post(api("/reserve"))
            .header("authorization", format!("Bearer {alice}"))
            .header("content-type", "application/json");
        if let Some(key) = key {
            req = req.header("idempotency-key", key);
        }
        let req = req.body(Body::from(r#"{"document_type":"COR"}"#)).unwrap();
        app.router
            .clone()
            .oneshot(req)
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(reserve(Some("order-1")).await, 201);
    // Replays draw nothing: they never use up the budget of 2.
    for _ in 0..5 {
        assert_eq!(reserve(Some("order-1")).await, 201);
    }
    // The second reservation of the minute is still there, then no more.
    assert_eq!(reserve(None).await, 201);
    assert_eq!(reserve(None).await, 429);
    assert_eq!(app.store.calls(), 2);
}
