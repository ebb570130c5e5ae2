//! A hostile client against the real binary: garbage methods must not grow
//! `/metrics`, half-sent headers must be cut off, every route has a budget,
//! tokens are checked strictly, and `--help` keeps passwords to itself.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::support::idp_keys;
use crate::support::{SECRET, TestServer, binary};

/// The sample lines of an exposition, values left out (so that counts and
/// sums changing do not count; only new series would), in order.
fn series(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.rsplit_once(' ').map_or(l, |(name, _)| name).to_owned())
        .collect()
}

async fn scrape_text(server: &TestServer) -> String {
    let resp = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distinct_garbage_methods_leave_the_metrics_unchanged() {
    let server = TestServer::start(&[]);
    let send = async |method: &str| {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        server
            .client
            .request(method, format!("{}/healthz", server.base))
            .send()
            .await
            .unwrap()
            .status()
    };
    // Every series a garbage method can make, made once; then two scrapes so
    // that the scrape's own series exist.
    assert_eq!(send("WARMUP").await, 405);
    scrape_text(&server).await;
    let before = series(&scrape_text(&server).await);
    for i in 0..200 {
        send(&format!("FOO{i}{}", "A".repeat(i))).await;
    }
    let text = scrape_text(&server).await;
    assert_eq!(series(&text), before, "new series after garbage methods");
    assert!(!text.contains("FOO"), "a client's method became a label");
    assert!(text.contains(r#"method="OTHER""#), "{text}");
}

#[test]
fn a_half_sent_header_is_cut_off() {
    let server = TestServer::start(&[("DOCNUM_HTTP_HEADER_TIMEOUT", "1")]);
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: docnum\r\nX-Slow: ")
        .unwrap();
    // A bound on a hang, not a measure of speed: the server closes the
    // connection by itself (end of stream or reset), long before this.
    stream
        .set_read_timeout(Some(Duration::from_mins(1)))
        .unwrap();
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => {}
        Err(e) => assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "the server kept the half-sent request open: {e}"
        ),
    }
    // Nothing but (at most) an error status came back.
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_over_budget_on_confirm_cancel_void_gets_429_and_others_do_not() {
    let server = TestServer::start(&[("DOCNUM_RATE_LIMIT_MUTATIONS", "3")]);
    let alice = server.token("alice", &["numbering:reserve", "numbering:void"]);
    let bob = server.token("bob", &["numbering:reserve", "numbering:void"]);
    let void = json!({"document_number": "COR-2025-00001", "reason": "sent to the wrong party"});
    let missing = json!({"token": uuid::Uuid::new_v4()});
    // Three mutations spend alice's budget (their answers do not matter).
    for (path, body) in [
        ("/confirm", &missing),
        ("/cancel", &missing),
        ("/void", &void),
    ] {
        let (status, body) = server.post(&alice, path, body.clone()).await;
        assert_ne!(status, 429, "{path} within budget: {body}");
    }
    for (path, body) in [
        ("/confirm", &missing),
        ("/cancel", &missing),
        ("/void", &void),
    ] {
        let resp = server
            .client
            .post(server.api(path))
            .bearer_auth(&alice)
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 429, "{path} over budget");
        let retry: u64 = resp.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry >= 1);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "NB013", "{body}");
    }
    // Bob has his own budget.
    let (status, body) = server.post(&bob, "/confirm", missing.clone()).await;
    assert_eq!(status, 410, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_have_their_own_budget() {
    let server = TestServer::start(&[("DOCNUM_RATE_LIMIT_READS", "2")]);
    let admin = server.admin();
    for _ in 0..2 {
        assert_eq!(server.get(&admin, "/series").await.0, 200);
    }
    let (status, body) = server.get(&admin, "/series").await;
    assert_eq!(status, 429, "{body}");
    // Mutations are counted apart.
    server.create_cor().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_authentication_is_limited_per_address_before_verifying() {
    let server = TestServer::start(&[
        ("DOCNUM_RATE_LIMIT_FAILED_AUTH", "3"),
        ("DOCNUM_TRUSTED_PROXIES", "127.0.0.1"),
    ]);
    let admin = server.admin();
    let get = async |token: &str, forwarded: Option<&str>| {
        let mut req = server.client.get(server.api("/series")).bearer_auth(token);
        if let Some(addr) = forwarded {
            req = req.header("x-forwarded-for", addr);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let retry = resp.headers().get("retry-after").is_some();
        (status, retry)
    };
    let client = Some("203.0.113.7");
    // The fourth failure within the minute is over the budget of 3: still
    // answered 401, and from then on the address is refused.
    for _ in 0..4 {
        assert_eq!(get("not-a-token", client).await.0, 401);
    }
    // Refused before the token is looked at, even a good one.
    assert_eq!(get("not-a-token", client).await, (429, true));
    assert_eq!(get(&admin, client).await, (429, true));
    // Another client behind the same (trusted) proxy is not affected.
    assert_eq!(get(&admin, Some("198.51.100.2")).await.0, 200);
    assert_eq!(get("not-a-token", Some("198.51.100.2")).await.0, 401);
}

/// Seconds since the epoch.
fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn hs256(claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap()
}

fn rs256(kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_owned);
    let key = EncodingKey::from_rsa_pem(idp_keys::RSA_PRIVATE.as_bytes()).unwrap();
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

fn es256(claims: &Value) -> String {
    let key = EncodingKey::from_ec_pem(idp_keys::EC_PRIVATE.as_bytes()).unwrap();
    jsonwebtoken::encode(&Header::new(Algorithm::ES256), claims, &key).unwrap()
}

/// GET /series with `token`: the status and the error message.
async fn try_token(server: &TestServer, token: &str) -> (u16, String) {
    let (status, body) = server.get(token, "/series").await;
    let message = body["error"]["message"].as_str().unwrap_or("").to_owned();
    (status, message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_checked_strictly_and_each_refusal_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, idp_keys::jwks()).unwrap();
    let pem = dir.path().join("ec.pem");
    std::fs::write(&pem, idp_keys::EC_PUBLIC).unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("docnum.db").display());
    let server = TestServer::start_on(
        dir,
        database_url,
        &[
            ("DOCNUM_JWT_AUDIENCE", "docnum"),
            ("DOCNUM_JWT_ISSUER", "https://idp.example"),
            ("DOCNUM_JWT_MAX_LIFETIME", "1h"),
            ("DOCNUM_JWT_JWKS_FILE", jwks.to_str().unwrap()),
            ("DOCNUM_JWT_PUBLIC_KEY", pem.to_str().unwrap()),
        ],
    );
    let t = now();
    let good = json!({
        "sub": "alice", "permissions": ["numbering:admin"],
        "aud": "docnum", "iss": "https://idp.example",
        "iat": t, "exp": t + 600,
    });
    let with = |change: Value| {
        let mut claims = good.clone();
        for (k, v) in change.as_object().unwrap() {
            if v.is_null() {
                claims.as_object_mut().unwrap().remove(k);
            } else {
                claims[k] = v.clone();
            }
        }
        claims
    };
    // (case, token, expected status, a word the message must contain)
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("HS256, all claims right", hs256(&good), 200, ""),
        (
            "RS256 via the JWKS, kid chosen",
            rs256(Some("test-rsa"), &good),
            200,
            "",
        ),
        ("ES256 via the PEM public key", es256(&good), 200, ""),
        (
            "future nbf",
            hs256(&with(json!({"nbf": t + 3600}))),
            401,
            "nbf",
        ),
        (
            "wrong aud",
            hs256(&with(json!({"aud": "another-service"}))),
            401,
            "aud",
        ),
        ("no aud", hs256(&with(json!({"aud": null}))), 401, "aud"),
        (
            "wrong iss",
            hs256(&with(json!({"iss": "https://evil.example"}))),
            401,
            "iss",
        ),
        (
            "lifetime over the maximum",
            hs256(&with(json!({"exp": t + 7200}))),
            401,
            "lifetime",
        ),
        (
            "lifetime over the maximum, no iat",
            hs256(&with(json!({"iat": null, "exp": t + 7200}))),
            401,
            "lifetime",
        ),
        (
            "expired",
            hs256(&with(json!({"iat": t - 900, "exp": t - 300}))),
            401,
            "expired",
        ),
        (
            "RS256, unknown kid",
            rs256(Some("nobody"), &good),
            401,
            "kid",
        ),
        (
            "RS256 signed for another kid",
            rs256(Some("other"), &good),
            401,
            "signature",
        ),
    ];
    for (case, token, want, word) in cases {
        let (status, message) = try_token(&server, &token).await;
        assert_eq!(status, want, "{case}: {message}");
        assert!(message.contains(word), "{case}: `{message}` lacks `{word}`");
    }
}

#[test]
fn help_never_prints_a_password() {
    for args in [&["--help"][..], &["serve", "--help"][..]] {
        let out = std::process::Command::new(binary())
            .args(args)
            .env(
                "DATABASE_URL",
                "postgres://docnum:hunter2@db.internal/docnum",
            )
            .env("REDIS_URL", "redis://:hunter3@cache/0")
            .env("DOCNUM_METRICS_TOKEN", "hunter4")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("DATABASE_URL"), "{text}");
        for secret in ["hunter2", "hunter3", "hunter4"] {
            assert!(!text.contains(secret), "{args:?} printed {secret}");
        }
    }
}

#[test]
fn a_secret_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jwt-secret");
    std::fs::write(&file, "x".repeat(48)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let token = |file: &std::path::Path| {
        std::process::Command::new(binary())
            .args([
                "token",
                "--user",
                "alice",
                "--permission",
                "numbering:reserve",
                "--secret-file",
            ])
            .arg(file)
            .env_remove("DOCNUM_JWT_SECRET")
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/db", dir.path().display()),
            )
            .output()
            .unwrap()
    };
    let out = token(&file);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("chmod 600"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = token(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_can_live_on_their_own_listener_behind_a_token() {
    let server = TestServer::start(&[
        ("DOCNUM_METRICS_BIND", "127.0.0.1:0"),
        ("DOCNUM_METRICS_TOKEN", "scrape-me-0123456789"),
    ]);
    // Not on the API's port any more.
    let api = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    let url = server.metrics_url.clone().expect("the metrics listener");
    let bare = server.client.get(&url).send().await.unwrap();
    assert_eq!(bare.status(), 401);
    let wrong = server
        .client
        .get(&url)
        .bearer_auth("scrape-me-0123456788")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let scraped = server
        .client
        .get(&url)
        .bearer_auth("scrape-me-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(scraped.text().await.unwrap().contains("numbering_db_pool"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unfit_request_id_is_replaced() {
    let server = TestServer::start(&[]);
    let echoed = async |id: &[u8]| {
        let resp = server
            .client
            .get(format!("{}/healthz", server.base))
            .header(
                "x-request-id",
                reqwest::header::HeaderValue::from_bytes(id).unwrap(),
            )
            .send()
            .await
            .unwrap();
        resp.headers()["x-request-id"].as_bytes().to_vec()
    };
    assert_eq!(echoed(b"client-id-42").await, b"client-id-42");
    for unfit in [
        vec![b'x'; 129],
        b"has space".to_vec(),
        b"tab\there".to_vec(),
    ] {
        let got = echoed(&unfit).await;
        assert_ne!(got, unfit);
        let got = String::from_utf8(got).unwrap();
        assert!(uuid::Uuid::parse_str(&got).is_ok(), "{got}");
    }
}

/// A context whose counter key is longer than the stores' column (three
/// values of 100 `%`, each escaped to 300 characters) is NB009, not a 500
/// from the database.
async fn context_too_long_for_the_counter_key(server: &TestServer) {
    server
        .create_series(json!({
            "document_type": "LONG",
            "template": "{PROJECT}-{ORIGINATOR}-{RECIPIENT}-{SEQ:4}",
            "scope": "GLOBAL",
            "max_length": 200,
        }))
        .await;
    let long = "%".repeat(100);
    let (status, body) = server
        .post(
            &server.admin(),
            "/reserve",
            json!({"document_type": "LONG", "context": {"PROJECT": long, "ORIGINATOR": long, "RECIPIENT": long}}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "NB009", "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_context_too_long_for_the_counter_key_is_422() {
    context_too_long_for_the_counter_key(&TestServer::start(&[])).await;
}

mod needs_postgres {
    use docnum_adapters::testing::TestDatabase;

    use crate::support::TestServer;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_context_too_long_for_the_counter_key_is_422_on_postgres() {
        let db = TestDatabase::on_server_in("DOCNUM_TEST_POSTGRES_URL").await;
        let server = TestServer::start_on(tempfile::tempdir().unwrap(), db.url().to_owned(), &[]);
        super::context_too_long_for_the_counter_key(&server).await;
    }
}

mod needs_mysql {
    use docnum_adapters::testing::TestDatabase;

    use crate::support::TestServer;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_context_too_long_for_the_counter_key_is_422_on_mariadb() {
        let db = TestDatabase::on_server_in("DOCNUM_TEST_MYSQL_URL").await;
        let server = TestServer::start_on(tempfile::tempdir().unwrap(), db.url().to_owned(), &[]);
        super::context_too_long_for_the_counter_key(&server).await;
    }
}
