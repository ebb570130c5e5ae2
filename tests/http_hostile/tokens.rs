//! Tokens are checked strictly, whoever signed them, and each refusal says
//! why.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::support::idp_keys;
use crate::support::{SECRET, TestServer};

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
