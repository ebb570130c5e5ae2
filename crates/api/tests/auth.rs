//! Tokens and permissions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use docnum_api::{ApiError, AuthConfig, issue_token, permissions};
use serde_json::json;

const SECRET: &[u8] = b"auth-test-secret-0123456789abcdef0123";

fn perms(list: &[&str]) -> Vec<String> {
    list.iter().map(|p| (*p).to_owned()).collect()
}

fn now() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// A token with arbitrary claims.
fn forge(secret: &[u8], claims: &serde_json::Value) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

fn rejection(result: Result<docnum_api::AuthUser, ApiError>) -> String {
    match result {
        Err(e @ ApiError::Unauthenticated(_)) => e.client_message(),
        other => panic!("expected 401, got {other:?}"),
    }
}

#[test]
fn issued_token_decodes_to_its_user_and_permissions() {
    let token = issue_token(
        SECRET,
        "alice",
        &perms(&[permissions::RESERVE, permissions::VOID]),
        Duration::from_mins(1),
    )
    .unwrap();
    let user = AuthConfig::hs256(SECRET).verify(&token).unwrap();
    assert_eq!(user.user_id, "alice");
    assert_eq!(
        user.permissions,
        perms(&[permissions::RESERVE, permissions::VOID])
    );
    let via_header = AuthConfig::hs256(SECRET)
        .verify_header(Some(&format!("Bearer {token}")))
        .unwrap();
    assert_eq!(via_header, user);
}

#[test]
fn expired_token_is_401_saying_so() {
    let token = forge(
        SECRET,
        &json!({"sub": "alice", "permissions": [], "exp": now() - 3600}),
    );
    let message = rejection(AuthConfig::hs256(SECRET).verify(&token));
    assert!(message.contains("expired"), "{message}");
}

#[test]
fn token_signed_with_another_secret_is_401() {
    let token = issue_token(
        b"another-secret-another-secret-0000",
        "alice",
        &[],
        Duration::from_mins(1),
    )
    .unwrap();
    let message = rejection(AuthConfig::hs256(SECRET).verify(&token));
    assert!(message.contains("signature"), "{message}");
}

#[test]
fn token_without_exp_or_sub_is_401() {
    let no_exp = forge(SECRET, &json!({"sub": "alice"}));
    assert!(rejection(AuthConfig::hs256(SECRET).verify(&no_exp)).contains("exp"));
    let no_sub = forge(SECRET, &json!({"exp": now() + 60}));
    assert!(rejection(AuthConfig::hs256(SECRET).verify(&no_sub)).contains("sub"));
    let empty_sub = forge(SECRET, &json!({"sub": " ", "exp": now() + 60}));
    assert!(rejection(AuthConfig::hs256(SECRET).verify(&empty_sub)).contains("sub"));
}

#[test]
fn garbage_and_missing_credentials_are_401() {
    let auth = AuthConfig::hs256(SECRET);
    assert!(rejection(auth.verify("not.a.jwt")).contains("malformed"));
    assert!(rejection(auth.verify_header(None)).contains("missing Authorization"));
    assert!(rejection(auth.verify_header(Some("Basic YWxpY2U6cHc="))).contains("Bearer"));
    assert!(rejection(auth.verify_header(Some("Bearer "))).contains("Bearer"));
}

#[test]
fn missing_permission_is_403_naming_it() {
    let token = issue_token(
        SECRET,
        "bob",
        &perms(&[permissions::RESERVE]),
        Duration::from_mins(1),
    )
    .unwrap();
    let user = AuthConfig::hs256(SECRET).verify(&token).unwrap();
    assert!(user.require(permissions::RESERVE).is_ok());
    match user.require(permissions::VOID) {
        Err(e @ ApiError::Forbidden(_)) => {
            assert_eq!(e.status(), 403);
            assert!(e.client_message().contains("numbering:void"), "{e}");
        }
        other => panic!("expected 403, got {other:?}"),
    }
}

#[test]
fn admin_implies_every_permission() {
    let token = issue_token(
        SECRET,
        "root",
        &perms(&[permissions::ADMIN]),
        Duration::from_mins(1),
    )
    .unwrap();
    let user = AuthConfig::hs256(SECRET).verify(&token).unwrap();
    for permission in permissions::ALL {
        assert!(user.has(permission), "{permission}");
    }
    assert!(user.require(permissions::SKIP_VALIDATION).is_ok());
}

#[test]
fn unknown_permissions_cannot_be_issued() {
    let err = issue_token(
        SECRET,
        "ops",
        &perms(&["numbering:everything"]),
        Duration::from_mins(1),
    )
    .unwrap_err();
    assert_eq!(err.status(), 422);
    assert!(err.to_string().contains("numbering:everything"), "{err}");
    assert!(issue_token(SECRET, "", &[], Duration::from_mins(1)).is_err());
    assert!(issue_token(SECRET, "ops", &[], Duration::ZERO).is_err());
}

#[test]
fn the_actor_is_the_token_subject() {
    let token = issue_token(SECRET, "carol", &[], Duration::from_mins(1)).unwrap();
    let actor = AuthConfig::hs256(SECRET).verify(&token).unwrap().actor();
    assert_eq!(actor.user_id, "carol");
    assert_eq!(actor.ip, None);
}

#[test]
fn debug_output_never_shows_the_secret() {
    let shown = format!("{:?}", AuthConfig::hs256(SECRET));
    assert!(!shown.contains("auth-test-secret"), "{shown}");
}
